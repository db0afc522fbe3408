"""``python -m analysis.bench``: print every benchmark of the suite (numbers, not pass/fail).

- import time of ``import analysis`` (aim < 0.3 s)
- processed-data build and load time
- report extraction throughput (aim ≥ 1 MB/s)
- the whole report corpus read and its panel built (aim < 5 s)
- Monte Carlo speed of the 万亿 scenarios (aim: 100,000 paths for all scenarios < 1 s)
- end-to-end briefing time against sequential plain papermill (aim ≤ 0.6×, < 30 s)
- ``batch`` (by name only, several minutes): every 2026 report briefed in one run, cold and cached
  (aim < 2 min)

Run a single one with ``python -m analysis.bench NAME`` (names: data, extract, corpus, scenarios, briefing, batch).
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "data": "analysis.series.bench:run",  # import time, build time, load time
    "extract": "analysis.report.bench:run",
    "corpus": "analysis.corpus.bench:run",
    "scenarios": "analysis.models.scenarios.bench:run",
    "briefing": "analysis.briefing.bench:run",
    "batch": "analysis.briefing.bench:run_batch",  # several minutes: run by name, not by default
}
DEFAULT = ("data", "extract", "corpus", "scenarios", "briefing")


def main(argv: list[str]) -> int:
    names = argv or list(DEFAULT)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s) {unknown}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    for name in names:
        module, func = BENCHMARKS[name].split(":")
        print(f"== {name}", flush=True)
        getattr(importlib.import_module(module), func)()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
