"""The seeded Monte Carlo of nominal levels: lognormal growth, real times price, with parameter uncertainty.

Model
-----
For each year ``t`` after the start year, nominal growth is the product of real growth and price
(deflator) growth, ``1 + g_nom = (1 + g_real)(1 + g_defl)``, with

    ln(1 + g_real) ~ N(ln(1 + real_mu), real_sd**2)
    ln(1 + g_defl) ~ N(ln(1 + defl_mu), defl_sd**2),  corr(real, defl) = corr,

independent across years (a random walk with drift in log levels). ``real_mu`` and ``defl_mu`` are
median annual growth rates (decimals, 0.05 = 5 %); ``real_sd`` and ``defl_sd`` are standard deviations
of annual log growth (about those of the growth rate, in decimals). The level path is
``start * exp(cumsum(ln(1+g_real) + ln(1+g_defl)))``, in the unit of ``start`` (亿元, current prices).

With ``n_obs`` (the number of growth years the parameters were estimated from) each path first draws
its own mean and standard deviation from their sampling distribution under the noninformative prior,
``sd² = (n-1) s² / χ²(n-1)`` and ``mean ~ N(m, sd²/n)``: the one-year predictive is then Student-t with
``n - 1`` degrees of freedom and scale ``s sqrt(1 + 1/n)`` (Gelman et al. 2013, *Bayesian Data
Analysis*, 3rd ed., section 3.2).

Same seed, same draws: every random number comes from the ``numpy.random.Generator`` passed in.

References
----------
Glasserman, P. (2003), *Monte Carlo Methods in Financial Engineering*, ch. 3 (lognormal paths).
"""

from __future__ import annotations

import numpy as np

from analysis.checks import check_n_paths
from analysis.errors import InputError


def check_positive_int(name: str, value) -> int:
    """``value`` as an int when it is a positive integer; ``InputError`` naming ``name`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise InputError(f"{name} must be a positive integer", field=name, value=value)
    return int(value)


def check_finite(name: str, value, *, nonneg: bool = False) -> float:
    """``value`` as a float when finite (and >= 0 with ``nonneg``); ``InputError`` naming ``name``."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number", field=name, value=value) from None
    if not np.isfinite(x) or (nonneg and x < 0):
        raise InputError(f"{name} must be a finite{' non-negative' if nonneg else ''} number", field=name, value=value)
    return x


def simulate_growth(real_mu, real_sd, defl_mu, defl_sd, years, n_paths, rng, corr=0.0, *, n_obs: int | None = None):
    """Annual log growth draws: real and deflator, each of shape (n_paths, years).

    Parameters
    ----------
    real_mu, defl_mu : median annual growth, decimal (0.05 = 5 %); must exceed -1.
    real_sd, defl_sd : standard deviation of annual log growth ln(1+g), decimal.
    years : number of simulated years (>= 1).
    n_paths : number of paths (:func:`analysis.checks.check_n_paths`).
    rng : ``numpy.random.Generator``.
    corr : correlation of real and deflator log growth within a year, in [-1, 1].
    n_obs : growth years behind the parameters (>= 2): each path draws its own mean and sd (module
        docstring). ``None``: parameters taken as known.

    Returns
    -------
    (log_real, log_deflator) : two float arrays of shape (n_paths, years).
    """
    n_paths = check_n_paths(n_paths)
    years = check_positive_int("years", years)
    real_mu, defl_mu = check_finite("real_mu", real_mu), check_finite("defl_mu", defl_mu)
    real_sd = check_finite("real_sd", real_sd, nonneg=True)
    defl_sd = check_finite("defl_sd", defl_sd, nonneg=True)
    corr = check_finite("corr", corr)
    for name, mu in (("real_mu", real_mu), ("defl_mu", defl_mu)):
        if mu <= -1:
            raise InputError(f"{name} is a growth rate in decimals and must exceed -1", field=name, value=mu)
    if not -1 <= corr <= 1:
        raise InputError("corr must lie in [-1, 1]", field="corr", value=corr)
    if not isinstance(rng, np.random.Generator):
        raise InputError(
            "rng must be a numpy.random.Generator (numpy.random.default_rng(seed))",
            field="rng",
            value=type(rng).__name__,
        )
    m_real, m_defl = np.log1p(real_mu), np.log1p(defl_mu)
    if n_obs is not None:
        n_obs = check_positive_int("n_obs", n_obs)
        if n_obs < 2:
            raise InputError("n_obs must be at least 2 to carry parameter uncertainty", field="n_obs", value=n_obs)
        chi = rng.chisquare(n_obs - 1, size=(2, n_paths, 1))
        real_sd = real_sd * np.sqrt((n_obs - 1) / chi[0])
        defl_sd = defl_sd * np.sqrt((n_obs - 1) / chi[1])
        mz = rng.standard_normal((2, n_paths, 1))
        m_real = m_real + real_sd / np.sqrt(n_obs) * mz[0]
        m_defl = m_defl + defl_sd / np.sqrt(n_obs) * mz[1]
    z = rng.standard_normal((2, n_paths, years))
    log_real = m_real + real_sd * z[0]
    # Cholesky of [[1, corr], [corr, 1]]: the deflator shock loads corr on the real shock.
    z_defl = corr * z[0] + np.sqrt(1.0 - corr * corr) * z[1]
    log_defl = m_defl + defl_sd * z_defl
    return log_real, log_defl


def simulate_levels(
    start, real_mu, real_sd, defl_mu, defl_sd, years, n_paths, rng, corr=0.0, *, n_obs: int | None = None
):
    """Nominal level paths ``start * prod (1+g_real)(1+g_defl)``, shape (n_paths, years).

    Column ``j`` is the level ``j + 1`` years after the start year, in the unit of ``start``. See
    :func:`simulate_growth` for the parameters.

    Examples
    --------
    With zero volatility the paths are deterministic compounding:

    >>> import numpy as np
    >>> p = simulate_levels(100.0, 0.05, 0.0, 0.02, 0.0, 2, 3, np.random.default_rng(0))
    >>> np.allclose(p, 100 * (1.05 * 1.02) ** np.array([1, 2]))
    True
    """
    start = check_finite("start", start)
    if start <= 0:
        raise InputError("start level must be positive", field="start", value=start)
    log_real, log_defl = simulate_growth(real_mu, real_sd, defl_mu, defl_sd, years, n_paths, rng, corr, n_obs=n_obs)
    log_level = log_real
    log_level += log_defl
    np.cumsum(log_level, axis=1, out=log_level)
    np.exp(log_level, out=log_level)
    log_level *= start
    return log_level


def crossing_probabilities(paths: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """P(crossed by year t) and P(level_t >= threshold) for every simulated year.

    Parameters
    ----------
    paths : (n_paths, years) levels.
    threshold : level in the unit of ``paths``.

    Returns
    -------
    p_cross : share of paths at or above ``threshold`` in some year up to t (first passage by t).
    p_above : share of paths at or above ``threshold`` in year t.
    """
    above = paths >= threshold
    return np.logical_or.accumulate(above, axis=1).mean(axis=0), above.mean(axis=0)


def staying_probabilities(paths: np.ndarray, threshold: float) -> np.ndarray:
    """P(level >= threshold in every year up to t), for a goal to stay above a line already crossed."""
    return np.logical_and.accumulate(paths >= threshold, axis=1).mean(axis=0)
