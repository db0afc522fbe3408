"""Build the corpus panel into ``data/processed/corpus`` and read it back.

``python -m analysis corpus build`` reads every text of ``data/raw/reports`` (work reports and NBS
communiqués; :mod:`analysis.corpus.read`), resolves the anomalies against the declared exceptions
(:mod:`analysis.corpus.exceptions`), builds the panel (:mod:`analysis.corpus.panel`), its coverage
(:mod:`analysis.corpus.coverage`) and the comparisons with other sources
(:mod:`analysis.corpus.reconcile`), and writes, atomically (all files into a staging folder, then
moved; manifest last):

- ``reports.csv``: every text, the year it is read as and why, whether it is in the panel, and what
  it yields (:func:`report_summary`);
- ``targets.csv``, ``outcomes_stated.csv``, ``outcomes_communique.csv``, ``goals.csv``,
  ``scorecard.csv``: the panel;
- ``coverage.csv``: region by year, what the corpus has;
- ``reconciliation.csv``, ``revision_gaps.csv``, ``revision_summary.csv``, ``communique_check.csv``:
  the corpus against the hand-compiled tables, the NBS provincial database and the communiqués;
- ``manifest.json``: the sha256 of every text read and of every output, and the code's fingerprint.

Readings are cached by text hash in ``data/processed/corpus/.cache`` (a rebuild after one new text
reads one text). :func:`load_panel` returns the tables from ``data/processed/corpus`` when its
manifest matches today's texts and code, else builds them in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.corpus import coverage as _coverage
from analysis.corpus import panel as _panel
from analysis.corpus import reconcile as _reconcile
from analysis.corpus.exceptions import DEFAULT, Anomaly, read_exceptions, stale
from analysis.corpus.read import READING_MODULES, Reading, code_fingerprint, read_corpus
from analysis.series.load import load_outcomes, load_targets
from analysis.series.provenance import sha256
from analysis.tables import publish_texts

OUTPUTS: tuple[str, ...] = (
    "reports.csv",
    "targets.csv",
    "outcomes_stated.csv",
    "outcomes_communique.csv",
    "goals.csv",
    "scorecard.csv",
    "coverage.csv",
    "reconciliation.csv",
    "revision_gaps.csv",
    "revision_summary.csv",
    "communique_check.csv",
)
MANIFEST = "manifest.json"
#: the corpus modules whose code decides the panel (the reading's and the panel's own)
PANEL_MODULES: tuple[str, ...] = (
    *READING_MODULES,
    "build.py",
    "panel.py",
    "coverage.py",
    "reconcile.py",
    "exceptions.py",
    "rules.py",
    "display.py",
)
CACHE = ".cache/readings.pickle"
#: the version of the panel's build rules; bump it when the panel changes meaning without a code change
FORMAT = 2
REPORT_COLUMNS = [
    "file",
    "path",
    "region",
    "level",
    "kind",
    "year_file",
    "year",
    "year_basis",
    "year_note",
    "delivered",
    "status",
    "exception",
    "headline",
    "headline_keys",
    "gdp_target",
    "results",
    "results_last_year",
    "goals",
    "warning",
    "error",
]


@dataclass
class Panel:
    """The corpus panel: every table as a DataFrame, the warnings of the reading, the anomalies not
    declared in the exceptions file, and declarations that no longer hold."""

    tables: dict[str, pd.DataFrame]
    warnings: list[str] = field(default_factory=list)
    undeclared: list[Anomaly] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if f"{name}.csv" in tables:
            return tables[f"{name}.csv"]
        raise AttributeError(name)


def anomalies(readings: list[Reading]) -> list[Anomaly]:
    """The anomalies of a list of readings (see :mod:`analysis.corpus.exceptions`)."""
    out = []
    for r in readings:
        if r.error:
            out.append(Anomaly(r.report.name, "unreadable", r.error))
        elif r.report.kind == "report" and not r.counts.get("target") and not r.counts.get("result"):
            out.append(Anomaly(r.report.name, "unreadable", "the text yields neither a target nor a result"))
        if r.year_note:
            out.append(Anomaly(r.report.name, "year", r.year_note))
    groups: dict[tuple, list[Reading]] = defaultdict(list)
    for r in readings:
        if not r.error:
            groups[(r.report.kind, r.report.region, r.year)].append(r)
    for (_kind, region, year), same in groups.items():
        if len(same) > 1:
            names = ", ".join(s.report.name for s in same)
            out += [Anomaly(s.report.name, "duplicate", f"{region} {year} is also given by {names}") for s in same]
    return out


def resolve(readings: list[Reading], found: list[Anomaly], declared: dict) -> tuple[list[Reading], dict, list[Anomaly]]:
    """The readings that enter the panel, each text's status and exception, and the undeclared anomalies."""
    by_file: dict[str, list[Anomaly]] = defaultdict(list)
    for a in found:
        by_file[a.file].append(a)
    included, status, undeclared = [], {}, []
    skipped = {name for name, e in declared.items() if e.action == "skip"}
    for r in readings:
        name = r.report.name
        problems = by_file.get(name, [])
        if name in skipped:
            status[name] = ("skipped", declared[name].reason)
            continue
        open_ = []
        for a in problems:
            if a.problem == "duplicate" and any(s in skipped for s in _names_in(a.detail)):
                continue  # the other copy is skipped
            if name in declared and declared[name].problem == a.problem:
                continue
            open_.append(a)
        if open_:
            undeclared += open_
            status[name] = ("held out", "; ".join(f"{a.problem}: {a.detail}" for a in open_))
            continue
        status[name] = ("read", declared[name].reason if name in declared else "")
        included.append(r)
    return included, status, undeclared


