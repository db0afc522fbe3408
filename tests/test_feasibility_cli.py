"""The feasibility commands on the shipped data: rows, ranges, bad parameters, reproducibility.

Published figures used (with their source in data/raw/public):
Liaoning 2024 GDP growth 5.1% (plan-execution report, 省发展改革委 2025-01-16; outcomes_liaoning_2024.csv)
against the 2024 work-report target 5.5%左右 (report text, data/raw/reports/2024_liaoning.txt);
Q1-Q3 2024 cumulative growth 4.9% (provincial press conference 2024-10; liaoning_quarterly.csv);
Liaoning GDP growth 2019-2023 as reported 5.8, 0.6, 5.8, 2.1, 5.3% (work reports of 2020, 2021, 2023, the
2022-01-24 press conference, the 2024-01-19 release; outcomes_liaoning files), whose median, 5.3, is the trend.
"""

from __future__ import annotations

import io
import json
import math
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pytest

from analysis.cli import main
from analysis.errors import InputError
from analysis.models import feasibility
from analysis.models.feasibility import pipeline as fp


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def headline():
    return fp.headline_probabilities("liaoning", 2024, n_paths=2000, seed=1)


def test_every_numbered_headline_target_has_its_own_indicators_probability_or_says_no_history(headline):
    from analysis import paths
    from analysis.models.feasibility.headline_rule import METHOD_INDICATOR
    from analysis.report import extract_report, headline_targets

    extracted = headline_targets(extract_report(paths.report_path("liaoning", 2024), year=2024))
    numbered = set(extracted.loc[extracted["has_number"].astype(bool), "key"])
    rows = headline.set_index("key")
    assert numbered <= set(rows.index) and len(numbered) == 10
    with_p = 0
    for key in numbered:
        p = rows.loc[key, "p_meet"]
        if rows.loc[key, "method"] == "no history":
            assert math.isnan(p) and f"past target(s) of {key}" in rows.loc[key, "note"], key
            continue
        with_p += 1
        assert 0.0 <= p <= 1.0, key
        assert rows.loc[key, "p_low"] <= p <= rows.loc[key, "p_high"], key
        assert rows.loc[key, "method"] == METHOD_INDICATOR + " [headline]", key
        assert f"[{METHOD_INDICATOR}] {key}" in rows.loc[key, "note"], key  # from its own indicator's record
    assert with_p >= 3
    probabilities = rows.loc[list(numbered), "p_meet"].dropna()
    assert probabilities.is_unique  # no probability is shared by construction
    # targets come from the extraction, not typed in: same numbers as the extractor's value_std
    assert rows.loc["gdp_real_growth", "target"] == extracted.set_index("key").loc["gdp_real_growth", "value_std"]


def test_gdp_2024_is_scored_missed_but_in_band(headline):
    gdp = headline.set_index("key").loc["gdp_real_growth"]
    assert (gdp["target"], gdp["qualifier"], gdp["outcome"]) == (5.5, "左右", 5.1)
    assert gdp["met"] == 0.0 and gdp["in_band"] == 1.0
    # the headline rule: the model (trend) does not beat the indicator hit rate on the backtest cases
    # before 2024, so the headline is the provinces' GDP hit rate; the models stand beside it
    assert gdp["p_meet"] == gdp["p_indicator"] and "[headline rule]" in gdp["note"]
    assert "headline: the indicator hit rate" in gdp["note"]
    assert gdp["p_model"] == gdp["p_trend"]
    # the trend: median of the 2019-2023 outcomes of Liaoning (first releases 5.8, 0.6, 5.8, 2.1, 5.3 in data/raw/public -> 5.3)
    assert "trend 5.30 (median of 5 outcomes 2019-2023)" in gdp["note"]
    assert 0.0 < gdp["p_weighted"] < 1.0 and 0.0 < gdp["p_empirical"] < 1.0
    # no indicator borrows another's record: Liaoning's budget revenue has no history of its own kind
    budget = headline.set_index("key").loc["budget_revenue_growth"]
    assert budget["method"] == "no history" and math.isnan(budget["p_meet"])
    assert "borrowed" not in budget["note"]
    # new jobs: the national record of new-jobs targets (the provinces have none), almost always met
    jobs = headline.set_index("key").loc["urban_new_jobs"]
    assert jobs["p_meet"] > 0.85 and "national record" in jobs["note"]
    # ambition: 5.5 against the 2023 first release 5.3 (outcomes_liaoning) and the 2023 national 5 左右
    assert gdp["gap_last"] == pytest.approx(0.2) and gdp["gap_national"] == pytest.approx(0.5)
    assert 0.02 <= gdp["p_ambition"] <= 0.98


