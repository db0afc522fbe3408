"""Section "Appendix: how good are the odds": the backtest's skill over the base rate and its
reliability, measured, with what is known to fail."""

from __future__ import annotations

import pandas as pd

from analysis.briefing.page.common import english, html_table

COLUMNS = {
    "indicator": "indicator",
    "n": "cases",
    "brier_model": "Brier, headline",
    "brier_base_rate": "Brier, base rate",
    "skill": "skill",
    "years": "years",
}


def skill_table(skill: pd.DataFrame) -> str:
    """The skill rows of all years (the pooled row first), as HTML."""
    rows = skill[skill["sample"] == "all years"].copy()
    rows["indicator"] = rows["indicator"].map(lambda k: "all targets" if k == "all" else english(k))
    rows["skill"] = rows["skill"].map(lambda s: f"{s:+.2f}")
    return html_table(rows, COLUMNS, css="skill", numeric=("n", "brier_model", "brier_base_rate", "skill"))


def skill_words(skill: pd.DataFrame, calibration: pd.DataFrame) -> str:
    """What the backtest measured, in numbers."""
    every = skill[(skill["indicator"] == "all") & (skill["sample"] == "all years")]
    calm = skill[(skill["indicator"] == "all") & (skill["sample"] == "without 2020-2022")]
    gdp = skill[(skill["indicator"] == "gdp_real_growth") & (skill["sample"] == "all years")]
    calm_bins = calibration[(calibration["sample"] == "without 2020-2022") & calibration["checked"].astype(bool)]
    calibration = calibration[calibration["sample"] == "all years"]
    checked = calibration[calibration["checked"].astype(bool)]
    within = int(checked["within_bound"].astype(bool).sum())
    parts = []
    if len(every):
        e = every.iloc[0]
        parts.append(
            f"Over {e['n']} targets of {e['years']}, each forecast with data of the years before it only, "
            f"the headline odds score a Brier of {e['brier_model']:.3f} against {e['brier_base_rate']:.3f} "
            f"for the base rate: a skill of {e['skill']:.2f}"
        )
    if len(gdp):
        g = gdp.iloc[0]
        parts.append(f"on GDP growth alone {g['skill']:.2f} over {g['n']} targets")
    if len(calm):
        parts.append(f"without the pandemic years 2020-2022 {calm.iloc[0]['skill']:.2f}")
    text = "; ".join(parts) + "." if parts else ""
    verb = "lies" if within == 1 else "lie"
    text += (
        f" Reliability: {within} of the {len(checked)} bins with 30 or more cases {verb} within 0.05 of the share met"
    )
    if len(calm_bins):
        calm_within = int(calm_bins["within_bound"].astype(bool).sum())
        text += f" ({calm_within} of {len(calm_bins)} without 2020-2022)"
    text += "."
    text += consistency_words(checked)
    text += (
        " The features, the window and the combination were chosen while looking at these scores, so they "
        "are not an untouched test."
    )
    return text


def _span(bins: pd.Series) -> str:
    """Probability bins, adjacent ones as one span (0.6-0.7, 0.7-0.8, 0.9-1.0 -> 0.6-0.8 and 0.9-1.0)."""
    runs: list[list[str]] = []
    for low, high in (b.split("-") for b in bins):
        if runs and runs[-1][1] == low:
            runs[-1][1] = high
        else:
            runs.append([low, high])
    return " and ".join(f"{low}-{high}" for low, high in runs)


def consistency_words(checked: pd.DataFrame) -> str:
    """Which checked bins stray more than year shocks explain (their consistency band), and which way."""
    if checked.empty:
        return ""
    consistent = checked["consistent"].astype(bool)
    text = (
        f" Targets of one year share a shock, so even calibrated odds stray from the share met: "
        f"{int(consistent.sum())} of the {len(checked)} bins {'lies' if int(consistent.sum()) == 1 else 'lie'} "
        "within the 90 % range calibrated odds would "
        "show with the year shocks measured (the bars of the reliability figure)."
    )
    high = checked[~consistent & (checked["observed"] < checked["band_low"])]
    low = checked[~consistent & (checked["observed"] > checked["band_high"])]
    if len(high):
        text += f" Odds of {_span(high['bin'])} are too high: fewer of those targets were met."
    if len(low):
        text += f" Odds of {_span(low['bin'])} are too low: more of those targets were met."
    return text
