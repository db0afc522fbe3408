"""Build ``data/processed`` from ``data/raw``: load -> tidy -> check -> save.

``run()`` reads every raw CSV of the chosen snapshot (validated by :mod:`analysis.series.raw`),
applies the declared corrections (``data/raw/corrections.csv``), tidies the rows
(:mod:`analysis.series.tidy`), checks the result and writes, into ``data/processed``:

* ``series.csv``   every series row (long files and the provincial panel), one preferred row per
  (region, indicator, year, period, vintage_class);
* ``targets.csv``  work-report targets; ``outcomes.csv`` outcomes set against them;
* ``catalogue.csv`` region x indicator x period: years, rows, vintage classes, unit;
* ``build_report.csv`` rows in and out per raw file, rows not preferred, cells skipped, with reasons;
* ``manifest.json`` snapshot name, SHA-256 of every raw input, of the build code and of every
  output file above (``outputs``: ``data check`` and the loaders compare them), counts.

Checks (any failure raises :class:`analysis.errors.InputError` before anything is written):
every raw file of the folder matches its provenance sidecar (:func:`analysis.series.provenance.verify_folder`,
the same check as ``python -m analysis data check``); every correction well formed;
unique preferred key per vintage class; every raw row accounted for in the outputs (count in vs
out, blank wide cells reported with their reason); values within plausible ranges for their unit
(:data:`PLAUSIBLE`). Outputs are written to a temporary folder and moved into place file by file,
the manifest last, so a failed build leaves ``data/processed`` as it was. Byte-identical across
builds: stable sort, fixed float text (shortest round-trip ``repr``), no dates, no absolute paths.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from analysis import paths
from analysis.errors import InputError
from analysis.series import provenance, raw, tidy
from analysis.tables import publish_texts

OUTPUTS = ("series.csv", "targets.csv", "outcomes.csv", "catalogue.csv", "build_report.csv")
MANIFEST = "manifest.json"
CATALOGUE_COLUMNS = ("region", "indicator", "period", "years", "n", "vintages", "unit")
REPORT_COLUMNS = ("file", "table", "rows_in", "rows_out", "not_preferred", "skipped", "detail")
CORRECTION_COLUMNS = ("file", "row", "column", "published_value", "corrected_value", "reason")

#: Plausible (low, high) per unit, inclusive; outside raises InputError. 亿元 up to 200万亿 covers
#: national GDP (about 135万亿 in 2024); % covers growth rates from -60 to +100.
PLAUSIBLE: dict[str, tuple[float, float]] = {
    "%": (-60.0, 100.0),
    "上年=100": (50.0, 150.0),
    "亿元": (0.0, 2.0e6),
    "万人": (0.0, 1.5e5),
    "元": (0.0, 5.0e5),
    "万吨": (0.0, 1.0e5),
    "千美元": (0.0, 2.0e9),
    "百万美元": (0.0, 1.0e7),
}
CODE_FILES = ("raw.py", "tidy.py", "vintages.py", "build.py")


@dataclass
class Built:
    """A finished build, in memory: the tables as lists of dicts, and what the build saw."""

    snapshot: str
    series: list[dict]
    targets: list[dict]
    outcomes: list[dict]
    catalogue: list[dict]
    report: list[dict]
    inputs: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "series": len(self.series),
            "targets": len(self.targets),
            "outcomes": len(self.outcomes),
            "catalogue": len(self.catalogue),
        }


def raw_folder(snapshot: str | None = None, raw_root: str | Path | None = None) -> Path:
    """The folder of raw CSVs for ``snapshot``.

    Parameters
    ----------
    snapshot : ``None`` or ``""`` for the shipped ``public`` folder, else the name of a folder under
        ``<raw_root>/snapshots``.
    raw_root : ``data/raw`` by default (tests pass a temporary copy).

    Raises
    ------
    InputError
        For an unknown snapshot (naming it and the snapshots available).
    """
    root = Path(raw_root) if raw_root is not None else paths.RAW
    if not snapshot:
        folder = root / "public"
        if not folder.is_dir():
            raise InputError("raw folder not found", file=str(folder))
        return folder
    name = str(snapshot)
    base = root / "snapshots"
    if "/" in name or "\\" in name or name.startswith(".") or not (base / name).is_dir():
        known = sorted(p.name for p in base.iterdir() if p.is_dir()) if base.is_dir() else []
        raise InputError(
            f"unknown snapshot; known: {', '.join(known) or 'none'} (or '' for the shipped data)",
            field="snapshot",
            value=name,
        )
    return base / name


def code_fingerprint() -> str:
    """SHA-256 over the build code and the vocabulary: a processed build from other code is stale."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in CODE_FILES:
        digest.update((here / name).read_bytes())
    digest.update((here.parent / "vocabulary.py").read_bytes())
    return digest.hexdigest()


