"""Briefing benchmarks: warm kernels, a single briefing cold and cached, the batch of a year.

``python -m analysis.bench briefing`` (:func:`run`) prints, each measured as a fresh command:

1. **kernel**: one warm kernel started with the notebooks' imports, and the reset it gets between
   two notebooks (:mod:`analysis.briefing.kernel_state`);
2. **briefing, cold**: ``python -m analysis briefing`` into a new ``--out`` (empty cache);
3. **briefing, cached**: the same again (unchanged inputs: the cache answers, no kernel starts);
4. **sequential papermill**: ``papermill NN.ipynb ...`` for each notebook, one after another, in DAG
   order, with the parameters each receives (what one would do by hand, a new kernel each).

``python -m analysis.bench batch`` (:func:`run_batch`, several minutes) prints one cold single
briefing of the year, then ``--region all`` for the year cold (empty cache) and cached, with the
ratio of the cold batch to the cold single briefing. Aims (issue #27): a single briefing cold < 8 s,
the batch of every province cold <= 4 x one cold briefing and < 120 s on 2 cores.

The region and year are those ``python -m analysis briefing`` takes when given none. A run that
does not publish is reported as such (its seconds are not comparable). Everything is written to a
temporary folder: the working tree is left as it was. Timings are wall-clock seconds of one run on
a machine that may be shared: read them with their noise in mind.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis import paths
from analysis.briefing import dag
from analysis.briefing.kernel import resolve_kernel
from analysis.briefing.pool import WarmKernel, notebook_imports
from analysis.briefing.runner import plan, read_notebooks
from analysis.briefing.shipped import report_regions
from analysis.cli import build_parser

#: Runs ``run_briefing`` / ``run_batch`` on a notebooks folder other than ``notebooks/`` (as the CLI would).
_DRIVER = """\
import sys
from analysis.briefing.batch import run_batch
from analysis.briefing.runner import run_briefing
region, year, out, notebooks, cache = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5] == "on"
if region == "all":
    sys.exit(run_batch(year=year, out=out, notebooks_dir=notebooks, use_cache=cache).exit_code)
sys.exit(run_briefing(region=region, year=year, out=out, notebooks_dir=notebooks, use_cache=cache).exit_code)
"""


def default_briefing() -> tuple[str, int]:
    """The region and year of ``python -m analysis briefing`` without options."""
    args = build_parser().parse_args(["briefing"])
    return args.region, args.year


def _env() -> dict[str, str]:
    return dict(os.environ, MPLBACKEND="Agg", PYDEVD_DISABLE_FILE_VALIDATION="1")


def _briefing(region: str, year: int, out: Path, notebooks_dir: Path | None, *, cache: bool = True) -> tuple:
    """Seconds, exit code and stderr of one briefing command (``region`` may be ``all``)."""
    if notebooks_dir is None:
        cmd = [sys.executable, "-m", "analysis", "briefing", "--region", region, "--year", str(year), "--out", str(out)]
        cmd += [] if cache else ["--no-cache"]
    else:
        cmd = [sys.executable, "-c", _DRIVER, region, str(year), str(out), str(notebooks_dir), "on" if cache else "no"]
    start = time.perf_counter()
    done = subprocess.run(cmd, env=_env(), capture_output=True, text=True)
    return time.perf_counter() - start, done.returncode, done.stderr


def _verdict(code: int, stderr: str) -> str:
    if code == 0:
        return ""
    failed = re.findall(r"(\d\d_\w+) failed:", stderr) or re.findall(r"not published: (.*?) \(", stderr)
    return f"  [exit {code}: NOT published ({', '.join(dict.fromkeys(failed)) or 'see the log'}): not comparable]"


def kernel_times(notebooks_dir: Path | None = None, resets: int = 5) -> dict[str, float]:
    """Seconds to start one warm kernel with the notebooks' imports, and the best reset between notebooks."""
    notebooks = read_notebooks(notebooks_dir)
    warm = WarmKernel(resolve_kernel(), notebook_imports(notebooks.paths), 1)
    start = time.perf_counter()
    warm.start()
    started = time.perf_counter() - start
    best = float("inf")
    try:
        with tempfile.TemporaryDirectory(prefix="kernel-bench-") as tmp:
            for _ in range(resets):
                begin = time.perf_counter()
                warm._silent(f"__import__('_briefing_kernel').prepare({tmp!r}, {{}})")
                best = min(best, time.perf_counter() - begin)
    finally:
        warm.stop()
    return {"kernel_start_s": started, "kernel_reset_s": best}


