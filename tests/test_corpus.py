"""The report corpus: gold tables read by hand, the panel, the command line.

Gold tables (tests/data/corpus/gold/, schema and scope in GOLD_SPEC.md) were built by readers who
saw only the report texts, never the extractor or its output: 64 reports, national 2001-2026,
provinces 2003-2026 and cities 2001-2025. Run with ``pytest -s`` to see the scores per decade and kind.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.corpus import build as corpus_build
from analysis.corpus.gold import read_gold, score_report
from analysis.corpus.panel import bound_of, verdict
from analysis.corpus.read import read_report, report_for, shipped_reports
from analysis.vocabulary import PROVINCE_KEYS

GOLD = Path(__file__).parent / "data" / "corpus" / "gold"
GOLD_FILES = sorted(GOLD.glob("*.csv"))


@pytest.fixture(scope="module")
def panel():
    return corpus_build.load_panel()


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    by_stem = {r.name[:-4]: r for r in shipped_reports()}
    rows, missed = [], {}
    for path in GOLD_FILES:
        report = by_stem[path.stem]
        reading = read_report(report)
        score = score_report(reading.frame, read_gold(path), path.stem, reading.year)
        missed[path.stem] = score.missed
        rows.append(
            {**score.row(), "level": report.level, "year": reading.year, "decade": f"{reading.year // 10 * 10}s"}
        )
    table = pd.DataFrame(rows)
    table.attrs["missed"] = missed
    return table


def _share(frame: pd.DataFrame, hit: str, total: str) -> float:
    return frame[hit].sum() / frame[total].sum()


@pytest.mark.slow
def test_gold_covers_sixty_reports_of_three_decades_and_three_kinds(scores):
    assert len(scores) >= 58
    counts = scores.groupby(["level", "decade"]).size()
    print("\n" + counts.to_string())
    for level in ("nation", "province", "city"):
        assert {"2000s", "2010s", "2020s"} <= set(scores.loc[scores["level"] == level, "decade"]), level
    for path in GOLD_FILES:
        gold = read_gold(path)
        assert {"kind", "key", "value", "value_high", "qualifier", "headline", "line", "year"} <= set(gold.columns)
        assert set(gold["kind"]) <= {"target", "goal", "result"}, path.name


@pytest.mark.slow
def test_headline_targets_strict_by_decade_and_kind(scores):
    """Strict: value, range end, bound, headline flag and year all as the gold reader read them."""
    table = scores.groupby(["level", "decade"])[
        ["headline_gold", "headline_strict", "results_gold", "results_found"]
    ].sum()
    table["strict"] = (table["headline_strict"] / table["headline_gold"]).round(3)
    table["results"] = (table["results_found"] / table["results_gold"]).round(3)
    print("\n" + table.to_string())
    for stem, lines in sorted(scores.attrs["missed"].items()):
        for line in lines:
            print(f"  {stem}: {line}")
    provinces = scores[(scores["level"] == "province") & (scores["year"] <= 2025)]
    strict = _share(provinces, "headline_strict", "headline_gold")
    print(f"provinces 2003-2025 strict {strict:.3f}; all {_share(scores, 'headline_strict', 'headline_gold'):.3f}")
    assert strict >= 0.95
    assert _share(scores, "headline_strict", "headline_gold") >= 0.93
    for level in ("nation", "city"):
        assert _share(scores[scores["level"] == level], "headline_strict", "headline_gold") >= 0.88, level


@pytest.mark.slow
def test_every_gold_gdp_target_is_read_exactly(scores):
    with_target = scores[scores["gdp_target"].notna()]
    assert len(with_target) >= 55
    assert with_target["gdp_target"].astype(bool).all(), with_target[["report", "gdp_target"]]


@pytest.mark.slow
def test_last_years_results_and_gdp_growth(scores):
    found = _share(scores, "results_found", "results_gold")
    print(f"\nlast year's results found {found:.3f}")
    assert found >= 0.75
    gdp = scores[scores["gdp_result"].notna()]
    assert gdp["gdp_result"].astype(bool).mean() >= 0.88


def test_five_year_goals_are_their_own_kind_with_a_span():
    guangdong = read_report(report_for("guangdong", 2026)).frame
    goal = guangdong[(guangdong["kind"] == "goal") & (guangdong["key"] == "gdp_real_growth")]
    assert not goal.empty
    assert (goal["year_start"] == 2026).all() and (goal["year"] == 2030).all()
    assert not goal["is_headline"].any()
    headline = guangdong[guangdong["is_headline"] & (guangdong["key"] == "gdp_real_growth")]
    assert list(headline["value"]) == [4.5] and list(headline["value_high"]) == [5.0]


def test_results_are_dated_year_span_or_part_of_year():
    jilin = read_report(report_for("jilin", 2026)).frame
    gdp = jilin[(jilin["kind"] == "result") & (jilin["key"] == "gdp_real_growth") & (jilin["line"] == 9)]
    assert list(gdp["value"]) == [5.0] and gdp["year_start"].isna().all() and (gdp["year"] == 2025).all()
    china = read_report(report_for("china", 2008)).frame
    jobs = china[(china["key"] == "urban_new_jobs") & (china["value"] == 5100)]
    assert list(jobs["year_start"]) == [2003]  # 五年全国新增城镇就业5100万人
    # 2017年上半年追平全国增速...，全年地区生产总值14973亿元、增长7%: the whole year, not H1
    shanxi = read_report(report_for("shanxi", 2018)).frame
    whole = shanxi[(shanxi["key"] == "gdp_real_growth") & (shanxi["value"] == 7.0) & (shanxi["kind"] == "result")]
    assert (whole["period"] == "").any() and (whole["year"] == 2017).any()


@pytest.mark.slow
def test_secondary_targets_are_kept_apart_with_their_place(panel):
    """Guangdong 2026 sets retail, industry, investment and trade targets in task sections, not in the main
    passage (全年投资增长5%左右: the year's investment, read as fixed-asset investment)."""
    t = panel.targets
    gd = t[(t["region"] == "guangdong") & (t["year"] == 2026)]
    retail = gd[gd["key"] == "retail_sales_growth"]
    assert len(retail) == 1 and not retail["headline"].iloc[0] and retail["value"].iloc[0] == 5.0
    assert retail["place"].iloc[0] not in ("", "main expected targets")
    assert gd.loc[gd["key"] == "gdp_real_growth", "headline"].all()
    secondary = gd[~gd["headline"]].set_index("key")["written"].to_dict()
    assert {"industrial_va_growth": "5.5%左右", "fai_growth": "5%左右", "trade_growth": "3%左右"}.items() <= (
        secondary.items()
    )


@pytest.mark.slow
def test_year_comes_from_the_text_and_disagreements_are_declared(panel):
    reports = panel.reports.set_index("file")
    # 2021_lanzhou.txt holds the report delivered on 2021-12-21 for 2022, like 2022_lanzhou.txt: skipped, declared
    assert reports.loc["2021_lanzhou.txt", "year"] == 2022 and reports.loc["2021_lanzhou.txt", "status"] == "skipped"
    assert reports.loc["2023_lanzhou.txt", "year"] == 2023  # delivered 2022-12-19, for the coming year
    assert reports.loc["2003_jiangsu.txt", "year"] == 2003 and reports.loc["2003_jiangsu.txt", "status"] == "read"
    assert (reports["status"] != "held out").all()
    basis = reports.loc[reports["kind"] == "report", "year_basis"].value_counts()
    assert basis.get("date line", 0) > 1200


@pytest.mark.slow
def test_corpus_table_2026_has_every_province_and_gdp_targets_for_most_years(panel):
    from analysis.corpus.tables import target_table

    table = target_table(panel.targets, 2026, indicator="gdp_real_growth", reports=panel.reports)
    assert list(table["region"]) == ["china", *PROVINCE_KEYS] and len(table) == 32
    assert table["value"].notna().all() and (table["report"] != "").all()
    for path in GOLD_FILES:
        year, region = path.stem.split("_", 1)
        if year != "2026" or region not in PROVINCE_KEYS:
            continue
        gold = read_gold(path)
        target = gold[(gold["kind"] == "target") & (gold["key"] == "gdp_real_growth")].iloc[0]
        row = table[table["region"] == region].iloc[0]
        assert row["value"] == target["value"], region
    cov = panel.coverage
    provinces = cov[(cov["level"] == "province") & cov["read"] & cov["year"].between(2003, 2025)]
    share = (provinces["gdp_target"] != "").mean()
    print(f"\nprovincial GDP targets 2003-2025: {share:.3f} of {len(provinces)} reports")
    assert len(provinces) >= 690 and share >= 0.95


@pytest.mark.slow
def test_national_cpi_targets_and_first_stated_outcomes(panel):
    t = panel.targets
    china = t[(t["region"] == "china") & (t["key"] == "cpi_inflation")]
    assert set(range(2005, 2026)) <= set(china["year"])
    assert float(china.loc[china["year"] == 2020, "value"].iloc[0]) == 3.5
    o = panel.outcomes_stated
    growth = o[(o["region"] == "china") & (o["key"] == "gdp_real_growth")]
    # the 2008 report, closing a term, states 2007 only within five-year figures (比2002年增长65.5%)
    assert set(range(2003, 2026)) - set(growth["year"]) <= {2007}


@pytest.mark.slow
def test_scorecard_names_both_texts_and_both_verdicts(panel):
    s = panel.scorecard
    gd = s[(s["region"] == "guangdong") & (s["year"] == 2025) & (s["key"] == "gdp_real_growth")].iloc[0]
    assert gd["outcome"] == 3.9 and not gd["met"] and gd["verdict"] == "missed"
    assert gd["target_report"] == "2025_guangdong.txt" and gd["outcome_report"] == "2026_guangdong.txt"
    ln = s[(s["region"] == "liaoning") & (s["year"] == 2024) & (s["key"] == "gdp_real_growth")].iloc[0]
    assert ln["outcome"] == 5.1 and not ln["met"] and ln["within_half_pp"] == 1.0
    assert ln["verdict"] == "missed, within ±0.5 pp"
    assert set(s["level"]) == {"nation", "province", "city"} and len(s) > 3000


def test_cpi_below_an_about_target_is_not_simply_met():
    v = verdict("cpi_inflation", "左右", "%", 2.0, float("nan"), 0.0)
    assert v["met"] == 1.0 and v["within_half_pp"] == 0.0
    assert v["verdict"] == "below the ceiling, 2.0 pp under the target"
    assert verdict("cpi_inflation", "左右", "%", 3.0, float("nan"), 2.8)["verdict"] == "met, within ±0.5 pp"
    assert verdict("gdp_real_growth", "以上", "%", 6.0, float("nan"), 5.5)["verdict"] == "missed"


@pytest.mark.slow
def test_communiques_are_a_second_source_for_the_nation(panel):
    c = panel.outcomes_communique
    assert set(range(2000, 2025)) <= set(c["year"])
    check = panel.communique_check
    gdp = check[check["key"] == "gdp_real_growth"]
    assert len(gdp) >= 20 and gdp["agree"].mean() >= 0.9
    assert {"report_value", "communique_value", "report", "communique"} <= set(check.columns)


@pytest.mark.slow
def test_revision_gaps_keep_vintages_apart(panel):
    gaps = panel.revision_gaps
    assert set(gaps["vintage_class"]) <= {"nbs_post4", "nbs_post5"} and len(gaps) > 400
    assert (gaps["gap"] - (gaps["nbs_growth"] - gaps["first_stated"])).abs().max() < 1e-6
    summary = panel.revision_summary
    assert not summary.duplicated(["year", "vintage_class"]).any()


@pytest.mark.slow
def test_reconciliation_lists_every_disagreement_and_keeps_both(panel):
    rec = panel.reconciliation
    targets = rec[rec["table"] == "targets"]
    assert targets["agree"].mean() >= 0.95
    numbered = rec[rec["corpus_value"].notna() & (rec["table"] == "outcomes")]
    assert numbered["public_value"].notna().all() and rec["public_file"].str.endswith(".csv").all()


def test_bound_of_qualifiers():
    assert bound_of("左右") == "about"
    assert bound_of("下降、左右") == "about"
    assert bound_of("区间") == "range"
    assert bound_of("以上") == "at_least" and bound_of("不低于") == "at_least"
    assert bound_of("以内") == "at_most"
    assert bound_of("") == "exact"
    assert bound_of("与经济增长同步", has_number=False) == "words"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=paths.ROOT)


