"""The extraction table: its columns and their types, the headline targets, the files written.

One row per number of a report (:func:`analysis.report.extract.extract_report`); the columns are
described there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.vocabulary import HEADLINE_KEYS

#: the columns of the extraction table, in order
COLUMNS: tuple[str, ...] = (
    "section",
    "part",
    "kind",
    "year",
    "year_start",
    "period",
    "indicator",
    "key",
    "value",
    "value_high",
    "unit",
    "value_canonical",
    "value_high_canonical",
    "unit_canonical",
    "qualifier",
    "is_growth",
    "is_headline",
    "has_number",
    "text",
    "line",
)
#: the columns of the headline table (:func:`headline_targets`, ``indicators_headline.csv``)
HEADLINE_COLUMNS: tuple[str, ...] = (
    "key",
    "indicator",
    "value",
    "unit",
    "qualifier",
    "value_canonical",
    "unit_canonical",
    "text",
    "has_number",
)


#: the columns by type (the others are Int64: year, year_start; int64: line)
_FLOATS = ("value", "value_high", "value_canonical", "value_high_canonical")
_BOOLS = ("is_growth", "is_headline", "has_number")
_TEXTS = ("section", "part", "kind", "period", "indicator", "key", "unit", "unit_canonical", "qualifier", "text")


def empty_frame() -> pd.DataFrame:
    """The extraction table without rows: the :data:`COLUMNS`, typed."""
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for c in _FLOATS:
        frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("float64")
    for c in _BOOLS:
        frame[c] = frame[c].astype(bool)
    frame["year"] = frame["year"].astype("Int64")
    frame["line"] = frame["line"].astype("int64")
    frame["year_start"] = frame["year_start"].astype("Int64")
    for c in _TEXTS:
        frame[c] = frame[c].fillna("").astype(str)
    return frame[list(COLUMNS)]


def frame_of(rows: list[dict]) -> pd.DataFrame:
    """The typed extraction table of ``rows`` (dicts with the :data:`COLUMNS` and ``_offset``,
    ``_order``), in reading order."""
    rows = sorted(rows, key=lambda r: (r["_offset"], r["_order"]))
    data = {}
    for c in COLUMNS:
        values = [r[c] for r in rows]
        if c in _FLOATS:
            data[c] = np.array([np.nan if v is None else v for v in values], dtype="float64")
        elif c in _BOOLS:
            data[c] = np.array(values, dtype=bool)
        elif c in ("year", "year_start"):
            data[c] = pd.array(values, dtype="Int64")
        elif c == "line":
            data[c] = np.array(values, dtype="int64")
        else:
            data[c] = [v if isinstance(v, str) else "" for v in values]
    return pd.DataFrame(data, columns=list(COLUMNS))


def headline_targets(frame: pd.DataFrame) -> pd.DataFrame:
    """The main expected targets (主要预期目标), one row per headline key, in vocabulary order.

    Includes targets without a number (value NaN, has_number False). Keys of
    :data:`analysis.vocabulary.HEADLINE_KEYS` not found in the report are absent.
    """
    rows = frame[frame["is_headline"] & (frame["kind"] == "target") & frame["key"].isin(HEADLINE_KEYS)]
    rows = rows.drop_duplicates("key", keep="first")
    order = {k: i for i, k in enumerate(HEADLINE_KEYS)}
    return rows.sort_values("key", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