def run(region: str | None = None, year: int | None = None, notebooks_dir: str | Path | None = None) -> dict:
    """Print the kernel, single-briefing and papermill numbers (see the module docstring); return them."""
    default_region, default_year = default_briefing()
    region, year = region or default_region, year or default_year
    folder = Path(notebooks_dir) if notebooks_dir is not None else None
    notebooks = read_notebooks(folder)
    the_plan = plan(notebooks, region=region, year=year, note=lambda line: None)
    order = dag.topological_order(notebooks.deps)
    by_name = {nb.name: nb for nb in notebooks.notebooks}
    result = kernel_times(folder)
    print(f"notebooks: {', '.join(order)}; {region} {year} ({os.cpu_count()} CPUs)")
    print(
        f"warm kernel: start with imports {result['kernel_start_s']:5.1f} s, reset between notebooks "
        f"{result['kernel_reset_s'] * 1000:.0f} ms"
    )

    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        tmp = Path(tmp)
        cold, code, err = _briefing(region, year, tmp / "out", folder)
        print(f"briefing, cold (empty cache) : {cold:6.1f} s  (aim < 8 s){_verdict(code, err)}")
        cached, code, err = _briefing(region, year, tmp / "out", folder)
        print(f"briefing, cached             : {cached:6.1f} s{_verdict(code, err)}")

        work = tmp / "sequential"
        (work / "figures").mkdir(parents=True)
        (work / paths.NOTEBOOK_FOLDER_MARKER).touch()  # output_dir "figures" is this folder's, not notebooks/
        start, failed = time.perf_counter(), []
        for name in order:
            cmd = [
                str(Path(sys.executable).with_name("papermill")),
                str(by_name[name].path),
                str(work / f"{name}.ipynb"),
            ]
            cmd += ["-k", "python3", "--cwd", str(work), "--no-progress-bar"]
            for key, value in the_plan.per_notebook[name].items():
                cmd += ["-p", key, str(value)]
            if subprocess.run(cmd, env=_env(), capture_output=True).returncode != 0:
                failed.append(name)
        sequential = time.perf_counter() - start
    note = f"  [{', '.join(failed)} failed: not comparable]" if failed else ""
    print(f"sequential papermill CLI     : {sequential:6.1f} s{note}")
    print(f"ratios to sequential papermill: cold {cold / sequential:.2f}, cached {cached / sequential:.2f}")
    result.update(briefing_cold_s=cold, briefing_cached_s=cached, sequential_papermill_s=sequential)
    return result


def run_batch(year: int = 2026, notebooks_dir: str | Path | None = None) -> dict:
    """Print one cold single briefing of ``year``, the cold and the cached batch and their ratio; return them."""
    folder = Path(notebooks_dir) if notebooks_dir is not None else None
    regions = report_regions(year)
    default_region, _ = default_briefing()
    single = default_region if default_region in regions else regions[-1]
    result: dict[str, float] = {"regions": len(regions)}
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
        tmp = Path(tmp)
        seconds, code, err = _briefing(single, year, tmp / "single", folder)
        result["single_cold_s"] = seconds
        print(f"one briefing ({single} {year}), cold : {seconds:6.1f} s  (aim < 8 s){_verdict(code, err)}")
        for label in ("cold", "cached"):
            seconds, code, err = _briefing("all", year, tmp / "all", folder)
            counts = re.search(r"\((\d+) notebooks executed, (\d+) from the cache; (\d+) kernels started\)", err)
            result[f"batch_{label}_s"] = seconds
            detail = f"  ({counts.group(1)} executed, {counts.group(2)} cached, {counts.group(3)} kernels)"
            print(
                f"batch of {len(regions)} reports of {year}, {label:6}: {seconds:6.1f} s"
                + (detail if counts else "")
                + _verdict(code, err)
            )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result["peak_child_mb"] = peak
    ratio = result["batch_cold_s"] / result["single_cold_s"]
    result["ratio_cold"] = ratio
    print(
        f"cold batch / cold briefing: {ratio:.1f} (aim <= 4); cold batch "
        f"{'under' if result['batch_cold_s'] < 120 else 'OVER'} 120 s"
    )
    print(f"peak memory of one process: {peak:.0f} MB ({os.cpu_count()} CPUs; timings of a shared machine are noisy)")
    return result


if __name__ == "__main__":
    run()
