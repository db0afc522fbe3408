"""Closed-form and reproducibility tests of the feasibility models (no data files needed)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analysis.corpus import rules as target_rules
from analysis.models import feasibility
from analysis.models.feasibility import in_year, track_record
from analysis.models.feasibility.probability import normal_p


# ---------------------------------------------------------------- in-year arithmetic
@given(g=st.floats(-10, 15), w=st.floats(0.05, 0.95))
@settings(max_examples=200, deadline=None)
def test_required_growth_on_a_constant_path_equals_the_target(g, w):
    # every quarter grows at g: the year grows at g, and so must the rest of the year
    assert in_year.required_growth(g, g, w) == pytest.approx(g, abs=1e-9)


@given(ytd=st.floats(-10, 15), rest=st.floats(-10, 15), w=st.floats(0.05, 0.95))
@settings(max_examples=200, deadline=None)
def test_required_growth_inverts_the_annual_identity(ytd, rest, w):
    year = in_year.annual_growth(ytd, rest, w)
    assert in_year.required_growth(year, ytd, w) == pytest.approx(rest, abs=1e-7)


def test_required_growth_worked_example():
    # Q1-Q3 weight 0.75, YTD 4.9 %, target 5.5 %: (1.055 - 0.75*1.049) / 0.25 - 1 = 7.3 %
    assert in_year.required_growth(5.5, 4.9, 0.75) == pytest.approx(7.3, abs=1e-9)


def test_required_growth_rejects_a_weight_outside_the_unit_interval():
    with pytest.raises(ValueError):
        in_year.required_growth(5.0, 5.0, 1.0)


def test_in_year_probability_is_one_half_when_ytd_equals_target():
    p, lo, hi = in_year.in_year_probability(5.0, 5.0, 0.75, [1.0, -2.0, 0.5])
    assert p == pytest.approx(0.5) and lo == pytest.approx(0.5) and hi == pytest.approx(0.5)


def test_in_year_probability_matches_student_t():
    s = [1.0, -1.0, 2.0, -2.0]
    rms = math.sqrt(np.mean(np.square(s)))
    p, lo, hi = in_year.in_year_probability(5.5, 4.9, 0.75, s)
    assert p == pytest.approx(stats.t.sf(0.6 / (0.25 * rms), df=4))
    assert lo <= p <= hi
    pc, _, _ = in_year.in_year_probability(5.5, 4.9, 0.75, s, ceiling=True)
    assert pc == pytest.approx(1 - p)


def test_surprises_from_releases():
    rel = pd.DataFrame({"year": [2009, 2009, 2009], "period": ["Q1", "Q1-Q3", "Y"], "value": [9.6, 12.7, 13.1]})
    s = in_year.surprises_from_releases(rel)
    assert s.set_index("period")["surprise"].to_dict() == pytest.approx({"Q1": 3.5 / 0.75, "Q1-Q3": 0.4 / 0.25})


# ---------------------------------------------------------------- qualifier convention
def test_met_convention_floor_ceiling_band():
    assert target_rules.is_met(5.1, 5.5, ceiling=False) == 0.0  # Liaoning 2024 GDP vs 5.5 左右
    assert target_rules.in_band(5.1, 5.5, "左右", "%") == 1.0
    assert target_rules.is_met(5.5, 5.5, ceiling=False) == 1.0
    assert target_rules.is_met(5.2, 5.5, ceiling=True) == 1.0
    assert target_rules.is_ceiling("urban_unemployment_rate", "以内")
    assert target_rules.is_ceiling("cpi_inflation", "左右")
    assert not target_rules.is_ceiling("gdp_real_growth", "左右")
    assert target_rules.is_ceiling("gdp_real_growth", "以内")
    assert math.isnan(target_rules.is_met(math.nan, 5.5, ceiling=False))
    assert math.isnan(target_rules.in_band(5.1, 5.5, "以上", "%"))
    assert target_rules.convert(500.1, "亿斤", "万吨") == pytest.approx(2500.5)
    assert math.isnan(target_rules.convert(1.0, "亿元", "万吨"))


def test_target_rules_reject_bad_input_instead_of_guessing():
    from analysis.errors import InputError

    with pytest.raises(InputError) as err:
        target_rules.is_ceiling("gdp_real_growht", "左右")
    assert err.value.field == "key" and err.value.value == "gdp_real_growht"
    with pytest.raises(InputError) as err:
        target_rules.is_met("5.x", 5.5, ceiling=False)
    assert err.value.field == "outcome" and err.value.value == "5.x"
    with pytest.raises(InputError) as err:
        target_rules.threshold("五", None, ceiling=False)
    assert err.value.field == "target_low"
    assert target_rules.is_missing(None) and target_rules.is_missing(math.nan) and not target_rules.is_missing("5.1")
    for units, field in (((None, "万吨"), "unit_from"), (("万吨", ""), "unit_to")):
        with pytest.raises(InputError) as err:
            target_rules.convert(1.0, *units)
        assert err.value.field == field
    assert target_rules.convert(2.0, "%", "%") == 2.0


# ---------------------------------------------------------------- probabilities
def test_normal_probability_closed_form():
    # N(6, 1) against a floor of 5: Φ(1) = 0.8413...
    assert normal_p(6.0, 1.0, 5.0, False) == pytest.approx(stats.norm.cdf(1.0))
    assert normal_p(6.0, 1.0, 5.0, True) == pytest.approx(stats.norm.cdf(-1.0))


def test_indicator_seeds_are_deterministic_and_independent():
    a = feasibility.indicator_seeds(20240123, ["gdp_real_growth", "cpi_inflation"])
    b = feasibility.indicator_seeds(20240123, ["gdp_real_growth", "cpi_inflation"])
    draw = lambda s: np.random.default_rng(s).standard_normal(5)  # noqa: E731
    assert np.array_equal(draw(a["gdp_real_growth"]), draw(b["gdp_real_growth"]))
    assert not np.array_equal(draw(a["gdp_real_growth"]), draw(a["cpi_inflation"]))


def _pairs(rows):
    df = pd.DataFrame(rows, columns=["region", "year", "key", "target_low", "qualifier", "unit", "outcome"])
    targets = df.assign(target_high=df["target_low"], indicator=df["key"])
    outcomes = df[["region", "year", "key", "outcome", "unit"]].rename(columns={"outcome": "value"})
    outcomes["vintage"] = "communique (preliminary)"
    return track_record.pair_targets_outcomes(targets, outcomes)


def test_empirical_probability_is_the_shrunk_hit_rate():
    rows = [
        ("hebei", y, "gdp_real_growth", 6.0, "左右", "%", 6.0 + (0.5 if y % 2 else -0.5)) for y in range(2000, 2012)
    ]
    rows += [("liaoning", y, "gdp_real_growth", 6.0, "以上", "%", 7.0 if y < 2003 else 5.0) for y in range(2000, 2004)]
    pairs = _pairs(rows)
    r = feasibility.empirical_miss_probability(pairs, region="liaoning", key="gdp_real_growth", prior_strength=4)
    # own: 3 met of 4; pool: all 16 GDP cases, 9 met -> p0 = 9/16
    p0 = 9 / 16
    assert r["p"] == pytest.approx((3 + 4 * p0) / (4 + 4))
    assert r["n_obs"] == 4 and r["p_low"] < r["p"] < r["p_high"]
    assert "pooled: provincial and national GDP misses" in r["note"]


def test_no_indicator_borrows_another_indicators_history():
    rows = [("hebei", y, "gdp_real_growth", 6.0, "", "%", 7.0 if y % 3 else 5.0) for y in range(2000, 2012)]
    pairs = _pairs(rows)
    emp = feasibility.empirical_miss_probability(pairs, region="liaoning", key="cpi_inflation")
    assert math.isnan(emp["p"]) and "no history" in emp["note"]
    own = feasibility.empirical_miss_probability(pairs, region="hebei", key="gdp_real_growth")
    assert not own["borrowed"] and own["method"] == feasibility.METHOD_EMPIRICAL
    uc = {"p": 0.9, "p_low": 0.8, "p_high": 0.95, "n_obs": 17, "method": feasibility.METHOD_TS}
    assert feasibility.combine([emp, uc]) == uc  # the GDP hit rate does not pull a CPI forecast
    both = feasibility.combine([own, uc])
    assert both["p"] == pytest.approx((own["p"] + 0.9) / 2) and both["method"] == feasibility.METHOD_COMBINED


def test_indicator_hit_rate_closed_form_and_no_history():
    """(m + 1/2) / (n + 1) over the panel's past targets of the indicator; fewer than 10: no number."""
    from analysis.models.feasibility import headline_rule as hr

    rows = [("hebei", y, "gdp_real_growth", 6.0, "", "%", 7.0 if y % 3 else 5.0) for y in range(2000, 2012)]
    rows += [("china", y, "urban_new_jobs", 900.0, "", "万人", 1000.0) for y in range(2000, 2012)]
    pairs = _pairs(rows)
    met = int(pairs.loc[pairs["key"] == "gdp_real_growth", "met"].sum())
    rate = hr.indicator_hit_rate(pairs, region="liaoning", key="gdp_real_growth")
    assert rate["p"] == pytest.approx((met + 0.5) / (12 + 1)) and rate["n_obs"] == 12
    assert rate["p_low"] < rate["p"] < rate["p_high"]
    jobs = hr.indicator_hit_rate(pairs, region="liaoning", key="urban_new_jobs")  # provinces have none
    assert jobs["p"] == pytest.approx(12.5 / 13) and "national record" in jobs["note"]
    none = hr.indicator_hit_rate(pairs, region="liaoning", key="cpi_inflation")
    assert math.isnan(none["p"]) and "no history" in none["note"]
    few = hr.indicator_hit_rate(pairs[pairs["year"] < 2005], region="hebei", key="gdp_real_growth")
    assert math.isnan(few["p"])  # 5 cases: too few