def test_scorecards_score_2024_to_2026_against_the_outcomes_in_the_data():
    from analysis.series import load_series

    card = fp.scorecards("liaoning", (2024, 2025, 2026)).set_index(["year", "key"])
    assert tuple(card.loc[(2024, "gdp_real_growth"), ["target", "outcome", "status"]]) == (5.5, 5.1, "missed")
    assert card.loc[(2024, "urban_new_jobs"), "status"] == "met"  # 48.6 万人 against 46 万人
    assert card.loc[(2024, "income_per_capita_growth"), "status"] == "no number"
    # no first release of 2024 CPI in the data: the NBS CPI (上年=100) stands in, labelled as such
    cpi_index = load_series("cpi_index", "liaoning", vintage="all")
    cpi_2024 = float(cpi_index.loc[cpi_index["year"] == 2024, "value"].iloc[0]) - 100.0
    cpi = card.loc[(2024, "cpi_inflation")]
    assert cpi["outcome"] == pytest.approx(round(cpi_2024, 1)) and cpi["status"] == "met"  # ceiling 3% 左右
    assert "cpi_index" in cpi["outcome_vintage"] and "not the first release" in cpi["outcome_source"]
    assert tuple(card.loc[(2025, "gdp_real_growth"), ["target", "outcome", "status"]]) == (5.0, 3.7, "missed")
    assert set(card.xs(2026, level="year")["status"]) <= {"no data", "no number"}  # 2026 outcomes not out yet


def test_scorecard_states_met_missed_no_data_and_no_number():
    from analysis.models.feasibility.scorecard import scorecard

    targets = pd.DataFrame(
        {
            "key": [
                "gdp_real_growth",
                "urban_unemployment_rate",
                "grain_output",
                "fai_growth",
                "income_per_capita_growth",
            ],
            "indicator": ["GDP", "unemployment", "grain", "FAI", "income"],
            "target": [5.5, 5.5, 2500.0, 10.0, math.nan],
            "qualifier": ["左右", "以内", "左右", "", "与经济增长基本同步"],
            "unit": ["%", "%", "万吨", "%", ""],
        }
    )
    outcomes = pd.DataFrame(
        {
            "key": ["gdp_real_growth", "urban_unemployment_rate", "grain_output", "income_per_capita_growth"],
            "value": [5.1, 5.6, 500.1, 4.9],
            "unit": ["%", "%", "亿斤", "%"],
        }
    )
    card = scorecard(targets, outcomes, region="liaoning", year=2024).set_index("key")
    assert card.loc["gdp_real_growth", "status"] == "missed" and card.loc["gdp_real_growth", "in_band"] == 1.0
    assert card.loc["urban_unemployment_rate", "status"] == "missed"  # a ceiling: 5.6 > 5.5
    assert card.loc["grain_output", "outcome"] == pytest.approx(2500.5)  # 500.1 亿斤 = 2500.5 万吨
    assert card.loc["grain_output", "status"] == "met"
    assert card.loc["fai_growth", "status"] == "no data" and math.isnan(card.loc["fai_growth", "outcome"])
    assert card.loc["income_per_capita_growth", "status"] == "no number"


