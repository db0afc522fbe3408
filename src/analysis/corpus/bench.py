"""Benchmark: the whole corpus read and the panel built (aim: under 5 s on 2 cores).

``python -m analysis.bench corpus`` prints, for the shipped ``data/raw/reports``: the number of
reports and megabytes read, the time to read them all, the time to build the panel (targets,
outcomes, goals, reconciliation with ``data/raw/public``) and the time to read a current build back.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path


def run() -> dict:
    from analysis import paths
    from analysis.corpus import build as corpus_build
    from analysis.corpus.read import read_corpus, shipped_reports

    reports = shipped_reports()
    megabytes = sum(r.path.stat().st_size for r in reports) / 1e6
    start = time.perf_counter()
    read_corpus()
    read_seconds = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "corpus"
        start = time.perf_counter()
        corpus_build.build(paths.RAW_REPORTS, out)
        build_seconds = time.perf_counter() - start
        start = time.perf_counter()
        corpus_build.panel(paths.RAW_REPORTS, out)
        load_seconds = time.perf_counter() - start
    print(f"corpus: {len(reports)} reports, {megabytes:.2f} MB read in {read_seconds:.2f} s "
          f"({megabytes / read_seconds:.2f} MB/s); read + panel + reconciliation + write {build_seconds:.2f} s "
          f"(aim < 5 s); current build read back in {load_seconds:.2f} s")
    return {"reports": len(reports), "mb": megabytes, "read_s": read_seconds, "build_s": build_seconds,
            "load_s": load_seconds}
