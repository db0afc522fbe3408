"""From validated raw rows to the three tidy tables: series, targets, outcomes.

What we do to the numbers (the source's own words stay in ``note``; ours go in ``adjustment``):

* **Units.** 亿斤 (grain) becomes 万吨 at 1 亿斤 = 5 万吨 (1 斤 = 0.5 kg, so 1e8 斤 = 5e7 kg =
  5e4 t; the factor is :data:`analysis.vocabulary.UNIT_CONVERSIONS`). The published number and
  unit stay in ``value_published`` / ``unit_published``.
* **Renamed keys.** ``fai_total`` (china_annual) is the vocabulary's ``fai`` (全社会固定资产投资).
* **Single quarters.** National rows with period Q1..Q4 are single-quarter y/y rates as NBS
  reports them, not cumulative; ``note`` says so (the Liaoning files use cumulative Q1, H1, Q1-Q3).
* **Targets.** ``target_value`` gives ``target_low`` = ``target_high``; a range written in the
  qualifier (``区间6.5-7``) gives both bounds and qualifier ``区间``. A number-less target
  (与经济增长基本同步, 完成国家下达任务, ...) keeps its wording as qualifier and NaN bounds.
* **Outcomes.** The province outcome files are wide (gdp_real_growth, gdp_nominal); each filled
  cell becomes a row. A partial-year outcome (``居民消费价格涨幅_1至10月``) keeps its key with period
  ``M1-M10``; the loaders return full-year (``Y``) outcomes unless asked otherwise.
* **One preferred row.** Within one vintage class a (region, indicator, year, period) may be given
  by more than one row (two exports of the same vintage, a rounded and an unrounded copy). All
  rows are kept; exactly one has ``preferred`` True, chosen by :func:`prefer`.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

from analysis import vocabulary
from analysis.errors import InputError
from analysis.series.raw import RawTable
from analysis.series.vintages import vintage_class

#: published unit -> the unit the tables store it in (factor: :func:`analysis.vocabulary.convert`).
STORED_UNITS: dict[str, str] = {"亿斤": "万吨"}

SERIES_COLUMNS = (
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
    "row",
    "value_published",
    "unit_published",
    "adjustment",
    "preferred",
)
TARGET_COLUMNS = (
    "region",
    "year",
    "key",
    "indicator",
    "target_low",
    "target_high",
    "qualifier",
    "has_number",
    "unit",
    "target_text",
    "source_title",
    "source_url",
    "note",
    "file",
    "row",
    "adjustment",
    "preferred",
)
OUTCOME_COLUMNS = (
    "region",
    "year",
    "key",
    "indicator",
    "period",
    "value",
    "unit",
    "vintage",
    "vintage_class",
    "source_title",
    "source_url",
    "note",
    "file",
    "row",
    "value_published",
    "unit_published",
    "adjustment",
    "preferred",
)

NUMBERED_QUALIFIERS = ("左右", "以上", "以内", "")
_RANGE = re.compile(r"^区间\s*(?P<low>\d+(\.\d+)?)\s*[-–—~至]\s*(?P<high>\d+(\.\d+)?)$")
_YEAR = re.compile(r"((?:19|20)\d{2})")
_EXPORT_YEAR = re.compile(r"c\.\s*((?:19|20)\d{2})")
_CLASS_RANK = {
    "first_release": 0,
    "estimate": 1,
    "secondary": 2,
    "low_confidence": 3,
    "nbs_post5": 0,
    "nbs_post4": 0,
    "nbs_pre4": 0,
}


def convert_unit(value: float, unit: str) -> tuple[float, str, str]:
    """Standard (value, unit) and the adjustment text; only the units of :data:`STORED_UNITS`
    (亿斤 -> 万吨) change anything."""
    stored = STORED_UNITS.get(unit)
    if stored is None:
        return value, unit, ""
    factor = vocabulary.convert(1.0, unit, stored)
    return (
        vocabulary.convert(value, unit, stored),
        stored,
        f"converted {value:g} {unit} to {stored} at 1{unit} = {factor:g}{stored}",
    )


def _decimals(text: str) -> int:
    text = text.strip()
    return len(text.split(".", 1)[1]) if "." in text else 0


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def series_rows(table: RawTable) -> list[dict]:
    """Tidy series rows of one long-form or panel raw file."""
    out = []
    quarters = defaultdict(set)
    for r in table.rows:
        quarters[(r["_region"], r["_key"], r["_year"])].add(r.get("period", "Y").strip() or "Y")
    for r in table.rows:
        period = r.get("period", "Y").strip() or "Y"
        value, unit, adjustment = convert_unit(r["_value"], r["unit"].strip())
        note = r["note"].strip()
        if r["indicator"].strip() != r["_key"]:
            adjustment = _join(adjustment, f"indicator {r['indicator'].strip()} read as {r['_key']}")
        single = period in ("Q2", "Q3", "Q4") or (
            period == "Q1" and quarters[(r["_region"], r["_key"], r["_year"])] & {"Q2", "Q3", "Q4"}
        )
        if single and "single" not in note.lower():
            note = _join(note, "single-quarter y/y (not cumulative)")
        out.append(
            {
                "region": r["_region"],
                "indicator": r["_key"],
                "year": r["_year"],
                "period": period,
                "value": value,
                "unit": unit,
                "vintage": r["vintage"].strip(),
                "vintage_class": vintage_class(r["vintage"], r["note"], file=table.path.name, row=r["_line"]),
                "source_title": r["source_title"].strip(),
                "source_url": r["source_url"].strip(),
                "note": note,
                "file": table.path.name,
                "row": r["_line"],
                "value_published": r["value"].strip(),
                "unit_published": r["unit"].strip(),
                "adjustment": adjustment,
                "preferred": True,
            }
        )
    return out


def target_rows(table: RawTable) -> list[dict]:
    """Tidy target rows of a ``targets_*`` or ``provinces_targets*`` raw file."""
    out = []
    file = table.path.name
    for r in table.rows:
        qualifier = r["qualifier"].strip()
        adjustment = ""
        if table.schema == "province_targets":
            low, high = r["_target_low"], r["_target_high"]
            unit = "%"
            name = vocabulary.indicator(r["_key"]).name
        else:
            low = high = r["_target_value"]
            unit = r["unit"].strip()
            name = r["indicator"].strip()
        match = _RANGE.match(qualifier)
        if match:
            low, high = float(match.group("low")), float(match.group("high"))
            adjustment = f"range read from qualifier {qualifier!r}"
            qualifier = "区间"
        elif qualifier.startswith("区间") and table.schema != "province_targets":
            raise InputError(
                "range qualifier without readable bounds (expected 区间a-b)",
                file=file,
                row=r["_line"],
                field="qualifier",
                value=r["qualifier"],
            )
        has_number = not (math.isnan(low) and math.isnan(high))
        if has_number and (math.isnan(low) or math.isnan(high)):
            low, high = (high, high) if math.isnan(low) else (low, low)
        if has_number and qualifier not in NUMBERED_QUALIFIERS + ("区间",):
            adjustment = _join(adjustment, f"qualifier {qualifier!r} kept as written")
        if has_number and high < low:
            raise InputError(
                "target_high below target_low",
                file=file,
                row=r["_line"],
                field="target_high",
                value=r.get("target_high", ""),
            )
        if unit == "亿斤":
            low, unit_canonical, text = convert_unit(low, unit)
            high = convert_unit(high, unit)[0]
            adjustment = _join(adjustment, text)
            unit = unit_canonical
        if unit == "":
            unit = vocabulary.indicator(r["_key"]).unit
            adjustment = _join(adjustment, "number-less target: unit from the vocabulary")
        out.append(
            {
                "region": r["_region"],
                "year": r["_year"],
                "key": r["_key"],
                "indicator": name,
                "target_low": low,
                "target_high": high,
                "qualifier": qualifier,
                "has_number": has_number,
                "unit": unit,
                "target_text": r["target_text"].strip(),
                "source_title": r["source_title"].strip(),
                "source_url": r["source_url"].strip(),
                "note": r["note"].strip(),
                "file": file,
                "row": r["_line"],
                "adjustment": adjustment,
                "preferred": True,
            }
        )
    return out


OUTCOME_VINTAGE = "outcome as reported (file has no vintage column; see note)"


def outcome_rows(table: RawTable) -> tuple[list[dict], list[dict]]:
    """Tidy outcome rows of an ``outcomes_*`` or ``provinces_outcomes*`` file, and skipped cells.

    Returns
    -------
    rows, skipped
        ``skipped`` lists blank cells of the wide province files (no number, so no row), with reason.
    """
    out, skipped = [], []
    file = table.path.name
    for r in table.rows:
        base = {
            "region": r["_region"],
            "year": r["_year"],
            "source_title": r["source_title"].strip(),
            "source_url": r["source_url"].strip(),
            "note": r["note"].strip(),
            "file": file,
            "row": r["_line"],
            "preferred": True,
        }
        if table.schema == "outcomes":
            value, unit, adjustment = convert_unit(r["_actual_value"], r["unit"].strip())
            estimate = "预计" in r["note"]
            out.append(
                {
                    **base,
                    "key": r["_key"],
                    "indicator": r["indicator"].strip(),
                    "period": r["_period"],
                    "value": value,
                    "unit": unit,
                    "vintage": OUTCOME_VINTAGE,
                    "vintage_class": "estimate" if estimate else "first_release",
                    "value_published": r["actual_value"].strip(),
                    "unit_published": r["unit"].strip(),
                    "adjustment": _join(adjustment, "class from note ('预计' = estimate)"),
                }
            )
            continue
        klass = vintage_class(r["vintage"], r["note"], file=file, row=r["_line"])
        for column, key, unit in (("gdp_real_growth", "gdp_real_growth", "%"), ("gdp_nominal", "gdp_nominal", "亿元")):
            value = r["_" + column]
            if math.isnan(value):
                skipped.append(
                    {
                        "file": file,
                        "row": r["_line"],
                        "column": column,
                        "reason": "blank cell in wide outcome file: no value, no row",
                    }
                )
                continue
            out.append(
                {
                    **base,
                    "key": key,
                    "indicator": vocabulary.indicator(key).name,
                    "period": "Y",
                    "value": value,
                    "unit": unit,
                    "vintage": r["vintage"].strip(),
                    "vintage_class": klass,
                    "value_published": r[column].strip(),
                    "unit_published": r["unit"].strip(),
                    "adjustment": f"column {column} of a wide file (unit '%;亿元' split)",
                }
            )
    return out, skipped


def series_outcomes(series: list[dict]) -> list[dict]:
    """First-release annual real GDP growth of the long files, as outcome rows."""
    out = []
    for s in series:
        if (
            s["indicator"] == "gdp_real_growth"
            and s["period"] == "Y"
            and s["vintage_class"] == "first_release"
            and s["unit"] == "%"
        ):
            out.append(
                {
                    "region": s["region"],
                    "year": s["year"],
                    "key": s["indicator"],
                    "indicator": vocabulary.indicator(s["indicator"]).name,
                    "period": "Y",
                    "value": s["value"],
                    "unit": s["unit"],
                    "vintage": s["vintage"],
                    "vintage_class": s["vintage_class"],
                    "source_title": s["source_title"],
                    "source_url": s["source_url"],
                    "note": s["note"],
                    "file": s["file"],
                    "row": s["row"],
                    "value_published": s["value_published"],
                    "unit_published": s["unit_published"],
                    "adjustment": "first-release row of the series files",
                    "preferred": True,
                }
            )
    return out


def _file_rank(file: str) -> int:
    """Region-specific files before the multi-province compilations."""
    return 1 if file.startswith("provinces_") else 0


def _outcome_file_rank(file: str) -> int:
    """Outcome files first, then the province outcome compilations, then the series files."""
    return 0 if file.startswith("outcomes_") else 1 if file.startswith("provinces_outcomes") else 2


def _vintage_year(vintage: str) -> int:
    """Export or release year of a vintage text: the year after "c." if given, else the first year."""
    export = _EXPORT_YEAR.search(vintage)
    if export:
        return int(export.group(1))
    years = _YEAR.findall(vintage)
    return int(years[0]) if years else 0


def _revision_score(vintage: str) -> int:
    """+1 when the text names a revision (post-, revised, revision), -1 per "pre-" it names."""
    text = vintage.lower()
    return int(any(word in text for word in ("post-", "revised", "revision"))) - text.count("pre-")


def _same_number(a: dict, b: dict) -> bool:
    """Equal once the more precise value is rounded to the coarser one's published decimals."""
    digits = min(_decimals(a["value_published"]), _decimals(b["value_published"]))
    return abs(round(a["value"], digits) - round(b["value"], digits)) < 1e-9 or a["value"] == b["value"]


