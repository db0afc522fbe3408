"""Execute one notebook of a run (or restore it from the cache) and settle what it wrote.

Each notebook works in a private stage folder, ``OUT/runs/<id>/.stage/NN_name/``, whose ``figures/``
holds copies of what its dependencies wrote; ``output_dir`` is the relative path ``figures``, so the
executed notebooks say the same thing whatever the run folder is. What a notebook adds to
``figures/`` is moved into the run's ``figures/``; two notebooks writing one name is an error.

An executed notebook is settled before it is stored (:func:`settle_notebook`): the cell papermill
injects gets a fixed id and the clock and machine paths are dropped, so two runs with the same
inputs and seed give the same notebooks, byte for byte.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from pathlib import Path

import nbformat

from analysis import paths
from analysis.briefing import dag
from analysis.briefing.cache import OUTPUT_DIR, Cache
from analysis.briefing.log import describe, stamp
from analysis.briefing.pool import KernelPool, WarmKernel
from analysis.briefing.schedule import NotebookResult
from analysis.errors import InputError
from analysis.series.provenance import sha256
from analysis.tables import atomic_path

#: Volatile papermill metadata: the clock, not the content.
TIMING_KEYS = ("start_time", "end_time", "duration")
#: The id of the cell papermill inserts (papermill draws a random one on every run).
INJECTED_CELL_ID = "injected-parameters"


class RunExecutor:
    """Executes the notebooks of one run folder on a :class:`~analysis.briefing.pool.KernelPool`.

    :meth:`cancel` withdraws the notebooks still waiting for a kernel (they end ``skipped``).
    ``environ``: variables set in the kernel for each notebook (they key the cache too).
    ``expected``: seconds each notebook took last time (the published run's ``run.json``); the
    pool gives a kernel to this run's notebooks in the order of the run, longest first, then in DAG
    order (``order``), so that the last to end is not a long one started late.
    """

    def __init__(
        self,
        run_dir: Path,
        pool: KernelPool,
        cache: Cache | None,
        log: Callable[[str], None],
        order: list[str] = (),
        expected: dict[str, float] | None = None,
        environ: dict[str, str] | None = None,
    ):
        self.run_dir, self.pool, self.cache, self.log = run_dir, pool, cache, log
        self.environ = dict(environ or {})
        self.run_number = pool.new_run()
        self.order, self.expected = list(order), expected or {}
        self.figures = run_dir / OUTPUT_DIR
        self.lock = threading.Lock()
        self.produced: dict[str, set[str]] = {}
        self.waiting: set[Future] = set()
        self.stopped = False  # a notebook failed: those not started yet are withdrawn

    def run(self, nb: dag.Notebook, values: dict, deps: tuple[str, ...]) -> NotebookResult:
        start = time.perf_counter()
        executed = self.run_dir / "notebooks" / f"{nb.name}.ipynb"
        stage = self.run_dir / ".stage" / nb.name
        stage_figures = stage / OUTPUT_DIR
        stage_figures.mkdir(parents=True)
        (stage / paths.NOTEBOOK_FOLDER_MARKER).touch()  # relative notebook paths resolve here
        inputs = self._inputs_of(deps)
        for rel in inputs:
            target = stage_figures / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.figures / rel, target)
        try:
            key = None
            if self.cache is not None:
                keyed = {**values, "environment variables": self.environ} if self.environ else values
                key = self.cache.key(nb.path, keyed, {rel: sha256(self.figures / rel) for rel in inputs})
                if self.cache.restore(key, executed, stage_figures):
                    self._collect(nb.name, stage_figures, inputs)
                    return NotebookResult(nb.name, "cached", time.perf_counter() - start, executed)

            def job(warm: WarmKernel) -> None:
                nonlocal start
                if self.stopped:  # said in the kernel's thread, before it takes the next notebook
                    raise CancelledError
                start = time.perf_counter()  # the notebook's seconds count from here, not from the queue
                self.log(stamp(f"{nb.name} started (kernel {warm.number})"))
                try:
                    warm.execute(nb.path, executed, values, stage, self.environ)
                except BaseException:
                    self.stopped = True
                    raise

            try:
                self._wait(self.pool.submit(job, self._priority(nb.name)))
            except CancelledError:
                return NotebookResult(nb.name, "skipped")
            settle_notebook(executed, nb.path)
            outputs = self._collect(nb.name, stage_figures, inputs)
            if key is not None:
                self.cache.store(key, executed, {rel: self.figures / rel for rel in outputs})
            return NotebookResult(nb.name, "done", time.perf_counter() - start, executed)
        except Exception as err:  # noqa: BLE001 - reported as this notebook's failure
            return NotebookResult(nb.name, "failed", time.perf_counter() - start, executed, describe(err))
        finally:
            shutil.rmtree(stage, ignore_errors=True)

    def _priority(self, name: str) -> tuple:
        index = self.order.index(name) if name in self.order else len(self.order)
        return (self.run_number, -self.expected.get(name, 0.0), index)

    def cancel(self) -> None:
        """Withdraw every notebook of this run still waiting for a kernel."""
        self.stopped = True
        with self.lock:
            for future in self.waiting:
                future.cancel()

    def _wait(self, future: Future) -> None:
        with self.lock:
            self.waiting.add(future)
        try:
            future.result()
        finally:
            with self.lock:
                self.waiting.discard(future)

    def _inputs_of(self, deps: tuple[str, ...]) -> list[str]:
        with self.lock:
            return sorted(set().union(*(self.produced.get(d, set()) for d in deps)))

    def _collect(self, name: str, stage_figures: Path, inputs: list[str]) -> list[str]:
        """Move what the notebook added or changed into the run's figures/; refuse collisions."""
        outputs = []
        for path in sorted(p for p in stage_figures.rglob("*") if p.is_file()):
            rel = path.relative_to(stage_figures).as_posix()
            if rel in inputs and sha256(path) == sha256(self.figures / rel):
                continue
            outputs.append(rel)
        with self.lock:
            for rel in outputs:
                owner = next((n for n, files in self.produced.items() if rel in files), None)
                if owner is not None:
                    raise InputError(f"{name} overwrites {rel}, written by {owner}", file=rel)
            for rel in outputs:
                target = self.figures / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(stage_figures / rel, target)
            self.produced[name] = set(outputs)
        return outputs


def merge_streams(outputs: list) -> list:
    """``outputs`` with each run of consecutive stream outputs of one name (stdout, stderr) joined."""
    merged: list = []
    for output in outputs:
        last = merged[-1] if merged else None
        if (
            output.get("output_type") == "stream"
            and last is not None
            and last.get("output_type") == "stream"
            and last.get("name") == output.get("name")
        ):
            last["text"] = last["text"] + output["text"]
        else:
            merged.append(output)
    return merged


def settle_notebook(executed: Path, source: Path) -> None:
    """Make an executed notebook a function of its inputs only, so two runs give the same bytes.

    The cell papermill inserts gets the fixed id :data:`INJECTED_CELL_ID` (any other cell without
    an id of the source gets one from its position); timing metadata (papermill's start, end and
    duration, nbclient's ``execution`` timestamps) is dropped - ``run.json`` has the seconds; the
    input and output paths become the notebook's name and its place in the run folder
    (``notebooks/NN_name.ipynb``), never an absolute path of the machine. Consecutive stream outputs
    of one name are one output: a kernel flushes a cell's printing in as many pieces as its timing
    gives (:func:`merge_streams`).
    """
    nb = nbformat.read(str(executed), as_version=4)
    known = [c.get("id") for c in nbformat.read(str(source), as_version=4).cells]
    taken = set(known)
    for i, cell in enumerate(nb.cells):
        if cell.get("outputs"):
            cell.outputs = merge_streams(cell.outputs)
        cell.metadata.pop("execution", None)
        for key in TIMING_KEYS:
            cell.metadata.get("papermill", {}).pop(key, None)
        if nb.nbformat_minor < 5:  # nbformat 4.4 has no cell ids
            continue
        if "injected-parameters" in cell.metadata.get("tags", []):
            new_id = INJECTED_CELL_ID
        elif "id" in cell and cell.id in known:
            continue
        else:
            new_id = f"generated-{i}"
        while new_id in taken:
            new_id += "-"
        cell.id = new_id
        taken.add(new_id)
    meta = nb.metadata.get("papermill")
    if meta is not None:
        for key in TIMING_KEYS:
            meta.pop(key, None)
        meta["input_path"] = source.name
        meta["output_path"] = f"notebooks/{executed.name}"
    with atomic_path(executed) as tmp:
        nbformat.write(nb, str(tmp))
