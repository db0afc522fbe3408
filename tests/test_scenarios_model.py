"""The scenario Monte Carlo, the growth estimate and the band calibration against closed forms (no data).

Closed forms used:
- zero volatility: level_t = start * ((1 + real_mu)(1 + defl_mu))**t, so the crossing year is the smallest
  t with start * (1+g)**t >= threshold;
- normal log growth: ln(level_t / start) ~ N(t (m_r + m_d), t (s_r² + s_d² + 2 ρ s_r s_d)), m = ln(1 + mu),
  so P(level_t >= T) = 1 - Φ((ln(T/start) - t m) / (s √t));
- parameter uncertainty (noninformative prior): the one-year predictive of ln(L1/S) is m + s sqrt(1 + 1/n)
  t_{n-1} (Gelman et al. 2013, Bayesian Data Analysis, 3rd ed., section 3.2);
- split-conformal: with n sorted errors the band [z_(k), z_(n+1-k)] has coverage (n + 1 - 2k) / (n + 1).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm
from scipy.stats import t as student_t

from analysis.errors import InputError
from analysis.models.scenarios import (
    InsufficientHistory,
    calibrate_paths,
    conformal_quantiles,
    crossing_probabilities,
    estimate_growth,
    estimate_stated_growth,
    revision_episode,
    simulate_levels,
    staying_probabilities,
    widen,
)
from analysis.series.vintages import revision_years

LIAONING_EPISODE = revision_years("liaoning")


def test_zero_volatility_is_deterministic_compounding():
    start, g_real, g_defl, years = 9000.0, 0.04, 0.01, 8
    paths = simulate_levels(start, g_real, 0.0, g_defl, 0.0, years, 5, np.random.default_rng(1))
    expected = start * ((1 + g_real) * (1 + g_defl)) ** np.arange(1, years + 1)
    np.testing.assert_allclose(paths, np.broadcast_to(expected, (5, years)), rtol=1e-12)


def test_zero_volatility_survives_calibration_unchanged():
    """A deterministic path has no spread to stretch: the calibrated paths are the path itself, whatever
    the conformal ends say."""
    paths = simulate_levels(9000.0, 0.04, 0.0, 0.01, 0.0, 6, 4, np.random.default_rng(1))
    ends = pd.DataFrame({"horizon": [1, 2, 3], "z_low": -3.0, "z_high": 3.0, "coverage_90": 0.9})
    calibrated, q05, q95, coverage = calibrate_paths(paths, ends)
    np.testing.assert_allclose(calibrated, paths, rtol=1e-12)
    np.testing.assert_allclose(q05, paths[0], rtol=1e-12)
    np.testing.assert_allclose(q95, paths[0], rtol=1e-12)
    assert list(np.isnan(coverage)) == [False, False, False, True, True, True]


@settings(max_examples=50, deadline=None)
@given(start=st.floats(1000, 9999), g=st.floats(0.005, 0.2), years=st.integers(1, 15))
def test_zero_volatility_crossing_year_is_exact(start, g, years):
    threshold = 10000.0
    paths = simulate_levels(start, g, 0.0, 0.0, 0.0, years, 3, np.random.default_rng(0))
    p_cross, p_above = crossing_probabilities(paths, threshold)
    levels = start * (1 + g) ** np.arange(1, years + 1)
    if np.any(np.isclose(levels, threshold, rtol=1e-9)):
        return  # floating-point tie at the threshold: the exact year is not well defined
    t_cross = math.ceil(math.log(threshold / start) / math.log1p(g))
    expected = (np.arange(1, years + 1) >= t_cross).astype(float)
    np.testing.assert_array_equal(p_cross, expected)
    np.testing.assert_array_equal(p_above, expected)


@pytest.mark.parametrize("corr", [0.0, 0.6, -0.5])
def test_probability_matches_normal_cdf(corr):
    start, threshold = 9500.0, 10000.0
    mr, sr, md, sd = 0.045, 0.02, 0.015, 0.018
    n = 200_000
    paths = simulate_levels(start, mr, sr, md, sd, 3, n, np.random.default_rng(7), corr=corr)
    _, p_above = crossing_probabilities(paths, threshold)
    m = math.log1p(mr) + math.log1p(md)
    s = math.sqrt(sr**2 + sd**2 + 2 * corr * sr * sd)
    for t in (1, 2, 3):
        exact = 1 - norm.cdf((math.log(threshold / start) - t * m) / (s * math.sqrt(t)))
        assert abs(p_above[t - 1] - exact) < 4 * math.sqrt(exact * (1 - exact) / n), (t, p_above[t - 1], exact)


def test_parameter_uncertainty_gives_student_t_predictive():
    start, threshold, mu, s, n_obs, n = 9500.0, 10000.0, 0.04, 0.03, 5, 200_000
    paths = simulate_levels(start, mu, s, 0.0, 0.0, 1, n, np.random.default_rng(11), n_obs=n_obs)
    _, p_above = crossing_probabilities(paths, threshold)
    scale = s * math.sqrt(1 + 1 / n_obs)
    exact = 1 - student_t.cdf((math.log(threshold / start) - math.log1p(mu)) / scale, df=n_obs - 1)
    assert abs(p_above[0] - exact) < 4 * math.sqrt(exact * (1 - exact) / n)
    with pytest.raises(InputError) as err:
        simulate_levels(start, mu, s, 0.0, 0.0, 1, 10, np.random.default_rng(0), n_obs=1)
    assert err.value.field == "n_obs"


def test_first_passage_staying_and_level_probabilities():
    paths = np.array([[9.0, 11.0, 9.5], [8.0, 9.0, 10.0], [12.0, 8.0, 7.0], [10.0, 10.0, 10.5]])
    p_cross, p_above = crossing_probabilities(paths, 10.0)
    np.testing.assert_allclose(p_cross, [0.5, 0.75, 1.0])
    np.testing.assert_allclose(p_above, [0.5, 0.5, 0.5])
    np.testing.assert_allclose(staying_probabilities(paths, 10.0), [0.5, 0.25, 0.25])


def test_seeded_run_is_reproducible_byte_for_byte():
    args = (9000.0, 0.05, 0.02, 0.01, 0.02, 6, 1000)
    a = simulate_levels(*args, np.random.default_rng(20240123), n_obs=6)
    b = simulate_levels(*args, np.random.default_rng(20240123), n_obs=6)
    assert a.tobytes() == b.tobytes()
    assert not np.array_equal(a, simulate_levels(*args, np.random.default_rng(20240124), n_obs=6))


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"n_paths": 0}, "n_paths"),
        ({"n_paths": 2.5}, "n_paths"),
        ({"years": 0}, "years"),
        ({"real_sd": -0.01}, "real_sd"),
        ({"defl_mu": float("nan")}, "defl_mu"),
        ({"real_mu": -1.0}, "real_mu"),
        ({"corr": 1.5}, "corr"),
        ({"start": 0.0}, "start"),
        ({"rng": 42}, "rng"),
    ],
)
def test_bad_parameters_name_field_and_value(kwargs, field):
    args = dict(
        start=100.0,
        real_mu=0.05,
        real_sd=0.01,
        defl_mu=0.01,
        defl_sd=0.01,
        years=3,
        n_paths=10,
        rng=np.random.default_rng(0),
        corr=0.0,
    )
    args.update(kwargs)
    with pytest.raises(InputError) as err:
        simulate_levels(**args)
    assert err.value.field == field and field in str(err.value)


# --- the growth estimate --------------------------------------------------------------------------
def _frame(years, values, cls="nbs_post5", region="liaoning"):
    return pd.DataFrame(
        {
            "region": region,
            "year": list(years),
            "period": "Y",
            "value": list(values),
            "vintage_class": cls,
            "source_title": "test",
        }
    )


def test_estimate_with_real_index_recovers_constant_growth():
    years = range(2018, 2025)
    p = estimate_growth(_frame(years, [100 * 1.08**i for i in range(7)]), real_index=_frame(years, [105.0] * 7))
    assert p.real_mu == pytest.approx(0.05) and p.defl_mu == pytest.approx(1.08 / 1.05 - 1)
    assert p.real_sd == pytest.approx(0.0, abs=1e-12) and p.defl_sd == pytest.approx(0.0, abs=1e-12)
    assert p.years == tuple(range(2019, 2025)) and p.basis == "real_index"


def test_estimate_with_price_index_deflates_nominal():
    years = range(2016, 2025)
    p = estimate_growth(_frame(years, [50 * 1.06**i for i in range(9)]), price_index=_frame(years, [102.0] * 9))
    assert p.defl_mu == pytest.approx(0.02) and p.real_mu == pytest.approx(1.06 / 1.02 - 1)


def test_estimate_leaves_out_the_revision_episode_and_keeps_the_window():
    years = list(range(2005, 2025))
    growth = {y: (0.5 if y in LIAONING_EPISODE else 0.04) for y in years}  # absurd growth in the episode
    values = [1000.0]
    for y in years[1:]:
        values.append(values[-1] * (1 + growth[y]))
    p = estimate_growth(_frame(years, values), window=20)
    assert not set(p.years) & set(LIAONING_EPISODE) and p.excluded == LIAONING_EPISODE
    assert p.real_mu == pytest.approx(0.04) and p.basis == "nominal" and p.defl_mu == 0.0
    assert estimate_growth(_frame(years, values), window=8).years == tuple(range(2018, 2025))
    assert estimate_growth(_frame(years[:10], values[:10]), window=8).years == (2007, 2008, 2009, 2010)
    other = estimate_growth(_frame(years, [1000.0 * 1.04**i for i in range(20)], region="jilin"), window=20)
    assert other.years == tuple(years[1:]) and other.excluded == ()  # the episode is Liaoning's


def test_a_city_inherits_its_provinces_revision_episode():
    assert revision_episode("shenyang") == revision_episode("liaoning") == LIAONING_EPISODE
    assert revision_episode("changchun") == revision_episode("jilin") == ()


def test_estimate_sample_sd_matches_numpy_and_uses_only_the_past():
    values = [100.0, 104.0, 110.0, 111.0, 118.0, 121.0]
    p = estimate_growth(_frame(range(2018, 2024), values))
    g = np.diff(np.log(values))
    assert p.real_sd == pytest.approx(np.std(g, ddof=1)) and p.real_mu == pytest.approx(np.expm1(g.mean()))
    assert max(estimate_growth(_frame(range(2018, 2024), values[:-1] + [500.0]), origin=2022).years) == 2022


def test_mixed_vintages_and_thin_histories_are_refused():
    levels = pd.concat([_frame(range(2018, 2021), [1, 2, 3]), _frame(range(2021, 2024), [4, 5, 6], "first_release")])
    with pytest.raises(InputError) as err:
        estimate_growth(levels)
    assert err.value.field == "vintage_class"
    with pytest.raises(InsufficientHistory) as err:
        estimate_growth(_frame([2015, 2016, 2019, 2020], [1.0, 1.1, 1.2, 1.3]))
    assert err.value.field == "history"


def test_stated_real_growth_is_priced_with_the_deflator():
    growth = pd.DataFrame({"year": range(2017, 2025), "value": [6.0] * 8, "report": "x.txt"})
    deflator = pd.Series(np.log1p(0.02), index=range(2019, 2025))
    p = estimate_stated_growth(growth, real=True, deflator=deflator, origin=2024, region="jilin")
    assert p.years == tuple(range(2019, 2025))  # only the years the deflator holds
    assert p.real_mu == pytest.approx(0.06) and p.defl_mu == pytest.approx(0.02) and p.basis == "stated_real"
    nominal = estimate_stated_growth(growth, real=False, origin=2022, region="jilin")
    assert nominal.years == tuple(range(2017, 2023)) and nominal.defl_mu == 0.0


# --- bands ---------------------------------------------------------------------------------------
def test_conformal_quantiles_closed_form():
    assert conformal_quantiles(np.arange(1, 20, dtype=float)) == (1.0, 19.0, pytest.approx(18 / 20))
    assert conformal_quantiles(np.arange(1, 40, dtype=float)) == (2.0, 38.0, pytest.approx(36 / 40))
    assert np.isnan(conformal_quantiles([1.0])[0])


def test_widen_never_narrows_the_issue_27_band():
    """Issue #27: the widened band of Liaoning industrial value added ran to 43,431 亿 in 2027 and
    16,889 亿 in 2028. Whatever the ends given, the band drawn keeps its width."""
    median = np.log([10098.0, 10509.0, 10907.0, 11336.0])
    low, high = np.log([9013.0, 8734.0, 10043.0, 7613.0]), np.log([13600.0, 21798.0, 43431.0, 16889.0])
    low, high = widen(median, low, high)
    assert (np.diff(high - low) >= -1e-12).all() and (np.diff(np.exp(high) - np.exp(low)) >= -1e-9).all()
    assert np.exp(high[3]) - np.exp(low[3]) >= 43431.0 - 10043.0 - 1e-6  # 2028 at least as wide as 2027
    falling = widen(np.log([100.0, 90.0, 80.0]), np.log([95.0, 88.0, 79.0]), np.log([105.0, 92.0, 81.0]))
    assert (np.diff(np.exp(falling[1]) - np.exp(falling[0])) >= -1e-9).all()  # levels too, median falling


def test_calibrated_paths_carry_the_band_drawn_and_keep_ranks():
    rng = np.random.default_rng(5)
    paths = np.exp(np.cumsum(rng.normal(0.05, 0.03, size=(20_000, 5)), axis=1)) * 9000
    ends = pd.DataFrame(
        {"horizon": [1, 2, 3], "z_low": [-2.5, -2.8, -3.0], "z_high": [1.0, 2.5, 2.0], "coverage_90": [0.9, 0.91, 0.92]}
    )
    calibrated, q05, q95, coverage = calibrate_paths(paths, ends)
    logs = np.log(paths)
    m, s = logs.mean(axis=0), logs.std(axis=0)
    c05, c95 = np.quantile(calibrated, [0.05, 0.95], axis=0)
    assert (c05 <= q05 * (1 + 1e-9)).all() and (c95 >= q95 * (1 - 1e-9)).all()  # contains the model's band
    assert c05[0] == pytest.approx(np.exp(m[0] - 2.5 * s[0]), rel=1e-3)  # the conformal lower end at 1 year
    assert c95[0] == pytest.approx(q95[0], rel=1e-9)  # z_high 1.0 < 1.645: the model's own upper end
    assert (np.diff(np.log(c95) - np.log(c05)) > 0).all() and (np.diff(c95 - c05) > 0).all()  # widening
    np.testing.assert_array_equal(np.argsort(calibrated[:, 4]), np.argsort(paths[:, 4]))  # ranks kept
    np.testing.assert_allclose(np.median(calibrated, axis=0), np.median(paths, axis=0), rtol=1e-5)
    np.testing.assert_allclose(coverage[:3], [0.9, 0.91, 0.92])
    assert np.isnan(coverage[3:]).all()  # beyond the backtest's horizons: not measured
