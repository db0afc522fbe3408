"""The report corpus: gold tables read by hand, the panel, the command line, reports users bring.

Gold tables (tests/data/corpus/gold/, schema and scope in GOLD_SPEC.md) were built by readers who
saw only the report texts, never the extractor or its output: 12 reports of different layouts
(national reports of three decades, provinces with and without numbered parts, 主要预期目标是 /
经济主要预期目标是 / 建议...主要预期目标为, ranges, 按增长5%安排). Run with ``pytest -s`` to see the
scores per report.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.corpus import build as corpus_build
from analysis.corpus.gold import read_gold, score_report
from analysis.corpus.panel import bound_of
from analysis.corpus.read import parse_name, read_report, report_for, shipped_reports
from analysis.errors import InputError

GOLD = Path(__file__).parent / "data" / "corpus" / "gold"
GOLD_FILES = sorted(GOLD.glob("*.csv"))
PROVINCES_2026 = 24
NATIONAL_YEARS = [y for y in range(2000, 2026) if y != 2020]


@pytest.fixture(scope="module")
def panel():
    return corpus_build.build_panel()


@pytest.fixture(scope="module")
def scores():
    out = {}
    for path in GOLD_FILES:
        year, region = path.stem.split("_", 1)
        reading = read_report(report_for(region, int(year)))
        out[path.stem] = score_report(reading.frame, read_gold(path), path.stem, int(year))
    return out


def test_gold_tables_cover_twelve_reports_of_several_layouts():
    stems = {p.stem for p in GOLD_FILES}
    national = {s for s in stems if s.endswith("_china")}
    assert len(stems) >= 12
    assert len(stems - national) >= 6
    for path in GOLD_FILES:
        gold = read_gold(path)
        assert {"kind", "key", "value", "value_high", "qualifier", "headline", "line"} <= set(gold.columns)
        assert set(gold["kind"]) <= {"target", "goal", "result"}, path.name


def test_headline_targets_against_gold(scores):
    """Recall and exactness (value, range end, bound, flagged headline) per report, printed."""
    table = pd.DataFrame([s.row() for s in scores.values()])
    print("\n" + table.to_string(index=False))
    for s in scores.values():
        for line in s.missed:
            print(f"  {s.report}: {line}")
    gold_rows = table["headline_gold"].sum()
    exact = table["headline_exact"].sum()
    print(f"headline targets exact: {exact}/{gold_rows} = {exact / gold_rows:.3f}")
    assert exact / gold_rows >= 0.90
    assert (table.loc[table["headline_gold"] > 0, "headline_exactness"] >= 0.70).all(), table


def test_numeric_headline_targets_are_nearly_all_exact(scores):
    """Headline targets with a number: value, range end and bound read exactly in 97 % or more."""
    numeric = sum(len(read_gold(GOLD / f"{stem}.csv").query("kind == 'target' and headline == 1 and value == value"))
                  for stem in scores)
    wrong = [line for s in scores.values() for line in s.missed if " nan " not in line and "headline" in line]
    print(f"\nnumeric headline targets not exact: {len(wrong)} of {numeric}: {wrong}")
    assert len(wrong) <= 0.03 * numeric


def test_last_years_gdp_growth_is_found_with_the_right_year(scores):
    table = pd.DataFrame([s.row() for s in scores.values()])
    with_gdp = table[table["gdp_result"].notna()]
    assert len(with_gdp) >= 10
    assert with_gdp["gdp_result"].astype(bool).all(), with_gdp
    results = table["results_found"].sum() / table["results_gold"].sum()
    print(f"\nlast year's results found: {table['results_found'].sum()}/{table['results_gold'].sum()} = {results:.3f}")
    assert results >= 0.75


def test_five_year_goals_are_their_own_kind_with_a_span():
    guangdong = read_report(report_for("guangdong", 2026)).frame
    goal = guangdong[(guangdong["kind"] == "goal") & (guangdong["key"] == "gdp_real_growth")]
    assert not goal.empty
    assert (goal["year_start"] == 2026).all() and (goal["year"] == 2030).all()
    assert not goal["is_headline"].any()
    headline = guangdong[guangdong["is_headline"] & (guangdong["key"] == "gdp_real_growth")]
    assert list(headline["value"]) == [4.5] and list(headline["value_high"]) == [5.0]
    national = read_report(report_for("china", 2016)).frame
    goals = national[national["kind"] == "goal"]
    assert set(goals["year"].dropna()) <= {2020} and set(goals["year_start"].dropna()) == {2016}


def test_results_are_dated_year_span_or_part_of_year():
    """A five-year average (年均增长) gets year_start; a single-year figure none; 收官之年 names a year."""
    jilin = read_report(report_for("jilin", 2026)).frame
    gdp = jilin[(jilin["kind"] == "result") & (jilin["key"] == "gdp_real_growth") & (jilin["line"] == 9)]
    assert list(gdp["value"]) == [5.0] and gdp["year_start"].isna().all() and (gdp["year"] == 2025).all()
    ningxia = read_report(report_for("ningxia", 2026)).frame
    average = ningxia[(ningxia["kind"] == "result") & (ningxia["key"] == "gdp_real_growth") & (ningxia["value"] == 5.7)]
    assert list(average["year_start"]) == [2021] and list(average["year"]) == [2025]
    china = read_report(report_for("china", 2008)).frame
    jobs = china[(china["key"] == "urban_new_jobs") & (china["value"] == 5100)]
    assert list(jobs["year_start"]) == [2003]  # 五年全国新增城镇就业5100万人


def test_national_panel_covers_the_years_with_a_target_passage(panel):
    targets = panel.targets
    china = targets[targets["region"] == "china"]
    gdp_years = set(china.loc[china["key"] == "gdp_real_growth", "year"])
    # the 2000-2002 texts hold no annual GDP target (the 2001 report sets only the 十五 average);
    # every report from 2003 does
    assert gdp_years == {y for y in NATIONAL_YEARS if y >= 2003}
    for key in ("cpi_inflation", "urban_new_jobs"):
        assert set(china.loc[china["key"] == key, "year"]) >= {y for y in NATIONAL_YEARS if y >= 2005}, key
    outcomes = panel.outcomes_stated
    growth = outcomes[(outcomes["region"] == "china") & (outcomes["key"] == "gdp_real_growth")]
    years = set(growth["year"])
    assert 2019 not in years  # the 2020 report is missing from the corpus
    assert len(years & set(range(2003, 2025))) >= 19
    print(f"\nnational GDP targets {sorted(gdp_years)}; first-stated GDP outcomes {sorted(years)}")


def test_2026_table_has_every_province_gdp_target_equal_to_its_report(panel):
    from analysis.corpus.tables import target_table

    table = target_table(panel.targets, 2026, indicator="gdp_real_growth")
    assert len(table) == PROVINCES_2026
    assert table["value"].notna().all()
    for path in GOLD_FILES:
        year, region = path.stem.split("_", 1)
        if year != "2026":
            continue
        gold = read_gold(path)
        target = gold[(gold["kind"] == "target") & (gold["key"] == "gdp_real_growth")].iloc[0]
        row = table[table["region"] == region].iloc[0]
        assert row["value"] == target["value"], region
        assert (row["value_high"] == target["value_high"]) or (row["value_high"] != row["value_high"]
                                                               and target["value_high"] != target["value_high"])


def test_reconciliation_lists_every_disagreement_and_keeps_both(panel):
    rec = panel.reconciliation
    assert {"targets", "outcomes"} <= set(rec["table"])
    targets = rec[rec["table"] == "targets"]
    print(f"\nreconciliation: targets {targets['agree'].mean():.3f} of {len(targets)}, outcomes "
          f"{rec[rec['table'] == 'outcomes']['agree'].mean():.3f} of {(rec['table'] == 'outcomes').sum()}")
    assert targets["agree"].mean() >= 0.9
    numbered = rec[rec["corpus_value"].notna()]
    assert numbered["public_value"].notna().all()
    assert rec["public_file"].str.endswith(".csv").all()


def test_bound_of_qualifiers():
    assert bound_of("左右") == "about"
    assert bound_of("下降、左右") == "about"
    assert bound_of("区间") == "range"
    assert bound_of("以上") == "at_least" and bound_of("不低于") == "at_least"
    assert bound_of("以内") == "at_most"
    assert bound_of("") == "exact"
    assert bound_of("与经济增长同步", has_number=False) == "words"


def test_report_file_names_are_checked():
    assert parse_name("2026_jilin.txt") == ("jilin", 2026)
    with pytest.raises(InputError, match="file name"):
        parse_name("jilin_2026.txt")
    with pytest.raises(InputError, match="unknown region"):
        parse_name("2026_atlantis.txt")


def test_shipped_reports_and_sidecars():
    reports = shipped_reports()
    assert len([r for r in reports if r.region == "china"]) == 25
    assert len([r for r in reports if r.year == 2026]) == PROVINCES_2026
    for report in reports:
        assert report.meta, report.name
        text = json.dumps(report.meta, ensure_ascii=False)
        assert "/work/" not in text and "/home/" not in text, report.name
        if report.region == "china" or report.year == 2026:
            assert report.meta["sources"]["page"].startswith("http"), report.name


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=paths.ROOT)


def test_cli_build_list_table(tmp_path):
    out = tmp_path / "corpus"
    done = _cli("corpus", "build", "--processed", str(out))
    assert done.returncode == 0, done.stderr
    assert "read 50 reports" in done.stdout
    assert "2000_china.txt: no main-expected-targets passage" in done.stderr
    assert set(corpus_build.OUTPUTS) <= {p.name for p in out.iterdir()}
    listing = _cli("corpus", "list", "--year", "2026", "--format", "csv")
    assert listing.returncode == 0, listing.stderr
    rows = pd.read_csv(pd.io.common.StringIO(listing.stdout))
    assert len(rows) == PROVINCES_2026 and (rows["headline"] > 0).all()
    table = _cli("corpus", "table", "--year", "2025", "--format", "json")
    assert table.returncode == 0, table.stderr
    records = json.loads(table.stdout)
    assert records[0]["region"] == "china" and records[0]["gdp_real_growth"] == "5%左右"
    one = _cli("corpus", "table", "--year", "2026", "--indicator", "gdp_real_growth", "--format", "csv")
    frame = pd.read_csv(pd.io.common.StringIO(one.stdout))
    assert len(frame) == PROVINCES_2026 and "national" in frame.columns


def test_cli_refuses_bad_year_and_indicator():
    done = _cli("corpus", "table", "--year", "1990")
    assert done.returncode == 2 and "--year" in done.stderr and "1990" in done.stderr
    done = _cli("corpus", "table", "--year", "2026", "--indicator", "gdp_nonsense")
    assert done.returncode == 2 and "--indicator" in done.stderr and "gdp_nonsense" in done.stderr


def test_a_report_a_user_drops_in_is_read_and_a_missing_headline_is_named(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(paths.RAW_REPORTS / "2026_jilin.txt", reports / "2026_jilin.txt")  # no sidecar
    (reports / "2027_hainan.txt").write_text(
        "2027年海南省政府工作报告\n一、2026年工作回顾\n全省地区生产总值增长5.2%。\n二、2027年工作安排\n"
        "今年要继续推进改革。\n", encoding="utf-8")
    out = tmp_path / "corpus"
    done = _cli("corpus", "build", "--reports", str(reports), "--processed", str(out))
    assert done.returncode == 0, done.stderr
    assert "2027_hainan.txt: no main-expected-targets passage" in done.stderr
    built = corpus_build.panel(reports, out)
    assert set(built.reports["file"]) == {"2026_jilin.txt", "2027_hainan.txt"}
    outcomes = built.outcomes_stated
    assert outcomes[(outcomes["region"] == "hainan")]["value"].tolist() == [5.2]
    assert built.targets[built.targets["region"] == "jilin"]["key"].eq("gdp_real_growth").any()


def test_import_collection_copies_with_sidecars_and_refuses_other_bytes(tmp_path):
    from analysis.corpus.importer import import_collection

    source = tmp_path / "collection"
    source.mkdir()
    shutil.copy(paths.RAW_REPORTS / "2026_jilin.txt", source / "2026_jilin.txt")
    (source / "sources.csv").write_text(
        "file,region,region_zh,year,title,source_url,publish_date,original_outlet\n"
        "2026_jilin.txt,jilin,吉林省,2026,2026年吉林省政府工作报告,https://www.jl.gov.cn/x.html,2026-02-01,吉林日报\n",
        encoding="utf-8")
    target = tmp_path / "raw"
    written = import_collection(source, target, retrieved="2026-12-06")
    assert [p.name for p in written] == ["2026_jilin.txt"]
    meta = json.loads((target / "2026_jilin.txt.meta.json").read_text(encoding="utf-8"))
    assert meta["delivered"] == "2026-01-27" and meta["sources"]["page_kind"] == "official site"
    assert meta["sources"]["outlet"] == "吉林日报" and str(tmp_path) not in json.dumps(meta)
    assert import_collection(source, target) == []  # identical text already there
    (target / "2026_jilin.txt").write_text("other bytes", encoding="utf-8")
    with pytest.raises(InputError, match="immutable"):
        import_collection(source, target)
    (source / "sources.csv").write_text("file,year\n", encoding="utf-8")
    with pytest.raises(InputError, match="title"):
        import_collection(source, target)


def test_panel_reads_back_what_build_wrote(tmp_path):
    out = tmp_path / "corpus"
    built = corpus_build.build(processed=out)
    assert corpus_build.is_current(processed=out)
    again = corpus_build.panel(processed=out)
    pd.testing.assert_frame_equal(again.targets[["region", "year", "key", "value"]].reset_index(drop=True),
                                  built.targets[["region", "year", "key", "value"]].reset_index(drop=True),
                                  check_dtype=False)
    (out / "targets.csv").write_text("tampered\n", encoding="utf-8")
    assert not corpus_build.is_current(processed=out)