def test_pandemic_years_are_left_out_of_the_record():
    """2020-2022 do not count: 12 ordinary years met, three pandemic years missed -> (12 + 1/2) / 13."""
    from analysis.models.feasibility import headline_rule as hr

    assert hr.SHOCK_YEARS == (2020, 2021, 2022)
    rows = [("china", y, "gdp_real_growth", 6.0, "左右", "%", 6.2) for y in range(2008, 2020)]
    rows += [("china", y, "gdp_real_growth", 6.0, "左右", "%", 2.0) for y in (2020, 2021, 2022)]
    pairs = _pairs(rows)
    rate = hr.indicator_hit_rate(pairs, region="china", key="gdp_real_growth")
    assert rate["n_obs"] == 12 and rate["p"] == pytest.approx(12.5 / 13)
    assert "pandemic years 2020-2022 left out" in rate["note"]
    kept = hr.indicator_hit_rate(pairs, region="china", key="gdp_real_growth", exclude_shocks=False)
    assert kept["n_obs"] == 15 and kept["p"] == pytest.approx(12.5 / 16)


def test_escalated_target_does_not_borrow_the_national_record():
    """Provinces aiming 1 pp above the nation: its record of meeting a lower target is not theirs."""
    from analysis.models.feasibility import headline_rule as hr

    nation = [("china", y, "gdp_real_growth", 6.0, "左右", "%", 6.5) for y in range(2000, 2012)]
    above = [("hebei", y, "gdp_real_growth", 7.0, "左右", "%", 6.5) for y in range(2005, 2010)]
    level = [("hebei", y, "gdp_real_growth", 6.0, "左右", "%", 6.5) for y in range(2005, 2010)]
    up, flat = _pairs(nation + above), _pairs(nation + level)
    assert hr.escalated(up, "gdp_real_growth") and not hr.escalated(flat, "gdp_real_growth")
    refused = hr.indicator_hit_rate(up, region="liaoning", key="gdp_real_growth")
    assert math.isnan(refused["p"]) and "national record not added" in refused["note"]
    added = hr.indicator_hit_rate(flat, region="liaoning", key="gdp_real_growth")
    assert added["n_obs"] == 17 and "national record" in added["note"]
    # a ceiling is escalated when provinces set it lower than the nation (tighter)
    cpi_nation = [("china", y, "cpi_inflation", 3.0, "左右", "%", 2.0) for y in range(2000, 2012)]
    cpi_low = [("hebei", y, "cpi_inflation", 2.5, "左右", "%", 2.0) for y in range(2005, 2010)]
    cpi_high = [("hebei", y, "cpi_inflation", 3.5, "左右", "%", 2.0) for y in range(2005, 2010)]
    assert hr.escalated(_pairs(cpi_nation + cpi_low), "cpi_inflation")
    assert not hr.escalated(_pairs(cpi_nation + cpi_high), "cpi_inflation")
    # a level target (万人) is never compared across regions of different size
    jobs = [("china", y, "urban_new_jobs", 900.0, "", "万人", 1000.0) for y in range(2000, 2012)]
    jobs += [("hebei", y, "urban_new_jobs", 1000.0, "", "万人", 1100.0) for y in range(2005, 2010)]
    assert not hr.escalated(_pairs(jobs), "urban_new_jobs")