def read_corrections(path: Path) -> list[dict]:
    """Declared source errors (``data/raw/corrections.csv``); empty list when the file is absent.

    Columns :data:`CORRECTION_COLUMNS`; each row names a raw file, its line (header = 1), the
    column, the published and the corrected value and a reason. Raises ``InputError`` naming
    ``corrections.csv``, the row, the field and the value of the first malformed row (not UTF-8,
    too few or too many fields, blank reason, a row that is not a line number).
    """
    if not path.exists():
        return []
    header, records = raw.csv_records(path)
    missing = [c for c in CORRECTION_COLUMNS if c not in header]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}", file=path.name, row=1, field=missing[0], value=",".join(header)
        )
    rows = []
    for line, cells in records:
        row = dict(zip(header, cells))
        if not row["reason"].strip():
            raise InputError(
                "a correction needs a reason", file=path.name, row=line, field="reason", value=row["reason"]
            )
        if not re.fullmatch(r"[0-9]+", row["row"].strip()):
            raise InputError("row must be a line number", file=path.name, row=line, field="row", value=row["row"])
        row["_line"] = line
        rows.append(row)
    return rows


#: Columns of the tidy rows that record where a row came from or what we did: not correctable.
_BOOKKEEPING = frozenset({"file", "row", "preferred", "adjustment", "value_published", "unit_published"})


def _corrected(old: object, c: dict, source: str) -> object:
    """The corrected value of a correction row, typed like the cell it replaces."""
    new = c["corrected_value"].strip()
    if isinstance(old, bool) or c["column"].strip() in _BOOKKEEPING:
        raise InputError(
            "this column records provenance and cannot be corrected",
            file=source,
            row=c["_line"],
            field="column",
            value=c["column"],
        )
    if isinstance(old, float):
        return raw.parse_number(
            c["corrected_value"], blank_ok=False, file=source, row=c["_line"], field="corrected_value"
        )
    if isinstance(old, int):
        if not re.fullmatch(r"[0-9]+", new):
            raise InputError(
                "not a whole number", file=source, row=c["_line"], field="corrected_value", value=c["corrected_value"]
            )
        return int(new)
    return new


def _apply_corrections(tables: dict[str, list[dict]], corrections: list[dict], source: str) -> list[dict]:
    """Apply corrections to tidy rows (by raw file and line); returns the report rows."""
    report = []
    by_place = defaultdict(list)
    for rows in tables.values():
        for r in rows:
            by_place[(r["file"], r["row"])].append(r)
    for c in corrections:
        column = c["column"].strip()
        targets = [r for r in by_place.get((c["file"].strip(), int(c["row"].strip())), []) if column in r]
        if not targets:
            raise InputError(
                "correction points at no row/column of the raw data",
                file=source,
                row=c["_line"],
                field="file",
                value=f"{c['file']} row {c['row']} column {column}",
            )
        for r in targets:
            published = r.get("value_published", r[column]) if column == "value" else r[column]
            if str(published).strip() != c["published_value"].strip() and str(r[column]) != c["published_value"]:
                raise InputError(
                    "stale correction: the raw value is not the one it corrects",
                    file=source,
                    row=c["_line"],
                    field="published_value",
                    value=c["published_value"],
                )
            new = c["corrected_value"].strip()
            r[column] = _corrected(r[column], c, source)
            r["adjustment"] = tidy._join(
                r["adjustment"], f"corrected {column} {c['published_value']} -> {new}: {c['reason'].strip()}"
            )
        report.append(
            {
                "file": c["file"],
                "table": "corrections",
                "rows_in": 1,
                "rows_out": len(targets),
                "not_preferred": 0,
                "skipped": 0,
                "detail": c["reason"].strip(),
            }
        )
    return report


