"""Every text of a report folder, read: which texts there are, the year each plans for, what each yields.

A work report is a text named ``<year>_<region>.txt`` (``2026_jilin.txt``, ``2008_china.txt``), an
NBS statistical communiqué ``<year>_<region>_communique.txt`` (the year it reviews). Texts sit in
``data/raw/reports`` (in ``national/``, ``provinces/``, ``cities/``, ``communiques/``, or at the top
where a user drops one), each with a provenance sidecar when it was imported.

**The year of a report comes from its text** (:func:`analysis.report.header.read_header`): a date
line, a title or a dated heading is trusted over the file name; a year the text only suggests (the
years it names) is checked against the file name, which is kept when the text names that year or
the one before. A text whose year disagrees with its name, two texts of one region and year, and a
text that cannot be read are *anomalies* (:class:`Anomaly`): each must be declared, with what to do
and why, in ``data/raw/report_exceptions.csv`` (:mod:`analysis.corpus.exceptions`); an undeclared
one keeps its text out of the panel, and ``corpus build`` names it and exits non-zero.

Readings are cached by the text's sha256, the year read and the code's fingerprint
(``data/processed/corpus/.cache``); texts not in the cache are read by two processes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import corpus as corpus_package
from analysis import paths, vocabulary
from analysis import report as report_package
from analysis.corpus.communique import read_communique
from analysis.corpus.display import format_target
from analysis.errors import InputError
from analysis.report.columns import COLUMNS
from analysis.report.extract import ReportWarning, extract_report
from analysis.report.header import Header, read_header
from analysis.report.text import clean_text
from analysis.report.text import read_report as read_text
from analysis.series.provenance import sidecar_fields
from analysis.tables import atomic_path

_NAME = re.compile(r"^(?P<year>(?:19|20)\d\d)_(?P<region>[a-z][a-z0-9_]*?)(?P<communique>_communique)?\.txt$")
#: the bases of a year read from a text that are trusted over a file name
FIRM_BASES: tuple[str, ...] = ("date line", "title", "review heading", "plan heading")
#: extraction rows a reading keeps: those with an indicator key, and every headline target
_KEEP = ("key", "is_headline")


@dataclass(frozen=True)
class Report:
    """One text: ``path``, ``region`` key, ``year`` of its file name, ``kind`` (``report`` or
    ``communique``), ``level`` (nation, province, city) and its sidecar (``meta``, or {})."""

    path: Path
    region: str
    year: int
    kind: str
    level: str
    meta: dict

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class Reading:
    """What one text yields.

    year : the year the reading uses (the year the report plans for; for a communiqué, the year it
        reviews). header : what the text says about itself. year_note : why ``year`` differs from the
        file name, else "". frame : the extraction rows with a key, and every headline target.
    counts : numbers of rows by kind before filtering (``result``, ``target``, ``goal``, ``headline``).
    warnings : what the reading noticed (no main-expected-targets passage). error : why the text
        cannot be read, else "".
    """

    report: Report
    year: int
    header: Header | None
    year_note: str
    columns: dict
    counts: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def frame(self) -> pd.DataFrame:
        """The kept extraction rows as a table (extraction columns)."""
        return frame_of_columns(self.columns)


def columns_of(frame: pd.DataFrame) -> dict:
    """A table as plain columns (numpy arrays), cheap to cache and to concatenate; Int64 columns as
    floats with NaN for missing."""
    out = {}
    for name in frame.columns:
        column = frame[name]
        if str(column.dtype) == "Int64":
            out[name] = column.astype("float64").to_numpy()
        else:
            out[name] = column.to_numpy()
    return out


def frame_of_columns(columns: dict) -> pd.DataFrame:
    """The table of :func:`columns_of` (Int64 restored for years and line)."""
    if not columns:
        return pd.DataFrame(columns=list(COLUMNS))
    frame = pd.DataFrame(columns)
    for name in ("year", "year_start"):
        if name in frame:
            frame[name] = frame[name].astype("Int64")
    return frame


def parse_name(path: str | Path) -> tuple[str, int]:
    """(region, year) of a text named ``<year>_<region>.txt``; ``InputError`` otherwise (a region that
    is neither in the registry nor named in the text's sidecar)."""
    path = Path(path)
    m = _NAME.match(path.name)
    if not m:
        raise InputError(
            "a report file is named <year>_<region>.txt (e.g. 2026_jilin.txt)",
            file=str(path),
            field="file name",
            value=path.name,
        )
    region = m["region"]
    if region not in vocabulary.BY_REGION:
        meta = _sidecar(path)
        if meta.get("region") != region:
            vocabulary.check_region(region, field=f"region of file name {path.name}")
    return region, int(m["year"])


def _sidecar(path: Path) -> dict:
    return sidecar_fields(path)


def _report(path: Path) -> Report:
    region, year = parse_name(path)
    meta = _sidecar(path)
    kind = "communique" if path.name.endswith("_communique.txt") else "report"
    level = vocabulary.region_level(region) or meta.get("level", "city")
    return Report(path, region, year, kind, level, meta)


def shipped_reports(folder: str | Path | None = None, *, kind: str | None = "report") -> list[Report]:
    """The texts of ``folder`` (default ``data/raw/reports``, its kind folders included), ordered:
    the nation, provinces, cities, each by region then year. ``kind``: ``report`` (work reports),
    ``communique``, or None for both.

    A text that does not follow the naming rule is refused with an ``InputError`` naming the file: a
    text in the reports folder that the suite cannot place is a mistake to fix, not to skip.
    """
    folder = Path(folder) if folder is not None else paths.RAW_REPORTS
    if not folder.is_dir():
        raise InputError("report folder not found", file=str(folder))
    found = [p for sub in ("", *paths.REPORT_FOLDERS) for p in sorted((folder / sub).glob("*.txt"))]
    reports = [_report(p) for p in found]
    if kind is not None:
        reports = [r for r in reports if r.kind == kind]
    order = {"nation": 0, "province": 1, "city": 2}
    return sorted(reports, key=lambda r: (r.kind, order.get(r.level, 3), r.region, r.year, r.name))


#: the corpus modules whose code decides what a text yields (the rest of the package only uses it)
READING_MODULES: tuple[str, ...] = ("read.py", "communique.py")


def code_fingerprint(corpus_modules: tuple[str, ...] = READING_MODULES) -> str:
    """A fingerprint of the code that reads a text: the report package, the named modules of the corpus
    package, the vocabulary and the regions table."""
    digest = hashlib.sha256()
    for path in sorted(Path(report_package.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    corpus_folder = Path(corpus_package.__file__).parent
    for name in sorted(corpus_modules):
        digest.update((corpus_folder / name).read_bytes())
    digest.update(Path(vocabulary.__file__).read_bytes())
    digest.update((paths.RAW / "regions" / "regions.csv").read_bytes())
    return digest.hexdigest()[:16]


def resolve_year(header: Header | None, file_year: int, text: str) -> tuple[int, str]:
    """The year a report plans for and, when it is not the file name's, why.

    A firm year of the text (:data:`FIRM_BASES`) wins; a year the text only suggests is replaced by
    the file name's when the text names that year or the one before it.
    """
    if header is None or header.year is None:
        return file_year, ""
    if header.year == file_year:
        return file_year, ""
    if header.basis not in FIRM_BASES and (f"{file_year}年" in text or f"{file_year - 1}年" in text):
        return file_year, ""
    return header.year, (
        f"the text gives {header.year} ({header.basis}"
        + (f" {header.delivered.isoformat()}" if header.delivered else "")
        + f"), the file name {file_year}"
    )


def _read(report: Report, file_year: bool = False) -> Reading:
    """Read one text (no cache); ``file_year``: plan year from the file name, whatever the text says."""
    try:
        raw = read_text(report.path)
    except InputError as err:
        return Reading(report, report.year, None, "", {}, error=str(err).split(" (file")[0])
    if report.kind == "communique":
        frame = read_communique(raw, report.year)
        return Reading(report, report.year, None, "", columns_of(frame), {"result": len(frame)})
    clean = clean_text(raw)
    header = read_header(clean.text)
    year, note = resolve_year(header, report.year, raw)
    if file_year:  # declared: the file name's year, the text's claim kept in the note
        year = report.year
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReportWarning)
        try:
            frame = extract_report(clean, year=year, name=report.name)
        except Exception as err:  # a text the extractor cannot read is an anomaly to declare, not a crash
            return Reading(report, year, header, note, {}, error=f"extraction failed: {err!r}")
    messages = [str(w.message) for w in caught if issubclass(w.category, ReportWarning)]
    kept = frame[(frame["key"] != "") | frame["is_headline"]].reset_index(drop=True)
    return Reading(report, year, header, note, columns_of(kept), summarise(frame, year), messages)


def summarise(frame: pd.DataFrame, year: int) -> dict:
    """What a report yields, counted on its whole extraction: rows by kind, headline targets (and
    how many have a key), the GDP target as written, and last year's keyed whole-year results."""
    # numpy arrays, not pandas masks: this runs once per text of the corpus
    kind = frame["kind"].to_numpy()
    key = frame["key"].to_numpy()
    counts = {k: int((kind == k).sum()) for k in ("result", "target", "goal", "context")}
    head = frame["is_headline"].to_numpy(dtype=bool) & (kind == "target")
    counts["headline"] = int(head.sum())
    counts["headline_keys"] = int((head & (key != "")).sum())
    gdp = np.flatnonzero(head & (key == "gdp_real_growth"))
    counts["gdp_target"] = ""
    if len(gdp):
        row = frame.iloc[int(gdp[0])]
        counts["gdp_target"] = format_target(
            row["value"], row["value_high"], row["unit"], row["qualifier"], bool(row["has_number"])
        )
    last = (
        (kind == "result")
        & (frame["year"].to_numpy(dtype=float) == year - 1)
        & np.isnan(frame["year_start"].to_numpy(dtype=float))
        & (frame["period"].to_numpy() == "")
        & (key != "")
    )
    counts["results_last_year"] = len(set(key[last]))
    return counts


def read_report(report: Report) -> Reading:
    """Read one text: its year (from the text), every number of it (the rows with a key and every
    headline target), and what the reading noticed."""
    return _read(report)


def _cache_key(report: Report, digest: str, fingerprint: str, file_year: bool) -> str:
    return f"{digest}:{report.name}:{report.year}:{int(file_year)}:{fingerprint}"


def _load_cache(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return {}


def _save_cache(path: Path, cache: dict) -> None:
    with atomic_path(path) as tmp:
        with tmp.open("wb") as handle:
            pickle.dump(cache, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _worker(job: tuple[Report, bool]) -> Reading:
    return _read(*job)


def read_corpus(
    folder: str | Path | None = None,
    *,
    regions=None,
    years=None,
    kind: str | None = "report",
    cache: str | Path | None = None,
    workers: int | None = None,
    file_years: frozenset[str] = frozenset(),
) -> list[Reading]:
    """Read every text of ``folder`` (optionally only ``regions`` / file-name ``years``), in order.

    ``file_years``: names of texts read as the report of their file name's year (declared exceptions,
    :mod:`analysis.corpus.exceptions`).

    ``cache``: a file of readings keyed by the text's sha256 and the code's fingerprint (read and
    rewritten; None: no cache). ``workers``: processes for the texts not in the cache (default: two
    when more than 40 texts are to be read, else one).
    """
    reports = shipped_reports(folder, kind=kind)
    if regions is not None:
        wanted = set(regions)
        reports = [r for r in reports if r.region in wanted]
    if years is not None:
        wanted_years = {int(y) for y in years}
        reports = [r for r in reports if r.year in wanted_years]
    fingerprint = code_fingerprint()
    stored = _load_cache(Path(cache)) if cache is not None else {}
    forced = [r.name in file_years for r in reports]
    keys = [
        _cache_key(r, hashlib.sha256(r.path.read_bytes()).hexdigest(), fingerprint, f) for r, f in zip(reports, forced)
    ]
    todo = [(r, f) for r, f, k in zip(reports, forced, keys) if k not in stored]
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if len(todo) > 40 else 1
    if workers > 1 and todo:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            fresh = list(pool.map(_worker, todo, chunksize=8))
    else:
        fresh = [_read(*job) for job in todo]
    done = dict(zip((k for k in keys if k not in stored), fresh))
    readings = [stored.get(k) or done[k] for k in keys]
    for reading, report in zip(readings, reports):
        reading.report = report  # the path and sidecar of this folder, not of the run that cached it
    if cache is not None and done:
        _save_cache(Path(cache), {k: r for k, r in zip(keys, readings)})
    return readings


def report_for(region: str, year: int, folder: str | Path | None = None) -> Report:
    """The work report of ``region`` for ``year`` (by file name); ``InputError`` for an unknown region
    or a year not shipped, listing the years that are."""
    reports = shipped_reports(folder)
    if not any(r.region == region for r in reports):
        region = vocabulary.check_region(region)
    mine = [r for r in reports if r.region == region]
    for report in mine:
        if report.year == int(year):
            return report
    have = ", ".join(str(r.year) for r in mine) or "none"
    raise InputError(
        f"no work report of {region} for {year} is shipped (years shipped: {have})", field="year", value=year
    )
