"""The feasibility family: closed-form checks of each method, no look-ahead, and the skill it reaches.

The skill thresholds are the ones the suite promises (issue #26): pooled Brier skill over the base
rate of at least 0.10 on 2,000+ cases, and on GDP on 400+ cases, out of sample year by year.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from analysis.corpus import as_of
from analysis.corpus.build import load_panel
from analysis.errors import InputError
from analysis.models.feasibility import backtest, headline, in_year, inputs, logistic, run
from analysis.models.feasibility.outputs import TARGETS
from analysis.models.feasibility.run import call, read_through_backtest


def _record(rows):
    """A synthetic record: (region, year, key, met) rows with the columns history() reads."""
    frame = pd.DataFrame(rows, columns=["region", "year", "key", "met"])
    frame["kind"] = "rate"
    return frame


def test_base_rate_is_the_jeffreys_share_of_earlier_years_only():
    record = _record(
        [("a", 2010, "gdp_real_growth", True)] * 8
        + [("a", 2011, "gdp_real_growth", False)] * 4
        + [("b", 2012, "gdp_real_growth", True)] * 5
    )
    rows = pd.DataFrame(
        {"region": ["a", "a", "a"], "year": [2011, 2012, 2013], "key": ["gdp_real_growth"] * 3, "kind": ["rate"] * 3}
    )
    h = inputs.history(rows, record)
    # before 2011: 8 met of 8 but fewer than ten cases: the kind's rate (the same cases here)
    assert h.loc[0, "p_base"] == pytest.approx(8.5 / 9) and h.loc[0, "fallback"] == "kind: growth rates"
    assert h.loc[1, "p_base"] == pytest.approx(8.5 / 13) and h.loc[1, "fallback"] == ""  # 8 of 12
    assert h.loc[2, "p_base"] == pytest.approx(13.5 / 18)  # 13 of 17, 2012 included, 2013 not
    # the region's own record: a met 8 of 12 before 2012, shrunk with four pseudo-cases at the base rate
    assert h.loc[1, "own_met"] == 8 and h.loc[1, "own_n"] == 12
    assert h.loc[1, "p_own"] == pytest.approx((8 + 4 * 8.5 / 13) / 16)


def test_recent_record_weights_the_last_three_years():
    record = _record(
        [("a", y, "k1", met) for y, met in ((2007, True), (2008, True), (2009, False), (2010, True)) for _ in range(10)]
    )
    record["key"] = "fai_growth"
    rows = pd.DataFrame({"region": ["z"], "year": [2011], "key": ["fai_growth"], "kind": ["rate"]})
    h = inputs.history(rows, record)
    base = (30 + 0.5) / 41
    expected = (1.0 * 10 + 0.5 * 0 + 0.25 * 10 + 2 * base) / (1.0 * 10 + 0.5 * 10 + 0.25 * 10 + 2)
    assert h.loc[0, "p_recent"] == pytest.approx(expected)


def test_no_record_of_the_kind_means_no_odds():
    rows = pd.DataFrame({"region": ["z"], "year": [2011], "key": ["grain_output"], "kind": ["level"]})
    h = inputs.history(rows, _record([("a", 2010, "gdp_real_growth", True)] * 12))
    assert math.isnan(h.loc[0, "p_base"]) and h.loc[0, "fallback"] == "no record of this kind"


def test_landing_counts_earlier_ceilings_about_that_came_within_half_a_point():
    """CPI 2%左右 is a level to reach as much as a ceiling: how often earlier CPI targets 'about' landed
    within ±0.5 pp (years before the row's only; other bounds and indicators apart)."""
    record = pd.DataFrame(
        {
            "key": ["cpi_inflation"] * 5 + ["urban_unemployment_rate"],
            "year": [2020, 2021, 2022, 2023, 2025, 2022],
            "bound": ["about", "about", "about", "at_most", "about", "about"],
            "ceiling": [True] * 6,
            "target_value": [3.0, 3.0, 3.0, 3.0, 2.0, 5.5],
            "outcome": [2.5, 0.9, 3.4, 2.9, 2.0, 5.3],
        }
    )
    rows = pd.DataFrame(
        {
            "key": ["cpi_inflation", "gdp_real_growth", "cpi_inflation"],
            "year": [2025, 2025, 2025],
            "bound": ["about", "about", "at_most"],
            "ceiling": [True, False, True],
            "target_value": [2.0, 5.0, 3.0],
        }
    )
    got = inputs.landing(rows, record)
    # 2020 (2.5 against 3: on the edge) and 2022 (3.4) landed, 2021 (0.9) did not; 2023 is a bound
    # 以内 and 2025 the row's own year: not counted
    assert (got.loc[0, "land_k"], got.loc[0, "land_n"]) == (2, 3) and got.loc[0, "land_rate"] == pytest.approx(2 / 3)
    assert math.isnan(got.loc[1, "land_rate"]) and math.isnan(got.loc[2, "land_rate"]) and got.loc[2, "land_n"] == 0


def _synthetic_cases(n_years=8, per_year=60, seed=1):
    rng = np.random.default_rng(seed)
    rows = []
    for year in range(2010, 2010 + n_years):
        for i in range(per_year):
            gap = rng.normal(0, 2)
            met = rng.random() < 1 / (1 + np.exp(1.5 * gap))
            rows.append(
                {
                    "region": f"r{i}",
                    "year": year,
                    "key": "gdp_real_growth",
                    "met": met,
                    "kind": "rate",
                    "gap_last": gap,
                    "gap_nat": np.nan,
                    "last_miss": np.nan,
                    "bound": "about",
                    "p_base": 0.5,
                    "p_recent": 0.5,
                    "p_own": 0.5,
                }
            )
    return pd.DataFrame(rows)


def test_the_model_learns_that_an_ambitious_target_is_harder():
    cases = _synthetic_cases()
    model = logistic.fit(cases)
    rows = cases.iloc[:3].copy()
    rows["gap_last"] = [-3.0, 0.0, 3.0]
    p = logistic.predict(model, rows).to_numpy()
    assert p[0] > p[1] > p[2]
    assert p[0] > 0.8 and p[2] < 0.2
    assert "target 3.0 pp above last year's outcome" in logistic.drivers(model, rows).iloc[2]


def test_the_nation_is_not_said_to_lack_a_national_target():
    nation = logistic._describe("gap_nat_missing", pd.Series({"level": "nation"}))
    province = logistic._describe("gap_nat_missing", pd.Series({"level": "province"}))
    assert "national target" not in nation and "no higher level" in nation
    assert province == "no national target to compare"
    # last year's miss is unknown because its outcome is unstated, though its target may exist
    unstated = logistic._describe("last_miss_missing", pd.Series({"gap_last": np.nan}))
    untargeted = logistic._describe("last_miss_missing", pd.Series({"gap_last": 0.5}))
    assert unstated == "no outcome stated for last year" and untargeted == "no target of last year to compare"


def test_a_year_shock_widens_the_odds_toward_a_half():
    cases = _synthetic_cases()
    flat = logistic.fit(cases)
    shocked = cases.copy()
    for year, met in ((2011, True), (2013, False), (2015, True), (2016, False)):
        shocked.loc[shocked["year"] == year, "met"] = met  # whole years met or missed together
    wide = logistic.fit(shocked)
    assert wide.tau2 > flat.tau2 + 1.0
    row = cases.iloc[:1].assign(gap_last=-3.0)
    assert abs(logistic.predict(wide, row).iloc[0] - 0.5) < abs(logistic.predict(flat, row).iloc[0] - 0.5)


def test_headline_rule_takes_the_lowest_past_brier_and_the_base_rate_when_too_few():
    past = pd.DataFrame({"met": [True, False] * 150})
    for name in headline.CANDIDATES:
        past[name] = 0.5
    past["model"] = np.where(past["met"], 0.9, 0.1)
    assert headline.choose(past) == "model"
    assert headline.choose(past.iloc[:100]) == "base rate"
    past["model"] = 0.5
    assert headline.choose(past) == headline.CANDIDATES[0]  # a tie goes to the first candidate


@pytest.fixture(scope="module")
def panel():
    return load_panel()


@pytest.fixture(scope="module")
def province_cases(panel):
    return inputs.cases(panel, "provinces")


@pytest.mark.slow
def test_forecasts_of_a_year_do_not_look_ahead(province_cases):
    """Change every outcome after 2015: the forecasts of 2008-2015 stay the same."""
    before = backtest.run_backtest(province_cases, cache=None)
    changed = province_cases.copy()
    changed.loc[changed["year"] > 2015, "met"] = ~changed.loc[changed["year"] > 2015, "met"]
    after = backtest.run_backtest(changed, cache=None)
    upto = before["year"] <= 2015
    columns = [*backtest.METHODS, "headline"]
    pd.testing.assert_frame_equal(before.loc[upto, columns], after.loc[after["year"] <= 2015, columns])
    assert not before.loc[~upto, "headline"].equals(after.loc[after["year"] > 2015, "headline"])


@pytest.mark.slow
def test_pooled_and_gdp_skill_over_the_base_rate(province_cases):
    forecasts = backtest.run_backtest(province_cases)
    skill = backtest.skill_table(forecasts, "provinces")
    print("\n" + skill.to_string())
    every = skill[(skill["indicator"] == "all") & (skill["sample"] == "all years")].iloc[0]
    gdp = skill[(skill["indicator"] == "gdp_real_growth") & (skill["sample"] == "all years")].iloc[0]
    assert every["n"] >= 2000 and every["skill"] >= 0.10
    assert gdp["n"] >= 400 and gdp["skill"] >= 0.10
    assert list(skill.columns[:6]) == ["indicator", "n", "brier_model", "brier_base_rate", "skill", "years"]
    assert set(skill["sample"]) == {"all years", "without 2020-2022"}
    calibration = backtest.calibration_table(forecasts)
    print(calibration.to_string())
    assert (calibration["checked"] == (calibration["n"] >= 30)).all()
    assert ((calibration["mean_p"] - calibration["observed"]).abs() <= 0.05).eq(calibration["within_bound"]).all()
    inside = (calibration["band_low"] <= calibration["observed"]) & (
        calibration["observed"] <= calibration["band_high"]
    )
    assert inside.eq(calibration["consistent"]).all()
    assert calibration.attrs["all_within"] <= calibration.attrs["all_within_no_shock"]


def test_calibrated_odds_lie_within_their_consistency_bands_and_shocked_outcomes_stray():
    """Outcomes drawn from the odds themselves (calibrated by construction): the observed share of
    nearly every bin lies within its band, and the bands hold the mean forecast. With a shock common
    to each year added to the outcomes, the bands measured from them are wider."""
    rng = np.random.default_rng(7)
    years = np.repeat(np.arange(2008, 2026), 150)
    p = rng.uniform(0.02, 0.98, len(years))
    met = (rng.random(len(p)) < p).astype(float)
    frame = pd.DataFrame({"year": years, "headline": p, "met": met})
    table = backtest.calibration_table(frame)
    checked = table[table["checked"]]
    assert checked["consistent"].sum() >= len(checked) - 1
    assert ((checked["band_low"] <= checked["mean_p"]) & (checked["mean_p"] <= checked["band_high"])).all()
    assert table.attrs["tau2"] < 0.05 and table.attrs["all_within_no_shock"] > 0.5
    shock = rng.normal(0.0, 1.0, 18)[years - 2008]
    logit = np.log(p / (1 - p)) * np.sqrt(1 + np.pi / 8) + shock
    shocked = frame.assign(met=(rng.random(len(p)) < 1 / (1 + np.exp(-logit))).astype(float))
    wide = backtest.calibration_table(shocked)
    assert wide.attrs["tau2"] > 0.2  # a shock of variance 1 on each log-odds, understated on the shares
    assert (wide["band_high"] - wide["band_low"]).mean() > (table["band_high"] - table["band_low"]).mean()


@pytest.mark.slow
def test_every_numeric_target_has_odds_and_two_regions_differ_for_a_reason(panel):
    liaoning = run("liaoning", 2024, {"panel": panel})["feasibility_targets"]
    guangdong = run("guangdong", 2026, {"panel": panel})["feasibility_targets"]
    for table in (liaoning, guangdong):
        assert list(table.columns) == TARGETS.column_names
        numeric = table[table["has_number"]]
        assert numeric["p"].notna().all() and (numeric["p_low"] <= numeric["p"]).all()
        assert (numeric["p"] <= numeric["p_high"]).all() and set(numeric["call"]) <= {"likely", "toss-up", "unlikely"}
        assert table.loc[~table["has_number"], "p"].isna().all()
    gdp_l = liaoning[liaoning["key"] == "gdp_real_growth"].iloc[0]
    gdp_g = guangdong[guangdong["key"] == "gdp_real_growth"].iloc[0]
    assert round(gdp_l["p"], 3) != round(gdp_g["p"], 3) and gdp_l["drivers"] != gdp_g["drivers"]
    assert gdp_l["own_n"] >= 15 and gdp_l["last_outcome"] == 5.3
    # a rarely set indicator takes its kind's record, named on the row
    zhejiang = run("zhejiang", 2025, {"panel": panel})["feasibility_targets"]
    rd = zhejiang[zhejiang["key"] == "rd_intensity"].iloc[0]
    assert rd["fallback"] == "kind: growth rates" and rd["p"] == rd["p"]
    # a budget allocation is carried out by decision: no odds, and the row says why
    china = run("china", 2025, {"panel": panel})["feasibility_targets"]
    deficit = china[china["key"] == "deficit_ratio"].iloc[0]
    assert deficit["p"] != deficit["p"] and deficit["fallback"].startswith("no odds: a budget allocation")


def test_required_growth_closed_form():
    assert in_year.required_growth(5.0, 5.0, 0.7) == pytest.approx(5.0)
    # Q1-Q3 at 4.9 % with three quarters of the year: the fourth must grow 7.3 % for 5.5 %
    assert in_year.required_growth(5.5, 4.9, 0.75) == pytest.approx(7.3)
    with pytest.raises(ValueError):
        in_year.required_growth(5.0, 5.0, 1.0)


@pytest.mark.slow
def test_as_of_is_checked_against_the_report_date_even_without_a_date_line():
    # the 2025 national text carries no date line: the latest delivery, 31 March, bounds the as-of
    assert as_of.parse_as_of("2025-10-31", region="china", year=2025) == dt.date(2025, 10, 31)
    with pytest.raises(InputError, match="before the china 2025 report"):
        as_of.parse_as_of("2025-03-10", region="china", year=2025)
    with pytest.raises(InputError, match="too late"):
        as_of.parse_as_of("2030-01-01", region="liaoning", year=2024)
    out = run("liaoning", 2024, {"as_of": dt.date(2024, 10, 31)})["feasibility_in_year"]
    row = out[out["key"] == "gdp_real_growth"].iloc[0]
    assert row["period"] == "Q1-Q3" and row["ytd_growth"] == 4.9
    # the weight never comes from Liaoning's data-revision years (2011-2017)
    assert "2014" not in row["weight_basis"]


def test_the_backtest_tables_are_computed_once_and_handed_out_as_copies():
    """The skill and calibration tables are the same for every region: a second run reuses them, and a
    caller changing its copy does not change the next run's."""
    first = run("liaoning", 2024)
    first["feasibility_calibration"].loc[:, "observed"] = -1.0
    second = run("guangdong", 2026)
    assert (second["feasibility_calibration"]["observed"] >= 0).all()
    pd.testing.assert_frame_equal(first["feasibility_skill"], second["feasibility_skill"])


def test_last_year_s_miss_of_a_level_is_in_percent_of_its_target(panel):
    """Xinjiang 2026: grain 2432.5万吨 in 2025 against 2380万吨 (476亿斤): beaten by 2.2 %, not by 52.5
    (万吨 printed as %)."""
    rows = inputs.report_targets(panel, "xinjiang", 2026)
    grain = rows[rows["key"] == "grain_output"].iloc[0]
    assert grain["last_miss"] == pytest.approx(100 * (2432.5 / 2380 - 1), abs=0.05)
    gdp = rows[rows["key"] == "gdp_real_growth"].iloc[0]  # a rate's miss stays in points: 5.5% against 6%左右
    assert gdp["last_miss"] == pytest.approx(-0.5)


def test_the_call_reads_the_odds_through_the_backtest_of_earlier_years():
    """Odds of 30% whose tenth came true 55% of the time in the backtest are a toss-up, not unlikely; a
    tenth with fewer than 30 cases leaves the odds as they are."""
    calibration = pd.DataFrame(
        {
            "bin": ["0.1-0.2", "0.3-0.4", "0.9-1.0", "0.3-0.4"],
            "observed": [0.9, 0.55, 0.94, 0.2],
            "checked": [False, True, True, True],
            "sample": ["all years", "all years", "all years", "without 2020-2022"],
        }
    )
    assert read_through_backtest(0.31, calibration) == pytest.approx(0.55)
    assert call(read_through_backtest(0.31, calibration)) == "toss-up"
    assert read_through_backtest(0.15, calibration) == pytest.approx(0.15)  # unchecked: the odds themselves
    assert read_through_backtest(1.0, calibration) == pytest.approx(0.94)  # 1.0 falls in the last tenth
    assert math.isnan(read_through_backtest(float("nan"), calibration))


def test_a_report_s_calls_come_from_the_backtest_before_its_year(panel):
    from analysis.models.feasibility import backtest as bt

    out = run("guangdong", 2026, {"panel": panel})
    table = out["feasibility_targets"]
    numeric = table[table["p"].notna()]
    cases_ = inputs.cases(panel, "provinces")
    forecasts = bt.run_backtest(cases_)
    before = bt.calibration_table(forecasts[forecasts["year"] < 2026])
    assert list(numeric["came_true"]) == [read_through_backtest(p, before) for p in numeric["p"]]
    assert list(numeric["call"]) == [call(x) for x in numeric["came_true"]]
