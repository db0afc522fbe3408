"""notebooks/90_briefing on fixture tables, and its self-contained HTML export."""

from __future__ import annotations

import base64
import io
import re

import pandas as pd
import pytest
from test_briefing_fixtures import FIGURE_NAMES, FIXTURES, briefing_inputs

from analysis import paths
from analysis.briefing import content, html
from analysis.errors import InputError


@pytest.fixture(scope="module")
def executed_briefing(tmp_path_factory):
    """notebooks/90_briefing executed on the fixture tables (kernel ``analysis``), and its HTML."""
    import papermill

    tmp = tmp_path_factory.mktemp("b90")
    briefing_inputs(tmp / "figures")
    executed = tmp / "90_briefing.ipynb"
    papermill.execute_notebook(
        str(paths.NOTEBOOKS / "90_briefing.ipynb"),
        str(executed),
        parameters={"output_dir": str(tmp / "figures")},
        kernel_name="analysis",
        progress_bar=False,
        resources={"metadata": {"path": str(tmp)}},
    )
    target = html.write_briefing(executed, tmp / "briefing.html", title="辽宁 2024 政府工作报告 briefing")
    return executed, target


def test_briefing_html_has_no_code_and_embeds_every_image(executed_briefing):
    _, target = executed_briefing
    text = target.read_text(encoding="utf-8")
    assert "content.read_table" not in text and "import " not in text
    assert 'tags=["parameters"]' not in text and "output_dir =" not in text
    sources = re.findall(r"<img\b[^>]*\bsrc=\"([^\"]*)\"", text)
    assert len(sources) == len(FIGURE_NAMES) and all(s.startswith("data:image/png;base64,") for s in sources)
    assert html.external_references(text) == []
    assert "<script" not in text


def test_briefing_html_shows_headline_table_and_sources(executed_briefing):
    _, target = executed_briefing
    text = target.read_text(encoding="utf-8")
    assert "<title>辽宁 2024 政府工作报告 briefing</title>" in text
    assert "地区生产总值增长" in text and "5.5 % 左右" in text and "50% [25–75%]" in text
    assert "与经济增长基本同步" in text
    assert ">Sources<" in text and "2024年辽宁省政府工作报告" in text


def test_embedded_font_covers_every_character_of_the_page(executed_briefing):
    from fontTools.ttLib import TTFont

    _, target = executed_briefing
    text = target.read_text(encoding="utf-8")
    match = re.search(r"url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)", text)
    assert match, "no embedded font"
    font = TTFont(io.BytesIO(base64.b64decode(match.group(1))))
    cmap = font.getBestCmap()
    visible = re.sub(r"data:[^\"')\s]+", "", text)
    cjk = {c for c in visible if "\u4e00" <= c <= "\u9fff"}
    assert len(cjk) > 50
    assert not [c for c in cjk if ord(c) not in cmap]
    # a subset, not the whole font: far fewer glyphs than the 30,000+ of Noto Sans SC
    assert len(cmap) < 2000
    assert f"font-family: '{html.FONT_FAMILY}'" in text


def test_html_export_is_deterministic(executed_briefing, tmp_path):
    executed, target = executed_briefing
    again = html.write_briefing(executed, tmp_path / "again.html", title="辽宁 2024 政府工作报告 briefing")
    assert again.read_bytes() == target.read_bytes()


def test_the_briefing_notebook_fails_loudly_on_a_missing_table(tmp_path):
    with pytest.raises(InputError, match="run 30_feasibility first"):
        content.read_table(tmp_path, "feasibility_headline.csv")
    with pytest.raises(InputError, match="run 35_scenarios first"):
        content.figure_path(tmp_path, "scenarios_fan")


def test_external_references_finds_fetches_but_not_links():
    assert html.external_references('<a href="https://www.stats.gov.cn/">国家统计局</a>') == []
    for snippet in (
        '<script src="https://cdn.example/x.js"></script>',
        '<img src="http://x/y.png">',
        '<link rel="stylesheet" href="//cdn.example/a.css">',
        "a { background: url('https://x/y') }",
        '@import "https://x/y.css";',
    ):
        assert html.external_references(snippet), snippet


