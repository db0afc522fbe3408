"""Benchmark: the whole corpus built cold, and rebuilt after one new report (aims: < 30 s and < 3 s on 2 cores).

``python -m analysis.bench corpus`` builds the shipped ``data/raw/reports`` into a temporary folder
three times and prints, for each: seconds, MB/s and the peak resident memory of the process and its
workers: (1) cold, the reading cache empty; (2) after one new report (a copy of a shipped text under
a new region key, so that one text is read and the others come from the cache); (3) again with
nothing new.
"""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from pathlib import Path

from analysis import paths
from analysis.corpus import build as corpus_build


def _peak_mb() -> float:
    """Peak resident memory (MB) of this process and of its finished children (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _timed(label: str, reports: Path, out: Path, megabytes: float) -> float:
    start = time.perf_counter()
    built = corpus_build.build(reports, out)
    seconds = time.perf_counter() - start
    print(
        f"{label}: {len(built.reports)} texts, {megabytes:.1f} MB in {seconds:.1f} s "
        f"({megabytes / seconds:.2f} MB/s), peak memory {_peak_mb():.0f} MB",
        flush=True,
    )
    return seconds


def run() -> dict:
    texts = list(paths.RAW_REPORTS.rglob("*.txt"))
    megabytes = sum(p.stat().st_size for p in texts) / 1e6
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        reports, out = work / "reports", work / "corpus"
        shutil.copytree(paths.RAW_REPORTS, reports)
        cold = _timed("cold build (aim < 30 s)", reports, out, megabytes)
        source = paths.report_path("jilin", 2026)
        shutil.copy(source, reports / "2026_changchun.txt")  # one new text, read; the rest from the cache
        one = _timed("rebuild after one new report (aim < 3 s)", reports, out, megabytes)
        again = _timed("rebuild with nothing new", reports, out, megabytes)
    return {"cold_s": cold, "one_new_s": one, "unchanged_s": again, "mb": megabytes, "peak_mb": _peak_mb()}
