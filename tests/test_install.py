"""The suite as pip, conda, JupyterLab and papermill users run it, outside ``tasks.py``.

The slow test builds a fresh virtual environment with plain ``pip install -e .`` (no kernel
registered) and publishes one briefing from a folder outside the checkout.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from analysis import paths
from analysis.briefing import dag, params, runner
from analysis.errors import InputError

ROOT = paths.ROOT
NOTEBOOKS = sorted(nb.path for nb in dag.discover(paths.NOTEBOOKS))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_papermill_help_lists_every_parameter_with_type_and_help(notebook):
    done = subprocess.run(
        [sys.executable, "-m", "papermill", "--help-notebook", str(notebook)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout + done.stderr
    assert "Unable to parse" not in text, text
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
        ({"region": "jilin", "year": 2024}, "year"),
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


def test_an_unregistered_default_kernel_falls_back_to_this_interpreter(monkeypatch):
    from jupyter_client import kernelspec

    def missing(self, name):
        raise kernelspec.NoSuchKernel(name)

    monkeypatch.setattr(kernelspec.KernelSpecManager, "get_kernel_spec", missing)
    chosen = runner.resolve_kernel(runner.KERNEL)
    assert chosen.spec["argv"][0] == sys.executable and "own kernel" in chosen.note
    manager = chosen.engine["kernel_manager_class"](kernel_name=runner.KERNEL)
    assert manager.kernel_spec.argv[:3] == [sys.executable, "-m", "ipykernel_launcher"]
    with pytest.raises(InputError, match="no Jupyter kernel named 'other'") as err:
        runner.resolve_kernel("other")
    assert err.value.field == "kernel"


def test_a_registered_kernel_is_used_as_registered():
    chosen = runner.resolve_kernel(runner.KERNEL)  # tasks.py setup registers it
    assert chosen.note == ""
    manager = chosen.engine["kernel_manager_class"](kernel_name=runner.KERNEL)
    assert Path(manager.kernel_spec.argv[0]).name.startswith("python")


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets are POSIX only")
def test_each_kernel_talks_over_its_own_unix_sockets_so_runs_started_together_cannot_collide():
    # Over TCP, two kernels started at once could draw the same free port (a CI run died with
    # "Address already in use"); a socket path unique to each kernel cannot be drawn twice.
    managers = [
        runner.resolve_kernel(runner.KERNEL).engine["kernel_manager_class"](kernel_name=runner.KERNEL) for _ in range(2)
    ]
    assert [m.transport for m in managers] == ["ipc", "ipc"]
    assert managers[0].ip != managers[1].ip
    assert all(len(m.ip) + 3 < 104 for m in managers)  # within the Unix socket path limit


def test_lab_runs_as_root_and_as_a_user(monkeypatch):
    spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--allow-root" in tasks.lab_command()
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--allow-root" not in tasks.lab_command()


def test_a_fresh_pip_install_publishes_a_briefing_without_a_registered_kernel(tmp_path):
    """`pip install -e .` into a new venv, then `python -m analysis briefing` from another folder."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VIRTUAL_ENV", "PYTHON"))}
    env.update(
        JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
        MPLBACKEND="Agg",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    install = subprocess.run(
        [python, "-m", "pip", "install", "-v", "-e", str(ROOT)], capture_output=True, text=True, env=env, timeout=1200
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    log = install.stdout + install.stderr
    assert "DeprecationWarning" not in log, [ln for ln in log.splitlines() if "Deprecation" in ln]

    work = tmp_path / "elsewhere"
    work.mkdir()
    out = tmp_path / "briefing"
    done = subprocess.run(
        [python, "-m", "analysis", "briefing", "--region", "liaoning", "--year", "2024", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=work,
        timeout=1200,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "interpreter's own kernel" in done.stderr and str(python) in done.stderr
    html = (out / "latest" / "briefing.html").read_text(encoding="utf-8")
    assert "辽宁" in html and "<img" in html
    assert not list(work.iterdir()), "the briefing wrote into the folder it was started in"