def collect(folder: Path, corrections_path: Path | None, snapshot: str = "") -> Built:
    """Verify, read, tidy and check every raw CSV of ``folder``; nothing is written.

    Every data file of ``folder`` must match its provenance sidecar first
    (:func:`analysis.series.provenance.verify_folder`, as ``data check``): a file without a
    sidecar, with a broken one, or changed since (sha256, bytes, rows, columns) raises
    ``InputError`` before a row is read.
    """
    csv_files = sorted(folder.glob("*.csv"))
    if not csv_files:
        raise InputError("no raw CSV files in the folder", file=str(folder))
    verified = {meta["file"]: meta["sha256"] for meta in provenance.verify_folder(folder)}
    series, targets, outcomes, skipped = [], [], [], []
    rows_in: dict[str, int] = {}
    inputs: dict[str, str] = {}
    for path in csv_files:
        table = raw.read_raw(path)
        rows_in[path.name] = len(table.rows)
        inputs[path.name] = verified[path.name]
        if table.schema in ("long", "panel"):
            series.extend(tidy.series_rows(table))
        elif table.schema in ("targets", "province_targets"):
            targets.extend(tidy.target_rows(table))
        else:
            rows, blank = tidy.outcome_rows(table)
            outcomes.extend(rows)
            skipped.extend(blank)
    outcomes.extend(tidy.series_outcomes(series))
    report: list[dict] = []
    if corrections_path is not None and corrections_path.exists():
        inputs[corrections_path.name] = provenance.sha256(corrections_path)
        report += _apply_corrections(
            {"series": series, "targets": targets, "outcomes": outcomes},
            read_corrections(corrections_path),
            corrections_path.name,
        )
    tidy.prefer(series, ("region", "indicator", "year", "period", "vintage_class"), kind="series")
    tidy.prefer(targets, ("region", "year", "key"), kind="targets")
    tidy.prefer(outcomes, ("region", "year", "key", "period"), kind="outcomes")
    series.sort(
        key=lambda r: (
            r["region"],
            r["indicator"],
            r["period"] != "Y",
            r["period"],
            r["year"],
            r["vintage_class"],
            not r["preferred"],
            r["file"],
            r["row"],
        )
    )
    targets.sort(key=lambda r: (r["region"], r["year"], r["key"], not r["preferred"], r["file"], r["row"]))
    outcomes.sort(
        key=lambda r: (r["region"], r["year"], r["key"], r["period"], not r["preferred"], r["file"], r["row"])
    )
    report = _account(rows_in, series, targets, outcomes, skipped) + report
    built = Built(
        snapshot=snapshot or "",
        series=series,
        targets=targets,
        outcomes=outcomes,
        catalogue=catalogue_rows(series),
        report=report,
        inputs=inputs,
    )
    check(built)
    return built


def _account(
    rows_in: dict[str, int], series: list[dict], targets: list[dict], outcomes: list[dict], skipped: list[dict]
) -> list[dict]:
    """Rows in vs out per raw file; raises when a raw row reaches no output (a silent drop)."""
    report = []
    skipped_by_file = Counter(s["file"] for s in skipped)
    for table_name, rows in (("series", series), ("targets", targets), ("outcomes", outcomes)):
        by_file = defaultdict(list)
        for r in rows:
            by_file[r["file"]].append(r)
        for file in sorted(by_file):
            out = by_file[file]
            lines = {r["row"] for r in out}
            # outcome rows copied from a series file are accounted for under "series"
            own = table_name != "outcomes" or file.startswith(("outcomes_", "provinces_outcomes"))
            detail = []
            if own:
                skipped_lines = {s["row"] for s in skipped if s["file"] == file}
                missing = rows_in[file] - len(lines | skipped_lines)
                if missing:
                    raise InputError(f"{missing} raw row(s) reached no output table (silent drop)", file=file)
            else:
                detail.append("first-release rows copied from the series table")
            not_preferred = sum(not r["preferred"] for r in out)
            if not_preferred:
                scope = "in the same vintage class" if table_name == "series" else "from another source"
                detail.append(
                    f"{not_preferred} row(s) kept but not preferred (same key {scope}; see column adjustment)"
                )
            blank = skipped_by_file.get(file, 0) if table_name == "outcomes" and own else 0
            if blank:
                detail.append(f"{blank} blank cell(s) of the wide file give no row")
            report.append(
                {
                    "file": file,
                    "table": table_name,
                    "rows_in": rows_in[file] if own else 0,
                    "rows_out": len(out),
                    "not_preferred": not_preferred,
                    "skipped": blank,
                    "detail": "; ".join(detail),
                }
            )
    seen = {r["file"] for r in report}
    for file, n in rows_in.items():
        if file not in seen:
            raise InputError(f"{n} raw row(s) reached no output table (silent drop)", file=file)
    return report


def _years_text(years: list[int]) -> str:
    """Compact year list: 1993-2000, 2003, 2005-2007."""
    spans, start, prev = [], None, None
    for y in sorted(set(years)):
        if start is None:
            start = prev = y
        elif y == prev + 1:
            prev = y
        else:
            spans.append(f"{start}-{prev}" if prev > start else str(start))
            start = prev = y
    if start is not None:
        spans.append(f"{start}-{prev}" if prev > start else str(start))
    return ", ".join(spans)


def catalogue_rows(series: list[dict]) -> list[dict]:
    """One row per region x indicator x period x unit: years, row count, vintage classes."""
    groups = defaultdict(list)
    for r in series:
        groups[(r["region"], r["indicator"], r["period"], r["unit"])].append(r)
    out = []
    for (region, indicator, period, unit), rows in sorted(
        groups.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] != "Y", kv[0][2], kv[0][3])
    ):
        out.append(
            {
                "region": region,
                "indicator": indicator,
                "period": period,
                "years": _years_text([r["year"] for r in rows]),
                "n": len(rows),
                "vintages": ";".join(sorted({r["vintage_class"] for r in rows})),
                "unit": unit,
            }
        )
    return out


