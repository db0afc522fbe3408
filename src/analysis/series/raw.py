"""Read and validate one raw CSV of ``data/raw``: nothing is changed, everything is checked.

Each raw file has one of six schemas, chosen by its name (the collector's naming):

============================  =========================================================================
file name                     required columns
============================  =========================================================================
``provinces_panel*.csv``      region, region_en, indicator, year, value, unit, vintage, source_title,
                              source_url, note (NBS 分省年度数据, long form)
``provinces_targets*.csv``    region, region_en, year, target_low, target_high, qualifier, target_text,
                              source_title, source_url, note
``provinces_outcomes*.csv``   region, region_en, year, gdp_real_growth, gdp_nominal, unit ("%;亿元"),
                              vintage, source_title, source_url, note
``targets_*.csv``             region, year, indicator (Chinese name), target_value, unit, qualifier,
                              target_text, source_title, source_url, note
``outcomes_*.csv``            region, year, indicator (Chinese name), actual_value, unit, source_title,
                              source_url, note
anything else (``*.csv``)     region, indicator (key), year, period, value, unit, vintage, source_title,
                              source_url, note (long form)
============================  =========================================================================

Checks (each failure raises :class:`analysis.errors.InputError` naming the file, the 1-based line
number counting the header as line 1, the column and the value): required columns present; year an
integer; value columns numeric (blank allowed only where a number may be missing: a number-less
target, a nominal level a source did not give); unit in :data:`KNOWN_UNITS`; region known to
:func:`analysis.vocabulary.region_key` (and ``region`` agreeing with ``region_en``); indicator
known to :mod:`analysis.vocabulary` (a key in long files, a Chinese name in targets/outcomes);
period well formed; no duplicate key within the file; at least one data row. A file that is not
UTF-8 (a GB18030/GBK export) is refused naming the first row with an undecodable byte, its column
and the bytes (:func:`utf8_error`).
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from analysis import vocabulary
from analysis.errors import InputError

LONG = ("region", "indicator", "year", "period", "value", "unit", "vintage", "source_title", "source_url", "note")
PANEL = ("region", "region_en", "indicator", "year", "value", "unit", "vintage", "source_title", "source_url", "note")
PROVINCE_TARGETS = (
    "region",
    "region_en",
    "year",
    "target_low",
    "target_high",
    "qualifier",
    "target_text",
    "source_title",
    "source_url",
    "note",
)
PROVINCE_OUTCOMES = (
    "region",
    "region_en",
    "year",
    "gdp_real_growth",
    "gdp_nominal",
    "unit",
    "vintage",
    "source_title",
    "source_url",
    "note",
)
TARGETS = (
    "region",
    "year",
    "indicator",
    "target_value",
    "unit",
    "qualifier",
    "target_text",
    "source_title",
    "source_url",
    "note",
)
OUTCOMES = ("region", "year", "indicator", "actual_value", "unit", "source_title", "source_url", "note")

SCHEMAS: dict[str, tuple[str, ...]] = {
    "long": LONG,
    "panel": PANEL,
    "province_targets": PROVINCE_TARGETS,
    "province_outcomes": PROVINCE_OUTCOMES,
    "targets": TARGETS,
    "outcomes": OUTCOMES,
}

#: Units as the statistics write them. 亿斤 (grain, 1亿斤 = 5万吨) is converted on build.
KNOWN_UNITS: frozenset[str] = frozenset(
    {"亿元", "%", "万人", "元", "万吨", "亿斤", "上年=100", "千美元", "百万美元", "%;亿元"}
)

#: Periods: Y annual; cumulative Q1, H1, Q1-Q3 (Liaoning); single quarters Q2..Q4 (national, see
#: note); months Mnn and cumulative months Mn-Mm (refresh snapshots, partial-year outcomes).
PERIOD = re.compile(r"^(Y|Q[1-4]|H1|Q1-Q3|M(0[1-9]|1[0-2])|M\d{1,2}-M\d{1,2})$")

#: Suffix of a partial-year outcome name, e.g. 居民消费价格涨幅_1至10月 -> period M1-M10.
PARTIAL_YEAR = re.compile(r"^(?P<name>.+?)_(?P<first>\d{1,2})至(?P<last>\d{1,2})月$")

#: Indicator keys of a raw file that name a vocabulary indicator under another key (our rename,
#: recorded in the processed ``note``): china_annual's ``fai_total`` is 全社会固定资产投资 = ``fai``.
INDICATOR_RENAMES: dict[str, str] = {"fai_total": "fai"}

# Key columns that must be unique within one file, per schema.
_KEYS: dict[str, tuple[str, ...]] = {
    "long": ("region", "indicator", "year", "period", "vintage", "source_title"),
    "panel": ("region_en", "indicator", "year", "vintage"),
    "province_targets": ("region_en", "year"),
    "province_outcomes": ("region_en", "year"),
    "targets": ("region", "year", "indicator"),
    "outcomes": ("region", "year", "indicator"),
}
# Numeric columns, and whether a blank is allowed (missing stays NaN).
_NUMERIC: dict[str, dict[str, bool]] = {
    "long": {"value": False},
    "panel": {"value": False},
    "province_targets": {"target_low": True, "target_high": True},
    "province_outcomes": {"gdp_real_growth": True, "gdp_nominal": True},
    "targets": {"target_value": True},
    "outcomes": {"actual_value": False},
}


def schema_of(path: Path) -> str:
    """Schema name of a raw file, from its name (see the module docstring)."""
    name = Path(path).name
    if name.startswith("provinces_panel"):
        return "panel"
    if name.startswith("provinces_targets"):
        return "province_targets"
    if name.startswith("provinces_outcomes"):
        return "province_outcomes"
    if name.startswith("targets_"):
        return "targets"
    if name.startswith("outcomes_"):
        return "outcomes"
    return "long"


@dataclass(frozen=True)
class RawTable:
    """A validated raw file: its rows as dicts of strings plus parsed fields.

    Attributes
    ----------
    path : the file.
    schema : schema name (key of :data:`SCHEMAS`).
    rows : one dict per data row with the raw strings, plus ``_line`` (1-based line in the file,
        header = 1), ``_region`` (region key), ``_key`` (indicator key, where the file has an
        indicator), ``_period`` (outcomes: from a partial-year suffix, else "Y") and ``_year`` (int).
    """

    path: Path
    schema: str
    rows: tuple[dict, ...]


def parse_number(text: str, *, blank_ok: bool, file: str, row: int, field: str) -> float:
    """A decimal number from a raw cell; NaN for a blank cell where ``blank_ok``.

    Raises ``InputError`` naming file, row, field and value for anything else (including
    ``nan``/``inf`` spelled out, thousands separators and units inside the cell).
    """
    cell = text.strip()
    if cell == "":
        if blank_ok:
            return math.nan
        raise InputError("missing number", file=file, row=row, field=field, value=text)
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", cell):
        raise InputError("not a number", file=file, row=row, field=field, value=text)
    return float(cell)


def _region(row: dict, schema: str, file: str, line: int) -> str:
    try:
        key = vocabulary.region_key(row["region"])
    except KeyError:
        raise InputError("unknown region", file=file, row=line, field="region", value=row["region"]) from None
    if "region_en" in row:
        try:
            key_en = vocabulary.region_key(row["region_en"])
        except KeyError:
            raise InputError("unknown region", file=file, row=line, field="region_en", value=row["region_en"]) from None
        if key_en != key:
            raise InputError(
                f"region and region_en disagree ({key} vs {key_en})",
                file=file,
                row=line,
                field="region_en",
                value=row["region_en"],
            )
    return key


def _indicator(row: dict, schema: str, file: str, line: int) -> tuple[str, str]:
    """(indicator key, period) of a row; period "Y" unless a partial-year outcome."""
    if schema in ("province_targets", "province_outcomes"):
        return "gdp_real_growth", "Y"
    name = row["indicator"].strip()
    if schema in ("long", "panel"):
        name = INDICATOR_RENAMES.get(name, name)
        if name not in vocabulary.BY_KEY:
            raise InputError(
                "unknown indicator key (not in analysis.vocabulary)",
                file=file,
                row=line,
                field="indicator",
                value=row["indicator"],
            )
        return name, row.get("period", "Y").strip() or "Y"
    period = "Y"
    partial = PARTIAL_YEAR.match(name)
    if partial:
        name = partial.group("name")
        period = f"M{int(partial.group('first'))}-M{int(partial.group('last'))}"
    key = vocabulary.key_for_name(name)
    if key is None:
        raise InputError(
            "unknown indicator name (no key or alias in analysis.vocabulary)",
            file=file,
            row=line,
            field="indicator",
            value=row["indicator"],
        )
    return key, period


def utf8_error(path: str | Path) -> InputError | None:
    """Where a CSV meant to be UTF-8 is not; ``None`` when the whole file decodes.

    Returns
    -------
    InputError or None
        Naming the file, the row (1-based line where the record starts, header = line 1) of the
        first record holding an undecodable byte, its column (from the header, for a data row) and
        the offending bytes as found (:func:`_bad_bytes`; e.g. ``b'\\xc1\\xc9'``: 辽 in GB18030).
    """
    path = Path(path)
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    # undecodable bytes become lone surrogates U+DC80..U+DCFF, and encode back to the same bytes
    reader = csv.reader(io.StringIO(data.decode("utf-8", errors="surrogateescape"), newline=""))
    header: list[str] = []
    line, previous = 1, 0
    try:
        for cells in reader:
            line, previous = previous + 1, reader.line_num
            for i, cell in enumerate(cells):
                bad = next((j for j, ch in enumerate(cell) if "\udc80" <= ch <= "\udcff"), None)
                if bad is not None:
                    field = header[i] if line > 1 and i < len(header) else None
                    return InputError(
                        "not UTF-8 text (save the file as UTF-8; GB18030/GBK exports must be converted)",
                        file=path.name,
                        row=line,
                        field=field,
                        value=_bad_bytes(cell, bad),
                    )
            if not header:
                header = [h.strip() for h in cells]
    except csv.Error:
        pass
    return InputError("not UTF-8 text (save the file as UTF-8)", file=path.name, row=line)


def _bad_bytes(cell: str, bad: int) -> bytes:
    """The bytes of the non-ASCII run of ``cell`` around its first undecodable byte (at most 16).

    A GB18030 pair may pass for UTF-8 (预 = d4 a4), so the run starts at the first non-ASCII
    character before the undecodable one: 预计 gives b'\\xd4\\xa4\\xbc\\xc6', not b'\\xbc\\xc6'.
    """
    start, end = bad, bad
    while start > 0 and not cell[start - 1].isascii():
        start -= 1
    while end < len(cell) and not cell[end].isascii():
        end += 1
    run = cell[start:end].encode("utf-8", errors="surrogateescape")
    if len(run) > 16:
        run = cell[bad:end].encode("utf-8", errors="surrogateescape")
    return run[:16]


def csv_records(
    path: str | Path, *, file: str | None = None, hint: str = ""
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (cells stripped) and every non-blank record of a UTF-8 CSV, with its line.

    The one reader of the suite's CSV files (raw data, corrections, processed tables): ``line`` is
    the 1-based physical line where the record starts (header = 1; a quoted field may span lines).

    Raises
    ------
    InputError
        Naming ``file`` (default: the file name) and the row: unreadable, empty (no header), not
        UTF-8 (:func:`utf8_error`: row, column and bytes), malformed CSV, or a record with more or
        fewer fields than the header (the first missing column as field, the record as value).
        ``hint`` is appended to every message (e.g. what to run to fix it).
    """
    path = Path(path)
    file = file or path.name
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror}{hint}", file=str(path)) from None
    records: list[tuple[int, list[str]]] = []
    with handle:
        reader = csv.reader(handle)
        try:
            first = next(reader, None)
            if first is None:
                raise InputError(f"empty file (no header line){hint}", file=file, row=1)
            header = [h.strip() for h in first]
            previous = reader.line_num
            for cells in reader:
                line, previous = previous + 1, reader.line_num
                if not cells or all(c.strip() == "" for c in cells):
                    continue
                if len(cells) != len(header):
                    value = ",".join(cells)
                    raise InputError(
                        f"expected {len(header)} fields, found {len(cells)}{hint}",
                        file=file,
                        row=line,
                        field=header[len(cells)] if len(cells) < len(header) else None,
                        value=value if len(value) <= 120 else value[:117] + "...",
                    )
                records.append((line, cells))
        except UnicodeDecodeError:
            raise utf8_error(path) or InputError(f"not UTF-8 text{hint}", file=file) from None
        except csv.Error as err:
            raise InputError(f"malformed CSV: {err}{hint}", file=file, row=reader.line_num) from None
    return header, records


