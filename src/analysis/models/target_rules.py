"""When is a target met? The qualifier convention shared by the track record, the probabilities
and the scorecard.

Convention (stated in every output that uses it)
------------------------------------------------
* **Floor** — ``以上`` (at least), a bare number, ``左右`` (about) and ``区间`` (range, its lower end) on a
  "higher is better" indicator (growth rates, new jobs, grain output): met when
  ``outcome >= target``.  ``左右`` is a band, so a separate column ``in_band`` says whether the outcome
  fell within ±0.5 percentage points of the target (rates in % only; NaN for levels).
* **Ceiling** — ``以内`` (within) on any indicator, and every target on a ceiling indicator of the
  vocabulary (``urban_unemployment_rate``, ``cpi_inflation``, ``energy_intensity``; CPI ``3%左右`` is
  treated as a ceiling for meeting): met when ``outcome <= target`` (upper end of a range).
* ``下降`` (decline by at least x%) on a ceiling indicator: the outcome is the decline, met when
  ``decline >= x``.

Published outcomes are rounded to 0.1; a target is met when the rounded outcome reaches it
(comparison with a 1e-9 tolerance). Under this convention Liaoning's 2024 GDP growth of 5.1%
against "5.5%左右" is *missed* (in_band: True).
"""
from __future__ import annotations

import math

BAND_PP = 0.5  # half-width of the 左右 band, percentage points
TOLERANCE = 1e-9

CONVENTION = ("met: outcome >= target for 以上/左右/bare/range-low on higher-is-better indicators; "
              "outcome <= target for 以内 and ceiling indicators (unemployment, CPI 左右 treated as a "
              f"ceiling); in_band: |outcome - target| <= {BAND_PP} pp for 左右 targets in %")

# unit conversions for comparing an outcome with a target written in another unit (not statistics)
UNIT_FACTORS: dict[tuple[str, str], float] = {
    ("亿斤", "万吨"): 5.0,   # 1 亿斤 = 1e8 斤 = 5e7 kg = 5 万吨
    ("万吨", "亿斤"): 0.2,
}


def is_ceiling(key: str, qualifier: str | None) -> bool:
    """True when a target on ``key`` with ``qualifier`` is an upper bound (met by staying below)."""
    q = (qualifier or "").strip()
    if q == "以内":
        return True
    if q == "下降":
        return False
    try:
        from analysis.vocabulary import indicator
        return bool(indicator(key).ceiling)
    except KeyError:
        return False


def threshold(target_low: float, target_high: float | None, ceiling: bool) -> float:
    """The number the outcome must reach (floor) or stay within (ceiling).

    For a range (区间) the lower end is the floor and the upper end the ceiling.
    """
    high = target_high if target_high is not None and not _isnan(target_high) else target_low
    return float(high if ceiling else target_low)


def is_met(outcome: float, target: float, ceiling: bool) -> float:
    """1.0 when met, 0.0 when missed, NaN when either number is missing."""
    if _isnan(outcome) or _isnan(target):
        return math.nan
    if ceiling:
        return float(outcome <= target + TOLERANCE)
    return float(outcome >= target - TOLERANCE)


def in_band(outcome: float, target: float, qualifier: str | None, unit: str | None) -> float:
    """For a 左右 target in %: 1.0 when ``|outcome - target| <= BAND_PP``; NaN otherwise."""
    if (qualifier or "").strip() != "左右" or (unit or "").strip() != "%":
        return math.nan
    if _isnan(outcome) or _isnan(target):
        return math.nan
    return float(abs(outcome - target) <= BAND_PP + TOLERANCE)


def signed_miss(outcome: float, target: float, ceiling: bool) -> float:
    """Outcome minus target, signed so that positive means "better than the target".

    For a floor this is ``outcome - target``; for a ceiling ``target - outcome``.  A target is met
    exactly when the signed miss is >= 0, which lets floors and ceilings share one distribution.
    """
    if _isnan(outcome) or _isnan(target):
        return math.nan
    return float(target - outcome) if ceiling else float(outcome - target)


def convert(value: float, unit_from: str | None, unit_to: str | None) -> float:
    """Convert ``value`` between units of the same quantity (亿斤 <-> 万吨); identity if equal.

    Returns NaN when the units differ and no conversion is known (never compares apples with pears).
    """
    a, b = (unit_from or "").strip(), (unit_to or "").strip()
    if a == b or not a or not b:
        return value
    factor = UNIT_FACTORS.get((a, b))
    return value * factor if factor is not None else math.nan


def _isnan(x) -> bool:
    try:
        return x is None or math.isnan(float(x))
    except (TypeError, ValueError):
        return True