def _names_in(detail: str) -> list[str]:
    return [part.strip() for part in detail.split("given by", 1)[-1].split(",")]


def report_summary(readings: list[Reading], status: dict) -> pd.DataFrame:
    """One row per text: where it is, the year it is read as and why, its status in the panel
    (``read``, ``skipped``, ``held out``) and what it yields (:func:`analysis.corpus.read.summarise`)."""
    rows = []
    for reading in readings:
        report, counts, header = reading.report, reading.counts, reading.header
        state, why = status.get(report.name, ("read", ""))
        try:
            where = report.path.relative_to(paths.RAW_REPORTS).as_posix()
        except ValueError:
            where = report.name
        rows.append(
            {
                "file": report.name,
                "path": where,
                "region": report.region,
                "level": report.level,
                "kind": report.kind,
                "year_file": report.year,
                "year": reading.year,
                "year_basis": header.basis if header else ("file name" if report.kind == "report" else "year reviewed"),
                "year_note": reading.year_note,
                "delivered": (
                    header.delivered.isoformat() if header and header.delivered else report.meta.get("delivered", "")
                ),
                "status": state,
                "exception": why,
                "headline": counts.get("headline", 0),
                "headline_keys": counts.get("headline_keys", 0),
                "gdp_target": counts.get("gdp_target", ""),
                "results": counts.get("result", 0),
                "results_last_year": counts.get("results_last_year", 0),
                "goals": counts.get("goal", 0),
                "warning": "; ".join(reading.warnings),
                "error": reading.error,
            }
        )
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def build_panel(
    folder: str | Path | None = None, *, cache: str | Path | None = None, exceptions: str | Path | None = None
) -> Panel:
    """Read every text of ``folder`` (default ``data/raw/reports``) and build the panel in memory."""
    declared = read_exceptions(exceptions)
    file_years = frozenset(name for name, e in declared.items() if e.action == "file year")
    readings = read_corpus(folder, kind=None, cache=cache, file_years=file_years)
    found = anomalies(readings)
    included, status, undeclared = resolve(readings, found, declared)
    reports = [r for r in included if r.report.kind == "report"]
    communiques = [r for r in included if r.report.kind == "communique"]
    rows = _panel.rows_of(reports)
    targets = _panel.targets(rows)
    outcomes = _panel.outcomes_stated(rows)
    communique = _panel.outcomes_communique(_panel.rows_of(communiques))
    summary = report_summary(readings, status)
    gaps = _reconcile.revision_gaps(
        outcomes, _reconcile.nbs_growth(outcomes.loc[outcomes["level"] == "province", "region"])
    )
    tables = {
        "reports.csv": summary,
        "targets.csv": targets,
        "outcomes_stated.csv": outcomes,
        "outcomes_communique.csv": communique,
        "goals.csv": _panel.goals(rows),
        "scorecard.csv": _panel.scorecard(targets, outcomes, _panel.missed_in_words(rows)),
        "coverage.csv": _coverage.coverage(summary, targets, outcomes),
        "reconciliation.csv": _reconcile.reconcile(targets, outcomes, load_targets(), load_outcomes()),
        "revision_gaps.csv": gaps,
        "revision_summary.csv": _reconcile.revision_summary(gaps),
        "communique_check.csv": _reconcile.communique_check(outcomes, communique),
    }
    names = {r.report.name for r in readings}
    return Panel(
        tables, [w for r in included for w in r.warnings], undeclared, stale(declared, found, names, exceptions)
    )


def _inputs(folder: Path, exceptions: Path) -> dict[str, str]:
    texts = {p.relative_to(folder).as_posix(): sha256(p) for p in sorted(folder.rglob("*.txt"))}
    if exceptions.is_file():
        texts[exceptions.name] = sha256(exceptions)
    return texts


def _csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.10g")


def write_panel(built: Panel, folder: Path, processed: Path, exceptions: Path) -> None:
    """Write the panel's tables and manifest into ``processed`` atomically (staging, then rename)."""
    processed.mkdir(parents=True, exist_ok=True)
    texts = {name: _csv(built.tables[name]) for name in OUTPUTS}
    manifest = {
        "format": FORMAT,
        "code": code_fingerprint(PANEL_MODULES),
        "inputs": _inputs(folder, exceptions),
        "outputs": {n: hashlib.sha256(t.encode("utf-8")).hexdigest() for n, t in texts.items()},
    }
    texts[MANIFEST] = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    publish_texts({name: texts[name] for name in (*OUTPUTS, MANIFEST)}, processed, prefix=".corpus-")