def test_number_less_targets_say_so(headline):
    rows = headline.set_index("key")
    assert rows.loc["income_per_capita_growth", "method"] == "no number"
    assert math.isnan(rows.loc["income_per_capita_growth", "p_meet"])


def test_seeded_reproducibility():
    a = fp.headline_probabilities("liaoning", 2024, n_paths=3000, seed=5)
    b = fp.headline_probabilities("liaoning", 2024, n_paths=3000, seed=5)
    pd.testing.assert_frame_equal(a, b)


def test_as_of_uses_the_q1_q3_release():
    t = fp.headline_probabilities("liaoning", 2024, as_of="2024-10-31", n_paths=1000).set_index("key")
    gdp = t.loc["gdp_real_growth"]
    assert gdp["method"] == "in-year update" and gdp["ytd_period"] == "Q1-Q3" and gdp["ytd_growth"] == 4.9
    # the weight: Q1-Q3 over the year in the latest year with both levels on one basis known by then —
    # 2014, the first-release Q1-Q3 level over the unrevised (pre-2018 NBS export) annual level
    from analysis.series import load_series

    levels = load_series("gdp_nominal", "liaoning", vintage="all", period=None)
    q3 = levels[(levels["year"] == 2014) & (levels["period"] == "Q1-Q3")]["value"].iloc[0]
    year = levels[(levels["year"] == 2014) & (levels["period"] == "Y") & (levels["vintage_class"] == "nbs_pre4")]
    assert gdp["weight"] == pytest.approx(q3 / year["value"].iloc[0])
    assert "levels of 2014" in gdp["note"] and "first_release / nbs_pre4" in gdp["note"]
    # required growth of Q4 follows the identity with the weight the table reports
    w = gdp["weight"]
    assert gdp["required_growth"] == pytest.approx(((1.055 - w * 1.049) / (1 - w) - 1) * 100)
    assert gdp["required_growth"] > gdp["target"]  # behind schedule after Q1-Q3
    # before the Q1-Q3 release only Q1 (5.4%, released 2024-04) is known
    q1 = fp.headline_probabilities("liaoning", 2024, as_of="2024-09-30", n_paths=1000).set_index("key")
    assert q1.loc["gdp_real_growth", "ytd_period"] == "Q1"


@pytest.mark.parametrize(
    "argv, words",
    [
        (["feasibility", "--region", "atlantis"], ["unknown region", "atlantis"]),
        (["feasibility", "--year", "2023"], ["2023", "available years: 2024"]),
        (["feasibility", "--as-of", "2024-01-10"], ["before", "2024-01-23"]),
        (["feasibility", "--as-of", "23/01/2024"], ["ISO date"]),
        (
            ["feasibility", "--region", "liaoning", "--year", "2024", "--as-of", "2099-01-01"],
            ["too late", "'--as-of'", "'2099-01-01'", "allowed 2024-01-23 to 2025-12-31", "year after the target year"],
        ),
        (["feasibility", "--as-of", "2026-01-01"], ["'--as-of'", "allowed 2024-01-23 to 2025-12-31"]),
        (["feasibility", "--paths", "-5"], ["paths"]),
    ],
)
def test_bad_parameters_exit_2_with_a_clear_message(argv, words):
    code, out, err = run(argv)
    assert code == 2 and out == ""
    for w in words:
        assert w in err


