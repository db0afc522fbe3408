"""Provenance sidecars of raw files, and checksum verification.

Every raw data file ``X`` (each CSV of ``data/raw/public`` or a snapshot, and each report text of
``data/raw/reports``) has a sidecar ``X.meta.json`` (after the OWID ``etl`` habit) with at least
the fields of :data:`REQUIRED_FIELDS`. ``python -m analysis data check`` and the tests recompute
each checksum, row and column count and compare them with the sidecar, and so does every build
(:func:`analysis.series.build.collect` calls :func:`verify_folder` before it reads a row): a raw
file without a sidecar, or changed since its sidecar was written, is never built from.

A sidecar describes the sources (outlet, address, release, what was read, when it was retrieved,
who is responsible), never the machine it was written on: a value that is an absolute path
(:func:`machine_path`) is refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from pathlib import Path

from analysis import paths
from analysis.errors import InputError
from analysis.series.raw import utf8_error
from analysis.tables import atomic_path

REQUIRED_FIELDS: tuple[str, ...] = (
    "file",
    "title",
    "description",
    "producer",
    "compiled_by",
    "sources",
    "vintages",
    "access_date",
    "access_date_basis",
    "licence",
    "sha256",
    "bytes",
)
CSV_FIELDS: tuple[str, ...] = ("rows", "columns")
SIDECAR_SUFFIX = ".meta.json"

#: An absolute path: POSIX root or home (``/srv/...``, ``~/...``), a Windows drive or share
#: (``C:\\...``, ``D:/...``, ``\\\\server``), a ``file:`` URL, or a machine folder inside a text.
_ABSOLUTE = re.compile(r"^(?:/|~[/\\]|[A-Za-z]:[\\/]|\\\\|file:)", re.I)
_MACHINE_FOLDER = re.compile(
    r"/(?:work|home|tmp|Users)/|file:/|(?:^|[\s(\[\"'=,;])(?:/[\w.~-]+/|[A-Za-z]:[\\/]\w)", re.I
)
_WEB = re.compile(r"^https?://\S+$", re.I)


def sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sidecar_path(path: str | Path) -> Path:
    """``X.meta.json`` next to ``X``."""
    path = Path(path)
    return path.with_name(path.name + SIDECAR_SUFFIX)


#: Sidecars read in this process, by path, with the size and modification time they had then.
_SIDECARS: dict[str, tuple[tuple[int, int], dict]] = {}


def sidecar_fields(path: str | Path) -> dict:
    """The fields of the sidecar of ``path`` ({} without one), unchecked, read once per process while
    the file is unchanged (a briefing reads the 1,600 sidecars of the reports in several sections).
    The dict is a copy; its nested values are shared with the next caller: read, do not modify."""
    meta_path = sidecar_path(path)
    try:
        info = meta_path.stat()
    except OSError:
        return {}
    stamp = (info.st_size, info.st_mtime_ns)
    kept = _SIDECARS.get(str(meta_path))
    if kept is None or kept[0] != stamp:
        kept = (stamp, json.loads(meta_path.read_text(encoding="utf-8")))
        _SIDECARS[str(meta_path)] = kept
    return dict(kept[1])


def _csv_records(path: Path) -> list[list[str]]:
    """Every record of a UTF-8 CSV; ``InputError`` naming the row and bytes of a non-UTF-8 file."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))
    except UnicodeDecodeError:
        raise utf8_error(path) or InputError("not UTF-8 text", file=path.name) from None
    except csv.Error as err:
        raise InputError(f"malformed CSV: {err}", file=path.name) from None


def csv_shape(path: str | Path) -> tuple[int, list[str]]:
    """(data rows, header columns) of a CSV, counting records (quoted line breaks allowed).

    An empty file is (0, []); a file that is not UTF-8 raises ``InputError`` (see
    :func:`analysis.series.raw.utf8_error`).
    """
    records = _csv_records(Path(path))
    if not records:
        return 0, []
    return sum(1 for cells in records[1:] if cells), records[0]


def read_sidecar(path: str | Path) -> dict:
    """The sidecar of ``path`` as a dict; ``InputError`` when missing, unreadable or incomplete."""
    meta_path = sidecar_path(path)
    if not meta_path.exists():
        raise InputError("raw file has no provenance sidecar", file=str(meta_path), value=Path(path).name)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"sidecar is not valid JSON: {err}", file=str(meta_path)) from None
    if not isinstance(meta, dict):
        raise InputError("sidecar is not a JSON object", file=str(meta_path), value=type(meta).__name__)
    required = REQUIRED_FIELDS + (CSV_FIELDS if Path(path).suffix == ".csv" else ())
    missing = [f for f in required if f not in meta or meta[f] in (None, "")]
    if missing:
        raise InputError(f"sidecar lacks field(s) {', '.join(missing)}", file=str(meta_path), field=missing[0])
    return meta


def machine_path(value: str) -> bool:
    """True when the text ``value`` is or holds an absolute path of a machine.

    That is: it starts with ``/``, ``~/``, a Windows drive (``C:\\``, ``C:/``) or share (``\\\\``),
    or ``file:``; or it holds ``/work/``, ``/home/``, ``/tmp/``, ``/Users/``, or a word starting
    with ``/`` or a drive. A web address (``http(s)://...``, e.g. a repository on GitHub named
    ``.../work/...``) is not a machine path.
    """
    text = str(value).strip()
    if _WEB.match(text):
        return False
    return bool(_ABSOLUTE.match(text) or _MACHINE_FOLDER.search(re.sub(r"https?://\S+", " ", text)))


