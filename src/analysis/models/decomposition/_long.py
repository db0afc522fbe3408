"""The long result every decomposition method returns: one row per year and component.

Columns (:data:`COLUMNS`): ``year``; ``component`` (a part of the total, ``residual`` or the total
itself); ``value_pp`` (percentage points, 百分点, for parts and the residual; the growth rate in %
for the total); ``share`` (% of the total); ``role`` (``component``, ``residual`` or ``total``);
``method``; ``vintage`` (the vintage class the year was computed in); ``note``. Components plus the
residual equal the total in every year: the residual is what the data leave over, never forced to
zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

COLUMNS = ["year", "component", "value_pp", "share", "role", "method", "vintage", "note"]


def finite(*values: float) -> bool:
    """True when every value is a number (not None, not NaN)."""
    return all(v is not None and not (isinstance(v, float) and math.isnan(v)) for v in values)


def value(frame: pd.DataFrame, year: int, column: str) -> float:
    """``frame[column]`` at ``year`` as a float; NaN when the column, the year or the value is missing."""
    if column not in frame.columns or year not in frame.index:
        return math.nan
    found = frame.at[year, column]
    try:
        return float(found)
    except (TypeError, ValueError):
        return math.nan


def rows(
    year: int,
    parts: dict[str, float],
    total: float,
    *,
    method: str,
    vintage: str,
    note: str,
    total_name: str = "total",
    extra: dict[str, dict] | None = None,
) -> list[dict]:
    """Long rows of one year: the ``parts``, the residual (total - sum of parts) and the total.

    ``extra`` maps a component name to further columns of its row (e.g. ``share_nbs``).
    """
    residual = total - sum(parts.values()) if finite(total) else math.nan
    out = []
    for name, number in [*parts.items(), ("residual", residual), (total_name, total)]:
        role = "component" if name in parts else ("residual" if name == "residual" else "total")
        share = 100.0 * number / total if finite(total, number) and total != 0 else math.nan
        row = {
            "year": int(year),
            "component": name,
            "value_pp": number,
            "share": share,
            "role": role,
            "method": method,
            "vintage": vintage,
            "note": note,
        }
        row.update((extra or {}).get(name, {}))
        out.append(row)
    return out


def frame(records: list[dict], extra_columns: Iterable[str] = ()) -> pd.DataFrame:
    """Rows as a long frame with :data:`COLUMNS` (then ``extra_columns``), sorted by year (stable)."""
    columns = COLUMNS + [c for c in extra_columns if c not in COLUMNS]
    table = pd.DataFrame(records, columns=columns)
    table["year"] = table["year"].astype("int64")
    for column in ("value_pp", "share"):
        table[column] = table[column].astype("float64")
    return table.sort_values(["year"], kind="stable").reset_index(drop=True)


def best_per_year(results: list[pd.DataFrame]) -> pd.DataFrame:
    """Results of one method in several vintage classes, best class first: each year from the first
    result that has it (a year is never computed from two classes)."""
    kept, seen = [], set()
    for result in results:
        if result.empty:
            continue
        new = result[~result["year"].isin(seen)]
        seen |= set(new["year"])
        kept.append(new)
    if not kept:
        return frame([])
    return pd.concat(kept, ignore_index=True).sort_values("year", kind="stable").reset_index(drop=True)


def by_year(table: pd.DataFrame, *, index: str | list[str] = "year", columns: str | list[str] = "component"):
    """``value_pp`` of a long result, one row per ``index``, one column per ``columns`` value.

    Columns keep the order in which they first appear (components, then the residual, then the
    total); rows are sorted. An empty ``table`` gives an empty frame.
    """
    if table.empty:
        return pd.DataFrame()
    wide = table.pivot_table(index=index, columns=columns, values="value_pp")
    keys = table[columns].itertuples(index=False, name=None) if isinstance(columns, list) else table[columns]
    order = list(dict.fromkeys(keys))
    return wide[[c for c in order if c in wide.columns]]
