"""Section "The year so far": what the remaining quarters must deliver, from the year-to-date release."""

from __future__ import annotations

import pandas as pd

from analysis.briefing.page.common import english, number, pct
from analysis.corpus.as_of import parse_as_of
from analysis.models.feasibility.in_year import no_update_reason


def header_words(in_year: pd.DataFrame, as_of: str) -> str:
    """What reading "as of" a day means for this page, for its header: "" without an as-of date."""
    if not as_of:
        return ""
    if in_year.empty:
        return (
            f" Read as of {as_of}: the data are those public by then, but no year-to-date release before that "
            "date is in the data, so the odds are those of the report's date (see The year so far)."
        )
    return f" Read as of {as_of}: the data and odds are those public by then."


def text(in_year: pd.DataFrame, region: str, year: int, as_of: str) -> str:
    """One paragraph per target with year-to-date data, or one line saying why there is none."""
    if not as_of:
        return "No as-of date was given: the odds above are those of the day the report was delivered."
    if in_year.empty:
        why = no_update_reason(region, year, parse_as_of(as_of, region=region, year=year))
        return f"As of {as_of}: {why}, so the odds stand as above."
    lines = []
    for r in in_year.itertuples(index=False):
        lines.append(
            f"As of {r.as_of}, {english(r.key)} was {number(r.ytd_growth, 1, '%')} in {r.period} (published by "
            f"{r.released}); for {number(r.target, 1, '%')} the rest of the year must grow "
            f"{number(r.required_rest, 1, '%')}, taking the quarters so far as {number(r.weight, 3)} of the year's "
            f"output ({r.weight_basis}). Odds given the year so far: {pct(r.p)} (90% interval "
            f"{pct(r.p_low)}–{pct(r.p_high)})."
        )
    return "\n\n".join(lines)
