"""The page as a desk reads it: the bottom line, the January table and its counts, the nation's budget,
the map — each checked against what the reports say."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.briefing.page import bottom_line, index, scorecard, targets
from analysis.corpus.budget import national_budget
from analysis.corpus.build import load_panel
from analysis.corpus.january import january_table, summary
from analysis.corpus.peers import peer_outcomes, peer_targets, target_changes, weighted_mean
from analysis.models.feasibility import run
from analysis.vocabulary import PROVINCE_KEYS

pytestmark = pytest.mark.slow

# a missing value printed as text: 'nan' as a word, not inside Henan or Yunnan
NAN = re.compile(r"\bnan\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def panel():
    return load_panel()


def _sectors(year: int, growth: list[float], pp: list[float], share: list[float]) -> pd.DataFrame:
    """A ``decomposition_sectors`` table of one year: GDP, then the three sectors."""
    return pd.DataFrame(
        {
            "year": [year] * 4,
            "role": ["total", "part", "part", "part"],
            "component": ["gdp", "primary", "secondary", "tertiary"],
            "sector_growth": growth,
            "value_pp": pp,
            "share_nbs": share,
            "price_basis": ["current_year"] * 4,
            "vintage": ["first_release"] * 4,
        }
    )


def test_the_january_table_counts_the_31_provinces_only(panel):
    table = january_table(panel, 2026)
    assert list(table["region"]) == ["china", *PROVINCE_KEYS]
    gd = table[table["region"] == "guangdong"].iloc[0]
    assert gd["gdp_target"] == "4.5-5%" and gd["change"] == "cut" and gd["last_outcome"] == 3.9
    assert gd["last_met"] == "missed" and gd["retail_sales_growth"] == "5%左右"
    text = index.counts(table, 2026)
    provinces = table[table["region"] != "china"]
    stated = int((provinces["last_met"] != "").sum())
    assert f"Of the {stated} provinces whose 2026 report states 2025 growth" in text and stated >= 25
    assert "31 of the 31 provinces set a GDP growth target for 2026" in text
    s = summary(panel, 2026).iloc[0]
    assert s["national_written"] == "4.5-5%" and 4.5 <= s["mean"] <= 6.0 and s["n"] == 31


def test_the_january_page_sorts_without_a_server_and_fetches_nothing(panel, tmp_path):
    from analysis.briefing.html import external_references

    table = january_table(panel, 2026)
    html = index.page(table, summary(panel, 2026), None, {"china": "china/latest/briefing.html"}, 2026, "2026-12-07")
    visible = html.split("<script>")[0]
    assert "<script>" in html and "sortable" in html and not NAN.search(visible)
    assert external_references(html) == []
    assert html.count("<tr") == 33  # a header row, the nation and 31 provinces


def test_the_nation_s_budget_and_money_beside_last_year():
    package = national_budget(2025).set_index("item")
    assert package.loc["deficit ratio", "this_year"] == "4%左右" and package.loc["deficit ratio", "last_year"] == "3%"
    assert package.loc["ultra-long special treasury bonds", "this_year"] == "1.3万亿元"
    assert package.loc["local government special bonds", "this_year"] == "4.4万亿元"
    assert package.loc["new government debt in all", "this_year"] == "11.86万亿元"
    # the total was first stated in 2025: the change the report states gives last year's beside it
    assert package.loc["new government debt in all", ["last_year", "change"]].tolist() == ["", "比上年增加2.9万亿元"]
    assert package.loc["general budget spending", ["this_year", "last_year"]].tolist() == ["29.7万亿元", "28.5万亿元"]
    assert package.loc["central budget investment", ["this_year", "last_year"]].tolist() == ["7350亿元", "7000亿元"]
    assert package.loc["deficit ratio", "change"] == "比上年提高1个百分点"
    assert package.loc["monetary policy", "this_year"] == "适度宽松"
    assert package.loc["monetary policy", "last_year"] == "稳健"
    # 2024: 从今年开始拟连续几年发行超长期特别国债，…，今年先发行1万亿元 (the amount two clauses on)
    assert package.loc["ultra-long special treasury bonds", "last_year"] == "1万亿元"
    assert package.loc["deficit", "last_year"] == "4.06万亿元"
    # 2023 opens a paragraph with 积极的财政政策要加力提效; 2020 gives only the change of the deficit
    assert national_budget(2024).set_index("item").loc["fiscal policy", "last_year"] == "积极"
    assert "deficit" not in set(national_budget(2021)["item"])  # 比去年增加1万亿元 is not the amount


def test_the_bottom_line_has_five_lines_and_glosses_once(panel):
    out = run("guangdong", 2026, {"panel": panel})
    peers = peer_targets(panel, "guangdong", 2026)
    html = bottom_line.bottom_line(
        targets=out["feasibility_targets"],
        changes=target_changes(panel, "guangdong", 2026),
        weighted=weighted_mean(peers, 2026),
        card=out["scorecard_last_year"],
        record=out["track_record"],
        outcomes=peer_outcomes(panel, "guangdong", 2026),
        in_year=out["feasibility_in_year"],
        name="广东 Guangdong",
        kind="provinces",
        year=2026,
    )
    assert html.count("<li>") == 5
    assert html.count("'about'") == 1 and not NAN.search(html)
    assert "GDP 3.9% against 5%左右" in html and "missed" in html
    assert "4.5-5%" in html and "cut from" in html


def test_tables_of_the_page_show_no_nan(panel):
    out = run("liaoning", 2024, {"panel": panel})
    page = targets.table(out["feasibility_targets"]) + scorecard.table(out["scorecard_last_year"])
    assert not NAN.search(page) and "<NA>" not in page
    assert "5.5%左右" in page


def test_the_map_draws_every_province_from_the_boundary_package(panel, tmp_path):
    from analysis.figures.maps import boundaries, province_map

    keys = [b[0] for b in boundaries()]
    assert set(PROVINCE_KEYS) <= set(keys) and len(keys) == 34  # with Taiwan, Hong Kong and Macao
    values = pd.Series({k: 5.0 for k in PROVINCE_KEYS})
    first = province_map(values, tmp_path / "a", title="t", legend="%", sources=["s"])
    second = province_map(values, tmp_path / "b", title="t", legend="%", sources=["s"])
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_the_boundaries_kept_on_disk_are_those_of_the_package_and_a_broken_copy_is_read_again(tmp_path, monkeypatch):
    import shapely

    from analysis.figures import maps

    monkeypatch.setattr(maps, "BOUNDARY_CACHE", tmp_path / "maps")
    maps.boundaries.cache_clear()
    try:
        fresh = maps.boundaries()  # read from cnmaps, then kept
        (kept,) = (tmp_path / "maps").iterdir()
        maps.boundaries.cache_clear()
        again = maps.boundaries()  # read from the kept copy
        assert [(k, shapely.to_wkb(g), x, y) for k, g, x, y in again] == [
            (k, shapely.to_wkb(g), x, y) for k, g, x, y in fresh
        ]
        kept.write_text("[[", encoding="utf-8")  # a truncated copy
        maps.boundaries.cache_clear()
        assert [k for k, *_ in maps.boundaries()] == [k for k, *_ in fresh]
        assert kept.read_text(encoding="utf-8").startswith('[["')  # written again whole
    finally:
        maps.boundaries.cache_clear()


def test_growth_in_money_terms_names_the_report_s_own_figure_where_the_statistics_differ():
    from analysis.briefing.page import growth

    money = pd.DataFrame(
        {
            "year": [2023],
            "real_growth": [5.5],
            "deflator": [0.0],
            "nominal_growth": [5.5],
            "per_capita": [float("nan")],
            "population": [float("nan")],
            "vintage_prices": ["nbs_post5"],
        }
    )
    stated = pd.DataFrame(
        {"region": ["liaoning", "liaoning"], "year": [2023, 2024], "key": ["gdp_real_growth"] * 2, "value": [5.3, 5.1]}
    )
    text = growth.money_line(money, 2024, stated, "liaoning")
    assert "The work report of 2024 first stated 5.3% for 2023" in text
    later = growth.money_line(money, 2025, stated, "liaoning")
    assert "The statistics here end in 2023; the report states 5.1% for 2024." in later
    same = stated.assign(value=[5.5, 5.1])
    assert "first stated" not in growth.money_line(money, 2024, same, "liaoning")
    # a later year with population alone (no real growth) is not "the latest": no "grew —", no "nan"
    people_only = pd.concat(
        [
            money,
            money.assign(
                year=2024,
                real_growth=float("nan"),
                deflator=float("nan"),
                per_capita=5.8,
                population=-0.4,
                vintage_prices=float("nan"),
            ),
        ],
        ignore_index=True,
    )
    text = growth.money_line(people_only, 2025, stated, "liaoning")
    assert text.startswith("In 2023 real GDP grew 5.5%") and "nan" not in text and "—" not in text


def test_a_city_s_peers_are_counted_over_the_cities_with_its_province_beside_them(panel):
    from analysis.briefing.page import peers as peers_page
    from analysis.vocabulary import CITY_KEYS

    outcomes = peer_outcomes(panel, "shenyang", 2024)
    assert len(outcomes) >= 25 and set(outcomes["region"]) <= set(CITY_KEYS)  # 辽宁 is not a peer counted
    rows = peer_targets(panel, "shenyang", 2024)
    text = peers_page.sentence(rows, weighted_mean(rows, 2024), outcomes, "shenyang", 2024)
    cities = rows[(rows["key"] == "gdp_real_growth") & rows["region"].isin(CITY_KEYS)]
    assert f"of the {len(cities)} cities with a GDP target for 2024; its province, 辽宁, sets" in text
    assert f"Of the {len(outcomes)} cities whose 2024 report states" in text


def test_a_sector_table_or_gap_of_an_earlier_year_says_why():
    from analysis.briefing.page import growth

    sectors = _sectors(2023, [5.2, 4.1, 4.7, 5.8], [5.2, 0.3, 1.81, 3.15], [100.0, 6.0, 34.0, 60.0])
    assert "latest year they do" not in growth.sectors_table(sectors, 2024)
    assert "The data do not split 2024's growth by sector" in growth.sectors_table(sectors, 2025)
    gap = pd.DataFrame(
        {"year": [2019] * 4, "component": ["gap", "mix", "within", "residual"], "value_pp": [0.2, 0.09, 0.12, -0.01]}
    )
    assert "2019 is the latest year with the region's and the nation's sectors" in growth.gap_line(gap, 2026)
    assert "latest year" not in growth.gap_line(gap, 2020)
    assert "That is 6 years before 2025: read it as how the region's economy differed" in growth.gap_line(gap, 2026)
    assert "years before" not in growth.gap_line(gap, 2022)  # 2019 against 2021: two years, not called old


def test_an_outcome_stated_as_an_estimate_is_marked_so(panel):
    """Shenyang's report of 2024 states 2023 growth as 预计6%左右: the scorecard shows 预计 and says the
    verdicts may change; Liaoning's of 2024 states final figures and says nothing of estimates."""
    from analysis.briefing.page import bottom_line, scorecard
    from analysis.models.feasibility.run import scorecard_last_year

    card = scorecard_last_year(panel, "shenyang", 2024)
    gdp = card[card["key"] == "gdp_real_growth"].iloc[0]
    assert gdp["outcome_written"] == "预计6%左右"
    # the sentence opens with 预计: every figure of it is an estimate; the jobs, in another sentence, are not
    assert "5 of the outcomes are estimates (预计)" in scorecard.line(card, 2024)
    assert card.set_index("key").loc["fai_growth", "outcome_written"] == "预计3%左右"
    assert card.set_index("key").loc["urban_new_jobs", "outcome_written"] == "14.4万人"
    assert "GDP 6% (an estimate, 预计) against 6%以上: met" in bottom_line.scorecard_line(card, str, 2024)
    plain = scorecard_last_year(panel, "liaoning", 2024)
    assert not plain["outcome_written"].str.contains("预计").any()
    assert "estimate" not in scorecard.line(plain, 2024)


