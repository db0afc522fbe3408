"""Build the corpus panel into ``data/processed/corpus`` and read it back.

``python -m analysis corpus build`` reads every report of ``data/raw/reports``, builds the panel
(:mod:`analysis.corpus.panel`), reconciles it with the hand-compiled tables of ``data/raw/public``
and writes, atomically (all files into a staging folder, then moved; manifest last):

- ``reports.csv``: what each report yields (:func:`report_summary`);
- ``targets.csv``, ``outcomes_stated.csv``, ``goals.csv``: the panel;
- ``reconciliation.csv``: corpus against public tables, every disagreement listed;
- ``manifest.json``: the sha256 of every report text read and of every output.

:func:`panel` returns the tables: from ``data/processed/corpus`` when its manifest matches the
report texts of today, else built afresh in memory (about 2 s for the shipped corpus).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

OUTPUTS: tuple[str, ...] = ("reports.csv", "targets.csv", "outcomes_stated.csv", "goals.csv", "reconciliation.csv")
MANIFEST = "manifest.json"
#: the version of the panel's build rules; bump it when the extraction or the panel changes
#: meaning, so that a stale build on disk is not read
FORMAT = 1


@dataclass
class Panel:
    """The corpus panel: every table as a DataFrame, and the warnings the reading raised."""

    reports: pd.DataFrame
    targets: pd.DataFrame
    outcomes_stated: pd.DataFrame
    goals: pd.DataFrame
    reconciliation: pd.DataFrame
    warnings: list[str]

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"reports.csv": self.reports, "targets.csv": self.targets,
                "outcomes_stated.csv": self.outcomes_stated, "goals.csv": self.goals,
                "reconciliation.csv": self.reconciliation}


def report_summary(readings) -> pd.DataFrame:
    """One row per report: file, region, year, delivered, page_kind, headline (number of headline
    targets), headline_keys, gdp_target (as written), results, results_last_year, goals, warning."""
    from analysis.corpus.display import format_target

    rows = []
    for reading in readings:
        report, frame = reading.report, reading.frame
        head = frame[frame["is_headline"] & (frame["kind"] == "target")] if not frame.empty else frame
        gdp = head[head["key"] == "gdp_real_growth"] if not head.empty else head
        gdp_text = ""
        if not gdp.empty:
            g = gdp.iloc[0]
            gdp_text = format_target(g["value"], g["value_high"], g["unit"], g["qualifier"], bool(g["has_number"]))
        results = frame[frame["kind"] == "result"] if not frame.empty else frame
        last = results[(results["year"] == report.year - 1) & results["year_start"].isna()
                       & (results["period"] == "") & (results["key"] != "")] if not results.empty else results
        rows.append({
            "file": report.name, "region": report.region, "year": report.year,
            "delivered": report.meta.get("delivered", ""),
            "page_kind": (report.meta.get("sources") or {}).get("page_kind", "") if report.meta else "no sidecar",
            "headline": len(head), "headline_keys": int(head["key"].ne("").sum()) if not head.empty else 0,
            "gdp_target": gdp_text, "results": len(results), "results_last_year": last["key"].nunique() if
            not last.empty else 0,
            "goals": int((frame["kind"] == "goal").sum()) if not frame.empty else 0,
            "warning": "; ".join(reading.warnings),
        })
    return pd.DataFrame(rows)


def build_panel(folder: str | Path | None = None) -> Panel:
    """Read every report of ``folder`` (default ``data/raw/reports``) and build the panel in memory."""
    from analysis.corpus import panel as _panel
    from analysis.corpus.read import read_corpus
    from analysis.series.load import load_outcomes, load_targets

    readings = read_corpus(folder)
    targets = _panel.targets(readings)
    outcomes = _panel.outcomes_stated(readings)
    reconciliation = _panel.reconcile(targets, outcomes, load_targets(), load_outcomes())
    return Panel(report_summary(readings), targets, outcomes, _panel.goals(readings), reconciliation,
                 [w for r in readings for w in r.warnings])


def _inputs(folder: Path) -> dict[str, str]:
    from analysis.series.provenance import sha256

    return {p.name: sha256(p) for p in sorted(folder.glob("*.txt"))}


def _code() -> str:
    """A fingerprint of the code that reads reports and builds the panel."""
    import analysis.corpus as corpus
    import analysis.report as report
    from analysis import vocabulary

    digest = hashlib.sha256(str(FORMAT).encode())
    for package in (report, corpus):
        for path in sorted(Path(package.__file__).parent.glob("*.py")):
            digest.update(path.read_bytes())
    digest.update(Path(vocabulary.__file__).read_bytes())
    return digest.hexdigest()


def _csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.10g")


def write_panel(built: Panel, folder: Path, processed: Path) -> None:
    """Write the panel's tables and manifest into ``processed`` atomically (staging, then rename)."""
    processed.mkdir(parents=True, exist_ok=True)
    texts = {name: _csv(frame) for name, frame in built.tables().items()}
    manifest = {"format": FORMAT, "code": _code(), "inputs": _inputs(folder),
                "outputs": {n: hashlib.sha256(t.encode("utf-8")).hexdigest() for n, t in texts.items()}}
    texts[MANIFEST] = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    from analysis.tables import publish_texts

    publish_texts({name: texts[name] for name in (*OUTPUTS, MANIFEST)}, processed, prefix=".corpus-")


def _default_dirs(folder, processed) -> tuple[Path, Path]:
    from analysis import paths

    return (Path(folder) if folder is not None else paths.RAW_REPORTS,
            Path(processed) if processed is not None else paths.PROCESSED / "corpus")


def is_current(folder: str | Path | None = None, processed: str | Path | None = None) -> bool:
    """True when ``processed`` holds the build of today's report texts by today's code."""
    folder, processed = _default_dirs(folder, processed)
    try:
        manifest = json.loads((processed / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    if manifest.get("code") != _code() or manifest.get("inputs") != _inputs(folder):
        return False
    for name in OUTPUTS:
        path = processed / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != manifest["outputs"].get(name):
            return False
    return True


def build(folder: str | Path | None = None, processed: str | Path | None = None) -> Panel:
    """Build the panel and write it (``python -m analysis corpus build``)."""
    folder, processed = _default_dirs(folder, processed)
    built = build_panel(folder)
    write_panel(built, folder, processed)
    return built


_TYPES = {"year": "Int64", "year_start": "Int64", "line": "Int64", "corpus_line": "Int64"}


def panel(folder: str | Path | None = None, processed: str | Path | None = None) -> Panel:
    """The corpus panel: read from ``processed`` when current, else built in memory (not written)."""
    folder, processed = _default_dirs(folder, processed)
    if not is_current(folder, processed):
        return build_panel(folder)
    tables = {}
    for name in OUTPUTS:
        frame = pd.read_csv(processed / name, keep_default_na=False,
                            na_values={c: [""] for c in ("value", "value_high", "corpus_value", "corpus_high",
                                                         "public_value", "public_high")})
        for column, dtype in _TYPES.items():
            if column in frame:
                frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce").astype(dtype)
        for column in ("value", "value_high", "corpus_value", "corpus_high", "public_value", "public_high"):
            if column in frame:
                frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        tables[name] = frame
    reports = tables["reports.csv"]
    warnings = [w for w in reports["warning"].astype(str) if w]
    return Panel(reports, tables["targets.csv"], tables["outcomes_stated.csv"], tables["goals.csv"],
                 tables["reconciliation.csv"], warnings)
