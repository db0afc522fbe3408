"""The table contract: every table that passes from a notebook to the page, declared once.

A declaration names the table (its file is ``<name>.csv`` in a notebook's ``output_dir``), the
model family that writes it, the notebook that runs the family, the page section that reads it, and
its columns with units. Writers and readers go through :func:`write` and :func:`read`, which check the
columns against the declaration, so that a number on the page is traced in one step:
``python -m analysis tables`` prints, for every table, its writer, its reader and its columns.

Families declare their tables in their ``outputs`` module with :func:`declare`;
:func:`all_tables` imports those modules and returns the registry.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.tables import write_table

#: the modules whose import declares the tables of the suite (each family's ``outputs``)
DECLARING_MODULES: tuple[str, ...] = (
    "analysis.corpus.outputs",
    "analysis.models.feasibility.outputs",
    "analysis.models.scenarios.outputs",
    "analysis.models.decomposition.outputs",
)


@dataclass(frozen=True)
class Column:
    """A column: ``name``, ``unit`` (%, 亿元, pp, probability, text...) and what it means."""

    name: str
    unit: str
    meaning: str


@dataclass(frozen=True)
class Table:
    """A declared table: ``name`` (file ``<name>.csv``), the ``family`` that computes it, the ``notebook``
    that writes it, the page ``section`` that reads it ("" when no section does), its ``columns`` and a
    one-line ``description``."""

    name: str
    family: str
    notebook: str
    section: str
    description: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


_REGISTRY: dict[str, Table] = {}


def declare(
    name: str, *, family: str, notebook: str, section: str, description: str, columns: list[tuple[str, str, str]]
) -> Table:
    """Declare a table (once: a second declaration of the same name with other content is an error)."""
    table = Table(name, family, notebook, section, description, tuple(Column(*c) for c in columns))
    if name in _REGISTRY and _REGISTRY[name] != table:
        raise ValueError(f"table {name!r} is declared twice, differently")
    _REGISTRY[name] = table
    return table


def all_tables() -> dict[str, Table]:
    """Every declared table, by name (importing each family's ``outputs`` module)."""
    for module in DECLARING_MODULES:
        importlib.import_module(module)
    return dict(sorted(_REGISTRY.items()))


def table(name: str) -> Table:
    """The declaration of ``name``; ``KeyError`` naming the declared tables otherwise."""
    tables = all_tables()
    if name not in tables:
        raise KeyError(f"no table {name!r} is declared; declared: {', '.join(tables)}")
    return tables[name]


def write(spec: Table, frame: pd.DataFrame, output_dir: str | Path, *, float_format: str = "%.10g") -> Path:
    """Write ``frame`` as the declared table into ``output_dir`` (atomically); its columns must be the
    declared ones, in order."""
    if list(frame.columns) != spec.column_names:
        raise ValueError(f"table {spec.name}: columns {list(frame.columns)} are not the declared {spec.column_names}")
    return write_table(frame, output_dir, spec.file, float_format=float_format)


def read(spec: Table, output_dir: str | Path) -> pd.DataFrame:
    """Read the declared table from ``output_dir``; ``InputError`` naming the file and the first missing
    column when it does not hold the declared columns."""
    path = Path(output_dir) / spec.file
    if not path.is_file():
        raise InputError(f"table {spec.name} is missing (written by {spec.notebook})", file=path.name)
    frame = pd.read_csv(path, keep_default_na=True)
    missing = [c for c in spec.column_names if c not in frame.columns]
    if missing:
        raise InputError(
            f"table {spec.name} lacks declared column(s) {', '.join(missing)}", file=path.name, field=missing[0]
        )
    return frame[spec.column_names]


def describe() -> pd.DataFrame:
    """One row per column of every declared table: table, family, notebook, section, column, unit,
    meaning."""
    rows = [
        {
            "table": t.name,
            "family": t.family,
            "notebook": t.notebook,
            "section": t.section or "-",
            "column": c.name,
            "unit": c.unit,
            "meaning": c.meaning,
        }
        for t in all_tables().values()
        for c in t.columns
    ]
    return pd.DataFrame(rows)


def markdown() -> str:
    """The README's table of the contract: one line per table (writer, reader, columns with units)."""
    lines = ["| table | written by | read by (page section) | columns (unit) |", "|---|---|---|---|"]
    for t in all_tables().values():
        columns = ", ".join(f"`{c.name}` ({c.unit})" if c.unit else f"`{c.name}`" for c in t.columns)
        lines.append(f"| `{t.file}` | {t.family} ({t.notebook}) | {t.section or '-'} | {columns} |")
    return "\n".join(lines)
