"""Tables of the corpus panel for reading: the targets of one year region by region, one indicator
over the years."""

from __future__ import annotations

import pandas as pd

from analysis.corpus.panel import PANEL_KEYS
from analysis.errors import InputError
from analysis.vocabulary import BY_KEY, CITY_KEYS, PROVINCE_KEYS


def _regions(level: str) -> list[str]:
    return ["china", *PROVINCE_KEYS] if level == "province" else list(CITY_KEYS)


def target_table(
    targets: pd.DataFrame,
    year: int,
    *,
    indicator: str | None = None,
    level: str = "province",
    reports: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The targets set for ``year``: one row per region of ``level`` (``province``: ``china`` and the 31
    provinces; ``city``: the cities of the registry), one column per indicator key holding the target as
    written (``5%左右``, ``4.5-5%``); the headline targets' keys first. ``report`` names the text read
    for the region and year (empty when none is shipped; a region whose report sets no target has a
    row of empty cells).

    With ``indicator``: value, value_high, qualifier, bound, the nation's target of the same year
    (``national``), the report and line. Raises ``InputError`` naming the year when no report of it is in
    the corpus, and naming the key when ``indicator`` is not a key of the vocabulary.
    """
    year = int(year)
    rows = targets[targets["year"] == year]
    if rows.empty:
        have = sorted({int(y) for y in targets["year"].dropna()})
        raise InputError(
            f"no report in the corpus sets targets for {year} (years with targets: {have[0]}-{have[-1]})",
            field="--year",
            value=year,
        )
    regions = _regions(level)
    read = {}
    if reports is not None:
        ok = reports[(reports["kind"] == "report") & (reports["status"] == "read") & (reports["year"] == year)]
        read = dict(zip(ok["region"], ok["file"]))
    rows = rows[rows["region"].isin(regions)]
    if indicator is not None:
        if indicator not in BY_KEY:
            raise InputError("unknown indicator key", field="--indicator", value=indicator)
        one = rows[rows["key"] == indicator].drop_duplicates("region")
        national = targets[(targets["year"] == year) & (targets["region"] == "china") & (targets["key"] == indicator)]
        out = pd.DataFrame({"region": regions}).merge(
            one[["region", "value", "value_high", "unit", "qualifier", "bound", "written", "headline", "line"]],
            on="region",
            how="left",
        )
        out["national"] = national["written"].iloc[0] if len(national) else ""
        out["report"] = out["region"].map(read).fillna("")
        out["written"] = out["written"].fillna("")
        return out
    rows = rows.sort_values("headline", ascending=False, kind="stable").drop_duplicates(["region", "key"])
    wide = rows.pivot_table(index="region", columns="key", values="written", aggfunc="first")
    keys = [k for k in PANEL_KEYS if k in wide.columns] + [k for k in wide.columns if k not in PANEL_KEYS]
    wide = wide.reindex(index=regions, columns=keys).fillna("")
    wide.index.name = "region"
    wide.columns.name = None
    out = wide.reset_index()
    out.insert(1, "report", out["region"].map(read).fillna(""))
    return out


def indicator_history(targets: pd.DataFrame, indicator: str, *, level: str = "province") -> pd.DataFrame:
    """One indicator's headline target over the years: a row per region of ``level``, a column per year,
    each cell the target as written."""
    if indicator not in BY_KEY:
        raise InputError("unknown indicator key", field="--indicator", value=indicator)
    rows = targets[(targets["key"] == indicator) & targets["region"].isin(_regions(level))]
    if rows.empty:
        raise InputError(
            "no report of this level sets a target for this indicator", field="--indicator", value=indicator
        )
    rows = rows.sort_values("headline", ascending=False, kind="stable").drop_duplicates(["region", "year"])
    wide = rows.pivot_table(index="region", columns="year", values="written", aggfunc="first")
    wide = wide.reindex(index=_regions(level)).fillna("")
    wide.columns = [str(c) for c in wide.columns]
    wide.index.name = "region"
    return wide.reset_index()
