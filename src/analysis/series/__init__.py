"""Public series: raw snapshots with provenance, vintage rules, the processed build, the loaders.

>>> from analysis.series import load_series, load_targets, load_outcomes, catalogue

Modules: :mod:`~analysis.series.raw` (read + validate a raw CSV), :mod:`~analysis.series.vintages`
(vintage classes), :mod:`~analysis.series.tidy` (unit conversion, preferred rows),
:mod:`~analysis.series.build` (``data/processed``), :mod:`~analysis.series.load` (the API),
:mod:`~analysis.series.provenance` (sidecars, checksums), :mod:`~analysis.series.refresh`
(optional AKShare snapshot), :mod:`~analysis.series.commands` (CLI handlers).

The loaders are imported lazily so that ``import analysis.series`` does not import pandas.
"""

from __future__ import annotations

__all__ = ["load_series", "load_targets", "load_outcomes", "catalogue", "VintageError", "VINTAGE_CLASSES"]


def __getattr__(name: str):
    if name in ("load_series", "load_targets", "load_outcomes", "catalogue", "VintageError"):
        from analysis.series import load

        return getattr(load, name)
    if name == "VINTAGE_CLASSES":
        from analysis.series.vintages import VINTAGE_CLASSES

        return VINTAGE_CLASSES
    raise AttributeError(f"module 'analysis.series' has no attribute {name!r}")