def test_the_appendix_names_the_bins_that_stray_more_than_year_shocks_explain():
    from analysis.briefing.page import appendix

    checked = pd.DataFrame(
        {
            "bin": ["0.2-0.3", "0.5-0.6", "0.6-0.7", "0.7-0.8"],
            "observed": [0.61, 0.50, 0.54, 0.58],
            "band_low": [0.13, 0.46, 0.56, 0.67],
            "band_high": [0.40, 0.63, 0.73, 0.82],
            "consistent": [False, True, False, False],
        }
    )
    text = appendix.consistency_words(checked)
    assert "1 of the 4 bins lies within the 90 % range" in text
    assert "Odds of 0.6-0.8 are too high" in text and "Odds of 0.2-0.3 are too low" in text
    assert appendix.consistency_words(checked.iloc[0:0]) == ""
    from analysis.briefing.page.appendix import _span

    assert _span(pd.Series(["0.6-0.7", "0.7-0.8", "0.9-1.0"])) == "0.6-0.8 and 0.9-1.0"


def test_what_changed_names_targets_that_gained_or_lost_a_number_and_those_dropped():
    from analysis.briefing.page import bottom_line

    changes = pd.DataFrame(
        {
            "key": ["gdp_real_growth", "fai_growth", "energy_intensity", "cpi_inflation"],
            "this_year": ["4.5-5%", "5%左右", "完成国家下达任务", ""],
            "last_year": ["5%左右", "提质提效", "下降2%左右", "2%左右"],
            "change": ["cut", "reworded", "reworded", "dropped"],
            "delta": [-0.5, float("nan"), float("nan"), float("nan")],
        }
    )
    text = bottom_line.changes_line(changes, str)
    assert "GDP growth cut (5%左右 → 4.5-5%)" in text
    assert "now with a number: fixed-asset investment growth (提质提效 → 5%左右)" in text
    assert "number dropped: energy use per unit of GDP (下降2%左右 → 完成国家下达任务)" in text
    assert "dropped: CPI inflation" in text
    held = changes.assign(change="held", this_year=changes["last_year"])
    assert "No target raised, cut, added or dropped" in bottom_line.changes_line(held, str)