def test_headline_rule_picks_the_indicator_rate_unless_the_model_is_not_worse():
    from analysis.models.feasibility import headline_rule as hr

    y = [1.0, 0.0] * 20
    cases = pd.DataFrame(
        {
            "year": range(2000, 2040),
            "key": "gdp_real_growth",
            "y": y,
            "p_indicator": 0.5,
            "p_headline_model": [0.9 if v else 0.1 for v in y],
        }
    )
    choice = hr.headline_choice(cases)
    assert choice["choice"] == "model" and choice["diff"] == pytest.approx(0.01 - 0.25)
    assert choice["se"] == pytest.approx(0.0)
    worse = cases.assign(p_headline_model=[0.1 if v else 0.9 for v in y])
    assert hr.headline_choice(worse)["choice"] == "indicator"
    assert hr.headline_choice(cases.iloc[:10])["choice"] == "indicator"  # too few paired cases
    final = hr.headline_cases(worse)
    assert (final["p_final"] == 0.5).all() and set(final["choice"]) == {"indicator"}
    cal = hr.calibration(final)
    assert list(cal["n"]) == [40] and cal["checked"].all() and cal["gap"].iloc[0] == pytest.approx(0.0)
    assert cal["within_bound"].all() and cal["years"].iloc[0] == 40
    assert hr.calibration_sentence(cal).startswith("All 1 bins with 10 or more cases are within 0.15")


def test_calibration_names_the_bins_off_the_bound_and_the_year_that_fills_them():
    from analysis.models.feasibility import headline_rule as hr

    # 12 cases of 2021 at p = 0.35, 10 met; 12 cases spread over 12 years at p = 0.85, 10 met
    cases = pd.DataFrame(
        {
            "year": [2021] * 12 + list(range(2000, 2012)),
            "y": ([1.0] * 10 + [0.0] * 2) * 2,
            "p_final": [0.35] * 12 + [0.85] * 12,
        }
    )
    cal = hr.calibration(cases).set_index("bin")
    assert cal.loc["0.3-0.4", "gap"] == pytest.approx(10 / 12 - 0.35) and not cal.loc["0.3-0.4", "within_bound"]
    assert cal.loc["0.3-0.4", "largest_year"] == "2021: 12 cases, 83% met" and cal.loc["0.3-0.4", "years"] == 1
    assert cal.loc["0.8-0.9", "within_bound"]
    text = hr.calibration_sentence(cal.reset_index())
    assert "1 of 2 bins" in text and "0.3-0.4 (n=12: mean 0.35, observed 0.83; 1 years, the largest 2021" in text


def test_empirical_probability_leaves_out_liaoning_revision_years():
    rows = [("liaoning", y, "gdp_real_growth", 6.0, "", "%", 5.0) for y in range(2011, 2018)]
    rows += [("hebei", y, "gdp_real_growth", 6.0, "", "%", 7.0) for y in range(2000, 2012)]
    pairs = _pairs(rows)
    assert pairs.loc[pairs["region"] == "liaoning", "revision_period"].all()
    r = feasibility.empirical_miss_probability(pairs, region="liaoning", key="gdp_real_growth")
    assert r["n_obs"] == 0 and r["p"] == pytest.approx(1.0)  # only the pool (all met) speaks
    r2 = feasibility.empirical_miss_probability(pairs, region="liaoning", key="gdp_real_growth", exclude_revision=False)
    assert r2["n_obs"] == 7 and r2["p"] < 0.5


def test_time_series_probability_is_seeded_and_reproducible():
    rng = np.random.default_rng(0)
    series = pd.DataFrame({"year": np.arange(2000, 2024), "value": 6 + rng.normal(0, 1, 24)})
    a = feasibility.time_series_probability(series, 6.0, year=2024, n_paths=2000, seed=7)
    b = feasibility.time_series_probability(series, 6.0, year=2024, n_paths=2000, seed=7)
    c = feasibility.time_series_probability(series, 6.0, year=2024, n_paths=2000, seed=8)
    assert a == b
    assert a["p"] != c["p"]
    closed = feasibility.time_series_probability(series, 6.0, year=2024, n_paths=0)
    assert abs(a["p"] - closed["p"]) < 0.04  # simulation converges to the Gaussian predictive
    assert 0 <= a["p_low"] <= a["p"] <= a["p_high"] <= 1


@pytest.mark.parametrize("sd_level, missing", [(0.0, None), (0.3, None), (1.0, 5), (0.05, 11)])
def test_closed_form_local_level_matches_statsmodels(sd_level, missing):
    rng = np.random.default_rng(42)
    y = 6 + np.cumsum(rng.normal(0, sd_level, 24)) + rng.normal(0, 1, 24)
    if missing is not None:
        y[missing] = np.nan
    fit = feasibility.local_level_closed_form(y)
    ref = feasibility.fit_local_level(y)
    fc = ref.get_forecast(1)
    assert fit["loglik"] == pytest.approx(ref.llf, abs=1e-3)
    assert fit["level"] == pytest.approx(float(fc.predicted_mean[-1]), abs=1e-3)
    sd = math.sqrt(fit["level_var"] + fit["sigma2_irregular"])
    assert sd == pytest.approx(float(fc.se_mean[-1]), rel=1e-3)


def test_closed_form_local_level_is_exact_for_a_constant_mean():
    # q = 0 is the i.i.d. model: the forecast is the sample mean, sd^2 = s2_ml (1 + 1/n)
    y = np.array([5.0, 7.0, 6.0, 8.0, 4.0, 6.0])
    fit = feasibility.local_level_closed_form(y)
    if fit["q"] < 1e-3:
        s2 = np.mean((y - y.mean()) ** 2) * len(y) / (len(y) - 1)  # concentrated diffuse ML: divides by n - 1
        assert fit["level"] == pytest.approx(y.mean(), abs=1e-3)
        assert fit["level_var"] + fit["sigma2_irregular"] == pytest.approx(s2 * (1 + 1 / len(y)), rel=1e-2)
    else:
        pytest.fail(f"expected q at the boundary, got {fit['q']}")


