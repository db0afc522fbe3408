"""``python -m analysis notebooks execute``: re-execute the committed notebooks in place, all or nothing.

Notebooks run with their default parameters, in DAG order, on warm kernels, with ``notebooks/`` as
their working directory, so their outputs land where the defaults say (``output_dir = "../figures"``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from pathlib import Path

import nbformat
from jupytext.cli import jupytext as jupytext_cli

from analysis import paths
from analysis.briefing import dag, params
from analysis.briefing.kernel import resolve_kernel
from analysis.briefing.log import describe, quiet_papermill, stamp, to_stderr
from analysis.briefing.pool import KernelPool, WarmKernel, notebook_imports
from analysis.briefing.schedule import NotebookResult, run_dag
from analysis.tables import atomic_path


def execute_in_place(
    notebooks_dir: str | Path,
    *,
    names: list[str] | None = None,
    jobs: int | None = None,
    kernel: str | None = None,
    log: Callable[[str], None] | None = None,
) -> bool:
    """Re-execute committed notebooks with their defaults, in DAG order; True when all succeeded.

    Working directory: ``notebooks_dir``; ``jobs`` warm kernels (default: one per CPU); ``kernel``
    as :func:`analysis.briefing.kernel.resolve_kernel` takes it. All or nothing: if any notebook
    fails, every notebook (``.ipynb`` and its jupytext ``.py``) and every file of the notebooks'
    output folders (their ``output_dir`` parameter defaults, e.g. ``../figures``) is put back as it
    was before the run, files the run added there are removed, and the failed result is left as
    ``NN_name.failed.ipynb`` (git-ignored) for the analyst. On success papermill's timing metadata is
    dropped and the jupytext pairs are synced.
    """
    log = log or to_stderr
    quiet_papermill()
    folder = Path(notebooks_dir).resolve()
    notebooks = dag.select(dag.discover(folder), names)
    deps = dag.dependencies(notebooks)
    if names:  # a subset: do not wait for notebooks that were not asked for
        deps = {n: tuple(d for d in ds if d in deps) for n, ds in deps.items()}
    outputs = set()
    for nb in notebooks:
        declared = params.read_parameters(nb.path)  # a malformed parameters cell fails before any kernel
        if "output_dir" in declared and isinstance(declared["output_dir"].default, str):
            outputs.add((folder / declared["output_dir"].default).resolve())
    resolved = resolve_kernel(kernel)
    log(stamp(resolved.note))
    saved = _snapshot_files([folder], ("*.ipynb", "*.py")) | _snapshot_files(sorted(outputs), ("*",))
    marker = folder / paths.NOTEBOOK_FOLDER_MARKER  # relative notebook paths resolve against this folder
    made_marker = not marker.exists()
    marker.touch()
    try:
        size = jobs or os.cpu_count() or 1
        with KernelPool(resolved, size, notebook_imports([nb.path for nb in notebooks])) as pool:
            results = run_dag(
                {nb.name: nb for nb in notebooks},
                deps,
                {nb.name: {} for nb in notebooks},
                _InPlaceExecutor(folder, pool, log),
                log,
            )
    finally:
        if made_marker:
            marker.unlink(missing_ok=True)
    ok = all(r.status == "done" for r in results.values())
    if not ok:
        _restore_files(saved, sorted(outputs))
        log(stamp("a notebook failed: notebooks and output folders restored to their state before the run"))
    for r in results.values():
        if r.status == "failed":
            log(stamp(f"{r.name} failed: {r.error}; executed copy kept at {r.executed}"))
    return ok


class _InPlaceExecutor:
    def __init__(self, folder: Path, pool: KernelPool, log: Callable[[str], None]):
        self.folder, self.pool, self.log = folder, pool, log
        self.run_number = pool.new_run()
        self.waiting: list[Future] = []
        self.stopped = False

    def cancel(self) -> None:
        self.stopped = True
        for future in list(self.waiting):
            future.cancel()

    def run(self, nb: dag.Notebook, values: dict, deps: tuple[str, ...]) -> NotebookResult:
        start = time.perf_counter()
        tmp = nb.path.with_name(f"{nb.name}.executing.ipynb")
        failed = nb.path.with_name(f"{nb.name}.failed.ipynb")
        if nb.path.with_suffix(".py").exists():  # an edited script wins over an older .ipynb
            jupytext_cli(["--sync", "--quiet", str(nb.path)])

        def job(warm: WarmKernel) -> None:
            nonlocal start
            if self.stopped:
                raise CancelledError
            start = time.perf_counter()
            self.log(stamp(f"{nb.name} started (kernel {warm.number})"))
            try:
                warm.execute(nb.path, tmp, {}, self.folder)
            except BaseException:
                self.stopped = True
                raise

        future = self.pool.submit(job, (self.run_number, nb.number, nb.name))
        self.waiting.append(future)
        try:
            future.result()
        except CancelledError:
            return NotebookResult(nb.name, "skipped")
        except Exception as err:  # noqa: BLE001 - reported as this notebook's failure
            if tmp.exists():
                os.replace(tmp, failed)
            return NotebookResult(nb.name, "failed", time.perf_counter() - start, failed, describe(err))
        executed = nbformat.read(str(tmp), as_version=4)
        executed.metadata.pop("papermill", None)
        for cell in executed.cells:
            cell.metadata.pop("papermill", None)
            cell.metadata.pop("execution", None)
            if cell.metadata.get("tags") == []:
                del cell.metadata["tags"]
        nbformat.write(executed, str(tmp))
        os.replace(tmp, nb.path)
        if failed.exists():
            failed.unlink()
        if nb.path.with_suffix(".py").exists():
            jupytext_cli(["--sync", "--quiet", str(nb.path)])
        return NotebookResult(nb.name, "done", time.perf_counter() - start, nb.path)


def _snapshot_files(folders, patterns) -> frozenset:
    """(path, bytes) of the files matching ``patterns`` directly in each folder (the run's inputs)."""
    found = set()
    for folder in folders:
        folder = Path(folder)
        if folder.is_dir():
            for pattern in patterns:
                for path in folder.glob(pattern):
                    if path.is_file() and not path.name.endswith((".failed.ipynb", ".executing.ipynb")):
                        found.add((path, path.read_bytes()))
    return frozenset(found)


def _restore_files(saved, output_folders) -> None:
    """Write back every saved file whose bytes changed; remove files added to the output folders."""
    before = {path: data for path, data in saved}
    for path, data in before.items():
        if not path.exists() or path.read_bytes() != data:
            with atomic_path(path) as tmp:
                tmp.write_bytes(data)
    for folder in output_folders:
        if Path(folder).is_dir():
            for path in Path(folder).iterdir():
                if path.is_file() and path not in before:
                    path.unlink()