def test_a_past_year_s_page_says_how_it_turned_out_unless_read_as_of_an_earlier_day(panel):
    """Shenyang's 2025 report states 2024 growth as 预计5.2%左右 against 6%以上: the 2024 page says so;
    read as of 2024-10-31, before that report, it does not."""
    import datetime as dt

    from analysis.briefing.page import bottom_line
    from analysis.models.feasibility.run import turned_out

    later = turned_out(panel, "shenyang", 2024)
    line = bottom_line.turned_out_line(later, str, 2024)
    assert "The 2025 report states 2024 GDP growth as 预计5.2%左右 against 6%以上: missed" in line
    assert turned_out(panel, "shenyang", 2024, dt.date(2024, 10, 31)).empty
    assert bottom_line.turned_out_line(turned_out(panel, "guangdong", 2026), str, 2026) == ""  # no 2027 report


def test_a_miss_admitted_in_words_reads_as_a_miss_without_a_figure(panel):
    """Liaoning's 2017 report gives no 2016 GDP figure but says 我省地区生产总值…未能完成预期目标: the 2016
    page and the 2017 page's last-year line say it missed, with no number and no NaN."""
    from analysis.briefing.page import bottom_line, scorecard
    from analysis.models.feasibility.run import scorecard_last_year, turned_out

    line = bottom_line.turned_out_line(turned_out(panel, "liaoning", 2016), str, 2016)
    assert "The 2017 report gives no figure for 2016 GDP growth but says it missed 6%左右" in line
    assert "of them misses it admits in words, without a figure" in line
    card = scorecard_last_year(panel, "liaoning", 2017)
    last = bottom_line.scorecard_line(card, str, 2017)
    assert "GDP against 6%左右: missed (no figure stated: the report admits the miss in words)" in last
    html = scorecard.table(card)
    assert "no figure stated" in html and "未能完成预期" in html and not NAN.search(html)


