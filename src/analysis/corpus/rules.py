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

from analysis.errors import InputError
from analysis.vocabulary import UNIT_CONVERSIONS, indicator
from analysis.vocabulary import convert as convert_units

BAND_PP = 0.5  # half-width of the 左右 band, percentage points
TOLERANCE = 1e-9

CONVENTION = (
    "met: outcome >= target for 以上/左右/bare/range-low on higher-is-better indicators; "
    "outcome <= target for 以内 and ceiling indicators (unemployment, CPI 左右 treated as a "
    f"ceiling); in_band: |outcome - target| <= {BAND_PP} pp for 左右 targets in %"
)

# unit conversions for comparing an outcome with a target written in another unit (not statistics)


#: words of an extracted qualifier that the rules read, in the order tried
_RULE_WORDS = ("下降", "以内", "以下", "不超过", "区间", "以上", "不低于", "左右", "上下")


def rule_qualifier(extracted: str | None) -> str:
    """The one qualifier word the rules read from an extracted qualifier (``下降、左右`` -> ``下降``,
    ``达、以上`` -> ``以上``; ``以下``/``不超过`` -> ``以内``, ``不低于`` -> ``以上``, ``上下`` -> ``左右``);
    "" when it has none. A phrase of a target without a number is returned as it is."""
    text = (extracted or "").strip()
    words = text.split("、")
    for word in _RULE_WORDS:
        if word in words:
            return {"以下": "以内", "不超过": "以内", "不低于": "以上", "上下": "左右"}.get(word, word)
    return "" if len(text) <= 4 else text


def is_ceiling(key: str, qualifier: str | None) -> bool:
    """True when a target on ``key`` with ``qualifier`` is an upper bound (met by staying below).

    Raises
    ------
    InputError
        ``key`` is not an indicator of :mod:`analysis.vocabulary` (``field='key'``).
    """
    try:
        spec = indicator(key)
    except KeyError:
        raise InputError("unknown indicator key", field="key", value=key) from None
    q = (qualifier or "").strip()
    if q == "以内":
        return True
    if q == "下降":
        return False
    return bool(spec.ceiling)


def threshold(target_low: float, target_high: float | None, ceiling: bool) -> float:
    """The number the outcome must reach (floor) or stay within (ceiling).

    For a range (区间) the lower end is the floor and the upper end the ceiling.
    """
    high = target_high if not is_missing(target_high, "target_high") else target_low
    return float(_number(high, "target_high") if ceiling else _number(target_low, "target_low"))


def is_met(outcome: float, target: float, ceiling: bool) -> float:
    """1.0 when met, 0.0 when missed, NaN when either number is missing."""
    if is_missing(outcome, "outcome") or is_missing(target, "target"):
        return math.nan
    if ceiling:
        return float(outcome <= target + TOLERANCE)
    return float(outcome >= target - TOLERANCE)


def in_percent(unit) -> bool:
    """Whether a target's unit is % (a rate, comparable across regions), not a level (万人, 万吨)."""
    return isinstance(unit, str) and unit.strip() == "%"


def in_band(outcome: float, target: float, qualifier: str | None, unit: str | None) -> float:
    """For a 左右 target in %: 1.0 when ``|outcome - target| <= BAND_PP``; NaN otherwise."""
    if (qualifier or "").strip() != "左右" or not in_percent(unit):
        return math.nan
    if is_missing(outcome, "outcome") or is_missing(target, "target"):
        return math.nan
    return float(abs(float(outcome) - float(target)) <= BAND_PP + TOLERANCE)


def signed_miss(outcome: float, target: float, ceiling: bool) -> float:
    """Outcome minus target, signed so that positive means "better than the target".

    For a floor this is ``outcome - target``; for a ceiling ``target - outcome``.  A target is met
    exactly when the signed miss is >= 0, which lets floors and ceilings share one distribution.
    """
    if is_missing(outcome, "outcome") or is_missing(target, "target"):
        return math.nan
    outcome, target = float(outcome), float(target)
    return target - outcome if ceiling else outcome - target


def convert(value: float, unit_from: str | None, unit_to: str | None) -> float:
    """Convert ``value`` between units of the same quantity (亿斤 <-> 万吨, by
    :data:`analysis.vocabulary.UNIT_CONVERSIONS`); identity if equal.

    Returns NaN when the units differ and no conversion is known (never compares apples with pears).

    Raises
    ------
    InputError
        A unit is missing (empty or None): it cannot be known to equal the other
        (``field='unit_from'`` or ``'unit_to'``).
    """
    a, b = (unit_from or "").strip(), (unit_to or "").strip()
    if not a:
        raise InputError(
            "missing unit: cannot tell whether the numbers are comparable", field="unit_from", value=unit_from
        )
    if not b:
        raise InputError("missing unit: cannot tell whether the numbers are comparable", field="unit_to", value=unit_to)
    if a == b:
        return value
    if (a, b) in UNIT_CONVERSIONS or (b, a) in UNIT_CONVERSIONS:
        return convert_units(value, a, b)
    return math.nan


def _number(x, field: str) -> float:
    """``x`` as a float; a non-numeric value raises InputError naming ``field`` and the value."""
    if isinstance(x, bool):
        raise InputError("not a number", field=field, value=x)
    try:
        return float(x)
    except (TypeError, ValueError):
        raise InputError("not a number", field=field, value=x) from None


def is_missing(x, field: str = "value") -> bool:
    """True for None or NaN (a missing number); a non-numeric value raises InputError naming ``field``."""
    return x is None or math.isnan(_number(x, field))