def test_time_series_probability_needs_a_recent_series():
    series = pd.DataFrame({"year": np.arange(2000, 2015), "value": np.linspace(10, 7, 15)})
    r = feasibility.time_series_probability(series, 6.0, year=2024, n_paths=0)
    assert math.isnan(r["p"]) and "ends 2014" in r["note"]


def test_combine_is_the_average():
    a = {"p": 0.2, "p_low": 0.1, "p_high": 0.3, "n_obs": 3, "method": "x"}
    b = {"p": 0.6, "p_low": 0.5, "p_high": 0.9, "n_obs": 9, "method": "y"}
    c = feasibility.combine([a, b, {"p": math.nan}])
    assert (c["p"], c["p_low"], c["p_high"], c["n_obs"]) == pytest.approx((0.4, 0.3, 0.6, 9))
    assert math.isnan(feasibility.combine([])["p"])


def test_track_record_summary_counts():
    rows = [
        ("liaoning", y, "gdp_real_growth", 6.0, "左右", "%", o)
        for y, o in [(2012, 7.0), (2015, 3.0), (2018, 5.8), (2019, 6.2)]
    ]
    s = track_record.track_record_summary(_pairs(rows))
    allrow = s[s["period"] == "all"].iloc[0]
    assert (allrow["n"], allrow["n_met"], allrow["n_in_band"]) == (4, 2, 2)
    excl = s[s["period"] == "all excl. Liaoning 2011-2017"].iloc[0]
    assert (excl["n"], excl["n_met"]) == (2, 1)
    assert excl["mean_miss"] == pytest.approx(0.0)


def test_track_record_never_mixes_units_or_indicators():
    rows = [
        ("liaoning", 2024, "gdp_real_growth", 5.5, "左右", "%", 5.1),
        ("liaoning", 2024, "grain_output", 2500.0, "左右", "万吨", 2578.0),
        ("liaoning", 2025, "gdp_real_growth", 5.0, "以上", "%", 3.7),
    ]
    pairs = _pairs(rows)
    for s in (track_record.track_record_summary(pairs, by=("panel", "period")), track_record.yearly_summary(pairs)):
        assert {"key", "unit"} <= set(s.columns)
        assert s.groupby(["key"])["unit"].nunique().max() == 1
        grain = s[s["key"] == "grain_output"]
        assert (grain["mean_miss"] == 78.0).all()  # 2578 - 2500 万吨, alone in its rows
    y = track_record.yearly_summary(pairs)
    gdp = y[y["key"] == "gdp_real_growth"].set_index("year")["mean_miss"]
    assert gdp.to_dict() == pytest.approx({2024: -0.4, 2025: -1.3})


# ---------------------------------------------------------------- the ambition of the target
def test_logistic_map_recovers_group_hit_rates_under_a_flat_prior():
    # one binary feature, saturated model, nearly flat prior: fitted P = hit rate of each group
    x = np.array([0] * 10 + [1] * 8, float)
    y = np.array([1] * 7 + [0] * 3 + [1] * 2 + [0] * 6, float)
    X = np.column_stack([np.ones_like(x), x])
    b, cov = feasibility.fit_logistic_map(X, y, [0, 0], [1e4, 1e4])
    p = 1 / (1 + np.exp(-(X @ b)))
    assert p[0] == pytest.approx(0.7, abs=1e-6) and p[-1] == pytest.approx(0.25, abs=1e-6)
    # Laplace covariance of the intercept = 1 / (n p (1 - p)) in the x = 0 group
    assert cov[0, 0] == pytest.approx(1 / (10 * 0.7 * 0.3), rel=1e-4)


def test_logistic_map_prior_shrinks_and_satisfies_the_first_order_condition():
    y = np.ones(5)  # five hits, no miss: the MLE is infinite, the posterior mode is not
    X = np.ones((5, 1))
    b, _ = feasibility.fit_logistic_map(X, y, [0.0], [1.0])
    p = 1 / (1 + math.exp(-b[0]))
    assert np.isfinite(b[0]) and 0.5 < p < 1
    assert np.sum(y - p) == pytest.approx(b[0] / 1.0**2, abs=1e-9)  # score = prior pull


def test_normal_miss_model_closed_form():
    y = np.array([0.5, -1.0, 0.2, 1.3, -0.4])
    X = np.ones((5, 1))
    b, vinv, a, bn = feasibility.fit_normal_miss(X, y, [1e6], a0=1.0, b0=1.0)
    n = len(y)
    assert b[0] == pytest.approx(y.mean(), abs=1e-9)
    assert a == 1.0 + n / 2 and bn == pytest.approx(1.0 + 0.5 * np.sum((y - y.mean()) ** 2), abs=1e-6)
    # the design has an intercept and the four features: pad the one-column fit with zeros
    pad = np.zeros((5, 5))
    pad[0, 0] = vinv[0, 0]
    fit = {
        "model": feasibility.METHOD_AMBITION_NORMAL,
        "coef": np.concatenate([b, np.zeros(4)]),
        "vinv": pad,
        "a": a,
        "b": bn,
    }
    feats = pd.DataFrame([{f: 0.0 for f in feasibility.AMBITION_FEATURES}])
    p, lo, hi = feasibility.predict_ambition(fit, feats)
    scale = math.sqrt(bn / a * (1 + 1 / n))
    expect = stats.t.cdf((y.mean() + 0.05) / scale, 2 * a)
    assert p[0] == pytest.approx(expect, abs=1e-6) and lo[0] <= p[0] <= hi[0]


