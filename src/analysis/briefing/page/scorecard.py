"""Section "Last year's scorecard": last year's targets against the outcomes this report states, with
both verdicts (met as written; within ±0.5 pp)."""

from __future__ import annotations

import pandas as pd

from analysis.briefing.page.common import html_table, number

COLUMNS = {
    "indicator": "indicator",
    "target": "target",
    "outcome": "outcome",
    "met": "met as written",
    "band": "within ±0.5 pp",
    "verdict": "verdict",
}


def table(card: pd.DataFrame) -> str:
    """The scorecard (HTML), or one line when the report of last year set no target with an outcome."""
    if card.empty:
        return "<p>Last year's report set no target whose outcome this report states.</p>"
    out = pd.DataFrame(
        {
            "indicator": card["indicator"],
            "target": card["target"],
            "outcome": [
                w if isinstance(w, str) and w else number(v) for w, v in zip(card["outcome_written"], card["outcome"])
            ],
            "met": card["met"].map(lambda m: "是 yes" if bool(m) else "否 no"),
            "band": card["within_half_pp"].map(lambda b: "—" if b != b else ("yes" if b else "no")),
            "verdict": card["verdict"],
        }
    )
    return html_table(out, COLUMNS, css="scorecard", numeric=("outcome",))


def line(card: pd.DataFrame, year: int) -> str:
    """ "Of its N targets of 2023 with an outcome, the region met K" (or "" when there are none)."""
    if card.empty:
        return ""
    met = int(card["met"].astype(bool).sum())
    text = f"Of its {len(card)} targets of {year - 1} with a stated outcome, it met {met} as written."
    words = int(card["outcome"].isna().sum())
    if words:
        text += (
            f" For {words} of them the report gives no figure but says in words that the target was missed "
            "(the verdict quotes it)."
        )
    estimates = int(card["outcome_written"].astype(str).str.startswith("预计").sum())
    if estimates:
        which = "is an estimate" if estimates == 1 else "are estimates"
        on = "the verdict on it" if estimates == 1 else "the verdicts on them"
        text += (
            f" {estimates} of the outcomes {which} (预计), stated before the year's accounts closed: "
            f"{on} may change with the final figures."
        )
    return text