def test_the_peers_that_do_not_state_last_year_s_growth_are_named():
    from analysis.briefing.page import peers as peers_page

    targets = pd.DataFrame(
        {
            "region": ["guangdong", "hunan", "jiangsu", "china"],
            "key": ["gdp_real_growth"] * 4,
            "value": [5.0, 5.5, 5.0, 5.0],
            "written": ["5%左右", "5.5%左右", "5%左右", "5%左右"],
        }
    )
    outcomes = pd.DataFrame({"region": ["jiangsu"], "met": [True], "gap": [0.0]})
    text = peers_page.sentence(targets, pd.DataFrame(), outcomes, "jiangsu", 2025)
    assert "The other 2 with a 2025 GDP target (广东、湖南) do not state last year's growth" in text
    assert "Of the 1 province whose 2025 report" in text


def test_the_odds_legend_warns_where_the_backtest_found_them_too_high():
    from analysis.briefing.page import targets

    calibration = pd.DataFrame(
        {
            "bin": ["0.2-0.3", "0.5-0.6", "0.6-0.7", "0.7-0.8", "0.9-1.0"],
            "checked": [True, True, True, True, True],
            "mean_p": [0.26, 0.55, 0.65, 0.75, 0.96],
            "observed": [0.60, 0.50, 0.54, 0.58, 0.94],
            "band_low": [0.15, 0.46, 0.56, 0.67, 0.95],
            "band_high": [0.41, 0.63, 0.73, 0.82, 0.98],
            "consistent": [False, True, False, False, False],
            "sample": ["all years"] * 5,
        }
    )
    text = targets.calibration_caveat(calibration)
    assert "odds of 65%–75% came true 54%–58% of the time" in text
    assert "Odds of 26% came true 60% of the time, more often than they said" in text
    assert targets.calibration_caveat(calibration.assign(consistent=True)) == ""