def test_ambition_features_use_only_what_was_known():
    cases = pd.DataFrame(
        {
            "region": ["hebei", "hebei", "china"],
            "year": [2021, 2022, 2021],
            "key": ["gdp_real_growth", "urban_unemployment_rate", "gdp_real_growth"],
            "target": [6.0, 5.5, 6.0],
            "ceiling": [False, True, False],
            "qualifier": ["以上", "以内", "以上"],
        }
    )
    outcomes = pd.DataFrame(
        {
            "region": ["hebei", "hebei", "china", "hebei"],
            "year": [2020, 2021, 2020, 2021],
            "key": ["gdp_real_growth", "urban_unemployment_rate", "gdp_real_growth", "gdp_real_growth"],
            "value": [3.9, 5.0, 2.3, 6.5],
        }
    )
    national = pd.DataFrame({"year": [2019, 2020, 2021], "key": ["gdp_real_growth"] * 3, "target": [6.0, np.nan, 6.0]})
    f = feasibility.ambition_features(cases, outcomes, national).set_index(["region", "key"])
    gdp = f.loc[("hebei", "gdp_real_growth")]
    assert gdp["last_outcome"] == 3.9 and gdp["gap_last"] == pytest.approx(2.1)  # 2020 outcome, not 2021's
    assert gdp["national_ref"] == 6.0 and gdp["gap_national"] == 0.0  # 2019's: none in 2020, 2021 not yet out
    assert gdp["q_yishang"] == 1.0 and gdp["q_zuoyou"] == 0.0
    u = f.loc[("hebei", "urban_unemployment_rate")]
    assert u["gap_last"] == pytest.approx(-0.5)  # ceiling 5.5 above last year's 5.0: slack, not ambition
    assert u["gap_national"] == 0.0 and math.isnan(u["national_ref"])  # no national target: no information


def test_ambition_model_gives_a_level_target_no_number():
    """Jobs in 万人: the nation's gap is twenty times a province's, so no pooled pp model is fitted."""
    rows = [
        (r, y, "urban_new_jobs", base, "", "万人", base * 1.1)
        for r, base in (("china", 1000.0), ("hebei", 50.0), ("shanxi", 40.0))
        for y in range(2000, 2012)
    ]
    pairs = _pairs(rows)
    outcomes = pairs[["region", "year", "key", "outcome"]].rename(columns={"outcome": "value"})
    national = pairs.loc[pairs["region"] == "china", ["year", "key", "target"]]
    feats = feasibility.ambition_features(pairs, outcomes, national)
    assert feasibility.fit_ambition(feats, key="urban_new_jobs")["coef"] is None
    case = feats[(feats["region"] == "hebei") & (feats["year"] == 2011)].iloc[0].to_dict()
    r = feasibility.ambition_probability(feats[feats["year"] < 2011], case)
    assert math.isnan(r["p"]) and "percentage points" in r["note"] and "万人" in r["note"]
    pct = feats.assign(unit="%")  # the same numbers read as % are modelled
    assert feasibility.fit_ambition(pct, key="urban_new_jobs")["coef"] is not None


def _synthetic_track_record(seed):
    """Four provinces and the nation, 2000-2015: targets, outcomes with an ambition effect, series."""
    rng = np.random.default_rng(seed)
    rows, series = [], {}
    for region in ("china", "r1", "r2", "r3", "r4"):
        growth = 8 + np.cumsum(rng.normal(0, 0.3, 26)) + rng.normal(0, 0.7, 26)  # 1990-2015
        years = np.arange(1990, 2016)
        series[(region, "gdp_real_growth")] = pd.DataFrame({"year": years, "value": growth.round(1)})
        for y in range(2000, 2016):
            target = round(float(growth[y - 1991]) + float(rng.choice([-1.0, -0.5, 0.0, 0.5, 1.0, 2.0])), 1)
            rows.append(
                (
                    region,
                    y,
                    "gdp_real_growth",
                    target,
                    str(rng.choice(["左右", "以上", ""])),
                    "%",
                    float(growth[y - 1990].round(1)),
                )
            )
    pairs = _pairs(rows)
    outcomes = pd.DataFrame([(r, y, k, o) for r, y, k, _, _, _, o in rows], columns=["region", "year", "key", "value"])
    for (region, key), s in series.items():
        early = s[s["year"] < 2000].assign(region=region, key=key)
        outcomes = pd.concat([outcomes, early[["region", "year", "key", "value"]]], ignore_index=True)
    national = pairs.loc[pairs["region"] == "china", ["year", "key", "target"]]
    return feasibility.ambition_features(pairs, outcomes, national), series, outcomes


def test_backtest_scores_every_method_and_baseline_on_the_same_cases():
    from analysis.models.feasibility import backtest

    pairs, series, outcomes = _synthetic_track_record(3)
    cases = backtest.backtest_cases(pairs, series, outcome_table=outcomes)
    table = backtest.score_table(cases)
    names = set(table["method"])
    every = {
        backtest.BASELINE_HIT_RATE,
        backtest.BASELINE_ALWAYS,
        feasibility.METHOD_EMPIRICAL,
        feasibility.METHOD_TS,
        feasibility.METHOD_COMBINED,
        feasibility.METHOD_AMBITION_LOGIT,
        feasibility.METHOD_AMBITION_NORMAL,
        feasibility.METHOD_TREND,
        feasibility.METHOD_WEIGHTED,
        feasibility.METHOD_COMPONENTS,
    }
    primary = feasibility.PRIMARY_METHOD + backtest.PRIMARY_TAG
    assert names == (every - {feasibility.PRIMARY_METHOD}) | {primary} and table["method"].iloc[0] == primary
    assert set(backtest.WEIGHTED_MEMBERS) == {
        feasibility.METHOD_EMPIRICAL,
        feasibility.METHOD_TREND,
        feasibility.METHOD_AMBITION_NORMAL,
    }
    # same n for every method and baseline: exactly the cases where every probability exists
    c = backtest.common_cases(cases)
    assert table["n"].nunique() == 1 and table["n"].iloc[0] == len(c) > 20
    assert len(c) == int(cases[list(backtest.method_columns().values())].notna().all(axis=1).sum())
    for name, col in backtest.method_columns().items():
        assert table.set_index("method").loc[name, "brier"] == pytest.approx(float(np.mean((c[col] - c["y"]) ** 2)))
    by = backtest.score_table(cases, by="sample")
    assert (by.groupby("sample")["n"].nunique() == 1).all()
    assert by.groupby("sample")["n"].first().sum() == len(c)
    assert list(table.columns[:4]) == ["method", "n", "brier", "log_score"]
    # the combined method is the equal-weight average of empirical, UC and the primary ambition model
    primary = backtest.AMBITION_COLUMNS[feasibility.PRIMARY_AMBITION]
    assert c["p_combined"].to_numpy() == pytest.approx(c[["p_empirical", "p_time_series", primary]].mean(axis=1))
    always = table.set_index("method").loc[backtest.BASELINE_ALWAYS]
    assert always["brier"] == pytest.approx(1 - always["hit_rate"])
    assert c[[primary, "p_ambition_logistic"]].stack().between(*feasibility.P_CLIP).all()