# ---------------------------------------------------------------- content: layout only, closed cases
def test_headline_table_formats_targets_probabilities_and_outcomes():
    feasibility = pd.read_csv(FIXTURES / "tables" / "feasibility_headline.csv")
    table = content.headline_table(feasibility)
    assert list(table.columns) == ["目标", "达成概率", "方法", "实际", "是否达成"]
    gdp = table.loc["地区生产总值增长"]
    assert (gdp["目标"], gdp["达成概率"], gdp["实际"], gdp["是否达成"]) == ("5.5 % 左右", "50% [25–75%]", "5.1 %", "否")
    assert table.loc["城镇调查失业率", "达成概率"] == "50%"  # no interval given: none shown
    assert table.loc["居民人均可支配收入增长", "目标"] == "与经济增长基本同步"
    assert table.loc["粮食产量", "目标"] == "2500 万吨 左右"
    assert (table.loc["一般公共预算收入增长", ["实际", "是否达成"]] == "—").all()


def test_headline_table_refuses_a_table_without_the_contract_columns():
    with pytest.raises(InputError, match="lacks column"):
        content.headline_table(pd.DataFrame({"key": ["gdp_real_growth"]}))


def test_headline_summary_counts():
    feasibility = pd.read_csv(FIXTURES / "tables" / "feasibility_headline.csv")
    assert content.headline_summary(feasibility) == (
        "**5** headline targets; a probability for **3** of them (the others carry no number, or no "
        "series to judge them by); outcome known for **1**, of which **0** met."
    )


def test_sources_come_from_source_title_and_raw_sidecars(tmp_path):
    """Every public raw file stands behind data/processed, so its sidecar is always listed."""
    pd.DataFrame(
        {
            "value": [1.0],
            "source_title": ["国家数据"],
            "source_url": ["https://data.stats.gov.cn"],
            "file": ["panel.csv"],
        }
    ).to_csv(tmp_path / "t.csv", index=False)
    raw = tmp_path / "raw"
    (raw / "public").mkdir(parents=True)
    (raw / "public" / "panel.csv.meta.json").write_text(
        '{"title": "分省年度数据", "producer": "国家统计局", "urls": ["https://a.example/1", "https://b.example/2",'
        ' "https://c.example/3"]}',
        encoding="utf-8",
    )
    table = content.sources(tmp_path, raw_dir=raw, region="liaoning", year=2024)
    assert table.to_dict("records") == [
        {"number": 1, "source": "2024_liaoning.txt", "url": "", "more": "", "used_in": "scorecard, targets"},
        {
            "number": 2,
            "source": "分省年度数据 (国家统计局)",
            "url": "https://a.example/1",
            "more": "+2 more",
            "used_in": "every section, t.csv",
        },
        {"number": 3, "source": "国家数据", "url": "https://data.stats.gov.cn", "more": "", "used_in": "t.csv"},
    ]
    links = content.sources_html(table)
    assert '<a href="https://a.example/1" title="https://a.example/1" target="_blank">a.example</a>' in links
    assert links.count("<tr>") == 4 and "<td>[2]</td>" in links and "every section, t.csv" in links


def test_figures_cite_the_sources_by_number():
    table = pd.DataFrame(
        {
            "number": [1, 2, 3, 4, 5],
            "source": list("abcde"),
            "url": [""] * 5,
            "more": [""] * 5,
            "used_in": ["scorecard, targets", "every section", "every section", "peers", "odds"],
        }
    )
    assert content.cited(table, "peers") == "[2]-[4]"
    assert content.cited(table, "targets") == "[1]-[3]"
    caption = content.figure_caption(table, "feasibility_probabilities", 2)
    assert caption.startswith("*Figure 2. Probability") and "Sources: [2]-[3], [5]" in caption


