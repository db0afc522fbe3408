"""Benchmarks of the data layer: ``import analysis`` time and the processed build time.

``python -m analysis.series.bench`` (or :func:`run`) prints both; timings are wall-clock seconds,
best of ``repeat`` runs. The build runs in memory (nothing written) on the shipped snapshot, and a
load of the processed tables is timed too.
"""

from __future__ import annotations

import subprocess
import sys
import time

from analysis.series import build, load


def import_time(repeat: int = 5) -> float:
    """Best wall-clock seconds of ``python -c "import analysis"`` in a fresh interpreter."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import analysis"], check=True)
        best = min(best, time.perf_counter() - start)
    return best


def build_time(repeat: int = 3) -> tuple[float, int]:
    """Best seconds of an in-memory build of the shipped snapshot, and its series row count."""
    best, rows = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        built = build.run(write_outputs=False)
        best = min(best, time.perf_counter() - start)
        rows = len(built.series)
    return best, rows


def load_time() -> float:
    """Seconds for the first ``load_series`` call of a session (reads data/processed if current)."""
    load.clear_cache()
    start = time.perf_counter()
    load.load_series("gdp_nominal", "liaoning", vintage="all")
    return time.perf_counter() - start


def run() -> dict[str, float]:
    """Print and return the data-layer timings (seconds)."""
    baseline = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        baseline = min(baseline, time.perf_counter() - start)
    imported = import_time()
    built, rows = build_time()
    loaded = load_time()
    print(
        f"import analysis: {imported * 1000:.0f} ms (best of 5, fresh interpreter; "
        f"bare python {baseline * 1000:.0f} ms)"
    )
    print(f"data build (in memory, {rows} series rows): {built:.2f} s (best of 3)")
    print(f"first load_series of a session: {loaded:.2f} s")
    return {"import_s": imported, "python_s": baseline, "build_s": built, "load_s": loaded}


if __name__ == "__main__":
    run()
