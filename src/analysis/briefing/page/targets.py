"""Section "The targets and their odds": each target with last year's outcome, the gap, the region's
record and the odds, with the range across methods and a verbal call; the base rate as context."""

from __future__ import annotations

import pandas as pd

from analysis.briefing.page.common import english, html_table, missing, number, pct

COLUMNS = {
    "indicator": "indicator",
    "target": "target",
    "last": "last year",
    "gap": "gap",
    "record": "own record",
    "odds": "odds",
    "range": "range across methods",
    "call": "call",
    "base": "base rate",
    "note": "note",
}


def rows(targets: pd.DataFrame) -> pd.DataFrame:
    """The display rows of the ``feasibility_targets`` table."""
    out = pd.DataFrame(index=targets.index)
    out["indicator"] = targets["indicator"]
    out["target"] = targets["target"] + targets["headline"].map(lambda h: "" if h else " ·")
    pp = targets["unit"].map(lambda u: " pp" if u == "%" else "%")
    # a target without a number has no unit of its own: a growth rate is in %
    units = [
        u if not missing(u) else ("%" if str(k).endswith("growth") else "")
        for u, k in zip(targets["unit"], targets["key"])
    ]
    out["last"] = [
        w if isinstance(w, str) and w else number(v, 1, u if u in ("%", "") else f" {u}")
        for w, v, u in zip(targets["last_written"], targets["last_outcome"], units)
    ]
    out["gap"] = [("—" if missing(g) else f"{float(g):+.1f}{p}") for g, p in zip(targets["gap"], pp)]
    out["record"] = [f"{m} of {n}" if n else "—" for m, n in zip(targets["own_met"], targets["own_n"])]
    out["odds"] = targets["p"].map(pct)
    out["range"] = [
        ("—" if missing(lo) else f"{pct(lo)}–{pct(hi)}") for lo, hi in zip(targets["p_low"], targets["p_high"])
    ]
    lands = [landing(row) for _, row in targets.iterrows()]
    out["call"] = [c + (" (as a ceiling)" if land and c else "") for c, land in zip(targets["call"].fillna(""), lands)]
    out["base"] = targets["base_rate"].map(pct)
    notes = []
    for fallback, drivers, land in zip(targets["fallback"].fillna(""), targets["drivers"].fillna(""), lands):
        parts = [land, f"record of {fallback[6:]}" if fallback.startswith("kind: ") else fallback, drivers]
        notes.append("; ".join(p for p in parts if p))
    out["note"] = notes
    return out


#: last year's outcome this far under a ceiling 'about' (pp) makes the target a level to reach
FAR_UNDER = 1.0


def landing(row: pd.Series) -> str:
    """For a ceiling 'about' that last year's outcome undershot by :data:`FAR_UNDER` pp or more (CPI
    0.2% against 2%左右): the odds are of staying under it; how often such targets landed within
    ±0.5 pp, and how far last year's outcome lies under it. Empty for every other target."""
    rate, gap = row.get("land_rate"), row.get("gap")
    if missing(rate) or missing(gap) or float(gap) > -FAR_UNDER or missing(row.get("p")):
        return ""
    return (
        f"odds of staying at or under it (a ceiling); as a level to reach, {pct(rate)} of the {int(row['land_n'])} "
        f"earlier {english(row['key'])} targets 'about' (左右) landed within ±0.5 pp, and last year's "
        f"{number(row['last_outcome'], 1, '%')} lies {number(-float(gap), 1)} pp under it"
    )


def table(targets: pd.DataFrame) -> str:
    """The targets table (HTML). A target marked · is set outside the main-expected-targets passage."""
    return html_table(rows(targets), COLUMNS, css="targets", numeric=("last", "gap", "odds", "base"))


#: what each headline method is, in a few words
METHODS = {
    "combined": (
        " (the mean of the logistic model's odds and the recent record's: the share of the indicator's targets "
        "the pool met in the last three years)"
    ),
    "model": " (a logistic regression on the target's gaps, its bound and the records)",
    "recent record": " (how often the indicator's targets were met in the last three years)",
    "base rate": " (how often the indicator's targets were met in every earlier year)",
    "region's record": " (the region's own record, shrunk toward the pool's)",
}


def _what(method: str) -> str:
    return METHODS.get(method or "base rate", "")


def method_words(targets: pd.DataFrame) -> str:
    """One paragraph: where the odds come from and how to read the columns."""
    method = next((m for m in targets["method"] if m), "")
    return (
        f"Odds are the **{method or 'base rate'}** forecast{_what(method)}, the method with the lowest Brier "
        "score on every earlier target forecast out of sample (the appendix shows how it scored, and which "
        "choices were made while looking at those scores). *Last year*: the outcome this "
        "report states for last year; *gap*: the target against it (positive = harder; pp for rates, % for "
        "levels); *own record*: targets of this indicator the region met of those it set; *base rate*: how often "
        "such targets were met by the provinces and the nation (the cities for a city); *note*: the two odds the "
        "headline averages, then the features that move the model's odds most from an average target, each "
        "with its push on the log-odds in brackets (+0.5 raises odds of 50% to 62%, −0.5 lowers them to 38%). "
        "A target marked · is set "
        "outside the main-expected-targets passage (主要预期目标). A range (4.5-5%) counts as met when the "
        "outcome reaches its low end. Calls read the odds through the backtest: a target is called by how "
        "often targets with odds in the same tenth came true in the years before (the reliability table's "
        "share met, where it holds 30 or more cases): likely (≥ 65%), toss-up, unlikely (< 35%); a rule set "
        "after seeing that table."
    )


def calibration_caveat(calibration: pd.DataFrame) -> str:
    """The bins of odds from 50 % to 90 % that came true less often than they said in the backtest, and
    those under 50 % that came true more often (each beyond what year shocks explain), with the shares
    met; "" when there are none."""
    high, low = _off_bins(calibration)
    text = ""
    if len(high):
        text += (
            f" In the backtest, odds of {_span(high['mean_p'])} came true {_span(high['observed'])} of the time, "
            "less often than they said."
        )
    if len(low):
        text += (
            f" Odds of {_span(low['mean_p'])} came true {_span(low['observed'])} of the time, more often than they "
            "said. The calls read the odds through these shares."
        )
    return text


def _off_bins(calibration: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The checked bins of all years beyond their consistency bands: odds of 50-90 % that came true less
    often than they said, and odds under 50 % that came true more often."""
    rows = calibration[calibration["sample"] == "all years"]
    off = rows["checked"].astype(bool) & ~rows["consistent"].astype(bool)
    high = rows[off & (rows["observed"] < rows["band_low"]) & (rows["mean_p"] >= 0.5) & (rows["mean_p"] < 0.9)]
    low = rows[off & (rows["observed"] > rows["band_high"]) & (rows["mean_p"] < 0.5)]
    return high, low


def calibration_short(calibration: pd.DataFrame) -> str:
    """The caveat of :func:`calibration_caveat` in one clause for the bottom line ("" without one)."""
    high, low = _off_bins(calibration)
    parts = [
        f"odds of {_span(b['mean_p'])} came true {_span(b['observed'])} of the time" for b in (low, high) if len(b)
    ]
    if not parts:
        return ""
    return f" (in the backtest, {' and '.join(parts)}: the calls read the odds through these shares)"


def _span(values: pd.Series) -> str:
    """ "26%" or "26%–36%"."""
    low, high = f"{values.min():.0%}", f"{values.max():.0%}"
    return low if low == high else f"{low}–{high}"