def test_the_odds_line_gives_the_odds_given_the_year_so_far_beside_the_report_date_s():
    from analysis.briefing.page import bottom_line

    targets = pd.DataFrame(
        {
            "key": ["gdp_real_growth"],
            "target": ["5.5%左右"],
            "p": [0.43],
            "p_low": [0.42],
            "p_high": [0.68],
            "base_rate": [0.68],
            "call": ["toss-up"],
        }
    )
    in_year = pd.DataFrame({"key": ["gdp_real_growth"], "period": ["Q1-Q3"], "ytd_growth": [4.9], "p": [0.23]})
    line = bottom_line.odds_line(targets, in_year)
    assert "is a toss-up on the report's date (43%" in line and "given Q1-Q3 growth of 4.9%, unlikely (23%)" in line
    assert "on the report's date" not in bottom_line.odds_line(targets)


def test_a_cpi_far_under_its_target_is_not_left_as_a_plain_met(panel):
    """China 2025: CPI 0.2% against 3%左右 in 2024 counts as met as a ceiling; the bottom line says it is
    2.8 pp under the target."""
    from analysis.briefing.page import bottom_line
    from analysis.models.feasibility.run import scorecard_last_year

    line = bottom_line.scorecard_line(scorecard_last_year(panel, "china", 2025), str, 2025)
    assert "CPI 0.2% against 3%左右 counts as met, as a ceiling, but is 2.8 pp under the target" in line
    assert "CPI" not in bottom_line.scorecard_line(scorecard_last_year(panel, "liaoning", 2024), str, 2024)