def prefer(rows: list[dict], key: tuple[str, ...], *, kind: str) -> None:
    """Mark one row per ``key`` as preferred (in place) and say why in ``adjustment``.

    Targets: a row with a number, then region-specific files, then file name and row. Outcomes: the
    better class (first_release > estimate > secondary > low_confidence), then ``outcomes_*`` files,
    then ``provinces_outcomes*``, then the series files. Series: (1) values equal up to rounding:
    the more precise row; (2) otherwise the later
    vintage year (``c.2023`` beats ``c.2021``), then the vintage text that names more revisions
    (post-/revised minus pre-), then region-specific files before ``provinces_*``, then file name and
    row. Rows not preferred are kept, with the preferred row named.
    """
    groups = defaultdict(list)
    for r in rows:
        groups[tuple(r[k] for k in key)].append(r)
    for group in groups.values():
        if len(group) == 1:
            continue
        if kind == "targets":
            ranked = sorted(group, key=lambda r: (not r["has_number"], _file_rank(r["file"]), r["file"], r["row"]))
        elif kind == "outcomes":
            ranked = sorted(
                group,
                key=lambda r: (
                    _CLASS_RANK.get(r["vintage_class"], 0),
                    _outcome_file_rank(r["file"]),
                    r["file"],
                    r["row"],
                ),
            )
        else:
            ranked = sorted(
                group,
                key=lambda r: (
                    _CLASS_RANK.get(r.get("vintage_class", ""), 0),
                    -_vintage_year(r.get("vintage", "")),
                    -_revision_score(r.get("vintage", "")),
                    _file_rank(r["file"]),
                    r["file"],
                    r["row"],
                ),
            )
        if kind == "series":
            best = ranked[0]
            same = [r for r in group if _same_number(r, best)]
            if len(same) > 1:
                precise = max(same, key=lambda r: (_decimals(r["value_published"]), -ranked.index(r)))
                ranked.remove(precise)
                ranked.insert(0, precise)
        best = ranked[0]
        for other in ranked[1:]:
            other["preferred"] = False
            if kind == "targets":
                agree = (other["target_low"], other["target_high"]) == (best["target_low"], best["target_high"]) or (
                    not other["has_number"] and not best["has_number"]
                )
                said = f"{other['target_low']:g}-{other['target_high']:g} {other['qualifier']}".strip()
            else:
                agree = _same_number(other, best)
                said = other["value_published"]
            other["adjustment"] = _join(
                other["adjustment"],
                f"not preferred: {best['file']} row {best['row']} gives the same key"
                + (" (agrees)" if agree else " (differs)"),
            )
            best["adjustment"] = _join(
                best["adjustment"],
                f"preferred over {other['file']} row {other['row']}" + ("" if agree else f" which says {said}"),
            )
