"""The runner on fixture notebooks: publish all or nothing, byte-identical figures, DAG order, cache.

These start real Jupyter kernels (this interpreter's ipykernel, kept warm): a few seconds each.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from test_briefing_fixtures import fixture_notebooks

from analysis.briefing import execute, inplace, runner

pytestmark = pytest.mark.slow


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _run(tmp_path, notebooks, lines=None, **kw):
    kw.setdefault("use_cache", False)
    return runner.run_briefing(
        region=kw.pop("region", "liaoning"),
        year=kw.pop("year", 2024),
        out=tmp_path / "out",
        notebooks_dir=notebooks,
        jobs=kw.pop("jobs", 2),
        input_roots=[],
        log=(lines.append if lines is not None else lambda s: None),
        **kw,
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """One good run, shared by the tests that only read it."""
    tmp = tmp_path_factory.mktemp("briefing")
    lines: list[str] = []
    run = _run(tmp, fixture_notebooks(tmp / "nb"), lines)
    return tmp, run, lines


def test_a_good_run_publishes_html_notebooks_and_figures(published):
    tmp, run, _ = published
    out = tmp / "out"
    assert run.exit_code == 0 and run.published
    assert (out / "latest").resolve() == run.run_dir.resolve()
    assert sorted(p.name for p in (run.run_dir / "notebooks").iterdir()) == [
        "10_alpha.ipynb",
        "20_beta.ipynb",
        "90_briefing.ipynb",
    ]
    assert {"alpha.png", "alpha.svg", "alpha.csv", "beta.png", "beta.svg", "alpha_table.csv", "beta_table.csv"} <= {
        p.name for p in (run.run_dir / "figures").iterdir()
    }
    html = (out / "briefing.html").read_text(encoding="utf-8")
    assert "简报 briefing" in html and html.count("data:image/png;base64,") == 2
    manifest = json.loads((run.run_dir / "run.json").read_text(encoding="utf-8"))
    assert manifest["published"] is True
    assert manifest["notebooks"]["20_beta"]["parameters"] == {"region": "liaoning", "output_dir": "figures"}
    assert not (run.run_dir / ".stage").exists()


def test_progress_lines_are_plain_and_the_dag_order_holds(published):
    _, _, lines = published
    stamp = r"^\[\d\d:\d\d:\d\d\] "
    assert all(re.match(stamp, line) for line in lines)
    done = [i for i, line in enumerate(lines) if re.search(r"(10_alpha|20_beta) done in \d+\.\ds$", line)]
    started_90 = next(i for i, line in enumerate(lines) if re.search(r"90_briefing started \(kernel \d\)$", line))
    assert len(done) == 2 and max(done) < started_90
    assert any("this interpreter's own ipykernel" in line for line in lines)


def test_independent_notebooks_run_at_the_same_time(published):
    _, _, lines = published
    # both phase notebooks start before either finishes
    first_done = next(i for i, line in enumerate(lines) if " done in " in line)
    starts = [i for i, line in enumerate(lines) if re.search(r"(10_alpha|20_beta) started \(kernel \d\)$", line)]
    assert len(starts) == 2 and max(starts) < first_done
    kernels = {re.search(r"kernel (\d)", lines[i]).group(1) for i in starts}
    assert len(kernels) == 2  # one warm kernel each


def test_the_executed_notebooks_receive_the_validated_parameters(published):
    import nbformat

    _, run, _ = published
    nb = nbformat.read(str(run.run_dir / "notebooks" / "20_beta.ipynb"), as_version=4)
    injected = [c.source for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'output_dir = "figures"' in injected[0] and "year" not in injected[0]


def test_two_runs_give_byte_identical_figures_notebooks_and_html(tmp_path, published):
    """Two fresh runs (other folders, other times, no cache): the same bytes, briefing.html included."""
    _, first, _ = published
    second = _run(tmp_path, fixture_notebooks(tmp_path / "nb"))
    assert second.published
    assert _tree(first.run_dir / "figures") == _tree(second.run_dir / "figures")
    assert _tree(first.run_dir / "notebooks") == _tree(second.run_dir / "notebooks")
    digests = {hashlib.sha256((run.run_dir / "briefing.html").read_bytes()).hexdigest() for run in (first, second)}
    assert len(digests) == 1


def test_executed_notebooks_and_html_hold_no_clock_no_machine_path_no_drawn_id(published):
    import nbformat

    tmp, run, _ = published
    html = (run.run_dir / "briefing.html").read_text(encoding="utf-8")
    timestamp = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d")
    for path in [run.run_dir / "briefing.html", *sorted((run.run_dir / "notebooks").glob("*.ipynb"))]:
        text = path.read_text(encoding="utf-8")
        assert str(tmp) not in text and "/tmp/" not in text and "/home/" not in text, path.name
        assert not timestamp.search(text), (path.name, timestamp.search(text))
    assert re.findall(r'id="cell-id=([^"]+)"', html) == [f"cell-{n}" for n in range(1, 8)]
    nb = nbformat.read(str(run.run_dir / "notebooks" / "20_beta.ipynb"), as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert [c.id for c in injected] == [execute.INJECTED_CELL_ID]
    assert nb.metadata.papermill["output_path"] == "notebooks/20_beta.ipynb"
    assert nb.metadata.papermill["input_path"] == "20_beta.ipynb"


def test_a_failing_notebook_leaves_the_published_briefing_untouched(tmp_path):
    good = _run(tmp_path, fixture_notebooks(tmp_path / "good"))
    assert good.published
    out = tmp_path / "out"
    before = _tree(out / "latest")
    before_html = (out / "briefing.html").read_bytes()

    lines: list[str] = []
    bad = _run(tmp_path, fixture_notebooks(tmp_path / "bad", fail="20_beta"), lines)
    assert bad.exit_code == 1 and not bad.published
    assert (out / "latest").resolve() == good.run_dir.resolve()
    assert _tree(out / "latest") == before
    assert (out / "briefing.html").read_bytes() == before_html
    kept = bad.run_dir / "notebooks" / "20_beta.ipynb"
    assert kept.exists() and "made to fail by the test" in kept.read_text(encoding="utf-8")
    assert bad.results["20_beta"].status == "failed"
    assert bad.results["90_briefing"].status == "skipped"
    assert not (bad.run_dir / "briefing.html").exists()
    assert any("RuntimeError: made to fail by the test" in line for line in lines)
    assert any(str(kept) in line for line in lines)


def test_cli_exits_non_zero_when_a_notebook_fails(tmp_path, monkeypatch, capsys):
    from analysis import cli, paths

    monkeypatch.setattr(paths, "NOTEBOOKS", fixture_notebooks(tmp_path / "nb", fail="10_alpha"))
    code = cli.main(["briefing", "--region", "liaoning", "--year", "2024", "--out", str(tmp_path / "out")])
    assert code == 1
    err = capsys.readouterr().err
    assert "10_alpha failed" in err and "not published" in err
    assert not (tmp_path / "out" / "latest").exists()


def test_the_cache_reuses_unchanged_notebooks_invisibly(tmp_path):
    notebooks = fixture_notebooks(tmp_path / "nb")
    first = _run(tmp_path, notebooks, use_cache=True)
    second = _run(tmp_path, notebooks, use_cache=True)
    assert {r.status for r in first.results.values()} == {"done"}
    assert {r.status for r in second.results.values()} == {"cached"}
    assert first.kernels == 2 and second.kernels == 0  # a run the cache answers starts no kernel
    assert _tree(first.run_dir / "figures") == _tree(second.run_dir / "figures")
    assert (first.run_dir / "briefing.html").read_bytes() == (second.run_dir / "briefing.html").read_bytes()

    # a changed parameter is a different input: executed again, and 90 after it
    third = _run(tmp_path, notebooks, use_cache=True, overrides=[("seed", "7")])
    assert third.results["20_beta"].status == "done"
    assert third.results["10_alpha"].status == "cached"
    assert third.results["90_briefing"].status == "done"
    assert (third.run_dir / "figures" / "beta.png").read_bytes() != (
        first.run_dir / "figures" / "beta.png"
    ).read_bytes()


def test_execute_in_place_stores_outputs_without_timing_metadata(tmp_path):
    import nbformat

    notebooks = fixture_notebooks(tmp_path / "notebooks")
    (tmp_path / "figures").mkdir()  # the defaults write to ../figures
    lines: list[str] = []
    assert inplace.execute_in_place(notebooks, names=["10_alpha"], log=lines.append)
    nb = nbformat.read(str(notebooks / "10_alpha.ipynb"), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert "papermill" not in nb.metadata
    assert not any("papermill" in c.metadata or "execution" in c.metadata for c in nb.cells)
    assert (tmp_path / "figures" / "alpha.png").exists()
    assert not (notebooks / "10_alpha.executing.ipynb").exists()


def test_execute_in_place_keeps_the_committed_notebook_when_it_fails(tmp_path):
    notebooks = fixture_notebooks(tmp_path / "notebooks", fail="10_alpha")
    (tmp_path / "figures").mkdir()
    before = (notebooks / "10_alpha.ipynb").read_bytes()
    assert not inplace.execute_in_place(notebooks, names=["10_alpha"], log=lambda s: None)
    assert (notebooks / "10_alpha.ipynb").read_bytes() == before
    assert "made to fail" in (notebooks / "10_alpha.failed.ipynb").read_text(encoding="utf-8")


def test_execute_in_place_is_all_or_nothing_for_notebooks_and_their_outputs(tmp_path):
    """One notebook fails: the ones that succeeded are put back too, and so is the output folder —
    files the run rewrote get their old bytes, files it added are removed. The report notebook fails,
    so both phase notebooks have run first whatever order the kernel takes them in."""
    notebooks = fixture_notebooks(tmp_path / "notebooks", fail="90_briefing")
    figures_dir = tmp_path / "figures"
    figures_dir.mkdir()
    (figures_dir / "alpha_table.csv").write_text("old table\n", encoding="utf-8")
    (figures_dir / "README.md").write_text("kept\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in notebooks.iterdir()}
    lines: list[str] = []
    names = ["10_alpha", "20_beta", "90_briefing"]
    assert not inplace.execute_in_place(notebooks, names=names, jobs=1, log=lines.append)
    assert sorted(p.name for p in figures_dir.iterdir()) == ["README.md", "alpha_table.csv"]
    assert (figures_dir / "alpha_table.csv").read_text(encoding="utf-8") == "old table\n"
    after = {p.name: p.read_bytes() for p in notebooks.iterdir() if not p.name.endswith(".failed.ipynb")}
    assert after == before
    assert (notebooks / "90_briefing.failed.ipynb").exists() and any("restored" in line for line in lines)
    assert any("10_alpha done" in line for line in lines)  # it ran, wrote, and was rolled back
    assert any("20_beta done" in line for line in lines)


def test_notebooks_that_name_the_analysis_kernel_run_with_no_kernel_registered(tmp_path, monkeypatch):
    """The notebooks may name ``analysis`` (registered by tasks.py setup) or ``python3``: the runner
    starts this interpreter's own kernel either way and looks no kernelspec up."""
    from jupyter_client import kernelspec

    def missing(self, name):
        raise kernelspec.NoSuchKernel(name)

    monkeypatch.setattr(kernelspec.KernelSpecManager, "get_kernel_spec", missing)
    run = _run(tmp_path, fixture_notebooks(tmp_path / "nb", kernelspec="analysis"), jobs=1)
    assert run.published and run.kernels == 1


def test_after_a_failure_the_notebooks_waiting_for_a_kernel_are_withdrawn(tmp_path):
    lines: list[str] = []
    run = _run(tmp_path, fixture_notebooks(tmp_path / "nb", fail="10_alpha"), lines, jobs=1)
    assert run.results["10_alpha"].status == "failed"
    assert run.results["20_beta"].status == "skipped" and run.results["90_briefing"].status == "skipped"
    assert not any("20_beta started" in line for line in lines)
    assert any("20_beta skipped (an earlier notebook failed)" in line for line in lines)
    assert run.kernels == 1  # the failed kernel is not replaced when nothing is left to run
    assert run.results["10_alpha"].seconds < 30