@pytest.mark.slow
def test_cli_table_coverage_and_refusals():
    table = _cli("corpus", "table", "--year", "2012", "--format", "json")
    assert table.returncode == 0, table.stderr
    records = json.loads(table.stdout)
    assert len(records) == 32 and records[0]["region"] == "china" and records[0]["gdp_real_growth"] == "7.5%"
    history = _cli("corpus", "table", "--indicator", "gdp_real_growth", "--level", "city", "--format", "csv")
    frame = pd.read_csv(pd.io.common.StringIO(history.stdout), dtype=str)
    assert len(frame) == 40 and "2024" in frame.columns
    coverage = _cli("corpus", "coverage", "--level", "province")
    assert coverage.returncode == 0 and "liaoning" in coverage.stdout and "gdp_target_share" in coverage.stdout
    done = _cli("corpus", "table", "--year", "1970")
    assert done.returncode == 2 and "--year" in done.stderr and "1970" in done.stderr
    done = _cli("corpus", "table", "--year", "2026", "--indicator", "gdp_nonsense")
    assert done.returncode == 2 and "gdp_nonsense" in done.stderr


def test_the_stated_outcome_is_the_exact_figure_not_a_threshold_crossed(panel):
    """Hubei's 2013 report: 全年生产总值跃上2万亿元新台阶 first, then 生产总值实现2.22万亿元; the nation's
    2025 report: 粮食产量首次跃上1.4万亿斤 (no exact figure: the bound is kept) and 能耗降幅超过3%."""
    o = panel.outcomes_stated.set_index(["region", "year", "key"])
    assert o.loc[("hubei", 2012, "gdp_nominal"), "value"] == 22200.0
    assert o.loc[("china", 2024, "grain_output"), "written"] == "1.4万亿斤"
    energy = o.loc[("china", 2024, "energy_intensity")]
    assert energy["value"] == 3.0 and bool(energy["decline"])


