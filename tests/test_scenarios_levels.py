"""The level goals of a report and a region's stated levels, read from the corpus (analysis.corpus.levels)."""

from __future__ import annotations

import pytest

from analysis.corpus.build import load_panel
from analysis.corpus.levels import GOAL_COLUMNS, level_goals, parse_subject, stated_growth, stated_levels
from analysis.errors import InputError
from analysis.paths import report_path


@pytest.fixture(scope="module")
def panel():
    return load_panel()


@pytest.fixture(scope="module")
def liaoning(panel):
    return level_goals("liaoning", 2024, panel=panel)


def test_the_seed_report_yields_its_six_level_goals_and_the_count_of_bases(liaoning):
    """Liaoning 2024, lines 387-391: Shenyang and Dalian to pass 1万亿 of GDP, industry and retail to stay
    above it, investment and trade to cross it, by the end of the three-year programme (2025); the
    4个万亿级产业基地 are listed, not evaluable."""
    assert list(liaoning.columns) == GOAL_COLUMNS
    series = liaoning[liaoning["key"] != ""]
    assert list(zip(series["subject"], series["key"])) == [
        ("shenyang", "gdp_nominal"),
        ("dalian", "gdp_nominal"),
        ("liaoning", "industrial_va"),
        ("liaoning", "retail_sales"),
        ("liaoning", "fai"),
        ("liaoning", "trade_total"),
    ]
    assert set(series["threshold"]) == {10000.0} and set(series["goal_year"]) == {2025}
    assert list(series["wording"]) == ["cross", "cross", "stay_above", "stay_above", "cross", "cross"]
    assert series["evaluable"].all() and list(series["line"]) == [387, 387, 391, 391, 391, 391]
    count = liaoning[liaoning["key"] == ""]
    assert len(count) == 1 and not count["evaluable"].iloc[0] and count["reason"].iloc[0].startswith("counts 万亿级")
    assert count["goal_year"].iloc[0] == 2025  # built through the 三年行动 (2023-2025), as the crossings
    text = "".join(report_path("liaoning", 2024).read_text(encoding="utf-8").split())
    assert all(goal in text for goal in liaoning["goal"])  # the report's words, none typed in


@pytest.mark.parametrize(
    "phrase, own, regions, keys",
    [
        ("推动沈阳、大连跨入地区生产总值", "liaoning", ["shenyang", "dalian"], ["gdp_nominal"]),
        ("巩固工业增加值、社会消费品零售总额", "liaoning", [], ["industrial_va", "retail_sales"]),
        ("固定资产投资、进出口总额", "liaoning", [], ["fai", "trade_total"]),
        ("大连国家级数据产业集聚区营业收入", "liaoning", ["dalian"], []),  # a city's, but no series
        ("全市地区生产总值", "hangzhou", [], ["gdp_nominal"]),
        ("项目总投资", "shenyang", [], []),
        ("力争到2030年地区生产总值", "dongguan", [], ["gdp_nominal"]),  # Dongguan 2026: the year is dated apart
    ],
)
def test_subjects_name_regions_and_level_series(phrase, own, regions, keys):
    assert parse_subject(phrase, own) == (regions, keys)


def test_amounts_to_spend_and_reports_without_goals_give_no_goal(panel):
    """China 2025 states 赤字规模5.66万亿元 and 超长期特别国债1.3万亿元: amounts, not levels to reach."""
    assert level_goals("china", 2025, panel=panel).empty
    assert level_goals("guangdong", 2026, panel=panel).empty


def test_a_project_pipeline_s_total_investment_is_not_a_level_goal(panel):
    """Shenyang 2024: 储备重点项目3000个以上，项目总投资超过3万亿元 is money to invest, not a level of the
    economy to reach; its own report's 万亿 goals stay."""
    goals = level_goals("shenyang", 2024, panel=panel)
    assert not goals["goal"].str.contains("项目总投资").any()
    text = "".join(report_path("shenyang", 2024).read_text(encoding="utf-8").split())
    assert "项目总投资超过3万亿元" in text


def test_a_city_report_sets_its_own_goals(panel):
    goals = level_goals("hangzhou", 2026, panel=panel)
    keyed = goals[goals["key"] != ""]
    assert set(zip(keyed["subject"], keyed["key"], keyed["threshold"])) == {
        ("hangzhou", "gdp_nominal", 30000.0),
        ("hangzhou", "retail_sales", 10000.0),
    }
    reasons = goals.loc[goals["key"] == "", "reason"]
    assert (reasons.str.contains("not the level of a series") | reasons.str.startswith("counts 万亿级")).all()


def test_a_report_not_shipped_is_refused(panel):
    with pytest.raises(InputError, match="years shipped"):
        level_goals("shenyang", 1990, panel=panel)


def test_stated_levels_are_the_regions_own_first_statements(panel):
    shenyang = stated_levels("shenyang", "gdp_nominal", panel=panel)
    last = shenyang.iloc[-1]
    assert (last["year"], last["value"], last["report"], last["vintage_class"]) == (
        2017,
        5870.0,
        "2018_shenyang.txt",
        "estimate",  # 预计地区生产总值完成5870亿元
    )
    liaoning = stated_levels("liaoning", "gdp_nominal", panel=panel)
    crossed = liaoning[liaoning["year"] == 2023].iloc[0]
    assert crossed["value"] == 30000.0 and crossed["bound"]  # 总量突破3万亿: a bound, not the level
    growth = stated_growth("dalian", "gdp_real_growth", panel=panel).set_index("year")["value"]
    assert growth[2023] == 6.0 and growth[2024] == 5.5


def test_a_goal_is_quoted_with_its_unit(panel):
    """Hunan 2025: 力争产业规模突破万亿元 (the 元 belongs to the number written without a digit)."""
    goals = level_goals("hunan", 2025, panel=panel)
    assert goals["goal"].str.endswith("突破万亿元").any()
    text = "".join(report_path("hunan", 2025).read_text(encoding="utf-8").split())
    assert all(goal in text for goal in goals["goal"])