def check(built: Built) -> None:
    """Unique preferred keys per vintage class, one unit per series and class, plausible values.

    Raises ``InputError`` naming the file and row of the first offending row.
    """
    for name, rows, key in (
        ("series", built.series, ("region", "indicator", "year", "period", "vintage_class")),
        ("outcomes", built.outcomes, ("region", "year", "key", "period")),
        ("targets", built.targets, ("region", "year", "key")),
    ):
        seen = {}
        for r in rows:
            if not r["preferred"]:
                continue
            k = tuple(r[c] for c in key)
            if k in seen:
                raise InputError(
                    f"duplicate preferred key in {name}",
                    file=r["file"],
                    row=r["row"],
                    field="/".join(key),
                    value="/".join(map(str, k)),
                )
            seen[k] = r
    units: dict[tuple, dict] = {}
    for r in built.series:
        first = units.setdefault((r["region"], r["indicator"], r["period"], r["vintage_class"]), r)
        if first["unit"] != r["unit"]:
            raise InputError(
                f"two units in one series and vintage class ({first['unit']} in {first['file']} row {first['row']})",
                file=r["file"],
                row=r["row"],
                field="unit",
                value=r["unit"],
            )
    for r in built.series + built.outcomes:
        _plausible(r, r["value"], "value")
    for r in built.targets:
        for column in ("target_low", "target_high"):
            if not math.isnan(r[column]):
                _plausible(r, r[column], column)


def _plausible(r: dict, value: float, column: str) -> None:
    low, high = PLAUSIBLE.get(r["unit"], (-math.inf, math.inf))
    if not low <= value <= high:
        raise InputError(
            f"implausible value for unit {r['unit']} (outside {low:g}..{high:g})",
            file=r["file"],
            row=r["row"],
            field=column,
            value=value,
        )


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    return str(value)


def to_csv_text(rows: list[dict], columns: tuple[str, ...]) -> str:
    """Deterministic CSV text: fixed columns, ``\\n`` line ends, shortest round-trip floats."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_cell(r[c]) for c in columns])
    return buffer.getvalue()


def manifest(built: Built, outputs: dict[str, str] | None = None) -> dict:
    """What the build read and made: no dates, no absolute paths (so builds are byte-identical).

    ``outputs``: output file name -> hex SHA-256 of its bytes, as written (see :func:`write`).
    """
    out = {
        "snapshot": built.snapshot,
        "inputs": dict(sorted(built.inputs.items())),
        "code": code_fingerprint(),
        "counts": built.counts(),
    }
    if outputs is not None:
        out["outputs"] = dict(sorted(outputs.items()))
    return out


def write(built: Built, processed: Path) -> None:
    """Write every output into a temporary folder, then move them into ``processed`` (manifest last)."""
    processed.mkdir(parents=True, exist_ok=True)
    texts = {
        "series.csv": to_csv_text(built.series, tidy.SERIES_COLUMNS),
        "targets.csv": to_csv_text(built.targets, tidy.TARGET_COLUMNS),
        "outcomes.csv": to_csv_text(built.outcomes, tidy.OUTCOME_COLUMNS),
        "catalogue.csv": to_csv_text(built.catalogue, CATALOGUE_COLUMNS),
        "build_report.csv": to_csv_text(built.report, REPORT_COLUMNS),
    }
    digests = {name: hashlib.sha256(text.encode("utf-8")).hexdigest() for name, text in texts.items()}
    texts[MANIFEST] = json.dumps(manifest(built, digests), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    publish_texts({name: texts[name] for name in (*OUTPUTS, MANIFEST)}, processed, prefix=".build-")


def run(
    snapshot: str | None = None,
    *,
    raw_root: str | Path | None = None,
    processed: str | Path | None = None,
    write_outputs: bool = True,
) -> Built:
    """Build the processed tables of ``snapshot`` (load -> tidy -> check -> save).

    Parameters
    ----------
    snapshot : "" or None for the shipped ``data/raw/public``, else a folder of ``data/raw/snapshots``.
    raw_root : another ``data/raw`` (tests).
    processed : output folder, default ``data/processed``.
    write_outputs : False to build in memory only.

    Returns
    -------
    Built
    """
    root = Path(raw_root) if raw_root is not None else paths.RAW
    folder = raw_folder(snapshot, root)
    built = collect(folder, root / "corrections.csv", snapshot or "")
    if write_outputs:
        write(built, Path(processed) if processed is not None else paths.PROCESSED)
    return built