def test_a_cpi_target_far_above_last_year_s_outcome_is_called_likely_only_as_a_ceiling(panel):
    """China 2025: CPI 2%左右 after 0.2% in 2024. Its odds are those of staying under 2%; the page says
    so, with how often earlier CPI targets 'about' landed within ±0.5 pp, in the table and the bottom
    line. Liaoning 2024 (no CPI outcome stated for 2023) gets no such clause."""
    from analysis.briefing.page import bottom_line, targets
    from analysis.models.feasibility import run

    china = run("china", 2025, {"panel": panel})["feasibility_targets"]
    cpi = china[china["key"] == "cpi_inflation"].iloc[0]
    assert 0 < cpi["land_rate"] < 0.5 and cpi["land_n"] >= 100
    share = f"{cpi['land_rate']:.0%} of the {int(cpi['land_n'])} earlier"
    shown = targets.rows(china).loc[cpi.name]
    assert shown["call"] == "likely (as a ceiling)"
    assert shown["note"].startswith("odds of staying at or under it (a ceiling); as a level to reach, " + share)
    assert "last year's 0.2% lies 1.8 pp under it" in shown["note"]
    line = bottom_line.odds_line(china)
    assert f"CPI inflation 2%左右 is likely as a ceiling ({cpi['p']:.0%}), but as a level to reach only {share}" in line
    liaoning = run("liaoning", 2024, {"panel": panel})["feasibility_targets"]
    assert not any(targets.landing(row) for _, row in liaoning.iterrows())
    assert "as a ceiling" not in bottom_line.odds_line(liaoning)


def test_the_targets_line_gives_last_year_s_growth_as_the_report_writes_it():
    """Shenyang's 2024 report states 2023 growth as 预计6%左右: the bottom line says so, not a bare 6%."""
    from analysis.briefing.page import bottom_line
    from analysis.models.feasibility.run import run

    odds = run("shenyang", 2024)["feasibility_targets"]
    line = bottom_line.targets_line(odds, pd.DataFrame(columns=["key"]), pd.DataFrame(), str, "沈阳", 2024)
    assert "2023 growth was 预计6%左右 as this report states it (an estimate, 预计)" in line


def test_the_record_names_the_years_whose_outcome_no_report_states(panel):
    """Guangdong's 2025 report is silent on 2024's GDP growth (3.5% against 5%左右 in the statistics):
    the record names 2024 as a gap, and so does the risk line; the nation's CPI record names 2008 and
    2011, when CPI overshot the target and the next report gave no figure."""
    from analysis.briefing.page import bottom_line, record
    from analysis.models.feasibility.run import run

    rec = run("guangdong", 2026)["track_record"].set_index("key")
    assert "2024" in rec.loc["gdp_real_growth", "region_unstated"].split(", ")
    assert "2024" not in rec.loc["gdp_real_growth", "region_missed"].split(", ")
    line = bottom_line.risk_line(
        pd.DataFrame(), rec.reset_index(), pd.DataFrame(), pd.DataFrame({"p": [], "call": []}), "provinces", 2026
    )
    assert "(2024: no outcome stated in the next report)" in line
    # read back from its CSV, an empty cell is NaN (Anhui 2026 has no gap): no gap named, no error
    read_back = rec.reset_index().assign(region_unstated=float("nan"))
    line = bottom_line.risk_line(
        pd.DataFrame(), read_back, pd.DataFrame(), pd.DataFrame({"p": [], "call": []}), "provinces", 2026
    )
    assert "In the six years before, it missed its GDP target in 2020" in line and "no outcome stated" not in line
    # a gap is named even without a miss in those years
    quiet = rec.reset_index().assign(region_missed="", region_unstated="2024")
    line = bottom_line.risk_line(
        pd.DataFrame(), quiet, pd.DataFrame(), pd.DataFrame({"p": [], "call": []}), "provinces", 2026
    )
    assert "missed no stated GDP target (2024: no outcome stated in the next report)" in line
    china = run("china", 2025)["track_record"].set_index("key")
    assert {"2008", "2011"} <= set(china.loc["cpi_inflation", "region_unstated"].split(", "))
    assert "target set, outcome not stated" in record.table(rec.reset_index(), "provinces")