def read_raw(path: str | Path) -> RawTable:
    """Read one raw CSV and validate every row (see the module docstring for the checks).

    Parameters
    ----------
    path : a ``.csv`` under ``data/raw/public`` or a snapshot folder (UTF-8, one header line).

    Returns
    -------
    RawTable

    Raises
    ------
    InputError
        Naming file, row (1-based line, header = line 1), column and value of the first fault.
    """
    path = Path(path)
    file = path.name
    schema = schema_of(path)
    required = SCHEMAS[schema]
    header, records = csv_records(path)
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            f"missing required column(s) {', '.join(missing)} for a {schema} file",
            file=file,
            row=1,
            field=missing[0],
            value=",".join(header),
        )
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise InputError("duplicate column", file=file, row=1, field=dup, value=dup)
    seen: dict[tuple, int] = {}
    rows = [_validate(dict(zip(header, cells)), schema, file, line, seen) for line, cells in records]
    if not rows:
        raise InputError("raw file has a header but no data rows", file=file)
    return RawTable(path=path, schema=schema, rows=tuple(rows))


def _validate(row: dict, schema: str, file: str, line: int, seen: dict) -> dict:
    year_text = row["year"].strip()
    if not re.fullmatch(r"\d{4}", year_text) or not 1949 <= int(year_text) <= 2100:
        raise InputError("year is not a four-digit year", file=file, row=line, field="year", value=row["year"])
    row["_line"] = line
    row["_year"] = int(year_text)
    row["_region"] = _region(row, schema, file, line)
    unit = row.get("unit", "").strip()
    blank_unit_ok = schema == "targets"  # a number-less target has no unit
    if "unit" in row and not (unit in KNOWN_UNITS or (unit == "" and blank_unit_ok)):
        raise InputError(
            f"unknown unit; known: {', '.join(sorted(KNOWN_UNITS))}",
            file=file,
            row=line,
            field="unit",
            value=row.get("unit", ""),
        )
    if schema == "long" and not PERIOD.match(row["period"].strip()):
        raise InputError(
            "unknown period (Y, Q1..Q4, H1, Q1-Q3, Mnn, Mn-Mm)",
            file=file,
            row=line,
            field="period",
            value=row["period"],
        )
    row["_key"], row["_period"] = _indicator(row, schema, file, line)
    for column, blank_ok in _NUMERIC[schema].items():
        row["_" + column] = parse_number(row[column], blank_ok=blank_ok, file=file, row=line, field=column)
    key = tuple(row[c].strip() for c in _KEYS[schema])
    if key in seen:
        raise InputError(
            f"duplicate key {'/'.join(_KEYS[schema])} (first at row {seen[key]})",
            file=file,
            row=line,
            field=_KEYS[schema][-1],
            value="/".join(key),
        )
    seen[key] = line
    return row
