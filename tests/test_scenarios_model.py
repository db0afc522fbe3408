"""The scenario Monte Carlo against closed forms (no data needed).

Closed forms used:
- zero volatility: level_t = start * ((1 + real_mu)(1 + defl_mu))**t, so the crossing year is
  the smallest t with start * (1+g)**t ≥ threshold;
- normal log growth: ln(level_t / start) ~ N(t (m_r + m_d), t (s_r² + s_d² + 2 ρ s_r s_d)),
  m = ln(1 + mu), so P(level_t ≥ T) = 1 - Φ((ln(T/start) - t m) / (s √t)).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from analysis.errors import InputError
from analysis.models.scenarios import (
    InsufficientHistory,
    crossing_probabilities,
    estimate_growth,
    simulate_levels,
)
from analysis.series.vintages import REVISION_YEARS


def test_zero_volatility_is_deterministic_compounding():
    start, g_real, g_defl, years = 9000.0, 0.04, 0.01, 8
    paths = simulate_levels(start, g_real, 0.0, g_defl, 0.0, years, 5, np.random.default_rng(1))
    expected = start * ((1 + g_real) * (1 + g_defl)) ** np.arange(1, years + 1)
    np.testing.assert_allclose(paths, np.broadcast_to(expected, (5, years)), rtol=1e-12)


@settings(max_examples=50, deadline=None)
@given(start=st.floats(1000, 9999), g=st.floats(0.005, 0.2), years=st.integers(1, 15))
def test_zero_volatility_crossing_year_is_exact(start, g, years):
    threshold = 10000.0
    paths = simulate_levels(start, g, 0.0, 0.0, 0.0, years, 3, np.random.default_rng(0))
    p_cross, p_above = crossing_probabilities(paths, threshold)
    t_cross = math.ceil(math.log(threshold / start) / math.log1p(g))  # first t with level ≥ T
    levels = start * (1 + g) ** np.arange(1, years + 1)
    if np.any(np.isclose(levels, threshold, rtol=1e-9)):
        return  # floating-point tie at the threshold: the exact year is not well defined
    expected = (np.arange(1, years + 1) >= t_cross).astype(float)
    np.testing.assert_array_equal(p_cross, expected)
    np.testing.assert_array_equal(p_above, expected)  # monotone path: above == crossed


@pytest.mark.parametrize("corr", [0.0, 0.6, -0.5])
def test_horizon_one_probability_matches_normal_cdf(corr):
    start, threshold = 9500.0, 10000.0
    mr, sr, md, sd = 0.045, 0.02, 0.015, 0.018
    n = 200_000
    paths = simulate_levels(start, mr, sr, md, sd, 3, n, np.random.default_rng(7), corr=corr)
    _, p_above = crossing_probabilities(paths, threshold)
    m = math.log1p(mr) + math.log1p(md)
    s = math.sqrt(sr**2 + sd**2 + 2 * corr * sr * sd)
    for t in (1, 2, 3):
        exact = 1 - norm.cdf((math.log(threshold / start) - t * m) / (s * math.sqrt(t)))
        se = math.sqrt(exact * (1 - exact) / n)
        assert abs(p_above[t - 1] - exact) < 4 * se, (t, p_above[t - 1], exact)


def test_nominal_log_growth_variance_reflects_correlation():
    n, sr, sd = 100_000, 0.02, 0.03
    paths = simulate_levels(1.0, 0.0, sr, 0.0, sd, 1, n, np.random.default_rng(3), corr=1.0)
    assert np.std(np.log(paths[:, 0])) == pytest.approx(sr + sd, rel=0.02)
    paths = simulate_levels(1.0, 0.0, sr, 0.0, sd, 1, n, np.random.default_rng(3), corr=-1.0)
    assert np.std(np.log(paths[:, 0])) == pytest.approx(abs(sr - sd), rel=0.02)


def test_first_passage_is_at_least_level_probability():
    paths = np.array([[9.0, 11.0, 9.5], [8.0, 9.0, 10.0], [12.0, 8.0, 7.0]])
    p_cross, p_above = crossing_probabilities(paths, 10.0)
    np.testing.assert_allclose(p_cross, [1 / 3, 2 / 3, 1.0])
    np.testing.assert_allclose(p_above, [1 / 3, 1 / 3, 1 / 3])


def test_same_seed_same_paths_other_seed_other_paths():
    args = (9000.0, 0.05, 0.02, 0.01, 0.02, 6, 1000)
    a = simulate_levels(*args, np.random.default_rng(20240123))
    b = simulate_levels(*args, np.random.default_rng(20240123))
    c = simulate_levels(*args, np.random.default_rng(20240124))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"n_paths": 0}, "n_paths"),
        ({"n_paths": -5}, "n_paths"),
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
    assert err.value.field == field
    assert field in str(err.value)


# --- estimating the growth distribution --------------------------------------------------------
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
    levels = _frame(years, [100 * 1.08**i for i in range(len(years))])
    real = _frame(years, [105.0] * len(years))
    p = estimate_growth(levels, real_index=real)
    assert p.real_mu == pytest.approx(0.05)
    assert p.defl_mu == pytest.approx(1.08 / 1.05 - 1)
    assert p.real_sd == pytest.approx(0.0, abs=1e-12) and p.defl_sd == pytest.approx(0.0, abs=1e-12)
    assert p.years == tuple(range(2019, 2025)) and p.basis == "real_index"


def test_estimate_with_price_index_deflates_nominal():
    years = range(2016, 2025)
    levels = _frame(years, [50 * 1.06**i for i in range(len(years))])
    cpi = _frame(years, [102.0] * len(years))
    p = estimate_growth(levels, price_index=cpi)
    assert p.defl_mu == pytest.approx(0.02)
    assert p.real_mu == pytest.approx(1.06 / 1.02 - 1)


def test_estimate_excludes_break_years_and_keeps_window():
    years = list(range(2005, 2025))
    growth = {y: (0.5 if y in REVISION_YEARS else 0.04) for y in years}  # absurd growth in the break
    values = [1000.0]
    for y in years[1:]:
        values.append(values[-1] * (1 + growth[y]))
    p = estimate_growth(_frame(years, values), window=20)
    assert not set(p.years) & set(REVISION_YEARS)
    assert p.excluded == REVISION_YEARS and "2011-2017 excluded" in p.describe()
    assert p.real_mu == pytest.approx(0.04) and p.basis == "nominal" and p.defl_mu == 0.0
    p8 = estimate_growth(_frame(years, values), window=8)  # calendar span 2017-2024, 2017 excluded
    assert p8.years == tuple(range(2018, 2025))
    p3 = estimate_growth(_frame(years[:10], values[:10]), window=8)  # series stops in 2014
    assert p3.years == (2007, 2008, 2009, 2010)


def test_estimate_sample_sd_matches_numpy():
    values = [100.0, 104.0, 110.0, 111.0, 118.0, 121.0]
    p = estimate_growth(_frame(range(2018, 2024), values))
    g = np.diff(np.log(values))
    assert p.real_sd == pytest.approx(np.std(g, ddof=1))
    assert p.real_mu == pytest.approx(np.expm1(g.mean()))


def test_estimate_origin_uses_only_past():
    values = [100.0, 104.0, 110.0, 111.0, 118.0, 500.0]
    p = estimate_growth(_frame(range(2018, 2024), values), origin=2022)
    assert max(p.years) == 2022


def test_mixed_vintages_are_refused():
    levels = pd.concat([_frame(range(2018, 2021), [1, 2, 3]), _frame(range(2021, 2024), [4, 5, 6], "first_release")])
    with pytest.raises(InputError) as err:
        estimate_growth(levels)
    assert err.value.field == "vintage_class"
    real = _frame(range(2018, 2024), [105.0] * 6, "nbs_post4")
    with pytest.raises(InputError):
        estimate_growth(_frame(range(2018, 2024), [1, 2, 3, 4, 5, 6]), real_index=real)


def test_too_few_years_is_insufficient_history():
    with pytest.raises(InsufficientHistory) as err:
        estimate_growth(_frame([2015, 2016, 2019, 2020], [1.0, 1.1, 1.2, 1.3]))
    assert err.value.field == "history"


def test_parameter_uncertainty_gives_student_t_predictive():
    # ln(L1/S) = m + s sqrt(1 + 1/n) t_{n-1} under the noninformative prior (one growth component).
    from scipy.stats import t as student_t

    start, threshold, mu, s, n_obs, n = 9500.0, 10000.0, 0.04, 0.03, 5, 200_000
    paths = simulate_levels(start, mu, s, 0.0, 0.0, 1, n, np.random.default_rng(11), n_obs=n_obs)
    _, p_above = crossing_probabilities(paths, threshold)
    scale = s * math.sqrt(1 + 1 / n_obs)
    exact = 1 - student_t.cdf((math.log(threshold / start) - math.log1p(mu)) / scale, df=n_obs - 1)
    assert abs(p_above[0] - exact) < 4 * math.sqrt(exact * (1 - exact) / n)
    with pytest.raises(InputError) as err:
        simulate_levels(start, mu, s, 0.0, 0.0, 1, 10, np.random.default_rng(0), n_obs=1)
    assert err.value.field == "n_obs"


def test_revision_years_are_liaonings_only():
    """The 2011-2017 episode is Liaoning's: another region's history keeps those growth years."""
    years = list(range(2005, 2025))
    values = [1000.0 * 1.04**i for i in range(len(years))]
    p = estimate_growth(_frame(years, values, region="jilin"), window=20)
    assert p.years == tuple(years[1:]) and p.excluded == () and "excluded" not in p.describe()
    explicit = estimate_growth(_frame(years, values, region="jilin"), window=20, region="liaoning")
    assert not set(explicit.years) & set(REVISION_YEARS)


def test_levels_without_one_region_are_refused():
    frame = _frame(range(2018, 2024), [100.0, 104.0, 110.0, 111.0, 118.0, 121.0]).drop(columns="region")
    with pytest.raises(InputError) as err:
        estimate_growth(frame)
    assert err.value.field == "region"