def test_reader_names_replace_keys_in_the_tables():
    assert content.panel_name("liaoning") == "辽宁" and content.panel_name("national").startswith("全国")
    assert content.series_name("shenyang", "gdp_nominal") == "沈阳 地区生产总值"
    assert content.price_basis_name("nbs base 2015") == "2015 prices (NBS base year)"
    assert content.price_basis_name("current_year") == "current-year prices"


def test_sources_link_to_a_publisher_before_a_repost():
    reposts = [
        "http://mirror.example/a.html",
        "https://www.people.com.cn/n1/x.html",
        "https://lnrd.gov.cn/y.shtml",
        "http://other.example/b.html",
    ]
    assert content.preferred_address(reposts) == "https://lnrd.gov.cn/y.shtml"  # gov.cn before state media
    assert content.preferred_address(reposts[:2]) == "https://www.people.com.cn/n1/x.html"
    assert content.preferred_address(["http://a.example/1", "http://b.example/2"]) == "http://a.example/1"
    assert content.preferred_address([]) == ""
    # the host must match as a whole label: notgov.cn.example is no government site
    assert content.preferred_address(["http://x.example", "http://notgov.cn.example/1"]) == "http://x.example"


def test_sources_read_the_public_and_reports_folders_never_a_snapshot(tmp_path):
    """A snapshot's sidecar of the same file name must not stand in for the shipped one."""
    pd.DataFrame({"value": [1.0], "file": ["panel.csv"]}).to_csv(tmp_path / "t.csv", index=False)
    raw = tmp_path / "raw"
    for folder in ("public", "reports", "snapshots/2000-01-01"):
        (raw / folder).mkdir(parents=True)
    snapshot = raw / "snapshots" / "2000-01-01"
    (snapshot / "panel.csv.meta.json").write_text('{"title": "snapshot panel"}', encoding="utf-8")
    (snapshot / "2024_liaoning.txt.meta.json").write_text('{"title": "snapshot report"}', encoding="utf-8")
    table = content.sources(tmp_path, raw_dir=raw, region="liaoning", year=2024)
    assert sorted(table["source"]) == ["2024_liaoning.txt", "panel.csv"]  # no shipped sidecar: by name

    (raw / "public" / "panel.csv.meta.json").write_text('{"title": "shipped panel"}', encoding="utf-8")
    (raw / "reports" / "2024_liaoning.txt.meta.json").write_text('{"title": "shipped report"}', encoding="utf-8")
    table = content.sources(tmp_path, raw_dir=raw, region="liaoning", year=2024)
    assert sorted(table["source"]) == ["shipped panel", "shipped report"]


def test_sources_of_the_shipped_data_carry_a_url_for_every_public_csv():
    """The shipped public sidecars list their row-level source URLs; the table shows one of each."""
    import json

    output = paths.ROOT / "tests" / "data" / "briefing" / "tables"
    table = content.sources(output)
    for meta in sorted(paths.RAW_PUBLIC.glob("*.csv.meta.json")):
        info = json.loads(meta.read_text(encoding="utf-8"))
        row = table[table["source"].map(lambda text: text == info["title"] or text.startswith(info["title"] + " ("))]
        assert len(row) == 1, info["title"]
        assert row["url"].iloc[0] == content.preferred_address(info["urls"]) and row["url"].iloc[0] in info["urls"]
        assert row["more"].iloc[0] == (f"+{len(info['urls']) - 1} more" if len(info["urls"]) > 1 else "")


def test_layout_tables_refuse_a_missing_column_naming_table_and_column():
    tables = FIXTURES / "tables"
    cases = [
        (content.report_wording, "indicators_headline.csv", "text"),
        (content.track_record_table, "track_record_summary.csv", "hit_rate"),
        (content.crossing_table, "scenarios_crossing.csv", "p_cross"),
        (content.goals_table, "scenarios_goals.csv", "reason"),
        (content.sector_table, "decomposition_sectors.csv", "value_pp"),
        (content.headline_summary, "feasibility_headline.csv", "met"),
        (content.backtest_caveat, "feasibility_backtest.csv", "brier"),
    ]
    for layout, name, column in cases:
        frame = pd.read_csv(tables / name).drop(columns=column)
        with pytest.raises(InputError) as err:
            layout(frame)
        assert (err.value.file, err.value.field) == (name, column)


