"""The suite as pip, conda, JupyterLab and papermill users run it, outside ``tasks.py``.

The slow tests build a fresh virtual environment with plain ``pip install -e '.[test]'`` (no kernel
registered), run nbval on notebooks there, and publish one briefing from a folder outside the checkout.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from analysis import paths
from analysis.briefing import dag, kernel, params
from analysis.errors import InputError

ROOT = paths.ROOT
NOTEBOOKS = sorted(nb.path for nb in dag.discover(paths.NOTEBOOKS))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_papermill_help_lists_every_parameter_with_type_and_help(notebook, caplog):
    """``papermill --help-notebook`` (papermill's own command, run in this process)."""
    from click.testing import CliRunner
    from papermill.cli import papermill

    with caplog.at_level(logging.WARNING, logger="papermill"):
        done = CliRunner().invoke(papermill, ["--help-notebook", str(notebook)])
    assert done.exit_code == 0, done.output
    text = done.output
    assert not [r for r in caplog.records if "Unable to parse" in r.getMessage()], caplog.text
    declared = params.read_parameters(notebook)
    assert declared
    for name, parameter in declared.items():
        line = next((ln for ln in text.splitlines() if ln.strip().startswith(f"{name}: ")), None)
        assert line is not None, f"{notebook.name}: {name} missing from --help-notebook:\n{text}"
        assert f"{name}: {parameter.type} (default" in line
        # the help is printed on the line, or wrapped onto the next one
        assert parameter.comment[:20] in text


def test_a_comment_papermill_cannot_parse_is_refused_naming_the_parameter():
    with pytest.raises(InputError, match="may not hold '='") as err:
        params.parse_parameters('snapshot: str = ""  # raw snapshot ("" = shipped)', file="x.ipynb")
    assert err.value.field == "snapshot" and err.value.file == "x.ipynb"


def test_notebook_paths_are_relative_to_the_notebook_whatever_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # e.g. papermill started at the repository root or anywhere else
    assert paths.notebook_path("../figures") == paths.NOTEBOOKS / "../figures"
    assert paths.notebook_path("../figures").resolve() == paths.FIGURES.resolve()
    (tmp_path / paths.NOTEBOOK_FOLDER_MARKER).touch()  # the runner's stage folder stands in for notebooks/
    assert paths.notebook_path("figures") == tmp_path / "figures"
    assert paths.notebook_path(tmp_path / "x") == tmp_path / "x"


def test_input_error_shows_in_ipython_as_one_line_not_a_traceback():
    err = InputError("unknown region", field="region", value="nowhere")
    assert err._render_traceback_() == ["InputError: unknown region (field 'region', value 'nowhere')"]


@pytest.mark.parametrize(
    "values, field",
    [
        ({"region": "nowhere", "year": 2024}, "region"),
        ({"region": "liaoning", "year": 1990}, "year"),
        ({"region": "jilin", "year": 1950}, "year"),
        ({"region": "liaoning", "year": 2024, "as_of": "2099-01-01"}, "as_of"),
        ({"region": "liaoning", "year": 2024, "n_paths": 0}, "n_paths"),
        ({"region": "liaoning", "year": 2024, "start_year": 2020, "end_year": 2010}, "start_year"),
        ({"region": "liaoning", "snapshot": "no-such-snapshot"}, "snapshot"),
    ],
)
def test_a_notebook_checks_its_own_values_when_run_outside_the_runner(values, field):
    with pytest.raises(InputError) as err:
        params.check_notebook(**values)
    assert err.value.field == field


def test_a_notebook_accepts_a_region_by_name_and_gets_the_key():
    assert params.check_notebook(region="辽宁", year=2024, as_of="2024-10-31") == "liaoning"
    assert params.check_notebook(seed=1) is None


def test_the_default_kernel_is_this_interpreter_and_needs_no_registration(monkeypatch):
    from jupyter_client import kernelspec

    def missing(self, name):
        raise kernelspec.NoSuchKernel(name)

    monkeypatch.setattr(kernelspec.KernelSpecManager, "get_kernel_spec", missing)
    chosen = kernel.resolve_kernel()
    assert chosen.spec["argv"][0] == sys.executable and "own ipykernel" in chosen.note
    manager = chosen.manager_class(kernel_name=chosen.name)
    assert manager.kernel_spec.argv[:3] == [sys.executable, "-m", "ipykernel_launcher"]
    with pytest.raises(InputError, match="no Jupyter kernel named 'other'") as err:
        kernel.resolve_kernel("other")
    assert err.value.field == "kernel"


def test_a_kernel_asked_for_by_name_is_used_as_registered():
    chosen = kernel.resolve_kernel("python3")  # ipykernel's own spec: found on any install
    assert "registered kernelspec 'python3'" in chosen.note
    manager = chosen.manager_class(kernel_name="python3")
    assert Path(manager.kernel_spec.argv[0]).name.startswith("python")


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets are POSIX only")
def test_each_kernel_talks_over_its_own_unix_sockets_so_runs_started_together_cannot_collide():
    # Over TCP, two kernels started at once could draw the same free port (a CI run died with
    # "Address already in use"); a socket path unique to each kernel cannot be drawn twice.
    chosen = kernel.resolve_kernel()
    managers = [chosen.manager_class(kernel_name=chosen.name) for _ in range(2)]
    assert [m.transport for m in managers] == ["ipc", "ipc"]
    assert managers[0].ip != managers[1].ip
    assert all(len(m.ip) + 3 < 104 for m in managers)  # within the Unix socket path limit


def _tasks():
    spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    return tasks


def test_tasks_test_runs_nbval_in_this_environment_whatever_kernel_the_notebooks_name():
    cmd = [str(c) for c in _tasks().pytest_command()]
    assert "--nbval" in cmd and "notebooks" in cmd and "--nbval-current-env" in cmd
    assert "--nbval-kernel-name" not in cmd  # no registered kernel needed


def test_tasks_quick_runs_the_everyday_tests_and_is_listed():
    tasks = _tasks()
    cmd = [str(c) for c in tasks.pytest_command(quick=True)]
    assert cmd[-2:] == ["-m", "not slow and not network"] and "--nbval" not in cmd
    assert "quick" in tasks.TASKS and "quick" in tasks.__doc__
    assert "quick" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_lab_runs_as_root_and_as_a_user(monkeypatch):
    tasks = _tasks()
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--allow-root" in tasks.lab_command()
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--allow-root" not in tasks.lab_command()


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory):
    """A new virtual environment with plain ``pip install -e '.[test]'``: no kernel registered, Jupyter's
    folders private to it. Returns (its python, its environment variables, a scratch folder)."""
    tmp = tmp_path_factory.mktemp("fresh")
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VIRTUAL_ENV", "PYTHON"))}
    env.update(
        JUPYTER_DATA_DIR=str(tmp / "jupyter-data"),
        JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"),
        MPLBACKEND="Agg",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        # as an activated venv: `jupyter kernelspec` finds its subcommands on PATH, this venv's first
        PATH=f"{env_dir / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    install = subprocess.run(
        [python, "-m", "pip", "install", "-v", "-e", f"{ROOT}[test]"],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    log = install.stdout + install.stderr
    assert "DeprecationWarning" not in log, [ln for ln in log.splitlines() if "Deprecation" in ln]
    listed = subprocess.run([python, "-m", "jupyter", "kernelspec", "list"], capture_output=True, text=True, env=env)
    assert "analysis" not in listed.stdout  # nothing registered
    return python, env, tmp


@pytest.mark.slow
@pytest.mark.parametrize("kernelspec, options", [("python3", []), ("analysis", ["--nbval-current-env"])])
def test_nbval_runs_notebooks_on_a_plain_pip_install_with_no_kernel_registered(fresh_venv, kernelspec, options):
    """``pytest --nbval-lax`` as a pip user types it: notebooks naming ``python3`` need nothing more;
    notebooks naming ``analysis`` need ``--nbval-current-env`` (what ``tasks.py test`` passes)."""
    from test_briefing_fixtures import fixture_notebooks

    python, env, tmp = fresh_venv
    work = tmp / f"nbval-{kernelspec}"
    notebooks = fixture_notebooks(work / "notebooks", kernelspec=kernelspec)
    (work / "figures").mkdir()  # the fixtures' default output_dir, ../figures
    done = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax", *options, str(notebooks)],
        capture_output=True,
        text=True,
        env=env,
        cwd=work,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert re.search(r"\d+ passed", done.stdout) and "NoSuchKernel" not in done.stdout
    assert (work / "figures" / "alpha.png").is_file() and (work / "figures" / "beta.png").is_file()


@pytest.mark.slow
def test_a_fresh_pip_install_publishes_a_briefing_without_a_registered_kernel(fresh_venv):
    """``python -m analysis briefing`` from a folder outside the checkout, on the plain pip install."""
    python, env, tmp = fresh_venv
    work = tmp / "elsewhere"
    work.mkdir()
    out = tmp / "briefing"
    done = subprocess.run(
        [python, "-m", "analysis", "briefing", "--region", "liaoning", "--year", "2024", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=work,
        timeout=1200,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "interpreter's own ipykernel" in done.stderr and str(python) in done.stderr
    html = (out / "latest" / "briefing.html").read_text(encoding="utf-8")
    assert "辽宁" in html and "<img" in html
    assert not list(work.iterdir()), "the briefing wrote into the folder it was started in"