def test_the_bottom_line_carries_the_calibration_caveat_and_the_stances_that_moved():
    """The odds line says how the backtest's low and high odds fared; the nation's "What changed" names the
    stances that moved (稳健 → 适度宽松) and calls a larger fall to reach "tightened", not "raised"."""
    from analysis.briefing.page import bottom_line
    from analysis.corpus.budget import national_budget

    calibration = pd.DataFrame(
        {
            "checked": [True, True],
            "mean_p": [0.26, 0.75],
            "observed": [0.60, 0.58],
            "band_low": [0.15, 0.67],
            "band_high": [0.41, 0.82],
            "consistent": [False, False],
            "sample": ["all years"] * 2,
        }
    )
    odds = pd.DataFrame(
        {
            "key": ["gdp_real_growth"],
            "p": [0.4],
            "p_low": [0.35],
            "p_high": [0.6],
            "base_rate": [0.5],
            "call": ["toss-up"],
            "target": ["5%左右"],
        }
    )
    line = bottom_line.odds_line(odds, None, calibration)
    assert "(in the backtest, odds of 26% came true 60% of the time and odds of 75% came true 58% of the time" in line
    changes = pd.DataFrame(
        {
            "key": ["energy_intensity"],
            "this_year": ["降低3%左右"],
            "last_year": ["降低2.5%左右"],
            "change": ["raised"],
            "delta": [0.5],
        }
    )
    words = bottom_line.changes_line(changes, str, national_budget(2025))
    assert "tightened (降低2.5%左右 → 降低3%左右)" in words and "raised" not in words
    assert "monetary policy 稳健 → 适度宽松" in words and "fiscal policy 积极 → 更加积极" in words


def test_the_weighted_mean_says_how_a_range_enters_it(panel):
    """Guangdong 2026 sets 4.5-5%: the provinces' GDP-weighted mean takes a range at its midpoint, and the
    page says so."""
    from analysis.briefing.page import peers as peers_page

    rows = peer_targets(panel, "guangdong", 2026)
    text = peers_page.sentence(rows, weighted_mean(rows, 2026), pd.DataFrame(), "guangdong", 2026)
    assert "provinces, a range at its midpoint; GDP weights of" in text


def test_the_briefed_region_that_does_not_state_last_year_s_growth_is_named_as_itself(panel):
    """Guangdong 2025 states no 2024 growth: its own page says "广东 itself ...", not "One other (广东)"."""
    from analysis.briefing.page import peers

    rows = peer_targets(panel, "guangdong", 2025)
    outcomes = peer_outcomes(panel, "guangdong", 2025)
    text = peers.sentence(rows, weighted_mean(rows, 2025, None), outcomes, "guangdong", 2025)
    assert "广东 itself does not state last year's growth and is not counted." in text
    assert "(广东)" not in text


def test_the_header_says_when_an_as_of_reading_has_no_year_to_date_release():
    """China 2025 as of 2025-10-31: the data hold 2025's quarters only from the 2026 communiqué; the
    header must not claim the odds are those of that day."""
    from analysis.briefing.page import in_year

    empty = pd.DataFrame(columns=["key", "period", "ytd_growth", "p"])
    words = in_year.header_words(empty, "2025-10-31")
    assert "no year-to-date release before that date is in the data" in words
    assert "the odds are those of the report's date" in words
    update = pd.DataFrame({"key": ["gdp_real_growth"], "period": ["Q1-Q3"], "ytd_growth": [4.9], "p": [0.2]})
    expected = " Read as of 2024-10-31: the data and odds are those public by then."
    assert in_year.header_words(update, "2024-10-31") == expected
    assert in_year.header_words(empty, "") == ""


def test_a_revenue_restated_like_for_like_is_shown_beside_the_stated_one(panel):
    """Hunan's 2026 report: revenue 增长1.7%（同口径增长2.5%以上） against 2.5%: missed as stated, met
    like for like; the scorecard says both, and counts the stated figure."""
    card = panel.scorecard
    row = card[(card["region"] == "hunan") & (card["year"] == 2025) & (card["key"] == "budget_revenue_growth")].iloc[0]
    assert row["outcome"] == pytest.approx(1.7) and not bool(row["met"])
    assert row["verdict"] == "missed; 2.5%以上 like for like (同口径, as the report also states it): met"
    liaoning = card[(card["region"] == "liaoning") & (card["year"] == 2023)]
    assert not liaoning["verdict"].str.contains("like for like").any()


