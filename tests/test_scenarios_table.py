"""The 万亿 scenario table on the shipped data: reproducibility, bad input, vintages, statuses."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import series
from analysis.errors import InputError
from analysis.models import scenarios as sc
from analysis.series.vintages import REVISION_YEARS

CONTRACT_COLUMNS = [
    "scenario",
    "region",
    "indicator",
    "unit",
    "threshold",
    "start_year",
    "start_value",
    "vintage",
    "year",
    "p_cross",
    "q05",
    "q50",
    "q95",
    "status",
    "method",
]
N = 4000


@pytest.fixture(scope="module")
def table():
    return sc.scenario_table(seed=20240123, n_paths=N)


def test_columns_follow_the_contract(table):
    assert list(table.columns[: len(CONTRACT_COLUMNS)]) == CONTRACT_COLUMNS
    assert set(table["scenario"]) == {s.name for s in sc.SCENARIOS}


def test_same_seed_same_table_other_seed_other_numbers(table):
    pd.testing.assert_frame_equal(table, sc.scenario_table(seed=20240123, n_paths=N))
    other = sc.scenario_table(seed=1, n_paths=N)
    ok = table["p_cross"].notna()
    assert ok.any(), "no scenario could be evaluated on the shipped data"
    assert not np.allclose(table.loc[ok, "q50"], other.loc[ok, "q50"])


@pytest.mark.parametrize(
    "kwargs, field, value",
    [
        ({"n_paths": 0}, "n_paths", 0),
        ({"n_paths": -10}, "n_paths", -10),
        ({"end_year": 2020}, "end_year", 2020),
        ({"end_year": "2030"}, "end_year", "2030"),
        ({"seed": -1}, "seed", -1),
    ],
)
def test_bad_parameters_raise_input_error_naming_field_and_value(kwargs, field, value):
    with pytest.raises(InputError) as err:
        sc.scenario_table(**{"n_paths": 100, **kwargs})
    assert err.value.field == field and err.value.value == value
    assert field in str(err.value) and repr(value) in str(err.value)


def test_end_year_not_after_last_data_year_is_refused(table):
    last = int(table.loc[table["p_cross"].notna(), "start_year"].max())
    with pytest.raises(InputError) as err:
        sc.scenario_table(n_paths=100, end_year=last, report_year=last)
    assert err.value.field == "end_year" and err.value.value == last


def test_history_of_each_scenario_is_one_vintage():
    for s in sc.SCENARIOS:
        region, indicator = s.growth_from
        parts = sc._history_parts(region, indicator, s.deflator, False)
        if isinstance(parts, str):
            continue
        levels, index, cls = parts
        assert set(levels["vintage_class"]) == {cls}, s.name
        if index is not None:
            assert set(index["vintage_class"]) == {cls}, s.name
        prep = sc.prepare(s)
        if prep.params is not None:
            assert prep.params.vintage_class == cls
            assert not set(prep.params.years) & set(REVISION_YEARS)


def test_low_confidence_rows_excluded_by_default(table):
    assert "low_confidence" not in set(table["vintage"]) | set(table["history_vintage"])
    for s in sc.SCENARIOS:
        rows = series.load_series(s.indicator, s.region, vintage="all")
        low = rows[(rows["vintage_class"] == "low_confidence") & (rows["period"] == "Y")]
        start = table.loc[table["scenario"] == s.name, "start_year"].dropna()
        if len(low) and len(start) and low["year"].max() > start.max():
            with_low = sc.prepare(s, include_low_confidence=True)
            assert with_low.start_year == int(low["year"].max())


def test_probabilities_and_quantiles_are_coherent(table):
    ok = table[table["p_cross"].notna()]
    for _, g in ok.groupby("scenario"):
        g = g.sort_values("year")
        assert (np.diff(g["p_cross"].to_numpy()) >= -1e-12).all()  # first passage never falls
        assert (g["p_cross"] >= g["p_above"] - 1e-12).all()
        assert (g["p_stay"] <= g["p_above"] + 1e-12).all()
        assert (g["q05"] <= g["q50"]).all() and (g["q50"] <= g["q95"]).all()
        assert list(g["year"]) == list(range(int(g["start_year"].iloc[0]) + 1, 2031))


def test_unevaluable_scenarios_say_why(table):
    nan = table[table["p_cross"].isna()]
    assert (nan["status"].str.startswith("missing") | nan["status"].str.startswith("not evaluable")).all()
    assert table.loc[table["p_cross"].notna(), "status"].str.startswith("ok").all()
    trade = table[table["scenario"] == "liaoning_trade"]
    if (trade["unit"] != "亿元").all():
        assert trade["p_cross"].isna().all()
        assert trade["status"].str.contains("exchange-rate").all()


def test_goals_worded_as_staying_above_are_checked_against_the_level(table):
    """巩固...万亿以上 presumes the level is above 1万亿: where the data agree the goal is judged by
    staying above (p_stay), where they do not it is a crossing and the status says so."""
    for name, g in table.dropna(subset=["year"]).groupby("scenario"):
        start = g["start_value"].iloc[0]
        worded_stay = any(w in g["goal"].iloc[0] for w in sc.STAY_WORDS)
        if start >= g["threshold"].iloc[0]:
            assert (g["goal_kind"] == "stay_above").all() and (g["p_cross"] == 1.0).all(), name
        else:
            assert (g["goal_kind"] == "cross").all(), name
            assert g["status"].str.contains(sc.REPORT_SAYS_ABOVE).all() == worded_stay, name
        assert (g["worded_stay_above"] == worded_stay).all(), name
    industry = table[(table["scenario"] == "liaoning_industrial_va") & table["year"].notna()]
    assert industry["start_value"].iloc[0] < 10000 and industry["status"].str.contains("judged as a crossing").all()


def test_goals_are_quoted_from_the_report():
    from analysis.paths import report_path

    text = report_path("liaoning", 2024).read_text(encoding="utf-8")
    for s in sc.SCENARIOS:
        assert sc.report_has_goal(s.goal, text), s.goal


def test_fan_data_matches_the_table(table):
    fan = sc.fan_data(sc.run_scenarios(seed=20240123, n_paths=N))
    proj = fan[(fan["kind"] == "projection")].merge(table, on=["scenario", "year"], suffixes=("", "_t"))
    assert len(proj) == table["p_cross"].notna().sum()
    np.testing.assert_allclose(proj["q50"], proj["q50_t"])
    assert set(fan["kind"]) <= {"observed", "projection"}


def test_backtest_scores_intervals_and_thresholds():
    bt = sc.backtest(n_paths=2000)
    assert len(bt) and {"interval", "threshold"} <= set(bt["kind"])
    iv = bt[bt["kind"] == "interval"]
    assert (iv["target_year"] == iv["origin"] + iv["horizon"]).all()
    assert (iv["q05"] <= iv["q10"]).all() and (iv["q90"] <= iv["q95"]).all()
    assert (iv["in90"] | ~iv["in80"]).all()  # inside 80 % implies inside 90 %
    for _, g in bt.groupby(["series", "vintage_class"]):
        assert g["vintage_class"].nunique() == 1
    summary = sc.backtest_summary(bt)
    assert summary[["coverage80", "coverage90", "brier"]].apply(lambda c: c.between(0, 1)).all().all()


def test_one_simulation_feeds_table_and_fans(table):
    runs = sc.run_scenarios(seed=20240123, n_paths=N)
    pd.testing.assert_frame_equal(sc.crossing_table(runs), table)
    shown = sc.fan_data(runs, evaluable_only=True)
    assert set(shown["scenario"]) == set(table.loc[table["p_cross"].notna(), "scenario"])
    full = sc.fan_data(runs)
    pd.testing.assert_frame_equal(shown, full[full["scenario"].isin(set(shown["scenario"]))].reset_index(drop=True))


@pytest.mark.parametrize(
    "call",
    [
        lambda: sc.goals_from_report("shenyang", 2024),
        lambda: sc.goals_in_report("shenyang", 2024),
    ],
)
def test_a_region_without_a_report_has_no_goals_to_read(call):
    with pytest.raises(InputError, match="no such report file"):
        call()


def test_goals_come_from_the_extraction_of_the_report_read():
    """Liaoning 2024: the six 万亿 goals of lines 387-391, read by the extractor, none typed in."""
    goals = sc.goals_from_report("liaoning", 2024)
    assert [g.name for g in goals] == [
        "shenyang_gdp",
        "dalian_gdp",
        "liaoning_industrial_va",
        "liaoning_retail_sales",
        "liaoning_fai",
        "liaoning_trade",
    ]
    assert {g.threshold for g in goals} == {10000.0}
    assert goals[0].growth_from == ("liaoning", "gdp_nominal")  # a city's growth: its province's, said so
    from analysis.paths import report_path

    text = report_path("liaoning", 2024).read_text(encoding="utf-8")
    assert all(sc.report_has_goal(g.goal, text) for g in goals)
    # another report yields its own goals (or none), never Liaoning's list
    assert all(g.goal not in {x.goal for x in goals} for g in sc.goals_from_report("jilin", 2026))
    assert sc.SCENARIOS == goals


def test_unknown_region_is_refused():
    with pytest.raises(InputError) as err:
        sc.scenario_table(region="atlantis", n_paths=100)
    assert err.value.value == "atlantis"


def test_preference_orderings_are_vintage_classes():
    from analysis.series.vintages import VINTAGE_CLASSES

    assert set(sc.START_CLASSES) <= set(VINTAGE_CLASSES) and set(sc.HISTORY_CLASSES) <= set(sc.START_CLASSES)
    assert "low_confidence" not in sc.START_CLASSES


def test_every_level_goal_is_listed_evaluated_or_with_its_reason(table):
    """Liaoning 2024: the six scenarios and the 4个万亿级产业基地 that no series measures, each either
    evaluated or with a plain reason; a city's evaluated goal says its growth is its province's."""
    goals = sc.goal_list(table, sc.other_goals("liaoning", 2024))
    assert len(goals) == 7 and list(goals.columns) == sc.GOAL_COLUMNS
    evaluated = dict(zip(goals["indicator"].fillna("-") + "@" + goals["region"].fillna("-"), goals["evaluated"]))
    for scenario in table.drop_duplicates("scenario").itertuples():
        assert evaluated[f"{scenario.indicator}@{scenario.region}"] == bool(
            table.loc[table["scenario"] == scenario.scenario, "p_cross"].notna().any()
        )
    missing = goals[~goals["evaluated"]]
    assert len(missing) >= 1 and (missing["reason"].str.len() > 20).all()
    assert not missing["reason"].str.contains(r"[a-z]+_[a-z]+").any()  # plain words, no keys
    bases = goals[goals["goal"].str.contains("万亿级产业基地")]
    assert len(bases) == 1 and bases["reason"].iloc[0].startswith("counts 万亿级") and pd.isna(bases["region"].iloc[0])
    cities = goals[goals["region"].isin(["shenyang", "dalian"]) & goals["evaluated"]]
    assert (cities["reason"].str.contains("drawn from the province's GDP history")).all()


def test_budget_amounts_in_万亿_are_not_level_goals():
    """China 2025 states 赤字规模5.66万亿元 and 超长期特别国债1.3万亿元: amounts to spend, not levels to reach."""
    others = sc.other_goals("china", 2025)
    assert not others["goal"].str.contains("赤字|国债|专项债券|支出规模").any()
    assert sc.other_goals("jilin", 2026).empty
