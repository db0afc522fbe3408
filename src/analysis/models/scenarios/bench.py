"""Benchmark of the 万亿 scenario Monte Carlo: paths per second, time for 100,000 paths per goal.

``python -m analysis.bench scenarios``. The case is the seed report (:data:`CASE`, the first report the
suite was built on; its six goals are read from it). Reading the goals, the levels and the growth
histories, and the backtest of the bands, happen once, outside the timed part; the timed part is the
simulation and calibration of every evaluable goal plus its tables, what
:func:`analysis.models.scenarios.run` does per goal. Aim: < 1 s for 100,000 paths on 2 cores.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace

import numpy as np

from analysis.corpus.build import load_panel
from analysis.models.scenarios import bands, outputs
from analysis.models.scenarios.inputs import read_goals
from analysis.models.scenarios.run import Params, prepare, scenario_names, simulate

#: the benchmark's report (region, year)
CASE = ("liaoning", 2024)


def measure(region: str, year: int, n_paths: int = 100_000, seed: int = 20240123, repeats: int = 5) -> dict:
    """Best-of-``repeats`` wall time of simulating, calibrating and tabulating every evaluable goal.

    Returns a dict: n_paths, n_scenarios (simulated), years (simulated scenario-years), seconds,
    paths_per_second (paths of all scenarios per second), load_seconds (one-off: goals, data, backtest).
    """
    params = Params(seed=seed, n_paths=n_paths)
    t0 = time.perf_counter()
    panel = load_panel()
    goals = read_goals(region, year, panel)
    table = bands.measured_bands(seed, params.backtest_paths)
    rows = [(g, n) for (_, g), n in zip(goals.iterrows(), scenario_names(goals)) if g["evaluable"]]
    prepared = [prepare(g, n, year, panel, params) for g, n in rows]
    prepared = [s for s in prepared if not s.reasons]
    load_seconds = time.perf_counter() - t0
    best = float("inf")
    for _ in range(repeats):
        runs = [replace(s) for s in prepared]
        t0 = time.perf_counter()
        for s, child in zip(runs, np.random.SeedSequence(seed).spawn(len(runs))):
            simulate(s, np.random.default_rng(child), bands.ends_for(table, s.key), params)
        outputs.crossing_table(runs)
        outputs.fan_table(runs)
        best = min(best, time.perf_counter() - t0)
    return {
        "n_paths": n_paths,
        "n_scenarios": len(runs),
        "years": sum(len(s.years) for s in runs),
        "seconds": best,
        "paths_per_second": n_paths * len(runs) / best,
        "load_seconds": load_seconds,
    }


def run() -> None:
    """Print the benchmark (numbers only, not pass/fail)."""
    r = measure(*CASE)
    print(
        f"scenarios ({CASE[0]} {CASE[1]}): {r['n_scenarios']} simulated goals, {r['years']} goal-years, "
        f"{r['n_paths']:,} paths each (cpus visible: {os.cpu_count()})"
    )
    print(f"  time for {r['n_paths']:,} paths, all goals: {r['seconds']:.3f} s (aim < 1 s; best of 5)")
    print(
        f"  throughput: {r['paths_per_second']:,.0f} goal-paths/s "
        f"({r['paths_per_second'] / max(r['n_scenarios'], 1):,.0f} paths/s per goal)"
    )
    print(f"  one-off goals, data, estimation and backtest: {r['load_seconds']:.3f} s")


if __name__ == "__main__":
    run()
