"""Extraction against hand-made gold tables.

Gold tables (tests/data/report/, see README there): ``gold_2024_liaoning.csv`` is the reconciled
gold of the Liaoning 2024 work report (data/raw/reports/2024_liaoning.txt): a first pass by the
extractor's author, an independent audit (``gold_2024_liaoning_audit.csv``, built without reading the
extractor) and a reconciliation of their disagreements (``audit_disagreements.md``, "Resolution").
The extraction is scored against both the reconciled and the auditor's table. The other three
belong to short texts the team wrote to imitate other reports' phrasing.

Matching rule (analysis.report.gold): a predicted row matches a gold row when the lines differ by
at most 1 and value and unit (as written) agree; a target without a number matches on line and
qualifier. Only result and target rows are scored. Recall and precision are printed (pytest -s).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.paths import report_path
from analysis.report import COLUMNS, extract_report, headline_targets
from analysis.report.gold import score

DATA = Path(__file__).parent / "data" / "report"
LIAONING = report_path("liaoning", 2024)


def read_gold(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, keep_default_na=False, na_values={"value": [""]})


@pytest.fixture(scope="module")
def liaoning() -> pd.DataFrame:
    return extract_report(LIAONING)


def test_liaoning_recall_and_precision(liaoning):
    result = score(liaoning, read_gold("gold_2024_liaoning.csv"))
    print(f"\nLiaoning 2024: {result}")
    for row in result.missed:
        print("  missed:", row)
    for row in result.spurious:
        print("  spurious:", {k: row[k] for k in ("line", "kind", "indicator", "value", "unit")})
    assert result.recall >= 0.97
    assert result.precision >= 0.95
    assert result.kind_agreement >= 0.97


def test_liaoning_against_the_independent_audit(liaoning):
    """The auditor's table was built from the report alone; results + targets, same matching rule."""
    audit = read_gold("gold_2024_liaoning_audit.csv")
    result = score(liaoning, audit)
    print(f"\nLiaoning 2024 vs independent audit: {result}")
    for row in result.missed:
        print("  missed:", row)
    for row in result.spurious:
        print("  not in the audit:", {k: row[k] for k in ("line", "kind", "indicator", "value", "unit", "qualifier")})
    assert result.recall >= 0.97
    assert result.precision >= 0.95
    # the only rows outside the audit's scope are the two headline targets without a number
    assert all(not row["has_number"] for row in result.spurious)


def test_liaoning_years_agree_with_the_audit(liaoning):
    """Every dated row of the audit has an extracted row (line +-1, value, unit) of the same year."""
    audit = read_gold("gold_2024_liaoning_audit.csv")
    dated = audit[audit["year"] != ""]
    assert len(dated) > 100
    for g in dated.to_dict("records"):
        rows = liaoning[
            ((liaoning["line"] - int(g["line"])).abs() <= 1)
            & (liaoning["value"] == g["value"])
            & (liaoning["unit"] == g["unit"])
        ]
        assert int(g["year"]) in set(rows["year"]), g


def test_liaoning_years_follow_the_sections(liaoning):
    assert set(liaoning.loc[liaoning["kind"] == "result", "year"]) == {2023}
    targets = liaoning[liaoning["kind"] == "target"]
    assert set(targets["year"]) == {2024, 2025}
    # the 万亿 goals reached "through" the 三年行动, which began in 2023 (首战告捷 in the 2023 review)
    later = targets[targets["year"] == 2025]
    assert list(later["line"]) == [387, 391, 391] and (later["unit"] == "万亿").all()
    assert list(later["qualifier"]) == ["过", "以上", "跨过"] and (later["value_canonical"] == 10000.0).all()
    assert list(liaoning.columns) == list(COLUMNS)


def test_programme_year_needs_an_anchor_in_the_text():
    """Without the sentence that dates the 三年行动 the 万亿 goals keep the year of the plan."""
    text = LIAONING.read_text(encoding="utf-8")
    assert "三年行动首战告捷" in text
    undated = extract_report(text.replace("三年行动首战告捷", "三年行动进展顺利"), year=2024)
    assert set(undated.loc[undated["unit"] == "万亿", "year"]) == {2023, 2024}


@pytest.mark.parametrize(
    "sentence, year",
    [
        ("全面振兴三年行动（2024—2026年）启动。今年，要通过全面振兴三年行动，推动总量跨过万亿级台阶。", 2026),
        ("今年是创新五年行动的收官之年。通过创新五年行动，研发投入超百亿。", 2024),
        ("今年是创新五年行动的开局之年。通过创新五年行动，研发投入超百亿。", 2028),
        ("今年实施创新五年行动。通过创新五年行动，研发投入超百亿。", 2024),  # no anchor: the plan year
        ("今年是创新五年行动的开局之年。实施创新五年行动，研发投入超百亿。", 2024),  # not "through" it
    ],
)
def test_programme_years(sentence, year):
    frame = extract_report("二、2024年工作安排\n" + sentence, year=2024)
    target = frame[frame["kind"] == "target"]
    assert len(target) == 1 and list(target["year"]) == [year]
    programmes = frame[frame["unit"] == "年"]
    assert (programmes["kind"] == "context").all() and len(programmes) == 2


