"""``python -m analysis.briefing.bench``: briefing wall time against the plain papermill CLI, one run.

Measured in one process, on the same notebooks and parameters, each as a fresh command:

1. warm-up: ``python -m analysis briefing`` once (fills the OS file cache and ``OUT/.cache``);
2. **briefing, warm**: ``python -m analysis briefing`` again (unchanged inputs: the cache answers);
3. **briefing, no cache**: ``python -m analysis briefing --no-cache`` (every notebook executed;
   the independent ones in parallel kernels);
4. **sequential papermill**: ``papermill NN.ipynb ...`` for each notebook, one after another, in
   DAG order, with the parameters each declares (what one would do by hand).

Prints the seconds and the ratios against (4). Aim: warm briefing <= 0.6 x sequential and < 30 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return seconds


def run(region: str = "liaoning", year: int = 2024) -> dict[str, float]:
    """Run the benchmark and print it; returns the measured seconds and ratios."""
    from analysis.briefing import runner

    python = sys.executable
    papermill = str(Path(python).with_name("papermill"))
    env = dict(os.environ, MPLBACKEND="Agg", PYDEVD_DISABLE_FILE_VALIDATION="1")
    notebooks, deps, per_notebook = runner.plan(region=region, year=year)
    order = runner.dag.topological_order(deps)
    by_name = {nb.name: nb for nb in notebooks}
    briefing = [python, "-m", "analysis", "briefing", "--region", region, "--year", str(year)]

    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        tmp = Path(tmp)
        _timed(briefing + ["--out", str(tmp / "out")], env)  # warm-up, fills the cache
        warm = _timed(briefing + ["--out", str(tmp / "out")], env)
        cold = _timed(briefing + ["--out", str(tmp / "nocache"), "--no-cache"], env)

        work = tmp / "sequential"
        (work / "figures").mkdir(parents=True)
        start = time.perf_counter()
        for name in order:
            cmd = [
                papermill,
                str(by_name[name].path),
                str(work / f"{name}.ipynb"),
                "-k",
                runner.KERNEL,
                "--cwd",
                str(work),
                "--no-progress-bar",
            ]
            for key, value in per_notebook[name].items():
                cmd += ["-p", key, str(value)]
            subprocess.run(cmd, env=env, check=True, capture_output=True)
        sequential = time.perf_counter() - start

    result = {
        "briefing_warm_s": warm,
        "briefing_no_cache_s": cold,
        "sequential_papermill_s": sequential,
        "ratio_warm": warm / sequential,
        "ratio_no_cache": cold / sequential,
    }
    print(f"notebooks: {', '.join(order)} ({os.cpu_count()} CPUs)")
    print(f"sequential papermill CLI : {sequential:6.1f} s")
    print(f"briefing, no cache       : {cold:6.1f} s  ratio {result['ratio_no_cache']:.2f}")
    print(
        f"briefing, warm           : {warm:6.1f} s  ratio {result['ratio_warm']:.2f}"
        f"  (aim <= 0.60 and < 30 s: {'ok' if result['ratio_warm'] <= 0.6 and warm < 30 else 'MISSED'})"
    )
    return result


def run_batch(year: int = 2026) -> dict[str, float]:
    """Every region with a report of ``year`` briefed in one command, cold (empty cache) and again
    with the cache of the first run; prints seconds, notebooks executed and peak memory.
    Aim: the 24-province 2026 set under 2 minutes on 2 cores."""
    import re
    import resource

    from analysis.briefing.batch import report_regions

    env = dict(os.environ, MPLBACKEND="Agg", PYDEVD_DISABLE_FILE_VALIDATION="1")
    command = [sys.executable, "-m", "analysis", "briefing", "--region", "all", "--year", str(year)]
    regions = report_regions(year)
    result: dict[str, float] = {"regions": len(regions)}
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
        for label in ("cold", "cached"):
            start = time.perf_counter()
            done = subprocess.run(command + ["--out", tmp], env=env, capture_output=True, text=True)
            seconds = time.perf_counter() - start
            if done.returncode != 0:
                raise RuntimeError(f"the {label} batch failed ({done.returncode}):\n{done.stderr[-3000:]}")
            counts = re.search(r"\((\d+) notebooks executed, (\d+) from the cache\)", done.stderr)
            result[f"{label}_s"] = seconds
            print(
                f"batch of {len(regions)} {year} reports, {label:6}: {seconds:6.1f} s"
                + (f"  ({counts.group(1)} notebooks executed, {counts.group(2)} from the cache)" if counts else "")
            )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result["peak_child_mb"] = peak
    print(f"peak memory of one process: {peak:.0f} MB ({os.cpu_count()} CPUs)")
    verdicts = {label: "ok" if result[f"{label}_s"] < 120 else "MISSED" for label in ("cold", "cached")}
    print(f"aim under 120 s: cold {verdicts['cold']}, cached {verdicts['cached']}")
    return result


if __name__ == "__main__":
    run()