def _missed(region: str, year: int) -> set:
    from analysis.report.extract import extract_report

    frame = extract_report(paths.report_path(region, year), year=year)
    return {
        (k, int(y))
        for k, y in zip(frame.loc[frame["kind"] == "missed", "key"], frame.loc[frame["kind"] == "missed", "year"])
    }


def test_a_miss_admitted_in_words_is_read_with_its_indicators_and_year():
    """Hunan 2025: 地区生产总值、投资、进出口等预期性指标未达到年初目标; Liaoning 2020: the indicator with its
    figure in the clause before (固定资产投资增长0.5％左右，没有达到预期目标); a plan period's goals
    (“九五”期间…没有达到计划要求, “十三五”规划部分目标…未能完成) are not last year's targets."""
    assert _missed("hunan", 2025) == {("gdp_real_growth", 2024), ("fai_growth", 2024), ("trade_growth", 2024)}
    assert _missed("liaoning", 2020) == {("fai_growth", 2019)}
    assert _missed("hebei", 2001) == set() and _missed("hubei", 2021) == set()


def test_a_target_missed_in_words_is_scored_missed_without_an_outcome(panel):
    s = panel.scorecard
    hunan = s[(s["region"] == "hunan") & (s["year"] == 2024)].set_index("key")
    fai = hunan.loc["fai_growth"]
    assert fai["basis"] == "in words" and not fai["met"] and fai["outcome"] != fai["outcome"]
    assert fai["outcome_report"] == "2025_hunan.txt" and "未达到年初目标" in fai["verdict"]
    # its GDP is stated in figures, told by quarter then the year (…四季度增长5.6%…，全年增长4.8%)
    assert hunan.loc["gdp_real_growth", ["outcome", "basis"]].tolist() == [4.8, "stated"]
    # a figure stated beside words of a miss keeps the figure: one row per target, the stated one
    liaoning = s[(s["region"] == "liaoning") & (s["year"] == 2019) & (s["key"] == "fai_growth")]
    assert len(liaoning) == 1 and liaoning["basis"].iloc[0] == "stated" and not liaoning["met"].iloc[0]
    assert not s.duplicated(["region", "year", "key"]).any()


