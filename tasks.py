#!/usr/bin/env python3
"""Project tasks, runnable with nothing but Python 3.11+ and pip.

    python3 tasks.py help        list every task
    python3 tasks.py briefing    set up .venv, build data/processed, run the notebooks, write the briefing
    python3 tasks.py quick       set up .venv, build data/processed, run the everyday tests (not slow)
    python3 tasks.py test        set up .venv (and headless Chromium), run the full test suite incl. nbval

Every task creates the virtual environment `.venv` on first use (idempotent afterwards).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
STAMP = VENV / ".installed"
#: The kernel `setup` registers for JupyterLab. Nothing else needs it: the briefing runs its notebooks
#: in the interpreter's own kernel and nbval runs them in the test environment's (--nbval-current-env),
#: whatever kernel the notebooks name.
KERNEL = "analysis"


def run(*cmd: str | Path, **kw) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=kw.pop("cwd", ROOT), **kw)


def _deps_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def setup() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - tasks.py runs under the machine's python3, maybe older
        sys.exit(f"tasks.py: Python 3.11+ is required, found {sys.version.split()[0]}")
    if not PY.exists():
        run(sys.executable, "-m", "venv", VENV)
    if not STAMP.exists() or STAMP.read_text() != _deps_digest():
        run(PY, "-m", "pip", "install", "--upgrade", "pip")
        run(PY, "-m", "pip", "install", "-e", ".[test]")
        run(PY, "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL, "--display-name", "Python (analysis)")
        STAMP.write_text(_deps_digest())


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_PATH"] = str(VENV / "share" / "jupyter")
    env.setdefault("MPLBACKEND", "Agg")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


def browser() -> None:
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "chromium", env=env)
    else:
        print("tasks.py: chromium not found and cannot be installed here; browser tests will fail", file=sys.stderr)


def data() -> None:
    setup()
    run(PY, "-m", "analysis", "data", "build", env=_env())
    run(PY, "-m", "analysis", "corpus", "build", env=_env())


def briefing() -> None:
    data()
    run(
        PY,
        "-m",
        "analysis",
        "briefing",
        "--region",
        "liaoning",
        "--year",
        "2024",
        "--out",
        ROOT / "briefing",
        env=_env(),
    )


def pytest_command(*, quick: bool = False) -> list[str | Path]:
    """The test command: every test and nbval on the notebooks (in this environment's kernel, so no
    kernel needs registering); ``quick``: the everyday tests only (``-m "not slow"``, no notebooks)."""
    cmd: list[str | Path] = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    if quick:
        return [*cmd, "-m", "not slow and not network"]
    return [*cmd, "--nbval", "notebooks", "--nbval-sanitize-with", "notebooks/sanitize.cfg", "--nbval-current-env"]


def test() -> None:
    data()
    browser()
    run(*pytest_command(), env=_env())


def quick() -> None:
    data()
    run(*pytest_command(quick=True), env=_env())


def bench() -> None:
    data()
    run(PY, "-m", "analysis.bench", env=_env())


def notebooks() -> None:
    data()
    run(PY, "-m", "analysis", "notebooks", "execute", env=_env())


def lab_command() -> list[str | Path]:
    """The JupyterLab command; as root (a container, a CI image) Jupyter needs --allow-root."""
    cmd: list[str | Path] = [PY, "-m", "jupyter", "lab", "--notebook-dir", ROOT / "notebooks"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


def lab() -> None:
    setup()
    run(*lab_command(), env=_env())


def list_tasks() -> None:
    print(__doc__.strip().splitlines()[0])
    for name, (_, doc) in TASKS.items():
        print(f"  {name:<10} {doc}")


#: task name -> (function, one-line description), in the order `help` lists them.
TASKS: dict[str, tuple[Callable[[], None], str]] = {
    "setup": (setup, "create .venv and install the package with test extras; register the Jupyter kernel"),
    "browser": (browser, "install headless Chromium (Debian package) if it is missing; needs root and apt-get"),
    "data": (data, "build data/processed from data/raw, the corpus panel included (deterministic)"),
    "briefing": (
        briefing,
        "set up, build data and produce the HTML briefing in briefing/ (offline, default parameters)",
    ),
    "test": (test, "set up and run the whole test suite: unit tests, nbval on the notebooks, browser test"),
    "quick": (quick, "set up and run the everyday tests: pytest -m 'not slow' (no kernels, no browser)"),
    "bench": (
        bench,
        "print benchmarks: import time, extraction MB/s, Monte Carlo speed, briefing cold/cached vs papermill",
    ),
    "notebooks": (
        notebooks,
        "re-execute every notebook in place with default parameters (refresh stored outputs for nbval)",
    ),
    "lab": (lab, "open JupyterLab with the project's kernel registered"),
    "help": (list_tasks, "list these tasks"),
}


def main(argv: list[str]) -> int:
    names = argv or ["help"]
    for name in names:
        if name not in TASKS:
            print(f"tasks.py: unknown task {name!r}; known: {', '.join(TASKS)}", file=sys.stderr)
            return 2
    try:
        for name in names:
            TASKS[name][0]()
    except subprocess.CalledProcessError as err:
        print(f"tasks.py: {name} failed (exit {err.returncode})", file=sys.stderr)
        return err.returncode or 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
