"""The load API: series, targets, outcomes and the catalogue as pandas DataFrames.

Reads ``data/processed`` when it was built from the same raw files and the same build code
(``manifest.json``); otherwise builds in memory from ``data/raw`` (nothing is written). A processed
table is read record by record (the build's header, one cell per column, numbers where numbers
belong) and then compared with the sha256 the build recorded for it: a truncated or edited file
raises :class:`analysis.errors.InputError` naming the file, row, field and value and asking for
``python -m analysis data build``. Results are cached per snapshot for the session; callers get copies.

Examples
--------
>>> from analysis.series import load_series
>>> gdp = load_series("gdp_nominal", "liaoning", vintage="nbs_post5")      # 亿元, annual
>>> first = load_series("gdp_nominal", "liaoning", vintage="first_release")
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import pandas as pd

from analysis import paths, vocabulary
from analysis.errors import InputError
from analysis.series import build, provenance, raw, tidy
from analysis.series.raw import PERIOD
from analysis.series.vintages import VINTAGE_CLASSES, check_class

SERIES_COLUMNS = [
    "region",
    "indicator",
    "year",
    "period",
    "value",
    "unit",
    "vintage",
    "vintage_class",
    "source_title",
    "source_url",
    "note",
    "file",
]
TARGET_COLUMNS = [
    "region",
    "year",
    "key",
    "indicator",
    "target_low",
    "target_high",
    "qualifier",
    "unit",
    "target_text",
    "source_title",
    "source_url",
    "note",
    "has_number",
    "file",
]
OUTCOME_COLUMNS = [
    "region",
    "year",
    "key",
    "indicator",
    "value",
    "unit",
    "vintage",
    "source_title",
    "source_url",
    "note",
    "period",
    "vintage_class",
    "file",
]
_FLOATS = {"value", "target_low", "target_high"}
_INTS = {"year", "row", "n"}
_BOOLS = {"preferred", "has_number"}

_CACHE: dict[tuple[str, str], dict[str, pd.DataFrame]] = {}
_LOADS: dict[tuple[str, str], int] = {}  # load number of each cached entry (see tables_version)
_LOAD_COUNTER = itertools.count(1)
_INDEX: dict[tuple[str, str], dict] = {}


class VintageError(InputError):
    """A result would mix vintage classes; pass ``vintage=<class>`` or ``vintage="all"``."""


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for column in frame.columns:
        if column in _FLOATS:
            frame[column] = pd.to_numeric(frame[column], errors="raise").astype("float64")
        elif column in _INTS:
            frame[column] = frame[column].astype("int64")
        elif column in _BOOLS:
            frame[column] = frame[column].map({"True": True, "False": False, True: True, False: False}).astype(bool)
        else:
            frame[column] = frame[column].astype("string").fillna("")
    return frame


def _from_built(built: build.Built) -> dict[str, pd.DataFrame]:
    def frame(rows, columns):
        data = pd.DataFrame.from_records(rows, columns=list(columns)) if rows else pd.DataFrame(columns=list(columns))
        return _typed(data)

    return {
        "series": frame(built.series, tidy.SERIES_COLUMNS),
        "targets": frame(built.targets, tidy.TARGET_COLUMNS),
        "outcomes": frame(built.outcomes, tidy.OUTCOME_COLUMNS),
        "catalogue": frame(built.catalogue, build.CATALOGUE_COLUMNS),
    }


REBUILD = "run python -m analysis data build"
_PROCESSED_COLUMNS = {
    "series": tidy.SERIES_COLUMNS,
    "targets": tidy.TARGET_COLUMNS,
    "outcomes": tidy.OUTCOME_COLUMNS,
    "catalogue": build.CATALOGUE_COLUMNS,
}


def _cell(text: str, column: str, path: Path, line: int) -> object:
    """One processed cell typed by its column; ``InputError`` naming file, row, field and value."""
    if column in _FLOATS:
        if text == "":
            return math.nan
        try:
            return float(text)
        except ValueError:
            raise InputError(
                f"not a number in a processed table: {REBUILD}", file=str(path), row=line, field=column, value=text
            ) from None
    if column in _INTS:
        if not (text.isascii() and text.isdigit()):
            raise InputError(
                f"not a whole number in a processed table: {REBUILD}",
                file=str(path),
                row=line,
                field=column,
                value=text,
            )
        return int(text)
    if column in _BOOLS:
        if text not in ("True", "False"):
            raise InputError(
                f"not True/False in a processed table: {REBUILD}", file=str(path), row=line, field=column, value=text
            )
        return text == "True"
    return text


def _read_table(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """One processed CSV, every record checked: the build's header, one cell per column, typed cells."""
    header, records = raw.csv_records(path, file=str(path), hint=f" (truncated or edited processed table): {REBUILD}")
    if tuple(header) != tuple(columns):
        raise InputError(
            f"processed table has other columns than the build writes: {REBUILD}",
            file=str(path),
            row=1,
            field="header",
            value=",".join(header),
        )
    typed = [(i, c) for i, c in enumerate(columns) if c in _FLOATS | _INTS | _BOOLS]
    for line, cells in records:
        for i, column in typed:
            cells[i] = _cell(cells[i], column, path, line)
    return _typed(pd.DataFrame.from_records([cells for _, cells in records], columns=list(columns)))


