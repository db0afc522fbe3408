"""The nation's budget and money, as the national work report sets them for the year.

From the plan part of the State Council's report: the deficit ratio (赤字率) and amount (赤字规模), the
ultra-long special treasury bonds (超长期特别国债), other special treasury bonds (特别国债), the local
government special bonds (地方政府专项债券), the total of new government debt (新增政府债务总规模), and
the general budget spending (一般公共预算支出规模), the central budget investment (中央预算内投资), and
the stance words of fiscal and monetary policy (更加积极的财政政策, 适度宽松的货币政策...), each as the
report writes it, with the previous year's report beside it and the change on last year this year's
report states (比上年增加2.9万亿元), which also gives last year's level where last year's report names
none (the total of new debt was first stated in 2025).
"""

from __future__ import annotations

import re

import pandas as pd

from analysis import paths
from analysis.report.extract import extract_report
from analysis.report.sections import find_sections
from analysis.report.text import clean_text, read_report

#: (item, Chinese name, pattern on the subject phrase of a target of the plan)
ITEMS: tuple[tuple[str, str, str], ...] = (
    ("deficit ratio", "赤字率", r"赤字率"),
    ("deficit", "赤字规模", r"赤字(?!率)"),
    ("general budget spending", "一般公共预算支出规模", r"一般公共预算支出"),
    ("ultra-long special treasury bonds", "超长期特别国债", r"超长期特别国债"),
    ("other special treasury bonds", "特别国债", r"(?<!超长期)特别国债"),
    ("local government special bonds", "地方政府专项债券", r"专项债"),
    ("new government debt in all", "新增政府债务总规模", r"新增政府债务"),
    ("central budget investment", "中央预算内投资", r"中央预算内投资"),
)
STANCES: tuple[tuple[str, str, str], ...] = (
    (
        "fiscal policy",
        "财政政策",
        r"(?:(?:实施|坚持|继续实施)(?P<stance>[^，。；：、\n的和]{2,8})的?|[。\n](?P<lead>[^，。；：、\n的和]{2,8})的)财政政策",
    ),
    (
        "monetary policy",
        "货币政策",
        r"(?:(?:实施|坚持|继续实施|和)(?P<stance>[^，。；：、\n的和]{2,8})的?|[。\n](?P<lead>[^，。；：、\n的和]{2,8})的)货币政策",
    ),
)
COLUMNS = ["item", "item_zh", "this_year", "last_year", "change", "report", "last_report"]
#: a change on last year as the report writes it, in the clause after the level
_CHANGE = re.compile(
    r"(?:比|较)(?:上年|去年)[^，。；、]*?(?:增加|减少|提高|下调|降低)约?\d+(?:\.\d+)?(?:万亿元|亿元|个百分点)"
)


def _written(row) -> str:
    value = f"{row['value']:.10g}"
    high = row["value_high"]
    number = f"{value}-{high:.10g}" if high == high else value
    bound = "左右" if "左右" in row["qualifier"] else "以上" if "以上" in row["qualifier"] else ""
    return f"{number}{row['unit']}{bound}"


def _package(year: int) -> tuple[dict[str, str], dict[str, str]]:
    """Item -> as written, and item -> the change on last year as written, for the national report of
    ``year`` (empty when none is shipped)."""
    path = paths.report_path("china", year)
    if not path.is_file():
        return {}, {}
    raw = read_report(path)
    frame = extract_report(raw, year=year)
    plan = frame[(frame["kind"] == "target") & frame["has_number"] & (frame["year"] == year)]
    out, changes = {}, {}
    for item, _, pattern in ITEMS:
        named = plan[plan["indicator"].str.contains(pattern, regex=True)]
        # 财政赤字规模比去年增加1万亿元 (2020) is a change of the amount, not the amount
        change = named["text"].str.contains(_CHANGE)
        hit = named[~change]
        if len(hit):
            out[item] = _written(hit.iloc[0])
            after = named[change & (named.index > hit.index[0])]
            found = _CHANGE.search(after["text"].iloc[0]) if len(after) and after.index[0] == hit.index[0] + 1 else None
            if found:
                changes[item] = found.group(0)
    text = clean_text(raw).text
    plan_start = next((s.start for s in find_sections(text, year) if s.part == "plan"), 0)
    for item, zh, pattern in ITEMS:
        if item not in out and zh.endswith("国债"):  # 发行超长期特别国债，专项用于…，今年先发行1万亿元
            found = sentence_amount(text[plan_start:], pattern)
            if found:
                out[item] = found
    for item, _, pattern in STANCES:
        m = re.search(pattern, text[plan_start:])
        if m:  # 实施更加积极的财政政策, or a paragraph that opens 积极的财政政策要加力提效
            out[item] = re.sub(r"^(?:继续实施|实施|坚持)", "", m["stance"] or m["lead"])
    return out, changes


_AMOUNT = re.compile(r"发行(\d+(?:\.\d+)?)(万亿|亿)元")


def sentence_amount(text: str, pattern: str) -> str:
    """The first amount issued (发行…亿元 or 万亿元) after the item ``pattern`` (of :data:`ITEMS`) in the
    first sentence of ``text`` that names the item with one; "" without one."""
    for sentence in re.split(r"[。；]", text):
        named = re.search(pattern, sentence)
        m = _AMOUNT.search(sentence, named.end()) if named else None
        if m:
            return f"{m.group(1)}{m.group(2)}元"
    return ""


def national_budget(year: int) -> pd.DataFrame:
    """The budget and money of the national report of ``year`` and of the year before, one row per item."""
    (now, changes), (before, _) = _package(int(year)), _package(int(year) - 1)
    rows = [
        {
            "item": item,
            "item_zh": zh,
            "this_year": now.get(item, ""),
            "last_year": before.get(item, ""),
            "change": changes.get(item, ""),
            "report": f"{year}_china.txt",
            "last_report": f"{int(year) - 1}_china.txt" if before else "",
        }
        for item, zh, _ in (*ITEMS, *STANCES)
        if now.get(item) or before.get(item)
    ]
    return pd.DataFrame(rows, columns=COLUMNS)