def test_backtest_is_reproducible_and_independent_of_row_order():
    from analysis.models.feasibility import backtest

    pairs, series, outcomes = _synthetic_track_record(11)
    a = backtest.backtest_cases(pairs, series, outcome_table=outcomes)
    b = backtest.backtest_cases(
        pairs.sample(frac=1.0, random_state=np.random.RandomState(5)),
        series,
        outcome_table=outcomes.sample(frac=1.0, random_state=np.random.RandomState(6)),
    )
    pd.testing.assert_frame_equal(a, b)


def test_backtest_uses_no_future_outcome():
    from analysis.models.feasibility import backtest

    pairs, series, outcomes = _synthetic_track_record(7)
    before = backtest.backtest_cases(pairs, series)
    changed = pairs.copy()
    late = changed["year"] >= 2012
    changed.loc[late, "met"] = 1.0 - changed.loc[late, "met"]  # rewrite the future
    changed.loc[late, "signed_miss"] = -changed.loc[late, "signed_miss"]
    after = backtest.backtest_cases(changed, series)
    cols = [
        "p_empirical",
        "p_ambition_normal",
        "p_ambition_logistic",
        "p_trend",
        "p_weighted",
        "p_components",
        "p_hit_rate",
    ]
    upto = before["year"] <= 2012  # year 2012 is predicted from years before 2012 only
    pd.testing.assert_frame_equal(before.loc[upto, cols], after.loc[upto, cols])
    assert not before.loc[before["year"] > 2012, cols].equals(after.loc[after["year"] > 2012, cols])


# ---------------------------------------------------------------- method 5: trend; past-performance combination
def _outcome_table(values_by_region, start=2000):
    rows = [(r, start + i, "gdp_real_growth", v) for r, vals in values_by_region.items() for i, v in enumerate(vals)]
    return pd.DataFrame(rows, columns=["region", "year", "key", "value"])


def test_trend_of_a_constant_growth_history_is_that_growth():
    table = _outcome_table({f"r{i}": [7.0] * 12 for i in range(4)})
    t = feasibility.trend_forecasts(table)
    assert (t["trend"] == 7.0).all() and (t["error"].dropna() == 0.0).all()
    assert t["year"].min() == 2000 + feasibility.TREND_MIN_KNOWN and t["year"].max() == 2012  # the year after the data
    # errors all zero: the scale is the floor, so P(met) = Φ((7 + 0 - target + 0.05) / floor)
    r = feasibility.trend_probability(t, region="r1", key="gdp_real_growth", year=2012, target=7.5)
    assert r["mean"] == 7.0 and r["sd"] == feasibility.TREND_SD_FLOOR
    assert r["p"] == pytest.approx(stats.norm.cdf((7.0 - 7.5 + 0.05) / feasibility.TREND_SD_FLOOR))


def test_trend_probability_is_the_normal_cdf_with_the_robust_error_scale():
    # errors of known spread: past outcomes minus trend are -2, -2, 0, +2, +2 (pp), repeated in every region:
    # median 0, median absolute deviation 2, so the normal sd is 2 x 1.4826
    t = pd.DataFrame(
        {
            "region": [f"r{i}" for i in range(5) for _ in range(5)] + ["r0"],
            "key": "gdp_real_growth",
            "year": [2010 + j for _ in range(5) for j in range(5)] + [2015],
            "trend": 6.0,
            "n_known": 5,
            "error": [e for _ in range(5) for e in (-2.0, -2.0, 0.0, 2.0, 2.0)] + [np.nan],
        }
    )
    loc, scale = feasibility.robust_error_scale(t["error"])
    assert loc == 0.0 and scale == pytest.approx(2.0 * 1.4826, rel=1e-4)
    r = feasibility.trend_probability(t, region="r0", key="gdp_real_growth", year=2015, target=6.5)
    assert r["p"] == pytest.approx(stats.norm.cdf((6.0 - 6.5 + 0.05) / scale))
    assert r["p_low"] <= r["p"] <= r["p_high"] and r["n_obs"] == 25
    ceil = feasibility.trend_probability(t, region="r0", key="gdp_real_growth", year=2015, target=6.5, ceiling=True)
    assert ceil["p"] == pytest.approx(stats.norm.cdf((6.5 + 0.05 - 6.0) / scale))
    few = feasibility.trend_probability(t, region="r0", key="gdp_real_growth", year=2015, target=6.5, min_errors=26)
    assert math.isnan(few["p"]) and "no history" in few["note"]


def test_trend_median_looks_through_one_shock_year():
    # 7, 7, 7, 7 then a one-off shock of 2: the median of the five is still 7 (a random walk would say 2)
    t = feasibility.trend_forecasts(_outcome_table({"r1": [7.0, 7.0, 7.0, 7.0, 2.0]}))
    assert t.set_index("year").loc[2005, "trend"] == 7.0


def test_trend_forecast_of_year_t_uses_no_outcome_of_year_t_or_later():
    rng = np.random.default_rng(3)
    table = _outcome_table({f"r{i}": list(np.round(7 + rng.normal(0, 1, 20), 1)) for i in range(5)})
    before = feasibility.trend_forecasts(table)
    p_before = feasibility.trend_probability(before, region="r2", key="gdp_real_growth", year=2015, target=7.0)
    changed = table.copy()
    changed.loc[(changed["year"] >= 2015) & (changed["region"] == "r2"), "value"] += 5.0  # rewrite year T onwards
    changed.loc[changed["year"] >= 2015, "value"] -= 3.0
    after = feasibility.trend_forecasts(changed)
    p_after = feasibility.trend_probability(after, region="r2", key="gdp_real_growth", year=2015, target=7.0)
    key = ["region", "year"]
    upto = before[before["year"] <= 2015].set_index(key)["trend"]
    pd.testing.assert_series_equal(upto, after[after["year"] <= 2015].set_index(key)["trend"])
    assert p_after["p"] == p_before["p"] and p_after["note"] == p_before["note"]
    assert after.set_index(key).loc[("r2", 2016), "trend"] != before.set_index(key).loc[("r2", 2016), "trend"]