def test_as_of_range_ends_at_the_year_after_or_the_data_retrieval_date(tmp_path, monkeypatch):
    """Latest as-of: Dec 31 of the year after the target year, or earlier the day the raw data were
    retrieved (the sidecars' access_date): the data hold nothing released after that day."""
    import datetime as dt
    import shutil

    from analysis import paths
    from analysis.models.feasibility import target_data

    assert target_data.as_of_range("liaoning", 2024)[:2] == (dt.date(2024, 1, 23), dt.date(2025, 12, 31))
    assert fp.headline_probabilities("liaoning", 2024, as_of="2025-12-31", n_paths=0) is not None
    with pytest.raises(InputError, match="too late") as err:
        fp.headline_probabilities("liaoning", 2024, as_of="2099-01-01", n_paths=0)
    assert (err.value.field, err.value.value) == ("as_of", "2099-01-01")

    raw = tmp_path / "raw"
    (raw / "public").mkdir(parents=True)
    meta = json.loads((paths.RAW_PUBLIC / "targets_china.csv.meta.json").read_text(encoding="utf-8"))
    meta["access_date"] = "2024-06-30"
    (raw / "public" / "targets_china.csv.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    shutil.copyfile(paths.RAW_PUBLIC / "targets_china.csv", raw / "public" / "targets_china.csv")
    monkeypatch.setattr(paths, "RAW", raw)
    earliest, latest, why = target_data.as_of_range("liaoning", 2024)
    assert latest == dt.date(2024, 6, 30) and "2024-06-30, the day the data were retrieved" in why
    with pytest.raises(InputError, match=r"allowed 2024-01-23 to 2024-06-30") as err:
        target_data.parse_as_of("2024-10-31", region="liaoning", year=2024, field="--as-of")
    assert err.value.field == "--as-of"


def test_bad_parameters_raise_input_error_from_the_api():
    with pytest.raises(InputError, match="available years"):
        fp.headline_probabilities("liaoning", 2019)


def test_cli_csv_has_the_contract_columns():
    code, out, _ = run(["feasibility", "--region", "liaoning", "--year", "2024", "--format", "csv", "--paths", "500"])
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    for col in [
        "key",
        "indicator",
        "target",
        "qualifier",
        "unit",
        "p_meet",
        "p_low",
        "p_high",
        "method",
        "n_obs",
        "outcome",
        "met",
    ]:
        assert col in frame.columns
    numbered = frame[frame["target"].notna()]
    known = numbered["method"] != "no history"
    assert numbered.loc[known, "p_meet"].between(0, 1).all() and numbered.loc[~known, "p_meet"].isna().all()


def test_backtest_scores_every_method_and_baseline_on_the_same_cases():
    code, out, _ = run(["feasibility", "--backtest", "--models", "--format", "json"])
    assert code == 0
    rows = json.loads(out)
    methods = {r["method"] for r in rows}
    assert {
        "empirical misses",
        "UC local level",
        "combined",
        "ambition (logistic)",
        "ambition (normal miss)",
        "combined (past-performance weights)",
        "error components (year + region)",
        "baseline: historical hit rate",
        "baseline: always met",
    } <= methods
    assert rows[0]["method"] == "trend (median of 5) [primary]"
    assert len(rows) == len(methods) == 10
    assert len({r["n"] for r in rows}) == 1 and rows[0]["n"] > 50
    assert list(rows[0])[:4] == ["method", "n", "brier", "log_score"]
    for r in rows:
        assert 0 <= r["brier"] <= 1 and r["log_score"] <= 0
    always = next(r for r in rows if r["method"] == "baseline: always met")
    assert always["brier"] == pytest.approx(1 - always["hit_rate"])  # Brier of p=1 is the miss rate


def test_backtest_by_sample_and_calibration():
    code, out, _ = run(["feasibility", "--backtest", "--by", "sample", "--format", "csv"])
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    assert list(frame["sample"].unique()) == ["validation", "test"]
    total = pd.read_csv(io.StringIO(run(["feasibility", "--backtest", "--models", "--format", "csv"])[1]))
    n = frame.groupby("sample")["n"].first()
    assert n.sum() == total["n"].iloc[0] and frame.groupby("sample")["n"].nunique().max() == 1
    code, out, _ = run(["feasibility", "--backtest", "--calibration", "--format", "csv"])
    cal = pd.read_csv(io.StringIO(out))
    assert code == 0 and {"bin", "n", "mean_p", "observed", "gap", "checked"} <= set(cal.columns)
    headline = pd.read_csv(io.StringIO(run(["feasibility", "--backtest", "--format", "csv"])[1]))
    assert cal["n"].sum() == headline.loc[headline["key"] == "all", "n"].iloc[0]


def test_predictability_references_bound_the_methods_on_the_shipped_backtest():
    code, out, err = run(["feasibility", "--backtest", "--predictability", "--format", "csv"])
    assert code == 0
    refs = pd.read_csv(io.StringIO(out)).set_index("reference")
    scores = pd.read_csv(io.StringIO(run(["feasibility", "--backtest", "--models", "--format", "csv"])[1])).set_index(
        "method"
    )
    n = scores["n"].iloc[0]
    assert (refs["n"] == n).all() and refs.loc["coin flip (p = 0.5)", "brier"] == 0.25
    share_met = scores.loc["baseline: always met", "hit_rate"]
    assert refs.loc["in-sample hit rate (one constant fitted on all cases)", "brier"] == pytest.approx(
        share_met * (1 - share_met), abs=1e-4
    )
    # hindsight can only help: the year oracle is the lowest reference and below every forecast method
    oracle = refs.loc["year oracle (each year's own hit rate)", "brier"]
    assert oracle == refs["brier"].min() and oracle < scores["brier"].min()
    assert "common shock" in err


def test_backtest_headline_rows_rule_and_per_indicator_scores():
    code, out, err = run(["feasibility", "--backtest", "--format", "csv"])
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    head = frame[frame["method"] == "headline [primary]"]
    overall = head[head["key"] == "all"].iloc[0]
    assert overall["n"] >= 150  # every region, indicator and year with a target, an outcome and history
    keys = set(head["key"]) - {"all"}
    assert {"gdp_real_growth", "urban_new_jobs", "cpi_inflation"} <= keys
    assert head.loc[head["key"] != "all", "n"].sum() == overall["n"]
    assert "Headline rule" in err and "paired difference" in err and "s.e." in err
    rate = frame[(frame["method"] == "indicator hit rate") & (frame["key"] == "all")].iloc[0]
    if "headline: the indicator hit rate" in err:
        assert overall["brier"] == pytest.approx(rate["brier"])


def test_backtest_is_identical_on_a_second_run():
    a = run(["feasibility", "--backtest", "--format", "csv"])[1]
    from analysis.models.feasibility import target_data

    target_data.clear_cache()  # recompute from the raw files
    assert run(["feasibility", "--backtest", "--format", "csv"])[1] == a


def test_primary_methods_are_what_the_stated_rules_pick():
    """PRIMARY_METHOD: lower validation Brier of the round-3 candidates; PRIMARY_AMBITION: of the two
    ambition models (ties to the logistic one, the rule stated in feasibility.py)."""
    from analysis.models.feasibility import backtest

    result = fp.backtest()
    assert backtest.validation_choice(result.by_sample) == feasibility.PRIMARY_METHOD
    ambition = (feasibility.METHOD_AMBITION_LOGIT, feasibility.METHOD_AMBITION_NORMAL)
    assert backtest.validation_choice(result.by_sample, ambition) == feasibility.PRIMARY_AMBITION
    assert feasibility.PRIMARY_METHOD in backtest.choice_sentence(result.by_sample)


def test_caches_follow_the_series_loader():
    """A reload of the series loader (its clear_cache after a rebuild) recomputes the cached inputs;
    target_data.clear_cache forgets the backtest cases too."""
    from analysis.models.feasibility import target_data
    from analysis.series import load

    first = target_data.load_pairs()
    cases = fp.backtest_cases()
    assert target_data.load_pairs() is not first  # callers get copies
    load.clear_cache()
    entry = target_data._CACHE[("pairs", "", (True,))]
    target_data.load_pairs()
    assert target_data._CACHE[("pairs", "", (True,))] is not entry  # recomputed from the new tables
    pd.testing.assert_frame_equal(target_data.load_pairs(), first)
    target_data.clear_cache()
    assert not target_data._CACHE
    pd.testing.assert_frame_equal(fp.backtest_cases(), cases)


def test_report_date_is_read_from_the_header():
    import datetime as dt

    from analysis.models.feasibility import target_data
    from analysis.report.sections import delivery_date

    # the shipped report's header: "——2024 年 1 月 23 日在辽宁省第十四届人民代表大会第二次会议上"
    assert target_data.report_date("liaoning", 2024) == dt.date(2024, 1, 23)
    assert delivery_date("2024年省政府工作报告\n——2024年1月23日在辽宁省") == dt.date(2024, 1, 23)
    assert delivery_date("没有日期的文本") is None


def test_track_record_command():
    code, out, _ = run(["track-record", "--region", "liaoning", "--format", "csv"])
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    assert set(frame["panel"]) == {"liaoning"}
    assert "all excl. Liaoning 2011-2017" in set(frame["period"])


# ---------------------------------------------------------------- bad parameters found by the audit
@pytest.mark.parametrize(
    "argv", [["feasibility", "--paths", "10000000000000"], ["feasibility", "--scenarios", "--paths", "10000000000000"]]
)
def test_paths_above_the_memory_bound_are_refused_before_any_allocation(argv):
    from analysis.checks import MAX_PATHS

    code, out, err = run(argv)
    assert code == 2 and out == ""
    assert "'--paths'" in err and "10000000000000" in err and f"{MAX_PATHS:,}" in err


def test_the_scenarios_api_uses_the_same_bound():
    import numpy as np

    from analysis.checks import MAX_PATHS, check_n_paths
    from analysis.models import scenarios

    with pytest.raises(InputError, match="<= 10,000,000") as err:
        scenarios.run("liaoning", 2024, scenarios.Params(n_paths=MAX_PATHS + 1))
    assert err.value.field == "n_paths"
    with pytest.raises(InputError, match="<= 10,000,000"):
        scenarios.simulate_growth(0.05, 0.01, 0.02, 0.01, 3, MAX_PATHS + 1, np.random.default_rng(1))
    assert check_n_paths(MAX_PATHS) == MAX_PATHS
    assert check_n_paths(0, minimum=0) == 0


@pytest.mark.parametrize(
    "argv", [["feasibility", "--seed", "-1", "--paths", "10"], ["feasibility", "--scenarios", "--seed", "-1"]]
)
def test_negative_seed_is_refused_in_every_mode(argv):
    code, out, err = run(argv)
    assert code == 2 and out == ""
    assert "non-negative" in err and "'--seed'" in err and "-1" in err


@pytest.mark.parametrize(
    "argv, option",
    [
        (["--by", "period"], "--by"),
        (["--calibration"], "--calibration"),
        (["--predictability"], "--predictability"),
        (["--backtest", "--scenarios", "--region", "liaoning"], "--region"),
        (["--backtest", "--by", "sample", "--calibration"], "--calibration"),
        (["--scenarios", "--as-of", "2024-10-31"], "--as-of"),
        (["--backtest", "--as-of", "2024-10-31"], "--as-of"),
        (["--backtest", "--year", "2024"], "--year"),
        (["--backtest", "--paths", "0"], "--paths"),
        (["--scenarios", "--as-of", "notadate"], "--as-of"),  # the format first, whatever the mode
        (["--backtest", "--as-of", "notadate"], "--as-of"),
        (["--scenarios", "--as-of", "notadate", "--year", "1800"], "--year"),
        (["--backtest", "--as-of", "notadate", "--year", "-3"], "--year"),
    ],
)
def test_options_the_mode_does_not_use_are_refused_naming_the_option(argv, option):
    code, out, err = run(["feasibility", *argv])
    assert code == 2 and out == ""
    assert f"field {option!r}" in err
    if "notadate" in argv and option == "--as-of":
        assert "ISO date" in err