def test_a_bound_changed_alone_is_said_in_what_changed(panel):
    """Liaoning 2024: the jobless rate 5.5%左右 -> 5.5%以内 and investment 10%以上 -> 10% kept their numbers
    but not their bounds: What changed says so; the January table still counts a GDP target by its number."""
    changes = target_changes(panel, "liaoning", 2024).set_index("key")
    assert changes.loc["urban_unemployment_rate", "change"] == "bound changed"
    assert changes.loc["cpi_inflation", "change"] == "held"
    line = bottom_line.changes_line(changes.reset_index(), str)
    assert "bound changed: " in line and "surveyed urban unemployment (5.5%左右 → 5.5%以内)" in line
    assert set(january_table(panel, 2026)["change"]) <= {"raised", "held", "cut", ""}


def test_the_gdp_odds_name_the_region_s_own_record_and_the_rank_its_range_rule(panel):
    """China 2025: the GDP call leans on the pool's recent record; the bottom line gives the nation's own
    record beside it. Hunan 2026: a rank among targets some of which are ranges says how a range counts."""
    from analysis.briefing.page import peers

    china = run("china", 2025, {"panel": panel})["feasibility_targets"]
    gdp = china[china["key"] == "gdp_real_growth"].iloc[0]
    assert f"its own record {int(gdp['own_met'])} of {int(gdp['own_n'])})" in bottom_line.odds_line(china)
    rows = peer_targets(panel, "hunan", 2026)
    text = peers.sentence(rows, weighted_mean(rows, 2026, None), peer_outcomes(panel, "hunan", 2026), "hunan", 2026)
    assert "with a GDP target for 2026 (a range counted at its low end)" in text


def test_level_goals_say_when_they_start_from_data_later_than_the_report():
    """Liaoning 2024 without an as-of date: Dalian's 万亿 goal starts from the 2024 level, after the report."""
    from analysis.briefing.page import levels

    goals = pd.DataFrame({"evaluated": [True, False], "start_year": [2024.0, 2017.0]})
    empty = pd.DataFrame()
    assert "The levels start from the latest the data hold (2024), later than the report" in levels.sentence(
        goals, empty, 2024
    )
    assert "later than the report" not in levels.sentence(goals, empty, 2026)
    assert "later than the report" not in levels.sentence(goals.assign(evaluated=[False, False]), empty, 2024)


def test_the_sector_table_names_the_growth_the_report_first_stated_when_it_differs(panel):
    """Dalian 2025: the statistics give 2024 growth of 5.2 %, the 2025 report first stated 5.5 %."""
    from analysis.briefing.page import growth

    sectors = _sectors(2024, [5.2, 4.3, 6.6, 4.6], [5.2, 0.27, 2.29, 2.72], [100.0, 5.0, 43.0, 51.0])
    text = growth.sectors_table(sectors, 2025, panel.outcomes_stated, "dalian")
    assert "The work report of 2025 first stated 5.5% for 2024; the table uses the statistics' figure." in text
    assert "first stated" not in growth.sectors_table(
        sectors.assign(value_pp=[5.5, 0.3, 2.4, 2.8]), 2025, panel.outcomes_stated, "dalian"
    )


def test_a_peer_that_admits_a_miss_only_in_words_is_named_so(panel):
    """Shenyang 2024: Dongguan's 2024 report states no 2023 growth but says its GDP 未能完成既定目标: the
    peers line names it among those not counted, as admitting the miss."""
    from analysis.briefing.page import peers
    from analysis.corpus.peers import peers_missed_in_words

    assert peers_missed_in_words(panel, "shenyang", 2024) == ["dongguan"]
    rows = peer_targets(panel, "shenyang", 2024)
    outcomes = peer_outcomes(panel, "shenyang", 2024)
    text = peers.sentence(rows, weighted_mean(rows, 2024, None), outcomes, "shenyang", 2024, ["dongguan"])
    assert "Of these, 东莞 admits in words a miss of the target." in text
    assert "admits" not in peers.sentence(rows, weighted_mean(rows, 2024, None), outcomes, "shenyang", 2024)
