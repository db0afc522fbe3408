"""Section "The nation's budget and money": the national report's fiscal package and stances, with
the previous year's beside them."""

from __future__ import annotations

import pandas as pd

from analysis.briefing.page.common import html_table

COLUMNS = {
    "item": "item",
    "item_zh": "as the report names it",
    "this_year": "this year",
    "last_year": "last year",
    "change": "change on last year, as this year's report states it",
}


def table(budget: pd.DataFrame, year: int) -> str:
    """The package (HTML); "" when the table is empty (a region other than the nation)."""
    if budget.empty:
        return ""
    return html_table(budget, {**COLUMNS, "this_year": str(year), "last_year": str(year - 1)}, css="budget")
