"""Benchmark of the 万亿 scenario Monte Carlo: paths per second, time for 100,000 paths.

``python -m analysis.bench scenarios`` (or ``python -m analysis.models.scenarios.bench``).
Data loading and parameter estimation happen once, outside the timed part; the timed part is
the simulation of every evaluable scenario plus its summary (crossing probabilities, quantiles),
exactly what :func:`analysis.models.scenarios.scenario_table` does per call. Aim: < 1 s for
100,000 paths on 2 cores.
"""

from __future__ import annotations

import os
import time


def measure(n_paths: int = 100_000, end_year: int = 2030, seed: int = 20240123, repeats: int = 5) -> dict:
    """Best-of-``repeats`` wall time of simulating and summarising every scenario.

    Returns a dict: n_paths, n_scenarios (simulated), years (total simulated scenario-years),
    seconds, paths_per_second (paths of all scenarios per second), load_seconds (one-off).
    """
    from analysis.models import scenarios as sc

    t0 = time.perf_counter()
    prepared = [sc.prepare(s) for s in sc.SCENARIOS]
    load_seconds = time.perf_counter() - t0
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        runs = sc.run_scenarios(seed, n_paths, end_year, prepared=prepared)
        sc.crossing_table(runs)
        best = min(best, time.perf_counter() - t0)
    simulated = [paths for _, paths in runs if paths is not None]
    return {
        "n_paths": n_paths,
        "n_scenarios": len(simulated),
        "years": sum(p.shape[1] for p in simulated),
        "seconds": best,
        "paths_per_second": n_paths * len(simulated) / best,
        "load_seconds": load_seconds,
    }


def run() -> None:
    """Print the benchmark (numbers only, not pass/fail)."""
    r = measure()
    print(
        f"scenarios: {r['n_scenarios']} simulated scenarios, {r['years']} scenario-years, "
        f"{r['n_paths']:,} paths each (cpus visible: {os.cpu_count()})"
    )
    print(f"  time for {r['n_paths']:,} paths, all scenarios: {r['seconds']:.3f} s (aim < 1 s; best of 5)")
    print(
        f"  throughput: {r['paths_per_second']:,.0f} scenario-paths/s "
        f"({r['paths_per_second'] / max(r['n_scenarios'], 1):,.0f} paths/s per scenario)"
    )
    print(f"  one-off data loading and estimation: {r['load_seconds']:.3f} s")


if __name__ == "__main__":
    run()
