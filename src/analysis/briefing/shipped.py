"""Which work reports a briefing can be made of: those the corpus panel read.

The panel (:func:`analysis.corpus.build.load_panel`, table ``reports``) lists every text of
``data/raw/reports`` with its region, level (nation, province, city), kind and year - the year the
text itself gives - and whether it was read. A briefing needs a work report (kind ``report``) that
was read (status ``read``); this module answers which regions have one for a year and which years a
region has, and refuses (exit 2) a region and year without one.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from analysis import paths
from analysis.corpus.build import load_panel
from analysis.errors import InputError

#: Levels briefed by ``--region all``: the nation and the provinces (cities one by one with --region).
BATCH_LEVELS = ("nation", "province")


def reports() -> pd.DataFrame:
    """The work reports read into the corpus panel: region, level, year, path (under data/raw/reports).

    Read once per state of ``data/processed/corpus/reports.csv`` (its size and modification time).
    """
    table = _reports_table()
    try:
        stat = table.stat()
        stamp = (str(table), stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (str(table), 0, 0)
    return _read(stamp)


@lru_cache(maxsize=2)
def _read(stamp: tuple) -> pd.DataFrame:
    frame = load_panel().reports
    frame = frame[frame["kind"].eq("report") & frame["status"].eq("read")]
    frame = frame[["region", "level", "year", "path"]].dropna(subset=["year"])
    return frame.astype({"year": int}).sort_values(["region", "year"]).reset_index(drop=True)


def report_years(region: str) -> list[int]:
    """Years of the work reports of ``region`` (a region key) in the panel."""
    frame = reports()
    return sorted(set(frame.loc[frame["region"].eq(region), "year"]))


def report_regions(year: int, levels: tuple[str, ...] = BATCH_LEVELS) -> list[str]:
    """Regions of ``levels`` with a work report of ``year``: the nation first, then by key."""
    frame = reports()
    found = set(frame.loc[frame["year"].eq(int(year)) & frame["level"].isin(levels), "region"])
    return sorted(found, key=lambda region: (region != "china", region))


def check_report(region: str, year: int, *, field: str = "year") -> None:
    """InputError (exit 2) unless ``region`` (a key) has a work report of ``year`` in the panel,
    naming the years it has."""
    years = report_years(region)
    if int(year) not in years:
        raise InputError(
            f"no work report shipped for {region} {year}; shipped years: {span(years) or '(none)'}",
            file=_reports_table(),
            field=field,
            value=year,
        )


def span(years: list[int]) -> str:
    """Years as runs: ``2000-2018, 2020-2026``."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _reports_table():
    return paths.PROCESSED / "corpus" / "reports.csv"