# The ten numbered headline targets of "主要预期目标" (Liaoning 2024 report, lines 365-377):
# key -> (value, unit, qualifier, value_canonical, unit_canonical).
HEADLINE_2024_LIAONING = {
    "gdp_real_growth": (5.5, "%", "左右", 5.5, "%"),
    "budget_revenue_growth": (5.0, "%", "", 5.0, "%"),
    "industrial_va_growth": (5.5, "%", "", 5.5, "%"),
    "fai_growth": (10.0, "%", "", 10.0, "%"),
    "retail_sales_growth": (8.0, "%", "", 8.0, "%"),
    "trade_growth": (6.0, "%", "", 6.0, "%"),
    "urban_new_jobs": (46.0, "万人", "", 46.0, "万人"),
    "urban_unemployment_rate": (5.5, "%", "以内", 5.5, "%"),
    "cpi_inflation": (3.0, "%", "左右", 3.0, "%"),
    "grain_output": (500.0, "亿斤", "左右", 2500.0, "万吨"),  # 1 亿斤 = 5 万吨
}
NUMBERLESS_2024_LIAONING = {
    "income_per_capita_growth": "与经济增长基本同步",
    "energy_intensity": "完成国家下达任务",
}


def test_liaoning_headline_targets_exact(liaoning):
    head = headline_targets(liaoning).set_index("key")
    assert list(head.index) == [k for k in head.index if k in {**HEADLINE_2024_LIAONING, **NUMBERLESS_2024_LIAONING}]
    for key, (value, unit, qualifier, value_canonical, unit_canonical) in HEADLINE_2024_LIAONING.items():
        row = head.loc[key]
        assert (row["value"], row["unit"], row["qualifier"]) == (value, unit, qualifier), key
        assert (row["value_canonical"], row["unit_canonical"]) == (value_canonical, unit_canonical), key
        assert row["kind"] == "target" and row["year"] == 2024 and row["has_number"]
    for key, qualifier in NUMBERLESS_2024_LIAONING.items():
        row = head.loc[key]
        assert math.isnan(row["value"]) and not row["has_number"] and row["qualifier"] == qualifier
    assert len(head) == 12


def test_review_pair_and_growth_multiple(liaoning):
    pair = liaoning[liaoning["text"].str.contains("分别增长4.3%和7.9%")]
    assert list(pair["key"]) == ["income_urban_growth", "income_rural_growth"]
    assert list(pair["value"]) == [4.3, 7.9]
    tourism = liaoning[(liaoning["unit"] == "倍")]
    assert list(tourism["value"]) == [1.7] and tourism["is_growth"].all() and list(tourism["line"]) == [66]
    decline = liaoning[liaoning["qualifier"] == "下降"]
    assert list(decline["value"]) == [24.6, 15.3] and (decline["value"] > 0).all()


@pytest.mark.parametrize(
    "text, gold",
    [
        ("national_style.txt", "gold_national_style.csv"),
        ("province_style.txt", "gold_province_style.csv"),
        ("city_excerpt.txt", "gold_city_excerpt.csv"),
    ],
)
def test_other_styles_recall(text, gold):
    result = score(extract_report(DATA / text), read_gold(gold))
    print(f"\n{text}: {result}")
    assert result.recall >= 0.9


@pytest.mark.parametrize(
    "text, gold",
    [
        ("national_style.txt", "gold_national_style.csv"),
        ("province_style.txt", "gold_province_style.csv"),
    ],
)
def test_other_styles_keys_and_qualifiers(text, gold):
    """Where the gold gives a key, the extraction gives the same key, value and qualifier."""
    frame = extract_report(DATA / text)
    for g in read_gold(gold).to_dict("records"):
        if not g["key"]:
            continue
        rows = frame[(frame["key"] == g["key"]) & (frame["kind"] == g["kind"])]
        assert len(rows) >= 1, g
        row = rows.iloc[0]
        if isinstance(g["value"], float) and math.isnan(g["value"]):
            assert not row["has_number"], g
        else:
            assert row["value"] == g["value"] and row["unit"] == g["unit"], g
        assert row["qualifier"] == g["qualifier"], g


def test_national_units_are_canonical():
    frame = extract_report(DATA / "national_style.txt")
    grain = frame[(frame["key"] == "grain_output") & (frame["kind"] == "target")].iloc[0]
    assert (grain["value_canonical"], grain["unit_canonical"]) == (65000.0, "万吨")  # 1.3 万亿斤 = 1.3e4 亿斤 x 5
    gdp = frame[frame["key"] == "gdp_nominal"].iloc[0]
    assert (gdp["value_canonical"], gdp["unit_canonical"]) == (1260000.0, "亿元")
    deficit = frame[frame["indicator"] == "赤字率"].iloc[0]
    assert (deficit["value"], deficit["unit"], deficit["kind"]) == (3.0, "%", "target")


def test_ranges_keep_both_ends():
    frame = extract_report(DATA / "province_style.txt")
    gdp = frame[(frame["key"] == "gdp_real_growth") & (frame["kind"] == "target")].iloc[0]
    assert (gdp["value"], gdp["value_high"], gdp["qualifier"]) == (5.0, 5.5, "区间")
    rev = frame[(frame["key"] == "budget_revenue_growth") & (frame["kind"] == "target")].iloc[0]
    assert (rev["value"], rev["value_high"]) == (4.5, 5.0)
    later = frame[frame["indicator"] == "数字经济核心产业增加值占比"]  # "到2027年，...达到12%"
    assert list(later["year"]) == [2027]


@pytest.mark.parametrize("encoding, bom", [("gb18030", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b"")])
def test_encodings_give_the_same_table(tmp_path, encoding, bom):
    source = DATA / "province_style.txt"
    copy = tmp_path / f"report_{encoding}.txt"
    copy.write_bytes(bom + source.read_text(encoding="utf-8").encode(encoding))
    pd.testing.assert_frame_equal(extract_report(copy), extract_report(source))


def test_liaoning_in_gb18030_matches_utf8(tmp_path, liaoning):
    copy = tmp_path / "liaoning_gb18030.txt"
    copy.write_bytes(LIAONING.read_text(encoding="utf-8").encode("gb18030"))
    pd.testing.assert_frame_equal(extract_report(copy), liaoning)
