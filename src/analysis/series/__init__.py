"""Public series: raw snapshots with provenance, vintage rules, the processed build, the loaders.

>>> from analysis.series import load_series, load_targets, load_outcomes, catalogue

Modules: :mod:`~analysis.series.raw` (read + validate a raw CSV), :mod:`~analysis.series.vintages`
(vintage classes), :mod:`~analysis.series.tidy` (unit conversion, preferred rows),
:mod:`~analysis.series.build` (``data/processed``), :mod:`~analysis.series.load` (the API),
:mod:`~analysis.series.provenance` (sidecars, checksums), :mod:`~analysis.series.refresh`
(optional AKShare snapshot), :mod:`~analysis.series.commands` (CLI handlers).

The loaders are re-exported lazily (PEP 562), so that importing a light module of the package
(``analysis.series.provenance``, as the briefing runner does) does not import pandas.
"""

from __future__ import annotations

from analysis.series.vintages import VINTAGE_CLASSES

__all__ = ["load_series", "load_targets", "load_outcomes", "catalogue", "VintageError", "VINTAGE_CLASSES"]


def __getattr__(name: str):
    # lazy re-exports: the loaders import pandas, which the briefing runner does not otherwise load
    if name in ("load_series", "load_targets", "load_outcomes", "catalogue", "VintageError"):
        from analysis.series import load  # noqa: PLC0415

        return getattr(load, name)
    raise AttributeError(f"module 'analysis.series' has no attribute {name!r}")