def test_crossing_table_shows_staying_above_for_goals_already_met():
    """巩固...万亿以上: a level already above the line is judged by staying there (p_stay), a level
    below it by crossing (p_cross); read from the shipped scenario run."""
    scenarios = pd.read_csv(paths.FIGURES / "scenarios_crossing.csv").dropna(subset=["year"])
    table = content.crossing_table(scenarios)
    for r in scenarios.itertuples():
        row = next(i for i in table.index if i.startswith(f"{content.series_name(r.region, r.indicator)} · "))
        assert r.scenario not in row  # the series by its display name, never its key
        expected = r.p_stay if r.goal_kind == "stay_above" else r.p_cross
        assert table.loc[row, int(r.year)] == round(100 * expected)
        assert ("[保持: stay above]" if r.goal_kind == "stay_above" else "[跨过: cross]") in row
        conflict = bool(r.worded_stay_above) and r.goal_kind == "cross"
        assert row.endswith("(report: already above; data: below)") == conflict
    assert "stay_above" in set(scenarios["goal_kind"]) and "cross" in set(scenarios["goal_kind"])


def test_goals_table_names_series_thresholds_and_reasons_for_a_reader():
    goals = pd.read_csv(FIXTURES / "tables" / "scenarios_goals.csv")
    table = content.goals_table(goals)
    assert len(table) == len(goals) and set(table["评估"]) <= {"是", "否"}
    assert (table["评估"] == "是").sum() == goals["evaluated"].sum()
    known = goals["region"].notna()
    assert list(table.loc[known, "序列"]) == [
        content.series_name(r, i) for r, i in zip(goals.loc[known, "region"], goals.loc[known, "indicator"])
    ]
    assert set(table.loc[known, "门槛"]) == {"1 万亿元"}  # 10000 亿元 as the report writes it
    shown = " ".join(table.astype(str).to_numpy().ravel())
    assert "gdp_nominal" not in shown and "nan" not in shown
    assert (table.loc[table["评估"] == "否", "说明"].str.len() > 20).all()


def test_the_fan_caption_states_the_measured_coverage_by_horizon():
    fan = pd.read_csv(FIXTURES / "tables" / "scenarios_fan.csv")
    note = content.band_note(fan)
    projected = fan[fan["kind"] == "projection"].dropna(subset=["band_coverage"])
    first = projected.sort_values("year").groupby("scenario").head(1)["band_coverage"].iloc[0]
    assert note.startswith(f"the band held {100 * first:.0f} %") and "one, two and three years ahead" in note
    assert "coverage not measured" in note  # the fan runs beyond the horizons the backtest measured
    assert content.band_note(fan.drop(columns="band_coverage")) == ""
    table = pd.DataFrame({"number": [1], "source": ["a"], "url": [""], "more": [""], "used_in": ["万亿 goals"]})
    caption = content.figure_caption(table, "scenarios_fan", 4, note)
    assert caption.startswith("*Figure 4.") and f"; {note}. Sources: [1]" in caption


def test_text_tables_have_fixed_ids_and_no_row_numbers():
    goals = content.goals_table(pd.read_csv(FIXTURES / "tables" / "scenarios_goals.csv"))
    first = content.text_table(goals, "goals", nowrap=("门槛",)).to_html()
    assert first == content.text_table(goals, "goals", nowrap=("门槛",)).to_html()  # same bytes every run
    assert 'class="dataframe text"' in first and "white-space: nowrap" in first
    assert 'class="row_heading' not in first  # row numbers hidden


