"""Closed-form and reproducibility tests of the feasibility models (no data files needed)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analysis.models import feasibility, in_year, target_rules, track_record


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
    assert target_rules.is_met(5.1, 5.5, ceiling=False) == 0.0      # Liaoning 2024 GDP vs 5.5 左右
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


# ---------------------------------------------------------------- probabilities
def test_normal_probability_closed_form():
    # N(6, 1) against a floor of 5: Φ(1) = 0.8413...
    assert feasibility.normal_probability(6.0, 1.0, 5.0) == pytest.approx(stats.norm.cdf(1.0))
    assert feasibility.normal_probability(6.0, 1.0, 5.0, ceiling=True) == pytest.approx(stats.norm.cdf(-1.0))


def _pairs(rows):
    df = pd.DataFrame(rows, columns=["region", "year", "key", "target_low", "qualifier", "unit", "outcome"])
    targets = df.assign(target_high=df["target_low"], indicator=df["key"])
    outcomes = df[["region", "year", "key", "outcome", "unit"]].rename(columns={"outcome": "value"})
    outcomes["vintage"] = "communique (preliminary)"
    return track_record.pair_targets_outcomes(targets, outcomes)


def test_empirical_probability_is_the_shrunk_hit_rate():
    rows = [("hebei", y, "gdp_real_growth", 6.0, "左右", "%", 6.0 + (0.5 if y % 2 else -0.5)) for y in range(2000, 2012)]
    rows += [("liaoning", y, "gdp_real_growth", 6.0, "以上", "%", 7.0 if y < 2003 else 5.0) for y in range(2000, 2004)]
    pairs = _pairs(rows)
    r = feasibility.empirical_miss_probability(pairs, region="liaoning", key="gdp_real_growth", prior_strength=4)
    # own: 3 met of 4; pool: all 16 GDP cases, 9 met -> p0 = 9/16
    p0 = 9 / 16
    assert r["p"] == pytest.approx((3 + 4 * p0) / (4 + 4))
    assert r["n_obs"] == 4 and r["p_low"] < r["p"] < r["p_high"]
    assert "pooled: provincial and national GDP misses" in r["note"]


def test_empirical_probability_leaves_out_liaoning_revision_years():
    rows = [("liaoning", y, "gdp_real_growth", 6.0, "", "%", 5.0) for y in range(2011, 2018)]
    rows += [("hebei", y, "gdp_real_growth", 6.0, "", "%", 7.0) for y in range(2000, 2012)]
    pairs = _pairs(rows)
    assert pairs.loc[pairs["region"] == "liaoning", "revision_period"].all()
    r = feasibility.empirical_miss_probability(pairs, region="liaoning", key="gdp_real_growth")
    assert r["n_obs"] == 0 and r["p"] == pytest.approx(1.0)  # only the pool (all met) speaks
    r2 = feasibility.empirical_miss_probability(pairs, region="liaoning", key="gdp_real_growth",
                                                exclude_revision=False)
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
    rows = [("liaoning", y, "gdp_real_growth", 6.0, "左右", "%", o)
            for y, o in [(2012, 7.0), (2015, 3.0), (2018, 5.8), (2019, 6.2)]]
    s = track_record.track_record_summary(_pairs(rows))
    allrow = s[s["period"] == "all"].iloc[0]
    assert (allrow["n"], allrow["n_met"], allrow["n_in_band"]) == (4, 2, 2)
    excl = s[s["period"] == "all excl. Liaoning 2011-2017"].iloc[0]
    assert (excl["n"], excl["n_met"]) == (2, 1)
    assert excl["mean_miss"] == pytest.approx(0.0)
