"""Run a DAG of notebooks: each as soon as everything it waits for succeeded, none after a failure.

Every ready notebook is handed to the executor at once; the executor answers from the cache or waits
for a warm kernel (:mod:`analysis.briefing.pool`), so how many notebooks compute at the same time is
the number of kernels. After a failure no new notebook starts: those still waiting for a kernel are
withdrawn (the executor's ``cancel``) and, with those never handed over, end ``skipped``.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from analysis.briefing import dag
from analysis.briefing.log import stamp


@dataclass
class NotebookResult:
    """How one notebook went: ``status`` is done, cached, failed or skipped; ``executed`` is its
    executed copy (kept for diagnosis when it failed)."""

    name: str
    status: str
    seconds: float = 0.0
    executed: Path | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status in ("done", "cached")


class Executor(Protocol):
    def run(self, nb: dag.Notebook, values: dict, deps: tuple[str, ...]) -> NotebookResult: ...

    def cancel(self) -> None: ...


def run_dag(
    by_name: dict[str, dag.Notebook],
    deps: dict[str, tuple[str, ...]],
    per_notebook: dict[str, dict],
    executor: Executor,
    log: Callable[[str], None],
) -> dict[str, NotebookResult]:
    """Run every notebook of ``deps`` through ``executor`` in dependency order; name -> result.

    Logs one line as each notebook ends (``done in``, ``cached in``, ``failed after``) and one per
    notebook skipped.
    """
    order = dag.topological_order(deps)
    results: dict[str, NotebookResult] = {}
    running: dict[Future, str] = {}
    failed = False
    with ThreadPoolExecutor(max_workers=max(1, len(order)), thread_name_prefix="notebook") as threads:
        while True:
            if not failed:
                for name in order:
                    if name in results or name in running.values():
                        continue
                    if all(d in results and results[d].ok for d in deps[name]):
                        future = threads.submit(executor.run, by_name[name], per_notebook[name], deps[name])
                        running[future] = name
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                name = running.pop(future)
                result = results[name] = future.result()
                if result.status == "failed":
                    if not failed:
                        executor.cancel()
                    failed = True
                    log(stamp(f"{name} failed after {result.seconds:.1f}s"))
                elif result.status == "skipped":
                    log(stamp(f"{name} skipped (an earlier notebook failed)"))
                else:
                    log(stamp(f"{name} {result.status} in {result.seconds:.1f}s"))
    for name in order:
        if name not in results:
            results[name] = NotebookResult(name, "skipped")
            log(stamp(f"{name} skipped (an earlier notebook failed)"))
    return results