def test_a_fall_is_written_in_the_report_s_own_words(panel):
    """China 2025 sets 单位国内生产总值能耗降低3%左右 and its report states 2024's as 能耗降幅超过3%: the
    page quotes them so, not as 下降3%."""
    from analysis.models.feasibility.run import stated_written

    t = panel.targets
    energy = t[(t["region"] == "china") & (t["year"] == 2025) & (t["key"] == "energy_intensity")]
    assert energy["written"].tolist() == ["降低3%左右"]
    assert stated_written(panel, "china", 2024)["energy_intensity"] == "降幅超过3%"
    liaoning = t[(t["region"] == "liaoning") & (t["year"] == 2024) & (t["key"] == "gdp_real_growth")]
    assert liaoning["written"].tolist() == ["5.5%左右"]  # a rise keeps its number alone


def test_a_stated_outcome_keeps_the_bound_written_after_it(panel):
    """Dalian's 2026 report: 预计，地区生产总值增长5.5%以上: the page quotes 预计5.5%以上, not 预计5.5%."""
    from analysis.models.feasibility.run import stated_written

    dalian = stated_written(panel, "dalian", 2025)
    assert dalian["gdp_real_growth"] == "预计5.5%以上" and dalian["retail_sales_growth"] == "预计3%左右"
    assert stated_written(panel, "liaoning", 2023)["gdp_real_growth"] == "5.3%"
