"""Warm kernels: a reused kernel gives each notebook the state of a fresh one, byte for byte, and a
notebook that fails or kills its kernel cannot reach the next one.

The slow tests start real kernels (this interpreter's ipykernel) on the fixture notebooks.
"""

from __future__ import annotations

import os
import sys
import time

import nbformat
import papermill
import pytest
from test_briefing_fixtures import FIXTURES, fixture_notebooks

from analysis import paths
from analysis.briefing import execute, kernel, pool, runner
from analysis.models.feasibility import backtest


def _stage(folder):
    """A working folder as the runner makes one: figures/ and the notebook-folder marker."""
    (folder / "figures").mkdir(parents=True)
    (folder / paths.NOTEBOOK_FOLDER_MARKER).touch()
    return folder


def _fresh(source, executed, values, cwd):
    """Plain papermill in a new kernel of this interpreter, as the notebook would run without the pool.
    (The executed notebook names its own file: compare files of one name.)"""
    executed.parent.mkdir(parents=True, exist_ok=True)
    here, environ = os.getcwd(), dict(os.environ)
    os.environ.update(kernel.kernel_environment())  # the package of this checkout, as the pool's kernels
    os.chdir(cwd)
    try:
        papermill.execute_notebook(
            str(source),
            str(executed),
            parameters=values,
            kernel_name=kernel.THIS_INTERPRETER,
            language="python",
            progress_bar=False,
            kernel_manager_class=kernel.kernel_manager_class(True),
            extra_arguments=kernel.KERNEL_ARGUMENTS,
        )
    finally:
        os.chdir(here)
        os.environ.clear()
        os.environ.update(environ)
    execute.settle_notebook(executed, source)
    return executed.read_bytes()


def _warm(warm, source, executed, values, cwd):
    executed.parent.mkdir(parents=True, exist_ok=True)
    warm.execute(source, executed, values, cwd)
    execute.settle_notebook(executed, source)
    return executed.read_bytes()


# ---------------------------------------------------------------- no kernel
def test_the_warm_up_imports_what_the_notebooks_import(tmp_path):
    notebooks = fixture_notebooks(tmp_path / "nb")
    found = pool.notebook_imports(sorted(notebooks.glob("*.ipynb")))
    assert {"pandas", "numpy", "analysis.figures", "IPython.display", "IPython.display.Image"} <= set(found)
    assert found.index("pandas") < found.index("analysis.figures")  # in order of first appearance


def test_magics_and_relative_imports_do_not_stop_the_import_scan(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("%matplotlib inline\nimport json\n!ls"),
        nbformat.v4.new_code_cell("from . import sibling\nfrom __future__ import annotations\nfrom os import path"),
        nbformat.v4.new_code_cell("this is not python"),
        nbformat.v4.new_markdown_cell("import not_code"),
    ]
    nbformat.write(nb, str(tmp_path / "x.ipynb"))
    assert pool.notebook_imports([tmp_path / "x.ipynb"]) == ["json", "os", "os.path"]


