"""Tables of the corpus panel for reading: the targets of one year, region by region."""
from __future__ import annotations

import pandas as pd

from analysis.errors import InputError


def target_table(targets: pd.DataFrame, year: int, *, indicator: str | None = None,
                 regions: list[str] | None = None) -> pd.DataFrame:
    """The targets set for ``year``: one row per region (``china`` first), one column per indicator
    key holding the target as written (``5%左右``, ``4.5-5%``); a region without that target is empty.

    With ``indicator``: one row per region with value, value_high, qualifier, bound, the national
    target of the same year beside it (``national``), and the report and line it was read from.

    ``regions``: the regions with a report for ``year``; a region whose report sets no target the
    suite can read gets a row of empty cells rather than no row.

    Raises ``InputError`` naming the year when no report of it is in the corpus, and naming the key
    when ``indicator`` is not among the year's targets.
    """
    rows = targets[targets["year"] == int(year)]
    regions = sorted(set(regions or ()) | set(rows["region"]), key=lambda r: (r != "china", r))
    if not regions:
        have = sorted({int(y) for y in targets["year"].dropna()})
        raise InputError(f"no report in the corpus sets targets for {year} (years with targets: "
                         f"{have[0]}-{have[-1]})", field="--year", value=year)
    order = {r: i for i, r in enumerate(regions)}
    if indicator is None:
        wide = rows.pivot_table(index="region", columns="key", values="written", aggfunc="first")
        keys = _key_order(rows)
        wide = wide.reindex(index=regions, columns=keys).fillna("")
        wide.index.name = "region"
        wide = wide.sort_index(key=lambda s: s.map(order)).reset_index()
        wide.columns.name = None
        return wide
    from analysis.vocabulary import BY_KEY

    if indicator not in BY_KEY:
        raise InputError("unknown indicator key", field="--indicator", value=indicator)
    one = rows[rows["key"] == indicator]
    if one.empty:
        raise InputError(f"no report sets a {year} target for this indicator", field="--indicator",
                         value=indicator)
    national = one[one["region"] == "china"]
    written = national["written"].iloc[0] if not national.empty else ""
    out = one[["region", "value", "value_high", "unit", "qualifier", "bound", "written", "report", "line"]].copy()
    out.insert(7, "national", written)
    return out.sort_values("region", key=lambda s: s.map(order), kind="mergesort").reset_index(drop=True)


def _key_order(rows: pd.DataFrame) -> list[str]:
    """Keys in vocabulary order (headline keys first), then the rest as first seen."""
    from analysis.corpus.panel import PANEL_KEYS

    present = list(dict.fromkeys(rows["key"]))
    return [k for k in PANEL_KEYS if k in present] + [k for k in present if k not in PANEL_KEYS]
