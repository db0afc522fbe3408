"""Throughput of the extractor: MB of report text per second.

``python -m analysis.report.bench`` repeats the shipped Liaoning 2024 report until the text is at
least 5 MB (UTF-8) and times :func:`analysis.report.extract_report` on it.
"""

from __future__ import annotations

import time
from pathlib import Path

from analysis.paths import report_path
from analysis.report.extract import extract_report
from analysis.report.text import read_report


def run(source: str | Path | None = None, target_mb: float = 5.0, repeats: int = 1) -> dict:
    """Time the extraction of ``source`` repeated to at least ``target_mb`` MB; print and return.

    Returns
    -------
    dict with mb (size of the text, MB = 1e6 bytes of UTF-8), seconds (best of ``repeats``),
    mb_per_s, rows (rows extracted).
    """
    text = read_report(source or report_path("liaoning", 2024))
    size = len(text.encode("utf-8"))
    copies = max(1, int(-(-target_mb * 1e6 // size)))
    big = "\n".join([text] * copies)
    mb = len(big.encode("utf-8")) / 1e6
    best, rows = float("inf"), 0
    for _ in range(repeats):
        start = time.perf_counter()
        rows = len(extract_report(big))
        best = min(best, time.perf_counter() - start)
    result = {"mb": round(mb, 2), "seconds": round(best, 3), "mb_per_s": round(mb / best, 2), "rows": rows}
    print(f"extract_report: {result['mb']} MB in {result['seconds']} s = {result['mb_per_s']} MB/s ({rows} rows)")
    return result


if __name__ == "__main__":
    run()