def test_a_kernel_starts_with_an_absolute_pythonpath_so_it_imports_the_runners_package(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    base = {"PYTHONPATH": os.pathsep.join(["src", str(tmp_path / "abs"), ""]), "A": "1"}
    env = kernel.kernel_environment(base)
    assert env["PYTHONPATH"].split(os.pathsep) == [str(tmp_path / "src"), str(tmp_path / "abs"), ""]
    assert env["A"] == "1"


def test_the_cache_key_of_the_inputs_ignores_caches_and_files_being_written(tmp_path):
    """A model's own cache (the feasibility backtest's, in data/processed) and a file half written by
    a rename are not inputs: runs adding to them must not change the digest of the next run."""
    from analysis.briefing.cache import environment_fingerprint

    chosen = kernel.resolve_kernel()
    (tmp_path / "processed" / "model-cache").mkdir(parents=True)
    (tmp_path / "processed" / "series.csv").write_text("a,b\n", encoding="utf-8")
    before = environment_fingerprint(
        [tmp_path / "processed"], chosen, exclude=(tmp_path / "processed" / "model-cache",)
    )
    (tmp_path / "processed" / "model-cache" / "backtest-1.pickle").write_bytes(b"x")
    (tmp_path / "processed" / ".series.csv.tmp").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "processed" / ".cache").mkdir()
    (tmp_path / "processed" / ".cache" / "read.json").write_text("{}", encoding="utf-8")
    after = environment_fingerprint([tmp_path / "processed"], chosen, exclude=(tmp_path / "processed" / "model-cache",))
    assert after == before
    (tmp_path / "processed" / "series.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert environment_fingerprint([tmp_path / "processed"], chosen) != before  # an input changed
    assert runner.NOT_INPUTS == (backtest.CACHE,)


def test_the_default_kernel_is_this_interpreter_whatever_the_notebooks_name():
    chosen = kernel.resolve_kernel()
    assert chosen.spec["argv"][:3] == [sys.executable, "-m", "ipykernel_launcher"]
    manager = chosen.manager_class(kernel_name=chosen.name)
    assert manager.kernel_spec.argv[0] == sys.executable  # no kernelspec looked up, none needed


def test_a_pool_needs_a_kernel():
    with pytest.raises(ValueError, match="at least one kernel"):
        pool.KernelPool(kernel.resolve_kernel(), 0)


# ---------------------------------------------------------------- kernels
@pytest.mark.slow
def test_a_reused_kernel_gives_the_bytes_of_a_fresh_one_whatever_the_last_notebook_left(tmp_path):
    """The state fixture changes everything it can; run three times in one kernel it prints the
    same each time, and the same as plain papermill in a new kernel (executed notebook bytes)."""
    source = fixture_notebooks(tmp_path / "nb", scripts=FIXTURES / "state") / "50_state.ipynb"
    values = {"region": "jilin"}
    fresh = _fresh(source, tmp_path / "fresh" / source.name, values, _stage(tmp_path / "s-fresh"))
    with pool.KernelPool(kernel.resolve_kernel(), 1, pool.notebook_imports([source])) as warm_pool:
        warm = warm_pool.kernels[0]
        runs = [
            warm_pool.submit(
                lambda k, n=n: _warm(k, source, tmp_path / f"w{n}" / source.name, values, _stage(tmp_path / f"s{n}"))
            ).result()
            for n in range(3)
        ]
        assert warm.starts == 1 and warm.notebooks == 3
    text = runs[0].decode("utf-8")
    assert "names left over: []" in text and "environment left over: None" in text
    assert "pandas max rows: 60" in text and "open figures: []" in text and "line width: 9" not in text
    assert "Mean of empty slice" in text  # the warning is shown, as in a fresh kernel
    assert runs[0] == runs[1] == runs[2] == fresh


@pytest.mark.slow
def test_the_fixture_briefing_on_one_warm_kernel_equals_plain_papermill_notebook_by_notebook(tmp_path):
    notebooks = fixture_notebooks(tmp_path / "nb")
    run = runner.run_briefing(
        region="liaoning",
        year=2024,
        out=tmp_path / "out",
        notebooks_dir=notebooks,
        jobs=1,
        use_cache=False,
        input_roots=[],
        log=lambda line: None,
    )
    assert run.published
    the_plan = runner.plan(runner.read_notebooks(notebooks), region="liaoning", year=2024)
    stage = _stage(tmp_path / "fresh")
    for name in ("10_alpha", "20_beta", "90_briefing"):
        source = notebooks / f"{name}.ipynb"
        fresh = _fresh(source, tmp_path / "executed" / source.name, the_plan.per_notebook[name], stage)
        assert (run.run_dir / "notebooks" / f"{name}.ipynb").read_bytes() == fresh, name


@pytest.mark.slow
@pytest.mark.parametrize("how", ["fails", "kills its kernel", "kills its kernel once it has ended"])
def test_a_notebook_that_fails_or_kills_its_kernel_does_not_reach_the_next(tmp_path, how):
    source = fixture_notebooks(tmp_path / "nb", scripts=FIXTURES / "state") / "50_state.ipynb"
    bad = nbformat.read(str(source), as_version=4)
    last = {
        "fails": "raise RuntimeError('made to fail')",
        "kills its kernel": "os.kill(os.getpid(), 9)",
        "kills its kernel once it has ended": "import threading\nthreading.Timer(0.3, os._exit, args=(1,)).start()",
    }[how]
    bad.cells.append(nbformat.v4.new_code_cell(last, id="the-end"))
    nbformat.write(bad, str(tmp_path / "bad.ipynb"))
    values = {"region": "jilin"}
    with pool.KernelPool(kernel.resolve_kernel(), 1, pool.notebook_imports([source])) as warm_pool:
        failing = warm_pool.submit(
            lambda k: _warm(k, tmp_path / "bad.ipynb", tmp_path / "bad-out.ipynb", values, _stage(tmp_path / "bad"))
        )
        if how == "kills its kernel once it has ended":
            failing.result()  # the notebook itself succeeds; its kernel dies a moment later
            time.sleep(1.5)
        else:
            with pytest.raises(Exception) as err:
                failing.result()
            expected = "DeadKernelError" if how == "kills its kernel" else "made to fail"
            assert expected in repr(err.value) + str(err.value)
        after = warm_pool.submit(
            lambda k: _warm(k, source, tmp_path / "after" / source.name, values, _stage(tmp_path / "s-after"))
        ).result()
        assert warm_pool.starts == 2  # a new kernel for the next notebook
    fresh = _fresh(source, tmp_path / "fresh" / source.name, values, _stage(tmp_path / "s-fresh"))
    assert after == fresh


def test_a_cell_s_printing_is_one_output_however_the_kernel_flushed_it():
    one = nbformat.v4.new_output("stream", name="stdout", text="a\n")
    two = nbformat.v4.new_output("stream", name="stdout", text="b\n")
    warn = nbformat.v4.new_output("stream", name="stderr", text="w\n")
    merged = execute.merge_streams([one, two, warn, nbformat.v4.new_output("stream", name="stdout", text="c\n")])
    assert [(o["name"], o["text"]) for o in merged] == [("stdout", "a\nb\n"), ("stderr", "w\n"), ("stdout", "c\n")]
