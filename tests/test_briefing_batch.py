"""Every report of a year in one run: regions from the corpus panel, one briefing each on one pool of
warm kernels, one log line per region, an index page, the cache reused on a second run (no kernel
started).

The batch runs start real Jupyter kernels on the fixture notebooks (a few seconds each).
"""

from __future__ import annotations

import re

import nbformat
import pytest
from test_briefing_fixtures import fixture_notebooks

from analysis.briefing import batch
from analysis.corpus.build import load_panel
from analysis.errors import InputError


def test_the_regions_of_a_year_are_the_nation_and_the_provinces_with_a_report_in_the_panel():
    reports = load_panel().reports
    read = reports[reports["kind"].eq("report") & reports["status"].eq("read") & reports["year"].eq(2026)]
    regions = batch.report_regions(2026)
    assert set(regions) == set(read.loc[read["level"].isin(["nation", "province"]), "region"])
    assert regions[0] == "china" and regions[1:] == sorted(regions[1:])  # the nation first, then by key
    assert len(regions) == 32 and "liaoning" in regions
    assert not set(regions) & set(read.loc[read["level"].eq("city"), "region"])  # cities one by one


def test_a_year_without_reports_is_refused_naming_the_years_that_have_them():
    with pytest.raises(InputError) as err:
        batch.report_regions(1950)
    assert err.value.field == "--year" and err.value.value == 1950 and re.search(r"\d{4}-2026\b", str(err.value))


def _kw(tmp_path, lines, notebooks, regions=("liaoning", "jilin")):
    return dict(
        year=2026,
        regions=list(regions),
        out=tmp_path / "out",
        notebooks_dir=notebooks,
        input_roots=[],
        use_cache=True,
        jobs=2,
        log=lines.append,
    )


@pytest.mark.slow
def test_a_batch_publishes_each_region_an_index_and_reuses_the_cache(tmp_path):
    notebooks = fixture_notebooks(tmp_path / "nb")
    lines: list[str] = []
    first = batch.run_batch(**_kw(tmp_path, lines, notebooks))
    assert first.exit_code == 0 and list(first.runs) == ["liaoning", "jilin"]
    for region in ("liaoning", "jilin"):
        assert (tmp_path / "out" / region / "latest" / "briefing.html").is_file()
        assert len([line for line in lines if re.search(rf"\] \[\d/2\] {region} 2026 published", line)]) == 1
    assert len(lines) == 4  # what runs, one line per region, the summary: nothing per notebook
    index = first.index.read_text(encoding="utf-8")
    assert "辽宁" in index and "吉林" in index and 'href="jilin/latest/briefing.html"' in index
    assert "@font-face" in index  # the Chinese names render without a system font
    assert first.counts().get("done") == 6 and not first.counts().get("cached")
    assert any("2 of 2 briefings published" in line for line in lines)
    lines.clear()
    second = batch.run_batch(**_kw(tmp_path, lines, notebooks))
    assert second.exit_code == 0 and second.counts() == {"cached": 6}
    assert "0 kernels started" in lines[-1]


@pytest.mark.slow
def test_a_region_that_fails_is_named_and_the_others_publish(tmp_path):
    notebooks = fixture_notebooks(tmp_path / "nb")
    beta = nbformat.read(str(notebooks / "20_beta.ipynb"), as_version=4)
    fail = 'if region == "jilin":\n    raise RuntimeError("made to fail for jilin")'
    beta.cells.append(nbformat.v4.new_code_cell(fail))
    nbformat.write(beta, str(notebooks / "20_beta.ipynb"))
    lines: list[str] = []
    run = batch.run_batch(**_kw(tmp_path, lines, notebooks, regions=("jilin", "liaoning", "hebei")))
    assert run.exit_code == 1 and run.failed == ["jilin"]
    assert (tmp_path / "out" / "liaoning" / "latest").exists() and (tmp_path / "out" / "hebei" / "latest").exists()
    assert not (tmp_path / "out" / "jilin" / "latest").exists()
    assert any("jilin 2026 NOT published" in line for line in lines)
    assert any("jilin: 20_beta failed: RuntimeError: made to fail for jilin" in line for line in lines)
    assert "not published: jilin" in lines[-1]


def test_a_bad_parameter_stops_the_batch_before_any_kernel(tmp_path):
    with pytest.raises(InputError, match="unknown parameter"):
        batch.run_batch(
            year=2026,
            regions=["liaoning"],
            out=tmp_path / "out",
            overrides=[("nosuch", "1")],
            notebooks_dir=fixture_notebooks(tmp_path / "nb"),
            input_roots=[],
        )
    assert not (tmp_path / "out").exists()


def test_the_index_is_the_january_page_with_links_and_the_failures_named(tmp_path):
    from analysis.briefing.runner import BriefingRun

    run_dir = tmp_path / "out" / "liaoning" / "runs" / "r1"
    run_dir.mkdir(parents=True)
    (tmp_path / "out" / "liaoning" / "latest").symlink_to(run_dir)
    failed = tmp_path / "out" / "jilin" / "runs" / "r1"
    failed.mkdir(parents=True)
    run = batch.BatchRun(
        tmp_path / "out", 2026, runs={"liaoning": BriefingRun(run_dir, True), "jilin": BriefingRun(failed, False)}
    )
    rows = batch.index_rows(run)
    assert rows[0]["status"] == "published" and rows[0]["link"] == "liaoning/latest/briefing.html"
    assert rows[1]["status"] == "failed" and rows[1]["link"] == ""
    assert run.exit_code == 1 and run.failed == ["jilin"]
    text = batch.write_index(run).read_text(encoding="utf-8")
    assert '<a href="liaoning/latest/briefing.html">' in text and "jilin/latest" not in text
    assert "Not briefed in this run: 吉林: failed" in text
    assert text.count("<tr") == 33  # the header, the nation and the 31 provinces
    assert 'alt="Map of the provinces' in text and "sortable" in text
