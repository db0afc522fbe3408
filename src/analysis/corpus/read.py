"""Every work report of a folder, read: which reports there are and what each yields.

A report is a text named ``<year>_<region>.txt`` (``2026_jilin.txt``, ``2008_china.txt``); the
region is a key of :mod:`analysis.vocabulary` (a province, a city, or ``china`` for the State
Council's report). A text a user drops into ``data/raw/reports`` (or any folder passed here) is read
the same way, with or without a provenance sidecar: the sidecar, when there is one, gives the title,
the delivery date and the page the text came from.
"""
from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import InputError

_NAME = re.compile(r"^(?P<year>(?:19|20)\d\d)_(?P<region>[a-z][a-z0-9_]*)\.txt$")


@dataclass(frozen=True)
class Report:
    """One report text: ``path``, ``region`` key, ``year`` delivered, and its sidecar (``meta``, or {})."""

    path: Path
    region: str
    year: int
    meta: dict

    @property
    def name(self) -> str:
        return self.path.name


def parse_name(path: str | Path) -> tuple[str, int]:
    """(region, year) of a report file named ``<year>_<region>.txt``; ``InputError`` otherwise."""
    from analysis.vocabulary import check_region

    path = Path(path)
    m = _NAME.match(path.name)
    if not m:
        raise InputError("a report file is named <year>_<region>.txt (e.g. 2026_jilin.txt)", file=str(path),
                         field="file name", value=path.name)
    return check_region(m["region"], field=f"region of file name {path.name}"), int(m["year"])


def shipped_reports(folder: str | Path | None = None) -> list[Report]:
    """The reports of ``folder`` (default ``data/raw/reports``), ordered by region then year.

    Files that do not follow the naming rule are refused with an ``InputError`` naming the file: a
    text in the reports folder that the suite cannot place is a mistake to fix, not to skip.
    """
    from analysis import paths

    folder = Path(folder) if folder is not None else paths.RAW_REPORTS
    if not folder.is_dir():
        raise InputError("report folder not found", file=str(folder))
    reports = []
    for path in sorted(folder.glob("*.txt")):
        region, year = parse_name(path)
        meta_path = path.with_name(path.name + ".meta.json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        reports.append(Report(path, region, year, meta))
    return sorted(reports, key=lambda r: (r.region != "china", r.region, r.year))


def report_for(region: str, year: int, folder: str | Path | None = None) -> Report:
    """The report of ``region`` delivered in ``year``; ``InputError`` listing what is shipped."""
    from analysis.vocabulary import check_region

    region = check_region(region)
    reports = shipped_reports(folder)
    for report in reports:
        if report.region == region and report.year == int(year):
            return report
    have = ", ".join(str(r.year) for r in reports if r.region == region) or "none"
    raise InputError(f"no work report of {region} for {year} is shipped (years shipped: {have})",
                     field="year", value=year)


@dataclass
class Reading:
    """What one report yields: its extraction table and the warnings its reading raised."""

    report: Report
    frame: object
    warnings: list[str]


def read_report(report: Report) -> Reading:
    """Extract every number of ``report`` (:func:`analysis.report.extract.extract_report`), keeping the
    warnings (a report without a main-expected-targets passage) instead of printing them."""
    from analysis.report.extract import ReportWarning, extract_report

    from analysis import paths

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReportWarning)
        frame = extract_report(report.path, year=report.year)
    shown = str(report.path)
    try:  # name the file relative to the project, never by a machine's absolute path
        shown = str(report.path.resolve().relative_to(paths.ROOT))
    except ValueError:
        pass
    messages = [str(w.message).replace(str(report.path), shown) for w in caught
                if issubclass(w.category, ReportWarning)]
    return Reading(report, frame, messages)


def read_corpus(folder: str | Path | None = None, *, regions=None, years=None) -> list[Reading]:
    """Read every report of ``folder`` (optionally only ``regions`` / ``years``), in order."""
    reports = shipped_reports(folder)
    if regions is not None:
        wanted = set(regions)
        reports = [r for r in reports if r.region in wanted]
    if years is not None:
        wanted_years = {int(y) for y in years}
        reports = [r for r in reports if r.year in wanted_years]
    return [read_report(r) for r in reports]
