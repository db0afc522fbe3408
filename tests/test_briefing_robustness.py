"""The runner under SIGKILL and under concurrent runs into one --out, on fixture notebooks.

Each run is a separate process (``python -c`` calling :func:`analysis.briefing.runner.run_briefing`
on the fixture notebooks), started in its own session so the test can kill exactly it with
SIGKILL, as the OOM killer or ``kill -9`` would: no handler runs, nothing is cleaned up. The warm
kernels it leaves run in sessions of their own: the one the test held is killed by the test, the
others exit when they find their parent gone. A few seconds per test.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_briefing_fixtures import fixture_notebooks

from analysis.briefing import publish

DRIVER = """\
import sys
from analysis.briefing import runner
run = runner.run_briefing(region="liaoning", year=2024, out=sys.argv[1], notebooks_dir=sys.argv[2], jobs=2,
                          input_roots=[], use_cache=sys.argv[3] == "cache")
sys.exit(run.exit_code)
"""


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _start(out: Path, notebooks: Path, *, cache: bool = False) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(out), str(notebooks), "cache" if cache else "no"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, str]:
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _complete(run_dir: Path) -> None:
    """A published run folder: every executed notebook, the figures, the HTML and its run.json."""
    import json

    assert sorted(p.name for p in (run_dir / "notebooks").iterdir()) == [
        "10_alpha.ipynb",
        "20_beta.ipynb",
        "90_briefing.ipynb",
    ]
    assert {"alpha.png", "alpha.csv", "beta.png", "alpha_table.csv", "beta_table.csv"} <= {
        p.name for p in (run_dir / "figures").iterdir()
    }
    html = (run_dir / "briefing.html").read_text(encoding="utf-8")
    assert html.rstrip().endswith("</html>") and html.count("data:image/png;base64,") == 2
    manifest = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    assert manifest["published"] is True
    assert {n["status"] for n in manifest["notebooks"].values()} <= {"done", "cached"}
    assert not (run_dir / ".stage").exists()


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """One published fixture run in a process of its own: (out folder, its latest tree, its HTML bytes)."""
    tmp = tmp_path_factory.mktemp("robust")
    code, err = _finish(_start(tmp / "out", fixture_notebooks(tmp / "nb")))
    assert code == 0, err
    return tmp / "out", _tree(tmp / "out" / "latest"), (tmp / "out" / "briefing.html").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("hold", ["20_beta", "90_briefing"])
def test_sigkill_part_way_leaves_latest_and_its_briefing_unchanged(tmp_path, good, hold):
    """Killed while a phase notebook runs (20_beta) or while the briefing notebook runs (90_briefing,
    every phase done and moved into the run folder): the published run is untouched."""
    out, before, before_html = good
    published = publish.published_run(out)
    marker = tmp_path / "kernel.pid"
    proc = _start(out, fixture_notebooks(tmp_path / "nb", hold=hold, marker=marker))
    kernel = None
    try:
        deadline = time.monotonic() + 90
        while not marker.exists() or not marker.read_text():
            assert proc.poll() is None, proc.communicate()[1]
            assert time.monotonic() < deadline, "the held notebook never started"
            time.sleep(0.1)
        kernel = int(marker.read_text())
        os.killpg(proc.pid, signal.SIGKILL)  # the runner (its own session): no handler, no clean-up
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            _kill(proc.pid)
        if kernel is not None:
            _kill(kernel)  # kernels run in their own session: the one the test held
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert publish.published_run(out) == published
    assert _tree(out / "latest") == before
    assert (out / "briefing.html").read_bytes() == before_html
    assert (out / "latest" / "briefing.html").read_bytes() == before_html
    killed = sorted(p for p in (out / "runs").iterdir() if p.resolve() != published)
    assert killed and not any((p / "briefing.html").exists() for p in killed)  # a half run never has HTML
    assert not any(p.name.startswith(".latest-") for p in out.iterdir())


@pytest.mark.slow
def test_two_runs_started_together_into_one_out_both_complete(tmp_path):
    """Two runs into a fresh --out at once (with the shared cache): both publish a complete run
    folder, and latest points at one of them, whose briefing.html is the one both wrote."""
    out = tmp_path / "out"
    procs = [_start(out, fixture_notebooks(tmp_path / f"nb{i}"), cache=True) for i in range(2)]
    results = [_finish(p) for p in procs]
    for code, err in results:
        assert code == 0, err
    runs = sorted(p for p in (out / "runs").iterdir() if p.is_dir())
    assert len(runs) == 2
    for run_dir in runs:
        _complete(run_dir)
    latest = publish.published_run(out)
    assert latest in [p.resolve() for p in runs]
    html = {(run_dir / "briefing.html").read_bytes() for run_dir in runs}
    assert len(html) == 1
    assert (out / "briefing.html").read_bytes() in html
    assert (out / "briefing.html").resolve() == latest / "briefing.html"
    assert not any(p.name.startswith((".latest-", ".tmp-")) for p in [*out.iterdir(), *(out / ".cache").iterdir()])


def test_publishing_at_the_same_instant_into_a_fresh_out_never_fails(tmp_path):
    """Two publishers racing for the first convenience links (OUT/briefing.html, OUT/figures): one
    makes them, the other finds them made; latest names one of the two runs."""
    import threading

    for attempt in range(40):
        out = tmp_path / f"out{attempt}"
        runs = [out / "runs" / name for name in ("a", "b")]
        for run_dir in runs:
            (run_dir / "figures").mkdir(parents=True)
            (run_dir / "briefing.html").write_text("<html></html>\n", encoding="utf-8")
        errors: list[BaseException] = []
        barrier = threading.Barrier(2)

        def publish_run(run_dir, out=out, errors=errors, barrier=barrier):
            barrier.wait()
            try:
                publish.publish(out, run_dir)
            except BaseException as err:  # noqa: BLE001 - collected for the assertion
                errors.append(err)

        threads = [threading.Thread(target=publish_run, args=(run_dir,)) for run_dir in runs]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        assert publish.published_run(out) in [r.resolve() for r in runs]
        assert (out / "briefing.html").read_text(encoding="utf-8") == "<html></html>\n"