def test_backtest_caveat_reads_the_verdict_from_the_table():
    from analysis.models.feasibility import backtest as bt

    table = pd.read_csv(FIXTURES / "tables" / "feasibility_backtest.csv")
    text = content.backtest_caveat(table)
    assert bt.verdict(table) in text and "borrowed" in text
    models = table[~table["method"].isin([bt.BASELINE_HIT_RATE, bt.BASELINE_ALWAYS])]
    assert f"{models['brier'].min():.3f}" in text
    with pytest.raises(InputError) as err:
        content.backtest_caveat(table[table["method"] != bt.BASELINE_HIT_RATE])
    assert (err.value.field, err.value.value) == ("method", bt.BASELINE_HIT_RATE)


def test_track_record_table_counts_revision_years_when_the_summary_has_them():
    summary = pd.read_csv(FIXTURES / "tables" / "track_record_summary.csv")
    assert "of which 2011-17" not in content.track_record_table(summary).columns
    table = content.track_record_table(summary.assign(n_revision_period=1))
    assert (table["of which 2011-17"] == 1).all() and table.index.names == ["record of", "指标"]


def test_track_record_table_refuses_an_unknown_key():
    summary = pd.read_csv(FIXTURES / "tables" / "track_record_summary.csv")
    summary.loc[0, "key"] = "gdp_growht"
    with pytest.raises(InputError) as err:
        content.track_record_table(summary)
    assert (err.value.file, err.value.field, err.value.value) == ("track_record_summary.csv", "key", "gdp_growht")


@pytest.mark.parametrize("met", ["maybe", "2", 0.5])
def test_an_unreadable_met_value_is_refused(met):
    feasibility = pd.read_csv(FIXTURES / "tables" / "feasibility_headline.csv").astype({"met": object})
    feasibility.loc[0, "met"] = met
    with pytest.raises(InputError) as err:
        content.headline_table(feasibility)
    assert (err.value.file, err.value.field) == ("feasibility_headline.csv", "met")


def test_the_briefing_shows_the_in_year_arithmetic_dated(executed_briefing):
    """Liaoning 2024 as of 2024-10-31: Q1-Q3 growth 4.9 %, so the fourth quarter must grow about 7 % for 5.5 %."""
    _, target = executed_briefing
    text = re.sub(r"<[^>]+>", " ", target.read_text(encoding="utf-8"))
    table = pd.read_csv(FIXTURES / "tables" / "feasibility_in_year.csv")
    gdp = table[table["key"] == "gdp_real_growth"].iloc[0]
    assert 6.5 < gdp["required_growth"] < 7.5
    assert "2024-10-31" in text and f"{gdp['required_growth']:.1f}%" in text and "Q1-Q3" in text
    assert content.in_year_text(table.iloc[0:0]).startswith("No year-to-date figures")


def test_the_summary_writes_range_targets_and_the_national_target_as_the_reports_do():
    """Guangdong 2026 aims at 4.5%—5%; the nation at 4.5-5% (a range, not a floor of 4.5)."""
    tables = FIXTURES / "tables"
    feasibility = pd.read_csv(tables / "feasibility_headline.csv")
    gdp = feasibility["key"] == "gdp_real_growth"
    feasibility.loc[gdp, ["target", "qualifier"]] = [4.5, "区间"]
    feasibility["target_high"] = float("nan")
    feasibility.loc[gdp, "target_high"] = 5.0
    peers = pd.read_csv(tables / "peers_targets.csv")
    peers.loc[(peers["region"] == "china") & (peers["key"] == "gdp_real_growth"), "written"] = "4.5-5%"
    weighted = pd.read_csv(tables / "peers_weighted.csv").iloc[0].to_dict()
    text = content.summary(
        feasibility, peers, weighted, pd.read_csv(tables / "peers_outcomes.csv"), region="liaoning", year=2024
    )
    assert "aims at GDP growth of 4.5–5 %" in text and "the national target is 4.5-5%" in text
    assert "区间" not in text.split("aims at GDP growth of")[1].split(";")[0]
    assert content.headline_table(feasibility).loc[feasibility.loc[gdp, "indicator"].iloc[0], "目标"] == "4.5–5 %"
    one = feasibility.assign(p_meet=float("nan")).iloc[:1]
    assert "1 other numeric target (" in content.summary(
        one, peers, weighted, peers.iloc[:0], region="liaoning", year=2024
    )