def _read_processed(folder: Path) -> dict[str, pd.DataFrame]:
    """The four tables of ``folder``, each record checked, then each file against its manifest sha256."""
    frames = {name: _read_table(folder / f"{name}.csv", columns) for name, columns in _PROCESSED_COLUMNS.items()}
    verify_outputs(folder)
    return frames


def _manifest(processed: Path) -> dict | None:
    try:
        manifest = json.loads((processed / build.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return manifest if isinstance(manifest, dict) else None


def stale_reason(snapshot: str = "", *, raw_root: Path | None = None, processed: Path | None = None) -> str | None:
    """Why ``processed`` is not the build of the current raw files and build code; None when it is.

    Compares ``manifest.json`` (snapshot, code fingerprint, sha256 of every raw input) with the
    raw folder as it is now. Says nothing about the outputs themselves (see :func:`verify_outputs`).
    """
    processed = processed or paths.PROCESSED
    if not (processed / build.MANIFEST).exists():
        return f"no {build.MANIFEST}"
    absent = [n for n in build.OUTPUTS if not (processed / n).exists()]
    if absent:
        return f"{absent[0]} is missing"
    manifest = _manifest(processed)
    if manifest is None:
        return f"{build.MANIFEST} is not a readable JSON object"
    if manifest.get("snapshot", "") != (snapshot or ""):
        return f"built from snapshot {manifest.get('snapshot', '')!r}, not {snapshot or ''!r}"
    if manifest.get("code") != build.code_fingerprint():
        return "built by other build code (code fingerprint differs)"
    root = raw_root or paths.RAW
    folder = build.raw_folder(snapshot, root)
    current = {p.name: provenance.sha256(p) for p in sorted(folder.glob("*.csv"))}
    corrections = root / "corrections.csv"
    if corrections.exists():
        current[corrections.name] = provenance.sha256(corrections)
    recorded = manifest.get("inputs") if isinstance(manifest.get("inputs"), dict) else {}
    for name in sorted(set(current) | set(recorded)):
        if name not in recorded:
            return f"raw input {name} is new since the build"
        if name not in current:
            return f"raw input {name} is gone since the build"
        if recorded[name] != current[name]:
            return f"raw input {name} changed since the build (sha256 {recorded[name]} then, {current[name]} now)"
    return None


def processed_is_current(snapshot: str = "", *, raw_root: Path | None = None, processed: Path | None = None) -> bool:
    """True when ``processed/manifest.json`` matches the raw files and the build code."""
    return stale_reason(snapshot, raw_root=raw_root, processed=processed) is None


def verify_outputs(processed: Path | None = None) -> dict[str, str]:
    """Check every output of ``processed`` against the sha256 that the build recorded in its manifest.

    Returns the recorded digests; raises ``InputError`` naming the file, field ``sha256`` and the
    digest found (a truncated, edited or corrupted output), or the manifest when it records none.
    """
    processed = processed or paths.PROCESSED
    manifest = _manifest(processed) or {}
    recorded = manifest.get("outputs")
    if not isinstance(recorded, dict) or sorted(recorded) != sorted(build.OUTPUTS):
        raise InputError(
            f"manifest records no sha256 of the outputs (an older or edited build): {REBUILD}",
            file=str(processed / build.MANIFEST),
            field="outputs",
        )
    for name in build.OUTPUTS:
        path = processed / name
        found = provenance.sha256(path) if path.exists() else "(missing)"
        if found != recorded[name]:
            raise InputError(
                f"processed file differs from the build's manifest (sha256 {recorded[name]}): "
                f"truncated, edited or corrupted; {REBUILD}",
                file=str(path),
                field="sha256",
                value=found,
            )
    return recorded


def verify_processed(snapshot: str = "", *, raw_root: Path | None = None, processed: Path | None = None) -> None:
    """``InputError`` unless ``processed`` is the build of the current raw files and code, byte for byte.

    Stale or missing (:func:`stale_reason`) and corrupt (:func:`verify_outputs`) both raise.
    """
    processed = processed or paths.PROCESSED
    reason = stale_reason(snapshot, raw_root=raw_root, processed=processed)
    if reason is not None:
        raise InputError(f"processed tables are stale or missing: {reason}; {REBUILD}", file=str(processed))
    verify_outputs(processed)


def tables(snapshot: str | None = None) -> dict[str, pd.DataFrame]:
    """All four tables of ``snapshot``: series, targets, outcomes, catalogue (copies of the cache)."""
    return {name: frame.copy() for name, frame in _tables(snapshot).items()}


def tables_version(snapshot: str | None = None) -> int:
    """A number that changes whenever the loader (re)loads ``snapshot``'s tables.

    Higher layers key their own caches on it, so a rebuild or a new ``paths.RAW`` invalidates them
    without the loader knowing about those caches.
    """
    _tables(snapshot)
    return _LOADS[(str(paths.RAW), snapshot or "")]


def _tables(snapshot: str | None) -> dict[str, pd.DataFrame]:
    """The cached tables themselves: callers filter them and copy the result, never modify them."""
    snapshot = snapshot or ""
    build.raw_folder(snapshot)  # unknown snapshot -> InputError
    key = (str(paths.RAW), snapshot)
    if key not in _CACHE:
        if processed_is_current(snapshot):
            _CACHE[key] = _read_processed(paths.PROCESSED)
        else:
            _CACHE[key] = _from_built(build.run(snapshot, write_outputs=False))
        _LOADS[key] = next(_LOAD_COUNTER)
    return _CACHE[key]


def _series_index(snapshot: str | None) -> dict[tuple[str, str], object]:
    """Row positions of each (region, indicator) in the cached series table."""
    key = (str(paths.RAW), snapshot or "")
    if key not in _INDEX:
        series = _tables(snapshot)["series"]
        _INDEX[key] = {(str(r), str(i)): pos for (r, i), pos in series.groupby(["region", "indicator"]).indices.items()}
    return _INDEX[key]


def clear_cache() -> None:
    """Forget cached tables (after a build or a refresh in the same session)."""
    _CACHE.clear()
    _INDEX.clear()


def _region(region: str | None) -> str | None:
    if region is None:
        return None
    return vocabulary.check_region(region)


def _period(period: str | None) -> str | None:
    if period is not None and not PERIOD.match(str(period)):
        raise InputError(
            "unknown period (Y, Q1..Q4, H1, Q1-Q3, Mnn, Mn-Mm, or None for all)", field="period", value=period
        )
    return period


def _indicator(name: str | None) -> str | None:
    if name is None:
        return None
    if name in vocabulary.BY_KEY:
        return name
    key = vocabulary.key_for_name(name)
    if key is None:
        raise InputError(
            "unknown indicator (not a key or Chinese name of analysis.vocabulary)", field="indicator", value=name
        )
    return key


def load_series(
    indicator: str,
    region: str = "liaoning",
    *,
    vintage: str | None = None,
    period: str | None = "Y",
    snapshot: str | None = None,
) -> pd.DataFrame:
    """One indicator of one region, as published, with its vintage.

    Parameters
    ----------
    indicator : vocabulary key (``gdp_nominal``, 亿元; ``gdp_index``, 上年=100; ...) or Chinese name.
    region : region key or name (``liaoning``, ``辽宁``, ``Liaoning``, ``china``, ``shenyang``...).
    vintage : None: the rows must all be of one vintage class, else :class:`VintageError` listing the
        classes found; a class name (first_release, nbs_pre4, nbs_post4, nbs_post5, estimate,
        secondary, low_confidence): only that class; "all": every row, including rows that are not
        the preferred one of their key (column ``preferred``), mixing is then the caller's business.
    period : "Y" (annual, default); a cumulative period "Q1", "H1", "Q1-Q3"; national single
        quarters "Q1".."Q4" (marked in ``note``); None for every period.
    snapshot : "" or None for the shipped data, else a folder of ``data/raw/snapshots``.

    Returns
    -------
    DataFrame
        Columns region, indicator, year (int), period, value (float, in ``unit``), unit, vintage,
        vintage_class, source_title, source_url, note, file; plus row, value_published,
        unit_published, adjustment, preferred. Sorted by year, period. Within one class,
        (region, indicator, year, period) is unique. Empty when nothing is found.

    Raises
    ------
    InputError
        Unknown region, indicator, vintage class or snapshot; VintageError on mixed classes.
    """
    key = _indicator(indicator)
    region_key = _region(region)
    period = _period(period)
    if vintage is not None:
        check_class(vintage)
    frame = _tables(snapshot)["series"]
    positions = _series_index(snapshot).get((region_key, key))
    rows = frame.iloc[positions] if positions is not None else frame.iloc[0:0]
    if period is not None:
        rows = rows[rows["period"] == period]
    if vintage is None:
        rows = rows[rows["preferred"]]
        classes = sorted(set(rows["vintage_class"]), key=VINTAGE_CLASSES.index)
        if len(classes) > 1:
            counts = rows["vintage_class"].value_counts()
            raise VintageError(
                "rows of more than one vintage class; choose vintage=<class> or vintage='all' ("
                + ", ".join(f"{c}: {counts[c]} rows" for c in classes)
                + ")",
                field="vintage",
                value=f"{region_key}/{key}/{period}",
            )
    elif vintage != "all":
        rows = rows[(rows["vintage_class"] == vintage) & rows["preferred"]]
    order = rows.assign(_p=rows["period"] != "Y").sort_values(
        ["year", "_p", "period", "vintage_class", "file", "row"], kind="mergesort"
    )
    columns = SERIES_COLUMNS + [c for c in rows.columns if c not in SERIES_COLUMNS]
    return order[columns].reset_index(drop=True)


def load_targets(
    region: str | None = None, year: int | None = None, *, all_sources: bool = False, snapshot: str | None = None
) -> pd.DataFrame:
    """Work-report targets: one row per region, year and indicator key.

    Parameters
    ----------
    region : region key/name, or None for every region (liaoning, china and the provinces).
    year : the year the target is for (the report's year), or None.
    all_sources : also return the rows that restate a target already given by a preferred source.
    snapshot : as in :func:`load_series`.

    Returns
    -------
    DataFrame
        region, year, key, indicator (Chinese name as written), target_low, target_high (NaN when
        the target has no number), qualifier (左右/以上/以内/""/区间, or the wording of a number-less
        target such as 基本同步), unit (% or 万人; grain in 万吨, converted from 亿斤), target_text,
        source_title, source_url, note, has_number, file, plus row, adjustment, preferred.
    """
    region_key = _region(region)
    frame = _tables(snapshot)["targets"]
    if region_key is not None:
        frame = frame[frame["region"] == region_key]
    if year is not None:
        frame = frame[frame["year"] == int(year)]
    if not all_sources:
        frame = frame[frame["preferred"]]
    columns = TARGET_COLUMNS + [c for c in frame.columns if c not in TARGET_COLUMNS]
    return frame.sort_values(["region", "year", "key", "file", "row"], kind="mergesort")[columns].reset_index(drop=True)


def load_outcomes(
    region: str | None = None,
    key: str | None = None,
    *,
    period: str | None = "Y",
    all_sources: bool = False,
    snapshot: str | None = None,
) -> pd.DataFrame:
    """Outcomes to set against targets: first releases as reported, one row per region, year, key.

    Sources: ``outcomes_*`` files (values as stated in the next year's report or plan report),
    ``provinces_outcomes*`` (first-release provincial GDP growth and level) and the first-release
    annual ``gdp_real_growth`` rows of the series files. Where two give the same key the better class
    wins (first_release over estimate), then that order of sources.

    Parameters
    ----------
    region : region key/name or None.
    key : indicator key (or Chinese name) or None.
    period : "Y" (default: full-year outcomes only); "M1-M10" etc. for partial-year figures; None for all.
    all_sources : also return rows not preferred.
    snapshot : as in :func:`load_series`.

    Returns
    -------
    DataFrame
        region, year, key, indicator, value, unit, vintage, source_title, source_url, note, period,
        vintage_class, file, plus row, value_published, unit_published, adjustment, preferred.
    """
    region_key = _region(region)
    ind = _indicator(key)
    period = _period(period)
    frame = _tables(snapshot)["outcomes"]
    if region_key is not None:
        frame = frame[frame["region"] == region_key]
    if ind is not None:
        frame = frame[frame["key"] == ind]
    if period is not None:
        frame = frame[frame["period"] == period]
    if not all_sources:
        frame = frame[frame["preferred"]]
    columns = OUTCOME_COLUMNS + [c for c in frame.columns if c not in OUTCOME_COLUMNS]
    return frame.sort_values(["region", "year", "key", "period", "file", "row"], kind="mergesort")[columns].reset_index(
        drop=True
    )


def catalogue(region: str | None = None, indicator: str | None = None, *, snapshot: str | None = None) -> pd.DataFrame:
    """What series exist: region, indicator, period, years (e.g. "1993-2025"), n (rows), vintages
    (classes, ";"-joined), unit. Filters by region and indicator when given."""
    region_key = _region(region)
    ind = _indicator(indicator)
    frame = _tables(snapshot)["catalogue"]
    if region_key is not None:
        frame = frame[frame["region"] == region_key]
    if ind is not None:
        frame = frame[frame["indicator"] == ind]
    return frame.reset_index(drop=True)
