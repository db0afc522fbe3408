"""What the corpus has, region by year: a text read, a GDP target, a stated outcome, anything refused.

:func:`coverage` gives one row per region and year from the first text of the region (2000 at the
latest for the nation and the provinces) to the last year of the corpus: ``read`` (a work report for
that year is in the panel), ``file``, ``gdp_target`` (the year's GDP-growth target as written),
``gdp_outcome`` (last year's GDP growth as this report states it), ``targets`` (numeric
headline targets), ``secondary`` (numeric targets set elsewhere in the plan), ``outcomes`` (last
year's outcomes the report states), ``refused`` (a text of that region and year kept out, and why)
and ``note`` (a text read as another year than its file name says).
"""

from __future__ import annotations

import pandas as pd

from analysis.vocabulary import BY_REGION

COLUMNS = [
    "region",
    "level",
    "year",
    "read",
    "file",
    "gdp_target",
    "gdp_outcome",
    "targets",
    "secondary",
    "outcomes",
    "refused",
    "note",
]


def coverage(reports: pd.DataFrame, targets: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """The coverage table (see the module docstring) from the build's report summary and panel."""
    work = reports[reports["kind"] == "report"]
    if work.empty:
        return pd.DataFrame(columns=COLUMNS)
    last = int(work["year"].max())
    read = {
        (r, y): (f, n)
        for r, y, f, n, s in zip(work["region"], work["year"], work["file"], work["year_note"], work["status"])
        if s == "read"
    }
    refused: dict[tuple, list[str]] = {}
    for r, y, yf, f, s, e in zip(
        work["region"], work["year"], work["year_file"], work["file"], work["status"], work["exception"]
    ):
        if s != "read":  # at the file's year, and at the text's own year when no other text of it was read
            for year in {int(yf)} | ({int(y)} if (r, int(y)) not in read else set()):
                refused.setdefault((r, year), []).append(f"{f}: {s} ({e})")
    head = targets[(targets["key"] == "gdp_real_growth") & targets["headline"]]
    gdp_t = dict(zip(zip(head["region"], head["year"]), head["written"]))
    gdp = outcomes[outcomes["key"] == "gdp_real_growth"]
    gdp_o = dict(zip(zip(gdp["region"], gdp["year"]), gdp["value"]))
    numeric = targets[targets["has_number"]]
    n_head = numeric[numeric["headline"]].groupby(["region", "year"]).size().to_dict()
    n_other = numeric[~numeric["headline"]].groupby(["region", "year"]).size().to_dict()
    n_out = outcomes.groupby(["region", "year"]).size().to_dict()
    rows = []
    for region, texts in work.groupby("region", sort=False):
        level = texts["level"].iloc[0]
        first = int(texts["year"].min())
        if level in ("nation", "province"):
            first = min(first, 2000)
        for year in range(first, last + 1):
            key = (region, year)
            file, note = read.get(key, ("", ""))
            rows.append(
                {
                    "region": region,
                    "level": level,
                    "year": year,
                    "read": key in read,
                    "file": file,
                    "gdp_target": gdp_t.get(key, ""),
                    "gdp_outcome": float(gdp_o.get((region, year - 1), float("nan"))) if key in read else float("nan"),
                    "targets": int(n_head.get(key, 0)),
                    "secondary": int(n_other.get(key, 0)),
                    "outcomes": int(n_out.get((region, year - 1), 0)) if key in read else 0,
                    "refused": "; ".join(refused.get(key, [])),
                    "note": note,
                }
            )
    order = {"nation": 0, "province": 1, "city": 2}
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["_o"] = frame["level"].map(order).fillna(3)
    frame = frame.sort_values(["_o", "region", "year"], kind="mergesort").drop(columns="_o")
    return frame.reset_index(drop=True)


def summary(table: pd.DataFrame, first: int = 2003, last: int | None = None) -> pd.DataFrame:
    """Per level, over ``first``..``last``: region-years, texts read, share with a GDP target, share
    with a stated GDP outcome, texts refused."""
    last = last if last is not None else int(table["year"].max())
    part = table[(table["year"] >= first) & (table["year"] <= last)]
    rows = []
    for level, t in part.groupby("level", sort=False):
        read = t[t["read"]]
        rows.append(
            {
                "level": level,
                "years": f"{first}-{last}",
                "region_years": len(t),
                "read": len(read),
                "gdp_target": int((read["gdp_target"] != "").sum()),
                "gdp_target_share": round(float((read["gdp_target"] != "").mean()), 3) if len(read) else 0.0,
                "gdp_outcome": int(read["gdp_outcome"].notna().sum()),
                "refused": int((t["refused"] != "").sum()),
            }
        )
    return pd.DataFrame(rows)


def region_name(key: str) -> str:
    region = BY_REGION.get(key)
    return region.name if region else key


#: the marks of :func:`grid`
MARKS = {"target": "T", "read": "r", "refused": "x", "none": "."}


def grid(table: pd.DataFrame) -> str:
    """Region by year as one character a cell: ``T`` a report read with a GDP target, ``r`` read
    without one, ``x`` a text refused or held out, ``.`` no text."""
    years = sorted(table["year"].unique())
    lines = [
        "region         " + "".join(str(y)[-1] for y in years),
        "               " + "".join(str(y)[-2] if str(y)[-1] == "0" else " " for y in years),
    ]
    for region, rows in table.groupby("region", sort=False):
        cells = {
            int(r.year): (
                MARKS["target"]
                if r.gdp_target
                else MARKS["read"]
                if r.read
                else MARKS["refused"]
                if r.refused
                else MARKS["none"]
            )
            for r in rows.itertuples()
        }
        lines.append(f"{region:<15}" + "".join(cells.get(int(y), " ") for y in years))
    legend = "T read, GDP target found · r read, no GDP target · x refused or held out · . no text"
    return "\n".join(lines) + "\n" + legend