def test_the_northeast_is_read_side_by_side_in_each_of_its_briefings():
    peers = pd.read_csv(FIXTURES / "tables" / "peers_targets.csv")
    outcomes = pd.read_csv(FIXTURES / "tables" / "peers_outcomes.csv")
    extra = pd.DataFrame(
        {
            "region": ["jilin", "heilongjiang"],
            "name": ["吉林", "黑龙江"],
            "key": "gdp_real_growth",
            "value": [5.0, 4.5],
            "value_high": [float("nan"), 5.0],
            "bound": ["about", "range"],
            "written": ["5%左右", "4.5-5%"],
            "source": "work report text",
        }
    )
    table = content.northeast_table(pd.concat([peers, extra], ignore_index=True), outcomes, "jilin", 2024)
    assert list(table.columns) == ["辽宁", "吉林", "黑龙江"]
    assert table.index[0] == "地区生产总值增长 (2024)"  # GDP first
    assert list(table.iloc[0]) == [
        peers.loc[(peers["region"] == "liaoning") & (peers["key"] == "gdp_real_growth"), "written"].iloc[0],
        "5%左右",
        "4.5-5%",
    ]
    last = table.loc["地区生产总值: 2023 target → outcome"]
    row = outcomes[outcomes["region"] == "liaoning"].iloc[0]
    assert last["辽宁"].startswith(f"{row['target']:g}% → {row['outcome']:g}%") and last["吉林"] == "—"
    assert content.northeast_table(peers, outcomes, "guangdong", 2024) is None
    assert "No 2024 report of 吉林、黑龙江" in content.northeast_sentence(peers, "liaoning", 2024)


def test_the_page_is_dated_and_states_its_data_cut_off(executed_briefing, monkeypatch, tmp_path):
    import datetime as dt

    from analysis.briefing import html
    from analysis.series.provenance import retrieved_by

    executed, target = executed_briefing
    page = target.read_text(encoding="utf-8")
    assert f"Published {html.publication_date().isoformat()}" in page
    assert page.index("Published") < page.index("In brief")  # under the title, before anything else
    assert f"Data cut-off:</strong> {retrieved_by(paths.RAW / 'public').isoformat()}" in page
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC: any day, the same bytes
    assert html.publication_date() == dt.date(2026, 1, 1)
    first = html.write_briefing(executed, tmp_path / "a.html").read_bytes()
    assert b"Published 2026-01-01" in first and first == html.write_briefing(executed, tmp_path / "b.html").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        html.publication_date()


def test_the_facts_that_change_the_reading_come_from_the_tables():
    tables = FIXTURES / "tables"
    feasibility = pd.read_csv(tables / "feasibility_headline.csv")
    money = pd.read_csv(tables / "money_terms.csv")
    in_year = pd.read_csv(tables / "feasibility_in_year.csv")
    text = content.reading_facts(feasibility, money, in_year, year=2024)
    gdp = feasibility[feasibility["key"] == "gdp_real_growth"].iloc[0]
    assert f"GDP grew {gdp['outcome']:g}% in 2024" in text and ": missed" in text  # 5.1 against 5.5 左右
    row = money[money["year"] == 2024].iloc[0]
    assert (row["deflator"] < 0) == ("Prices falling" in text)
    assert f"must grow {in_year.iloc[0]['required_growth']:.1f}%" in text
    rising = money.assign(deflator=money["deflator"].abs())
    assert "Prices falling" not in content.reading_facts(feasibility, rising, None, year=2024)
    unknown = feasibility.assign(outcome=float("nan"), met=float("nan"))
    assert content.reading_facts(unknown, rising, in_year.iloc[:0], year=2024) == ""
