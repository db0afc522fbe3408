"""Every report of a year in one run: regions found from the shipped reports, one briefing each,
an index page, the cache reused on a second run, region-independent results shared on disk.

The batch runs start real Jupyter kernels on the fixture notebooks (a few seconds each).
"""

from __future__ import annotations

import pytest
from test_briefing_fixtures import fixture_notebooks

from analysis import paths
from analysis.briefing import batch
from analysis.errors import InputError
from analysis.models.feasibility import target_data


def test_the_regions_of_a_year_are_those_with_a_shipped_report():
    regions = batch.report_regions(2026)
    assert regions == sorted(p.name[5:-4] for p in paths.RAW_REPORTS.glob("2026_*.txt"))
    assert len(regions) == 24 and "liaoning" in regions and "china" not in regions  # no national 2026 report
    assert batch.report_regions(2025)[0] == "china"  # the nation first where it has a report


def test_a_year_without_reports_is_refused_naming_the_years_that_have_them():
    with pytest.raises(InputError) as err:
        batch.report_regions(1990)
    assert err.value.field == "--year" and err.value.value == 1990 and "2026" in str(err.value)


def test_a_batch_publishes_each_region_an_index_and_reuses_the_cache(tmp_path):
    notebooks = fixture_notebooks(tmp_path / "nb")
    lines: list[str] = []
    kw = dict(
        year=2026,
        regions=["liaoning", "jilin"],
        out=tmp_path / "out",
        notebooks_dir=notebooks,
        input_roots=[],
        use_cache=True,
        log=lines.append,
    )
    first = batch.run_batch(**kw)
    assert first.exit_code == 0 and set(first.runs) == {"liaoning", "jilin"}
    for region in ("liaoning", "jilin"):
        assert (tmp_path / "out" / region / "latest" / "briefing.html").is_file()
    index = first.index.read_text(encoding="utf-8")
    assert "辽宁" in index and "吉林" in index and 'href="jilin/latest/briefing.html"' in index
    assert "@font-face" in index  # the Chinese names render without a system font
    assert first.counts().get("done") == 6 and not first.counts().get("cached")
    assert any("2 of 2 briefings published" in line for line in lines)
    second = batch.run_batch(**kw)
    assert second.exit_code == 0 and second.counts() == {"cached": 6}


def test_a_bad_parameter_stops_the_batch_before_any_kernel(tmp_path):
    with pytest.raises(InputError):
        batch.run_batch(
            year=2026,
            regions=["liaoning"],
            out=tmp_path / "out",
            overrides=[("nosuch", "1")],
            notebooks_dir=fixture_notebooks(tmp_path / "nb"),
            input_roots=[],
        )
    assert not (tmp_path / "out").exists()


def test_shared_results_are_computed_once_and_a_damaged_copy_is_recomputed(tmp_path, monkeypatch):
    calls = []

    def compute():
        calls.append(1)
        return {"cases": len(calls)}

    monkeypatch.setenv(target_data.MEMO_DIR_ENV, str(tmp_path))
    monkeypatch.setenv(target_data.MEMO_KEY_ENV, "inputs-1")
    assert target_data._disk_memo("backtest_cases", "", (), compute) == {"cases": 1}
    assert target_data._disk_memo("backtest_cases", "", (), compute) == {"cases": 1}  # another kernel: read
    assert len(calls) == 1
    monkeypatch.setenv(target_data.MEMO_KEY_ENV, "inputs-2")  # other inputs: computed afresh
    assert target_data._disk_memo("backtest_cases", "", (), compute) == {"cases": 2}
    for memo in tmp_path.glob("*.pkl"):
        memo.write_bytes(b"not a pickle")
    assert target_data._disk_memo("backtest_cases", "", (), compute) == {"cases": 3}
    assert target_data._disk_memo("pairs", "", (), compute) == {"cases": 4}  # not shared: always computed
    monkeypatch.delenv(target_data.MEMO_DIR_ENV)
    assert target_data._disk_memo("backtest_cases", "", (), compute) == {"cases": 5}


def test_the_index_shows_each_regions_gdp_target_as_its_report_writes_it(tmp_path):
    import shutil

    from test_briefing_fixtures import FIXTURES

    from analysis.briefing.runner import BriefingRun

    run_dir = tmp_path / "out" / "liaoning" / "runs" / "r1"
    (run_dir / "figures").mkdir(parents=True)
    shutil.copyfile(FIXTURES / "tables" / "peers_targets.csv", run_dir / "figures" / "peers_targets.csv")
    (tmp_path / "out" / "liaoning" / "latest").symlink_to(run_dir)
    failed = tmp_path / "out" / "jilin" / "runs" / "r1"
    failed.mkdir(parents=True)
    run = batch.BatchRun(
        tmp_path / "out", 2024, runs={"liaoning": BriefingRun(run_dir, True), "jilin": BriefingRun(failed, False)}
    )
    rows = batch.index_rows(run)
    assert rows[0] == {
        "region": "辽宁",
        "gdp": "5.5%左右",
        "status": "published",
        "link": "liaoning/latest/briefing.html",
    }
    assert rows[1]["status"] == "failed" and rows[1]["link"] == "" and rows[1]["gdp"] == "—"
    assert run.exit_code == 1 and run.failed == ["jilin"]