def _default_dirs(folder, processed, exceptions) -> tuple[Path, Path, Path]:
    return (
        Path(folder) if folder is not None else paths.RAW_REPORTS,
        Path(processed) if processed is not None else paths.PROCESSED / "corpus",
        Path(exceptions) if exceptions is not None else DEFAULT,
    )


def is_current(
    folder: str | Path | None = None, processed: str | Path | None = None, exceptions: str | Path | None = None
) -> bool:
    """True when ``processed`` holds the build of today's texts by today's code."""
    folder, processed, exceptions = _default_dirs(folder, processed, exceptions)
    try:
        manifest = json.loads((processed / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    if (
        manifest.get("format") != FORMAT
        or manifest.get("code") != code_fingerprint(PANEL_MODULES)
        or manifest.get("inputs") != _inputs(folder, exceptions)
    ):
        return False
    for name in OUTPUTS:
        path = processed / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != manifest["outputs"].get(name):
            return False
    return True


def build(
    folder: str | Path | None = None, processed: str | Path | None = None, exceptions: str | Path | None = None
) -> Panel:
    """Build the panel and write it (``python -m analysis corpus build``)."""
    folder, processed, exceptions = _default_dirs(folder, processed, exceptions)
    built = build_panel(folder, cache=processed / CACHE, exceptions=exceptions)
    write_panel(built, folder, processed, exceptions)
    return built


_INT = ("year", "year_start", "line", "year_file", "target_line", "outcome_line", "corpus_line", "n")
_FLOAT = (
    "value",
    "value_high",
    "corpus_value",
    "corpus_high",
    "public_value",
    "public_high",
    "outcome",
    "gap",
    "target_value",
    "target_high",
    "within_half_pp",
    "first_stated",
    "nbs_growth",
    "tolerance",
    "report_value",
    "communique_value",
    "difference",
    "like_for_like",
)
_BOOL = ("decline", "has_number", "headline", "met", "ceiling", "agree", "read")


def _read_table(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, keep_default_na=False, dtype=str)
    for column in frame.columns:
        if column in _INT:
            frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce").astype("Int64")
        elif column in _FLOAT:
            frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce").astype("float64")
        elif column in _BOOL:
            frame[column] = frame[column] == "True"
    return frame


def load_panel(
    folder: str | Path | None = None, processed: str | Path | None = None, exceptions: str | Path | None = None
) -> Panel:
    """The corpus panel of the texts of ``folder`` (default ``data/raw/reports``): read from ``processed``
    (default ``data/processed/corpus``) when it is the build of today's texts, code and ``exceptions``
    (default ``data/raw/report_exceptions.csv``), else built in memory (and not written)."""
    folder, processed, exceptions = _default_dirs(folder, processed, exceptions)
    key, stamp = (str(folder), str(processed), str(exceptions)), _stamp(folder, processed, exceptions)
    if key in _READ and _READ[key][0] == stamp:
        return _copy(_READ[key][1])
    if not is_current(folder, processed, exceptions):
        return build_panel(folder, cache=processed / CACHE if processed.is_dir() else None, exceptions=exceptions)
    tables = {name: _read_table(processed / name) for name in OUTPUTS}
    reports = tables["reports.csv"]
    warnings = [w for w in reports.loc[reports["status"] == "read", "warning"].astype(str) if w]
    _READ[key] = (stamp, Panel(tables, warnings))
    return _copy(_READ[key][1])


#: Panels read in this process, with the stamp of their files when read (see :func:`_stamp`).
_READ: dict[tuple[str, str, str], tuple[tuple, Panel]] = {}


def _stamp(folder: Path, processed: Path, exceptions: Path) -> tuple:
    """Size and modification time of every text, the exceptions file and the built tables: a panel
    read once in a process is read again only when one of them changed (a warm kernel briefs many
    regions; hashing 90 MB of texts per notebook would cost more than the notebook)."""
    out = []
    for top, _, names in sorted(os.walk(folder)):
        for name in sorted(n for n in names if n.endswith(".txt")):
            out.append(_file_stamp(os.path.join(top, name)))
    out += [_file_stamp(str(p)) for p in (exceptions, *(processed / n for n in (*OUTPUTS, MANIFEST)))]
    return (code_fingerprint(PANEL_MODULES), tuple(out))


def _file_stamp(path: str) -> tuple:
    try:
        info = os.stat(path)
    except OSError:
        return (path, None)
    return (path, info.st_size, info.st_mtime_ns)


def _copy(built: Panel) -> Panel:
    return Panel({name: frame.copy() for name, frame in built.tables.items()}, list(built.warnings))
