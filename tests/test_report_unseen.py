"""Extraction on four report excerpts the extractor had never seen (written blind by the team).

``tests/data/report/unseen_*.txt`` imitate a national State Council report, a coastal province,
a north-eastern province (2023 report: 过去五年, ranges) and a city; they were written, with their
gold tables ``unseen_*_gold.csv``, before the extractor code was read (see the README there). They
are **not real reports** and not a source of data. Matching rule: :mod:`analysis.report.gold`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.report import extract_report
from analysis.report.gold import score

DATA = Path(__file__).parent / "data" / "report"
UNSEEN = ("national", "coastal", "inland", "city")


def read_gold(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"unseen_{name}_gold.csv", keep_default_na=False, na_values={"value": [""]})


@pytest.mark.parametrize("name", UNSEEN)
def test_unseen_recall(name):
    result = score(extract_report(DATA / f"unseen_{name}.txt"), read_gold(name))
    print(f"\nunseen_{name}: {result}")
    for row in result.missed:
        print("  missed:", {k: row[k] for k in ("line", "kind", "indicator", "value", "unit", "qualifier")})
    for row in result.spurious:
        print("  spurious:", {k: row[k] for k in ("line", "kind", "indicator", "value", "unit", "qualifier")})
    assert result.recall >= 0.9
    assert result.precision >= 0.9


@pytest.mark.parametrize("name", UNSEEN)
def test_unseen_years(name):
    """Results speak of the review year(s), targets of the plan year (or the year the text names)."""
    frame = extract_report(DATA / f"unseen_{name}.txt")
    gold = read_gold(name)
    dated = gold[gold["kind"].isin(["result", "target"]) & gold["value"].notna()]
    wrong = []
    for g in dated.to_dict("records"):
        rows = frame[
            ((frame["line"] - int(g["line"])).abs() <= 1)
            & (frame["value"] == g["value"])
            & (frame["unit"] == g["unit"])
        ]
        if int(g["year"]) not in set(rows["year"].dropna()):
            wrong.append((g["line"], g["indicator"], g["year"], list(rows["year"])))
    print(f"\nunseen_{name}: {len(dated) - len(wrong)}/{len(dated)} years agree; disagree: {wrong}")
    assert len(wrong) <= 0.05 * len(dated)


def test_decorated_page_number_before_a_number_line_is_dropped():
    text = "二、2024年工作安排\n预计一般公共预算收入增长\n— 3 —\n1.9%，支出规模28.5万亿元。\n"
    frame = extract_report(text, year=2024)
    assert list(frame["value"]) == [1.9, 28.5] and list(frame["line"]) == [4, 4]
    assert list(frame["key"])[0] == "budget_revenue_growth"


def test_bare_number_line_before_a_unit_is_still_a_broken_number():
    frame = extract_report("二、2024年工作安排\n接待游客突破1\n4\n亿人次。\n", year=2024)
    assert list(frame["value"]) == [14.0] and list(frame["unit"]) == ["亿人次"]


@pytest.mark.parametrize(
    "phrase, qualifier",
    [
        ("完成国家下达的节能减排任务", "完成国家下达的节能减排任务"),
        ("完成省下达的节能减排任务", "完成省下达的节能减排任务"),
        ("单位地区生产总值能耗完成国家下达任务", "完成国家下达任务"),
    ],
)
def test_numberless_energy_task(phrase, qualifier):
    frame = extract_report(f"二、2024年工作安排\n主要预期目标是：地区生产总值增长5%左右；{phrase}。\n", year=2024)
    row = frame[~frame["has_number"]].iloc[0]
    assert (row["qualifier"], row["key"], row["kind"]) == (qualifier, "energy_intensity", "target")


@pytest.mark.parametrize(
    "sentence, labels, counts",
    [
        ("实施5000万元以上项目1180个。", [5000.0], [1180.0]),
        ("引进投资额超过10亿元的项目56个。", [10.0], [56.0]),
        ("其中10亿元以上项目260个。", [10.0], [260.0]),
        ("年度计划投资1万亿元以上，完成投资3000亿元。", [], [1.0, 3000.0]),  # a goal, not a threshold
        ("力争投资规模达到500亿元以上目标。", [], [500.0]),
    ],
)
def test_thresholds_are_context(sentence, labels, counts):
    frame = extract_report("二、2024年工作安排\n" + sentence, year=2024)
    assert list(frame.loc[frame["kind"] == "context", "value"]) == labels
    assert list(frame.loc[frame["kind"] == "target", "value"]) == counts


def test_a_count_of_days_is_a_statistic_a_duration_is_not():
    frame = extract_report("一、2023年工作回顾\n空气质量优良天数达到320天，连续3年保持稳定。\n", year=2024)
    assert list(zip(frame["value"], frame["kind"])) == [(320.0, "result"), (3.0, "context")]


def test_growth_multiple_is_a_percentage_a_ratio_stays_a_multiple():
    frame = extract_report("一、2023年工作回顾\n旅游总收入同比增长1.7倍，人均收入是全国平均水平的2倍。\n", year=2024)
    growth, ratio = frame.iloc[0], frame.iloc[1]
    shown = ["value", "unit", "value_canonical", "unit_canonical"]
    assert tuple(growth[shown]) == (1.7, "倍", 170.0, "%")
    assert growth["is_growth"] and not ratio["is_growth"]
    assert tuple(ratio[shown]) == (2.0, "倍", 2.0, "倍")


def test_headline_targets_in_chinese_numerals():
    frame = extract_report(
        "二、2024年工作安排\n主要预期目标是：地区生产总值增长百分之五左右；城镇新增就业四十五万人以上。\n", year=2024
    )
    rows = frame.set_index("key")
    assert tuple(rows.loc["gdp_real_growth", ["value_canonical", "unit_canonical", "qualifier", "kind"]]) == (
        5.0,
        "%",
        "左右",
        "target",
    )
    assert tuple(rows.loc["urban_new_jobs", ["value_canonical", "unit_canonical", "qualifier", "kind"]]) == (
        45.0,
        "万人",
        "以上",
        "target",
    )


@pytest.mark.parametrize(
    "sentence, key",
    [
        ("全省地区生产总值达到5.53万亿元、稳居全国前十强、增长4.8%。", "gdp_real_growth"),  # Hunan 2026
        ("规模以上工业增加值突破万亿元、增长8.8%。", "industrial_va_growth"),
    ],
)
def test_a_growth_after_an_aside_belongs_to_the_level_before_it(sentence, key):
    text = "一、2025年工作回顾\n" + sentence + "\n二、2026年工作安排\n今年要继续推进改革。\n"
    frame = extract_report(text, year=2026)
    growth = frame[frame["unit"] == "%"]
    assert list(growth["key"]) == [key] and list(growth["kind"]) == ["result"]
    # an aside that is itself a subject keeps its own reading
    other = extract_report("一、2025年工作回顾\n粮食产量620亿斤、油料增长3%。\n", year=2026)
    assert "gdp_real_growth" not in set(other["key"])


def test_an_average_unemployment_rate_is_the_unemployment_rate():
    text = "一、2025年工作回顾\n城镇新增就业110万人，城镇调查失业率平均值为5.0%。\n"
    frame = extract_report(text, year=2026)
    row = frame[frame["unit"] == "%"].iloc[0]
    assert (row["key"], row["value"], row["kind"]) == ("urban_unemployment_rate", 5.0, "result")


@pytest.mark.parametrize(
    "sentence",
    [
        "全疆地区生产总值同比增长6.1%、突破2万亿元大关。",  # Xinjiang names itself 全疆
        "全省完成地区生产总值31534亿元、增长3.3%。",  # Yunnan: 全省完成 as 全省实现
    ],
)
def test_the_whole_region_named_otherwise_keeps_the_key(sentence):
    frame = extract_report("一、2024年工作回顾\n" + sentence + "\n", year=2025)
    assert "gdp_real_growth" in set(frame["key"])


def test_last_year_s_gdp_told_with_a_verb_first_or_after_a_milestone():
    """Three cities' statements of last year's GDP that the peers' count missed (desk reading of
    2026-12-08): 全年完成… (Lanzhou 2025), a milestone before the level (Guiyang 2024), and a level
    after "8年来" in a paragraph that named 2015 two sentences before (Hangzhou 2024)."""
    review = "一、2024年工作回顾\n"
    lanzhou = extract_report(review + "预计全年完成地区生产总值3662亿元、增长5%，第一产业增加值增长6%。\n", year=2025)
    assert set(lanzhou.loc[lanzhou["key"] == "gdp_real_growth", "value"]) == {5.0}
    guiyang = extract_report(
        review + "——贵阳市综合实力再上新台阶。全市地区生产总值再次跨过一个千亿级台阶，达到5154.75亿元、同比增长6%。\n",
        year=2025,
    )
    keyed = guiyang[guiyang["key"].isin(["gdp_nominal", "gdp_real_growth"])]
    assert sorted(keyed["value"]) == [6.0, 5154.75] and set(keyed["year"]) == {2024}
    hangzhou = extract_report(
        review + "——经济总量上新台阶。2015年，杭州经济总量破万亿。8年来，我们坚持高质量发展。"
        "全市生产总值20059亿元、增长5.6%。\n",
        year=2025,
    )
    growth = hangzhou[hangzhou["key"] == "gdp_real_growth"]
    assert list(growth["value"]) == [5.6] and list(growth["year"]) == [2024]
    # a year named in an earlier sentence still dates what follows when no span intervenes
    carried = extract_report(review + "2023年，全市生产总值5000亿元。财政收入300亿元，增长5%。\n", year=2025)
    assert set(carried.loc[carried["key"] == "budget_revenue_growth", "year"]) == {2023}


@pytest.mark.parametrize(
    "sentence, key",
    [
        ("居民消费价格总水平上涨幅度控制在2%左右", "cpi_inflation"),  # Shanxi 2026
        ("进出口贸易总额增长12%左右", "trade_growth"),  # Xinjiang 2025
    ],
)
def test_headline_targets_named_otherwise(sentence, key):
    passage = f"二、2025年工作安排\n今年经济社会发展主要预期目标是：地区生产总值增长5%左右，{sentence}。\n"
    frame = extract_report(passage, year=2025)
    assert key in set(frame.loc[frame["kind"] == "target", "key"])


def test_two_indicators_sharing_one_worded_target_are_both_read():
    """Dalian 2025: 社会消费品零售总额和外贸进出口增速高于全国平均水平 sets both growth rates; 和 is
    a joint subject here, not the 和 of 和经济增长同步."""
    frame = extract_report(
        "二、2025年工作安排\n全市经济社会发展主要预期目标是：地区生产总值增长5.5%以上，"
        "社会消费品零售总额和外贸进出口增速高于全国平均水平，城乡居民收入和经济增长同步。\n",
        year=2025,
    )
    worded = frame[~frame["has_number"].astype(bool)].set_index("key")["qualifier"]
    assert worded["retail_sales_growth"] == worded["trade_growth"] == "高于全国平均水平"
    assert worded["income_per_capita_growth"] == "和经济增长同步"


def test_whole_year_growth_after_a_plan_period_named_before_is_last_year_s():
    """Shanxi 2026: …以奋力收官“十四五”…为牵引，坚定有序推进转型发展。全年GDP增长4%: 2025's growth, not
    an average over the plan period."""
    frame = extract_report(
        "一、2025年工作回顾\n我们以奋力收官“十四五”、科学谋划“十五五”为牵引，坚定有序推进转型发展。全年GDP增长4%，"
        "快于2024年1.8个百分点。\n",
        year=2026,
    )
    gdp = frame[frame["key"] == "gdp_real_growth"].iloc[0]
    assert (gdp["value"], gdp["year"], gdp["kind"]) == (4.0, 2025, "result") and pd.isna(gdp["year_start"])


@pytest.mark.parametrize(
    "sentence, key, value, count",
    [
        ("城镇新增就业不少于28万人", "urban_new_jobs", 28.0, 1),  # Beijing 2026
        ("地区生产总值增长7.2%以上、全力冲刺“千亿GDP”", "gdp_real_growth", 7.2, 1),  # Lhasa 2025: a rate labels nothing
        # Guangzhou 2025: one rate after a list of indicators is the rate of each
        ("地区生产总值、规模以上工业增加值、固定资产投资、社会消费品零售总额增长5%左右", "fai_growth", 5.0, 4),
    ],
)
def test_headline_targets_written_with_a_floor_an_aim_or_a_list(sentence, key, value, count):
    passage = f"二、2025年工作安排\n今年经济社会发展的主要预期目标是：{sentence}，居民消费价格涨幅2%左右。\n"
    frame = extract_report(passage, year=2025)
    targets = frame[(frame["kind"] == "target") & (frame["value"] == value)]
    assert key in set(targets["key"]) and len(targets) == count
    # a list of levels keeps its single reading (推动固定资产投资、进出口总额等稳步跨过万亿)
    levels = extract_report("二、2025年工作安排\n推动固定资产投资、进出口总额等稳步跨过万亿。\n", year=2025)
    assert len(levels[levels["unit"].astype(str).str.contains("万亿")]) == 1
