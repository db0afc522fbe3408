"""Texts the corpus cannot take as they are, declared with a reason: ``data/raw/report_exceptions.csv``.

An *anomaly* is a text that cannot be merged into the panel silently:

- ``unreadable``: the text cannot be decoded or read, or yields neither a target nor a result;
- ``year``: the year the text gives (its date line, title or a dated heading) is not its file name's;
- ``duplicate``: two texts give the same region and year.

Each anomaly must be declared in the exceptions file, one row per text: ``file``, ``problem`` (one
of the three), ``action`` and ``reason`` (in words, for the reader of the corpus):

- ``skip``: leave the text out of the panel (a duplicate copy, a text that sets and reviews
  nothing);
- ``text year``: read it as the report of the year its text gives (a file named by the wrong year);
- ``file year``: read it as the report of its file name's year (the text's date is wrong, e.g. a
  later re-edit).

A declared anomaly is handled as its row says; an undeclared one keeps its text out of the panel,
and ``corpus build`` names it and exits non-zero. A row that names no shipped text, or a problem the
text does not have, is itself refused: the file must say what is true of the corpus.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from analysis import paths
from analysis.errors import InputError

COLUMNS: tuple[str, ...] = ("file", "problem", "action", "reason")
PROBLEMS: tuple[str, ...] = ("unreadable", "year", "duplicate")
ACTIONS: tuple[str, ...] = ("skip", "text year", "file year")
DEFAULT = paths.RAW / "report_exceptions.csv"


@dataclass(frozen=True)
class Anomaly:
    """A text the build cannot merge as it is: ``file``, ``problem``, and what was found (``detail``)."""

    file: str
    problem: str
    detail: str

    def __str__(self) -> str:
        return f"{self.file}: {self.problem}: {self.detail}"


@dataclass(frozen=True)
class Exception_:
    """One declared exception (a row of the file)."""

    file: str
    problem: str
    action: str
    reason: str
    row: int


def read_exceptions(path: str | Path | None = None) -> dict[str, Exception_]:
    """The declared exceptions by file name; {} when the file is absent.

    Raises ``InputError`` naming the file, row, field and value for a malformed row (an unknown
    problem or action, an empty reason, a text declared twice).
    """
    path = Path(path) if path is not None else DEFAULT
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(
                "the exceptions file lacks column(s) " + ", ".join(missing), file=str(path), field=missing[0]
            )
        out: dict[str, Exception_] = {}
        for number, row in enumerate(reader, start=2):
            values = {c: (row.get(c) or "").strip() for c in COLUMNS}
            if values["problem"] not in PROBLEMS:
                raise InputError(
                    f"problem is one of {', '.join(PROBLEMS)}",
                    file=str(path),
                    row=number,
                    field="problem",
                    value=values["problem"],
                )
            if values["action"] not in ACTIONS:
                raise InputError(
                    f"action is one of {', '.join(ACTIONS)}",
                    file=str(path),
                    row=number,
                    field="action",
                    value=values["action"],
                )
            if not values["reason"]:
                raise InputError("every exception says why", file=str(path), row=number, field="reason", value="")
            if values["file"] in out:
                raise InputError(
                    "a text is declared once", file=str(path), row=number, field="file", value=values["file"]
                )
            out[values["file"]] = Exception_(**values, row=number)
    return out


def stale(
    declared: dict[str, Exception_], anomalies: list[Anomaly], names: set[str], path: str | Path | None = None
) -> list[str]:
    """Rows of the exceptions file that name no shipped text or a problem the text does not have."""
    path = Path(path) if path is not None else DEFAULT
    found = {(a.file, a.problem) for a in anomalies}
    out = []
    for name, row in declared.items():
        if name not in names:
            out.append(f"{path.name} row {row.row}: {name}: no such text in the corpus")
        elif (name, row.problem) not in found and not (row.problem == "duplicate" and row.action == "skip"):
            out.append(f"{path.name} row {row.row}: {name}: declared {row.problem!r}, which the text does not have")
    return out
