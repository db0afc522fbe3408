"""Section "The 万亿 goals": every level goal of the report (过万亿, 迈上…台阶, 万亿级) with its start level,
the odds that it is met in its year, or the reason it cannot be evaluated; the fan chart beside it."""

from __future__ import annotations

import re

import pandas as pd

from analysis.briefing.page.common import english, html_table, missing, number, pct, region_name
from analysis.models.scenarios.outputs import coverage_sentence

#: a parenthesis (one level of nesting) that names a file: the Sources table names the publication
_FILE_NOTE = re.compile(r"\s*\((?:[^()]|\([^()]*\))*(?:\.csv|\.txt|repo copy)(?:[^()]|\([^()]*\))*\)")

COLUMNS = {
    "goal": "goal as written",
    "about": "level",
    "threshold": "goal",
    "start": "latest level",
    "odds": "odds met",
    "basis": "growth from / why not evaluated",
}


def _about(row) -> str:
    if missing(row["region"]):
        return "no series"
    series = english(str(row["indicator"]))
    return f"{region_name(str(row['region']))}: {series}"


def _money(value, unit: str) -> str:
    """A level in 亿元 as 万亿元 from 1 万亿 up (10000 亿元 -> "1 万亿元")."""
    if unit == "亿元" and not missing(value) and float(value) >= 10000:
        return number(float(value) / 10000, 2, " 万亿元")
    return number(value, 0, f" {unit}")


def _threshold(row) -> str:
    value = _money(row["threshold"], str(row["threshold_unit"]))
    return f"{value} by {int(row['goal_year'])}" if not missing(row["goal_year"]) else value


def _start(row) -> str:
    if missing(row["start_value"]):
        return "—"
    return f"{_money(row['start_value'], str(row['unit']))} ({int(row['start_year'])})"


def table(goals: pd.DataFrame) -> str:
    """The goals (HTML), or one line when the report sets none."""
    if goals.empty:
        return "<p>The report sets no level goal (过万亿, 迈上…台阶, 万亿级 bases).</p>"
    out = pd.DataFrame(
        {
            "goal": goals["goal"],
            "about": [_about(r) for _, r in goals.iterrows()],
            "threshold": [_threshold(r) for _, r in goals.iterrows()],
            "start": [_start(r) for _, r in goals.iterrows()],
            "odds": [pct(p) if bool(e) else "not evaluated" for p, e in zip(goals["p_goal"], goals["evaluated"])],
            "basis": goals["reason"].map(lambda r: "—" if missing(r) else _FILE_NOTE.sub("", str(r))),
        }
    )
    return html_table(out, COLUMNS, css="levels", numeric=("odds",))


def sentence(goals: pd.DataFrame, bands: pd.DataFrame, year: int | None = None) -> str:
    """How many goals, how many evaluated, and what the bands' backtest measured; with the report's
    ``year``, whether the levels start from data later than the report."""
    if goals.empty:
        return ""
    evaluated = goals[goals["evaluated"].astype(bool)]
    starts = pd.to_numeric(evaluated["start_year"], errors="coerce").dropna()
    later = ""
    if year is not None and len(starts) and int(starts.max()) >= int(year):
        later = (
            f" The levels start from the latest the data hold ({int(starts.max())}), later than the report: these "
            "odds use what is known now; read the briefing as of a date to see them as they stood then."
        )
    head = (
        f"The report sets {len(goals)} level goal{'s' if len(goals) != 1 else ''}; {len(evaluated)} can be set "
        "against a recent official level and a growth history. The odds are the share of 20,000 simulated paths "
        "of nominal growth ((1 + real) × (1 + deflator) − 1, drawn from the region's own recent years with the "
        "uncertainty of their mean) that reach the level in the goal's year (or stay above it, for a level "
        "already above)."
    )
    return head + later + (" " + coverage_sentence(bands) if len(bands) else "")