def _strings(value, field: str):
    """(field, text) of every string in a sidecar value; nested fields as ``sources.summary``, ``urls[3]``."""
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{field}.{key}" if field else str(key))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _strings(item, f"{field}[{i}]")


def check_no_machine_paths(meta: dict, meta_file: str | Path) -> None:
    """``InputError`` (file, field, value) for the first sidecar value that is a machine path."""
    for field, text in _strings(meta, ""):
        if machine_path(text):
            raise InputError(
                "sidecar carries an absolute path of a machine; provenance names the sources "
                "(outlet, address, release, retrieval date), not folders",
                file=str(meta_file),
                field=field,
                value=text,
            )


def verify(path: str | Path) -> dict:
    """Check one raw file against its sidecar: no machine path (:func:`machine_path`), name,
    checksum, size, rows and columns.

    Returns the sidecar; raises ``InputError`` naming the file, field and the value found.
    """
    path = Path(path)
    meta = read_sidecar(path)
    meta_file = str(sidecar_path(path))
    check_no_machine_paths(meta, meta_file)
    if meta["file"] != path.name:
        raise InputError("sidecar names another file", file=meta_file, field="file", value=meta["file"])
    found = sha256(path)
    if meta["sha256"] != found:
        raise InputError(
            f"checksum differs from the sidecar: the raw file was changed after its sidecar was "
            f"written (sidecar sha256 {meta['sha256']}, file sha256 {found})",
            file=str(path),
            field="sha256",
            value=found,
        )
    if meta["bytes"] != path.stat().st_size:
        raise InputError("size differs from the sidecar", file=str(path), field="bytes", value=path.stat().st_size)
    if path.suffix == ".csv":
        rows, header = csv_shape(path)
        if meta["rows"] != rows:
            raise InputError("row count differs from the sidecar", file=str(path), field="rows", value=rows)
        if meta["columns"] != header:
            raise InputError("columns differ from the sidecar", file=str(path), field="columns", value=header)
    return meta


def data_files(folder: str | Path) -> list[Path]:
    """The data files of a raw folder that need a sidecar (``*.csv``, ``*.txt``), sorted by name."""
    folder = Path(folder)
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".csv", ".txt"))


def verify_folder(folder: str | Path) -> list[dict]:
    """Verify every data file of ``folder``; also flag sidecars whose data file is gone."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("raw folder not found", file=str(folder))
    metas = [verify(p) for p in data_files(folder)]
    for meta_path in sorted(folder.glob("*" + SIDECAR_SUFFIX)):
        target = meta_path.with_name(meta_path.name[: -len(SIDECAR_SUFFIX)])
        if not target.exists():
            raise InputError("sidecar without its data file", file=str(meta_path), value=target.name)
    return metas


def retrieved_by(folder: str | Path):
    """The latest ``access_date`` of the sidecars of a raw folder (a ``datetime.date``), or None.

    The end of the data's coverage in time: nothing released after the day the data were retrieved
    can be in them (used by :func:`analysis.corpus.as_of.parse_as_of`).
    """
    dates = []
    for meta_path in sorted(Path(folder).glob("*" + SIDECAR_SUFFIX)):
        try:
            text = json.loads(meta_path.read_text(encoding="utf-8")).get("access_date", "")
            dates.append(dt.date.fromisoformat(str(text)))
        except (ValueError, UnicodeDecodeError, AttributeError):
            raise InputError(
                "sidecar has no readable access_date (YYYY-MM-DD)", file=str(meta_path), field="access_date"
            ) from None
    return max(dates) if dates else None


def computed_fields(path: str | Path) -> dict:
    """The sidecar fields computed from the file itself: sha256, bytes; for a CSV also rows,
    columns, the number of distinct ``source_title`` values, the distinct ``source_url`` addresses
    (``urls``: the pages the rows were read from) and the distinct ``vintage`` texts."""
    path = Path(path)
    fields = {"file": path.name, "sha256": sha256(path), "bytes": path.stat().st_size}
    if path.suffix == ".csv":
        records = _csv_records(path)
        header = records[0] if records else []
        rows = [dict(zip(header, cells)) for cells in records[1:] if cells]
        fields.update(rows=len(rows), columns=header)

        def distinct(column: str) -> set[str]:
            return {(r.get(column) or "").strip() for r in rows}

        if "source_title" in header:
            fields["source_titles"] = len(distinct("source_title"))
            fields["source_urls"] = len(distinct("source_url"))
            fields["urls"] = sorted(distinct("source_url") - {""})
        if "vintage" in header:
            fields["vintages"] = sorted(distinct("vintage"))
        if "year" in header:
            years = sorted({int(y) for y in distinct("year") if y.isascii() and y.isdigit()})
            fields["years"] = f"{years[0]}-{years[-1]}" if years else ""
    return fields


def write_sidecar(path: str | Path, described: dict) -> Path:
    """Write ``X.meta.json``: the fields of ``described`` plus :func:`computed_fields` (which win).

    Written through a temporary file and renamed (:func:`analysis.tables.atomic_path`).
    """
    meta = {**described, **computed_fields(path)}
    target = sidecar_path(path)
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return target


def file_titles(names, folder: str | Path | None = None) -> list[str]:
    """The titles in the sidecars of the raw files ``names``, for figure source lines: what a reader
    can look up (the file itself is in the figure's CSV and the briefing's Sources table).

    ``folder`` defaults to the shipped public snapshot; a name without a sidecar raises ``InputError``.
    """
    base = Path(folder) if folder is not None else paths.RAW_PUBLIC
    return [read_sidecar(base / Path(name).name)["title"] for name in sorted(set(names))]