def test_trend_leaves_out_liaoning_revision_years():
    table = _outcome_table({"liaoning": [8.0] * 11 + [30.0] * 7 + [5.0, 5.0, 5.0]})  # 2000-2020, 2011-2017 inflated
    t = feasibility.trend_forecasts(table).set_index("year")
    assert 2018 not in t.index and 2019 not in t.index and 2020 not in t.index  # < 3 known outcomes in the window
    assert t.loc[2021, "trend"] == 5.0
    kept = feasibility.trend_forecasts(table, exclude_revision=False).set_index("year")
    assert kept.loc[2018, "trend"] == 30.0


def test_performance_weights_are_inverse_past_brier():
    past = pd.DataFrame({"y": [1.0, 0.0, 1.0, 0.0] * 3, "a": [0.9, 0.1, 0.9, 0.1] * 3, "b": [0.5] * 12})
    w, note = feasibility.performance_weights(past, {"A": "a", "B": "b"})
    inv_a, inv_b = 1 / 0.01, 1 / 0.25  # Brier 0.01 and 0.25
    assert w["A"] == pytest.approx(inv_a / (inv_a + inv_b)) and sum(w.values()) == pytest.approx(1.0)
    few, note = feasibility.performance_weights(past.head(5), {"A": "a", "B": "b"})
    assert few == {"A": 0.5, "B": 0.5} and "equal weights" in note
    pooled = feasibility.combine_weighted(
        {
            "A": {"p": 0.8, "p_low": 0.7, "p_high": 0.9, "n_obs": 3, "method": "A"},
            "B": {"p": 0.2, "p_low": 0.1, "p_high": 0.3, "n_obs": 5, "method": "B"},
            "C": None,
        },
        {"A": 0.75, "B": 0.25, "C": 1.0},
    )
    assert pooled["p"] == pytest.approx(0.65) and pooled["p_low"] == pytest.approx(0.55) and pooled["n_obs"] == 5


def test_weighted_combination_uses_only_earlier_years():
    from analysis.models.feasibility import backtest

    pairs, series, outcomes = _synthetic_track_record(5)
    cases = backtest.backtest_cases(pairs, series, outcome_table=outcomes)
    flipped = pairs.copy()
    late = flipped["year"] >= 2012
    flipped.loc[late, "met"] = 1.0 - flipped.loc[late, "met"]  # rewrite the outcomes of 2012 onwards
    flipped.loc[late, "signed_miss"] = -flipped.loc[late, "signed_miss"] - 0.1
    again = backtest.backtest_cases(flipped, series, outcome_table=outcomes)
    upto = cases["year"] <= 2012
    assert cases.loc[upto, "p_weighted"].notna().any()
    pd.testing.assert_series_equal(cases.loc[upto, "p_weighted"], again.loc[upto, "p_weighted"])
    assert not cases.loc[~upto, "p_weighted"].equals(again.loc[~upto, "p_weighted"])
    w, _ = backtest.weights_before(cases, 2013)
    sel = (cases["year"] == 2013) & cases[list(backtest.WEIGHTED_MEMBERS.values())].notna().all(axis=1)
    expect = sum(w[m] * cases.loc[sel, c] for m, c in backtest.WEIGHTED_MEMBERS.items())
    assert sel.any() and cases.loc[sel, "p_weighted"].to_numpy() == pytest.approx(expect.to_numpy())


def test_backtest_and_headline_share_one_evaluation():
    """The backtest's combined and headline columns are exactly what feasibility_table reports."""
    from analysis.models.feasibility import backtest

    pairs, series, outcomes = _synthetic_track_record(7)
    cases = backtest.backtest_cases(pairs, series, outcome_table=outcomes)
    national = pairs.loc[pairs["region"] == "china", ["year", "key", "target"]]
    for year in (2010, 2014):
        w, note = backtest.weights_before(cases, year)
        for region in ("r1", "r3"):
            row = pairs[(pairs["region"] == region) & (pairs["year"] == year)].iloc[0]
            targets = pd.DataFrame(
                {
                    "key": ["gdp_real_growth"],
                    "indicator": ["GDP"],
                    "target": [row["target"]],
                    "qualifier": [row["qualifier"]],
                    "unit": ["%"],
                }
            )
            table = feasibility.feasibility_table(
                targets,
                pairs,
                {"gdp_real_growth": (series[(region, "gdp_real_growth")], "")},
                region=region,
                year=year,
                n_paths=0,
                outcome_table=outcomes,
                national=national,
                weights=w,
                weights_note=note,
            )
            case = cases[(cases["region"] == region) & (cases["year"] == year)].iloc[0]
            got = table.iloc[0]
            for col, bcol in (
                ("p_model", "p_headline"),
                ("p_indicator", "p_indicator"),
                ("p_empirical", "p_empirical"),
                ("p_time_series", "p_time_series"),
                ("p_trend", "p_trend"),
                ("p_weighted", "p_weighted"),
                ("p_ambition", "p_ambition_normal"),
            ):
                assert got[col] == pytest.approx(case[bcol], nan_ok=True), col
    # combined pools the members that have a probability (not NaN when one is missing)
    part = cases[cases["p_time_series"].isna() & cases["p_empirical"].notna()]
    if len(part):
        assert part["p_combined"].notna().all()


# ---------------------------------------------------------------- method 7: error components of the misses
def _miss_panel(year_shock, region_habit, noise=None, target=6.0, start=2010):
    """Pairs whose signed miss is year_shock[t] + region_habit[i] (+ noise[i, t]) for floor targets."""
    rows = []
    for i, (region, habit) in enumerate(region_habit.items()):
        for t, shock in enumerate(year_shock):
            e = 0.0 if noise is None else float(noise[i, t])
            rows.append(
                (region, start + t, "gdp_real_growth", target, "以上", "%", round(target + shock + habit + e, 6))
            )
    return _pairs(rows)


def test_components_of_pure_year_shocks_give_the_closed_form_t_probability():
    shocks = [1.0, -2.0, 0.5, -1.5, 3.0, -0.5]
    pairs = _miss_panel(shocks, {"r1": 0.0, "r2": 0.0, "r3": 0.0})
    comp = feasibility.miss_components(pairs, key="gdp_real_growth")
    lam = np.array(shocks)
    assert comp["m"] == pytest.approx(lam.mean()) and comp["n_years"] == 6 and comp["n_cases"] == 18
    assert comp["var_idio"] == pytest.approx(0.0, abs=1e-12) and comp["var_region"] == pytest.approx(0.0, abs=1e-12)
    assert comp["var_year"] == pytest.approx(lam.var(ddof=1)) and comp["share_year"] == pytest.approx(1.0)
    r = feasibility.components_probability(pairs, region="r1", key="gdp_real_growth", year=2016)
    sd = math.sqrt(lam.var(ddof=1) * (1 + 1 / 6))
    assert r["sd"] == pytest.approx(sd) and r["mean"] == pytest.approx(lam.mean())
    assert r["p"] == pytest.approx(stats.t.sf((-0.05 - lam.mean()) / sd, df=5))
    assert r["p_low"] <= r["p"] <= r["p_high"]


def test_components_recover_region_habits_in_a_balanced_panel_without_noise():
    habits = {"a": 1.0, "b": -0.5, "c": -0.5}  # summing to zero: the year means carry no habit
    pairs = _miss_panel([0.5, -1.0, 0.0, 1.5], habits)
    comp = feasibility.miss_components(pairs, key="gdp_real_growth")
    regions = comp["regions"].set_index("region")
    assert regions["raw"].to_dict() == pytest.approx(habits)
    assert comp["var_idio"] == pytest.approx(0.0, abs=1e-12) and (regions["weight"] == 1.0).all()
    assert regions["effect"].to_dict() == pytest.approx(habits)  # no noise: no shrinkage
    assert comp["var_region"] == pytest.approx(np.mean(np.square(list(habits.values()))))


def test_components_shrink_region_effects_by_their_signal_share():
    rng = np.random.default_rng(4)
    habits = {f"r{i}": h for i, h in enumerate(rng.normal(0, 1.0, 12))}
    pairs = _miss_panel(list(rng.normal(0, 1, 8)), habits, noise=rng.normal(0, 1.0, (12, 8)))
    comp = feasibility.miss_components(pairs, key="gdp_real_growth")
    reg = comp["regions"]
    expect_w = reg["n"] * comp["var_region"] / (reg["n"] * comp["var_region"] + comp["var_idio"])
    assert comp["var_region"] > 0 and reg["weight"].to_numpy() == pytest.approx(expect_w.to_numpy())
    assert (reg["effect"].abs() <= reg["raw"].abs() + 1e-12).all() and (reg["weight"] < 1).all()
    # a region seen only in fewer years is shrunk harder
    few = pairs[~((pairs["region"] == "r0") & (pairs["year"] > 2011))]
    w_few = feasibility.miss_components(few, key="gdp_real_growth")["regions"].set_index("region")["weight"]
    assert w_few["r0"] < w_few["r1"]


def test_components_probability_uses_only_the_window_before_the_year():
    pairs = _miss_panel([1.0, -2.0, 0.5, -1.5, 3.0, -0.5, 4.0, -4.0], {"r1": 0.0, "r2": 0.3, "r3": -0.3})
    r = feasibility.components_probability(pairs, region="r1", key="gdp_real_growth", year=2016, window=4)
    only = pairs[(pairs["year"] >= 2012) & (pairs["year"] < 2016)]
    assert r == feasibility.components_probability(only, region="r1", key="gdp_real_growth", year=2016, window=4)
    short = feasibility.components_probability(pairs, region="r1", key="gdp_real_growth", year=2012)
    assert math.isnan(short["p"]) and "no history" in short["note"]  # two years: too few


def test_predictability_references_match_their_closed_forms():
    from analysis.models.feasibility import backtest

    pairs, series, outcomes = _synthetic_track_record(3)
    cases = backtest.backtest_cases(pairs, series, outcome_table=outcomes)
    ref = backtest.predictability_table(cases).set_index("reference")
    c = backtest.common_cases(cases)
    y = c["y"].to_numpy(float)
    assert ref.loc[backtest.REFERENCE_COIN, "brier"] == 0.25
    assert ref.loc[backtest.REFERENCE_CONSTANT, "brier"] == pytest.approx(y.mean() * (1 - y.mean()))
    by_year = c.groupby("year")["y"].agg(["size", "mean"])
    oracle = float((by_year["size"] * by_year["mean"] * (1 - by_year["mean"])).sum() / len(c))
    assert ref.loc[backtest.REFERENCE_YEAR, "brier"] == pytest.approx(oracle)
    assert ref.loc[backtest.REFERENCE_YEAR, "brier"] <= ref.loc[backtest.REFERENCE_CONSTANT, "brier"]
    assert (ref["n"] == len(c)).all()


def test_miss_variance_table_reports_the_components_per_indicator_and_period():
    pairs = _miss_panel([1.0, -2.0, 0.5, -1.5, 3.0, -0.5, 2.0, -1.0, 0.0, 1.0, -3.0, 2.5], {"r1": 0.0, "r2": 0.0})
    table = feasibility.miss_variance_table(pairs, by_period=True)
    # 2010-2021: "2002-2010" holds one year, 2018-2019 and 2020-2021 two each: too few to split
    assert table["period"].tolist() == ["all years", "2011-2017"]
    assert table["share_year"].to_numpy() == pytest.approx([1.0, 1.0])
    assert table["sd_idio"].to_numpy() == pytest.approx([0.0, 0.0], abs=1e-9)
    whole = table.iloc[0]
    assert whole["years"] == "2010-2021" and whole["n_cases"] == 24 and whole["n_years"] == 12


def test_a_text_without_headline_targets_is_refused_naming_the_file(tmp_path, monkeypatch):
    from analysis import paths
    from analysis.errors import InputError
    from analysis.models.feasibility import target_data

    fake = tmp_path / "2024_liaoning.txt"
    fake.write_text("辽宁省人民政府\n今天天气很好，我们去公园散步。\n", encoding="utf-8")
    monkeypatch.setattr(paths, "report_path", lambda region, year: fake)
    with pytest.raises(InputError) as err:
        target_data.report_targets("liaoning", 2024)
    assert err.value.file == fake and "主要预期目标" in str(err.value)
