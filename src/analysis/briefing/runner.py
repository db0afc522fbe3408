"""Run the notebooks as a DAG with papermill and publish the briefing all or nothing.

Layout of ``OUT`` (``--out``, default ``briefing/``)::

    OUT/runs/<run id>/notebooks/NN_name.ipynb   executed notebooks (a failed one is kept here)
    OUT/runs/<run id>/figures/                  figures (PNG, SVG, CSV) and the tables the briefing reads
    OUT/runs/<run id>/briefing.html             the self-contained HTML briefing
    OUT/runs/<run id>/run.json                  parameters, status and seconds of each notebook
    OUT/latest -> runs/<run id>                 the published run: swapped atomically, only on success
    OUT/briefing.html, OUT/figures              links into latest/ (made once)
    OUT/.cache/<key>/                           executed notebook + outputs, keyed by every input
    OUT/.cache/memo/                            results the kernels share (the feasibility backtest)

Each notebook runs in its own kernel, with its working directory a private stage folder whose
``figures/`` holds copies of what its dependencies wrote; ``output_dir`` is the relative path
``figures``, so the executed notebooks say the same thing whatever the run folder is. What a notebook
adds to ``figures/`` is moved into the run's ``figures/``; two notebooks writing one name is an error.
An executed notebook is settled before it is stored: the cell papermill injects gets a fixed id and
the clock and machine paths are dropped (:func:`_settle_notebook`), so two runs with the same inputs
and seed give the same notebooks and the same ``briefing.html``, byte for byte.

Cache: a notebook whose inputs are unchanged - its own bytes, its parameters, the package source,
``data/raw`` and ``data/processed``, the installed distributions, the kernel, and the files its
dependencies wrote - is not re-executed: its executed copy and outputs come from ``OUT/.cache``.
Entries are written to a temporary folder and renamed, so a crash never leaves half an entry.
Switch it off with ``use_cache=False`` (``--no-cache``) or ``ANALYSIS_BRIEFING_CACHE=off``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from analysis import paths
from analysis.briefing import dag, params
from analysis.errors import InputError
from analysis.series.provenance import sha256
from analysis.tables import atomic_path

KERNEL = "analysis"
OUTPUT_DIR = "figures"  # output_dir as the notebooks receive it: relative to their working directory
CACHE_VERSION = "briefing-cache-2"  # 2: executed notebooks without timing or absolute paths
KEEP_RUNS = 20
#: Kernel log level: critical only (errors of the code show in the notebook), so that cron logs hold our progress lines, not ipykernel notices.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]


@dataclass(frozen=True)
class Kernel:
    """The kernel the notebooks run in: a registered kernelspec, or this interpreter's own ipykernel.

    ``engine`` holds the extra keyword arguments papermill passes on to nbclient.
    """

    name: str
    spec: dict
    engine: dict = field(default_factory=dict)
    note: str = ""


def _this_interpreter_spec() -> dict:
    return {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (this interpreter)",
        "language": "python",
        "env": {},
        "metadata": {},
        "interrupt_mode": "signal",
    }


def _kernel_manager(this_interpreter: bool = False):
    """nbclient's kernel manager, on POSIX talking over private Unix sockets instead of TCP ports.

    Over TCP, jupyter_client picks ports that are free when it looks and the kernel binds them a
    moment later: two briefings started together can draw the same port, and the kernel that loses
    dies with "Address already in use" (a run then fails after a 60 s timeout). Sockets under a path
    unique to each kernel cannot collide. ``this_interpreter`` starts ``sys.executable -m
    ipykernel_launcher`` whatever the kernel name (no registered kernelspec needed).
    """
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    class BriefingKernelManager(AsyncKernelManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if os.name == "posix":
                self.transport = "ipc"
                self.ip = os.path.join(tempfile.gettempdir(), f"analysis-kernel-{uuid.uuid4().hex[:12]}")

        if this_interpreter:

            @property
            def kernel_spec(self):  # noqa: D401 - the spec of the running interpreter, not a registered one
                if self._kernel_spec is None:
                    self._kernel_spec = KernelSpec(**_this_interpreter_spec())
                return self._kernel_spec

    return BriefingKernelManager


def resolve_kernel(kernel: str = KERNEL) -> Kernel:
    """The registered kernelspec ``kernel``; failing that, for the project's default name only, the
    running interpreter's own ipykernel (so ``pip install -e .`` with no ``ipykernel install`` runs).

    A kernel named explicitly that is not registered is bad input (exit 2).
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        if kernel != KERNEL:
            known = ", ".join(sorted(KernelSpecManager().find_kernel_specs())) or "none"
            raise InputError(
                f"no Jupyter kernel named {kernel!r} is registered (registered: {known})", field="kernel", value=kernel
            ) from None
        note = (
            f"no Jupyter kernel named {KERNEL!r} is registered: the notebooks run in this "
            f"interpreter's own kernel ({sys.executable}); `python3 tasks.py setup` registers it"
        )
        return Kernel(
            kernel, _this_interpreter_spec(), {"kernel_manager_class": _kernel_manager(this_interpreter=True)}, note
        )
    return Kernel(kernel, spec.to_dict(), {"kernel_manager_class": _kernel_manager()})


@dataclass
class NotebookResult:
    """How one notebook went: status is done, cached, failed or skipped."""

    name: str
    status: str
    seconds: float = 0.0
    executed: Path | None = None
    error: str = ""


@dataclass
class BriefingRun:
    """A briefing run: its folder, whether it was published, and each notebook's result."""

    run_dir: Path
    published: bool
    results: dict[str, NotebookResult] = field(default_factory=dict)
    html: Path | None = None
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 0 if self.published else 1


def plan(
    *, region: str, year: int, overrides=(), notebooks_dir: str | Path | None = None, names: list[str] | None = None
):
    """Find the notebooks, read their parameters cells and validate every value. No kernel starts.

    Returns
    -------
    (notebooks, dependencies, parameters per notebook)

    Raises
    ------
    InputError
        unknown or ill-typed parameter, unknown region, no report for the year, bad parameters cell.
    """

    folder = Path(notebooks_dir) if notebooks_dir is not None else paths.NOTEBOOKS
    notebooks = dag.select(dag.discover(folder), names)
    deps = dag.dependencies(notebooks)
    declared = {nb.name: params.read_parameters(nb.path) for nb in notebooks}
    per_notebook = params.validate(
        declared, region=region, year=year, overrides=overrides, runner_values={"output_dir": OUTPUT_DIR}
    )
    return notebooks, deps, per_notebook


def run_briefing(
    *,
    region: str = "liaoning",
    year: int = 2024,
    overrides=(),
    out: str | Path | None = None,
    notebooks_dir: str | Path | None = None,
    jobs: int | None = None,
    kernel: str = KERNEL,
    use_cache: bool | None = None,
    input_roots: list[Path] | None = None,
    log: Callable[[str], None] | None = None,
    keep_runs: int = KEEP_RUNS,
    memo_dir: str | Path | None = None,
) -> BriefingRun:
    """Validate, run the DAG, write the HTML and publish it if and only if every notebook succeeded.

    Parameters
    ----------
    region, year : region (key, or a name :func:`analysis.vocabulary.check_region` knows) and
        report year of the briefing; (region, year) must have a shipped work report.
    overrides : ``-p NAME VALUE`` pairs (text); validated before any kernel starts.
    out : output folder (default :data:`analysis.paths.BRIEFING`).
    notebooks_dir : where the ``NN_name.ipynb`` notebooks are (default ``notebooks/``).
    jobs : notebooks executed at once (default: every ready notebook, at least the CPU count).
    kernel : Jupyter kernel name; the default, if not registered, falls back to this interpreter's
        own kernel (:func:`resolve_kernel`, said in the log).
    use_cache : reuse executed notebooks with unchanged inputs (default on, unless
        ``ANALYSIS_BRIEFING_CACHE=off``).
    input_roots : folders whose content keys the cache (default: package source, data/raw,
        data/processed).
    log : receives progress lines (default: stderr, flushed; plain text for cron logs).
    keep_runs : run folders kept under ``OUT/runs`` (older ones are removed after a publish).
    memo_dir : where the kernels share results that are the same for every region and year (the
        feasibility backtest), keyed by the cache's digest of every input (default
        ``OUT/.cache/memo``; a batch passes one folder for all its regions). Used with the cache only.
    """
    from analysis.vocabulary import check_region

    started = time.perf_counter()
    log = log or _stderr
    region = check_region(region)
    notebooks, deps, per_notebook = plan(region=region, year=year, overrides=overrides, notebooks_dir=notebooks_dir)
    if dag.BRIEFING_NOTEBOOK not in deps:
        raise InputError(f"no {dag.BRIEFING_NOTEBOOK}.ipynb among the notebooks", file=notebooks_dir or paths.NOTEBOOKS)
    if use_cache is None:
        use_cache = os.environ.get("ANALYSIS_BRIEFING_CACHE", "on").lower() not in {"off", "0", "no"}
    resolved = resolve_kernel(kernel)
    out_dir = Path(out) if out is not None else paths.BRIEFING
    run_dir = _new_run_dir(out_dir)
    (run_dir / "notebooks").mkdir()
    (run_dir / OUTPUT_DIR).mkdir()
    log(_stamp(f"run {run_dir.name}: {len(notebooks)} notebooks, region={region} year={year}"))
    if resolved.note:
        log(_stamp(resolved.note))

    cache = None
    if use_cache:
        roots = (
            input_roots
            if input_roots is not None
            else [Path(__file__).resolve().parents[1], paths.RAW, paths.PROCESSED]
        )
        cache = _Cache(out_dir / ".cache", _environment_fingerprint(roots, resolved))

    by_name = {nb.name: nb for nb in notebooks}
    executor = _Executor(run_dir, resolved, cache, log)
    with _shared_memo(Path(memo_dir) if memo_dir else out_dir / ".cache" / "memo", cache):
        results = _run_dag(by_name, deps, per_notebook, executor, jobs, log)
    shutil.rmtree(run_dir / ".stage", ignore_errors=True)

    run = BriefingRun(run_dir, published=False, results=results)
    if all(r.status in ("done", "cached") for r in results.values()):
        try:
            from analysis.briefing import html
            from analysis.vocabulary import REGION_NAMES

            title = f"{REGION_NAMES.get(region, region)} {year} 年政府工作报告 · briefing"
            run.html = html.write_briefing(
                run_dir / "notebooks" / f"{dag.BRIEFING_NOTEBOOK}.ipynb", run_dir / "briefing.html", title=title
            )
        except Exception as err:  # noqa: BLE001 - any export failure means: do not publish
            log(_stamp(f"HTML export failed: {type(err).__name__}: {err}"))
        else:
            _publish(out_dir, run_dir)
            run.published = True
            _prune(out_dir, keep_runs)
    run.seconds = time.perf_counter() - started
    _write_manifest(run, region, year, per_notebook)
    if run.published:
        log(_stamp(f"published {out_dir / 'latest'} -> runs/{run_dir.name} in {run.seconds:.1f}s"))
    else:
        for r in results.values():
            if r.status == "failed":
                log(_stamp(f"{r.name} failed: {r.error}"))
                if r.executed is not None and r.executed.exists():
                    log(_stamp(f"executed notebook kept for diagnosis: {r.executed}"))
        log(_stamp(f"not published; the previous briefing in {out_dir} is untouched (run folder {run_dir})"))
    return run


def execute_in_place(
    notebooks_dir: str | Path,
    *,
    names: list[str] | None = None,
    jobs: int | None = None,
    kernel: str = KERNEL,
    log: Callable[[str], None] | None = None,
) -> bool:
    """Re-execute committed notebooks with their defaults, in DAG order; True when all succeeded.

    Working directory: ``notebooks_dir``. All or nothing: if any notebook fails, every notebook
    (``.ipynb`` and its jupytext ``.py``) and every file of the notebooks' output folders (their
    ``output_dir`` parameter defaults, e.g. ``../figures``) is put back as it was before the run,
    files the run added there are removed, and the failed result is left as
    ``NN_name.failed.ipynb`` (git-ignored) for the analyst. On success papermill's timing metadata
    is dropped and the jupytext pairs are synced.
    """
    log = log or _stderr
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
    if resolved.note:
        log(_stamp(resolved.note))
    saved = _snapshot_files([folder], ("*.ipynb", "*.py")) | _snapshot_files(sorted(outputs), ("*",))
    executor = _InPlaceExecutor(folder, resolved)
    marker = folder / paths.NOTEBOOK_FOLDER_MARKER  # relative notebook paths resolve against this folder
    made_marker = not marker.exists()
    marker.touch()
    try:
        results = _run_dag(
            {nb.name: nb for nb in notebooks}, deps, {nb.name: {} for nb in notebooks}, executor, jobs, log
        )
    finally:
        if made_marker:
            marker.unlink(missing_ok=True)
    ok = all(r.status == "done" for r in results.values())
    if not ok:
        _restore_files(saved, sorted(outputs))
        log(_stamp("a notebook failed: notebooks and output folders restored to their state before the run"))
    for r in results.values():
        if r.status == "failed":
            log(_stamp(f"{r.name} failed: {r.error}; executed copy kept at {r.executed}"))
    return ok


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


class _InPlaceExecutor:
    def __init__(self, folder: Path, kernel: Kernel):
        self.folder, self.kernel = folder, kernel

    def run(self, nb: dag.Notebook, values: dict, deps: tuple[str, ...]) -> NotebookResult:
        import nbformat
        import papermill
        from jupytext.cli import jupytext as jupytext_cli

        _quiet_papermill()
        start = time.perf_counter()
        tmp = nb.path.with_name(f"{nb.name}.executing.ipynb")
        failed = nb.path.with_name(f"{nb.name}.failed.ipynb")
        if nb.path.with_suffix(".py").exists():  # an edited script wins over an older .ipynb
            jupytext_cli(["--sync", "--quiet", str(nb.path)])
        try:
            papermill.execute_notebook(
                str(nb.path),
                str(tmp),
                kernel_name=self.kernel.name,
                progress_bar=False,
                resources={"metadata": {"path": str(self.folder)}},
                extra_arguments=KERNEL_ARGUMENTS,
                **self.kernel.engine,
            )
        except Exception as err:  # noqa: BLE001 - reported as this notebook's failure
            if tmp.exists():
                os.replace(tmp, failed)
            return NotebookResult(nb.name, "failed", time.perf_counter() - start, failed, _describe(err))
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


# --------------------------------------------------------------------------- scheduling
@contextmanager
def _shared_memo(folder: Path, cache):
    """Let the kernels started inside share their region-independent results through ``folder``
    (:func:`analysis.models.feasibility.target_data._disk_memo`), keyed by the cache's digest of every
    input; nothing is shared when the cache is off."""
    from analysis.models.feasibility.target_data import MEMO_DIR_ENV, MEMO_KEY_ENV

    if cache is None:
        yield
        return
    saved = {name: os.environ.get(name) for name in (MEMO_DIR_ENV, MEMO_KEY_ENV)}
    os.environ[MEMO_DIR_ENV], os.environ[MEMO_KEY_ENV] = str(folder.resolve()), cache.environment
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _run_dag(by_name, deps, per_notebook, executor, jobs, log) -> dict[str, NotebookResult]:
    order = dag.topological_order(deps)
    width = jobs or max(os.cpu_count() or 1, sum(1 for d in deps.values() if not d))
    results: dict[str, NotebookResult] = {}
    running: dict[Future, str] = {}
    failed = False
    with ThreadPoolExecutor(max_workers=max(1, width), thread_name_prefix="notebook") as pool:
        while True:
            if not failed:
                for name in order:
                    if name in results or name in running.values():
                        continue
                    if all(results.get(d) and results[d].status in ("done", "cached") for d in deps[name]):
                        log(_stamp(f"{name} started"))
                        running[pool.submit(executor.run, by_name[name], per_notebook[name], deps[name])] = name
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                name = running.pop(future)
                result = future.result()
                results[name] = result
                if result.status == "failed":
                    failed = True
                    log(_stamp(f"{name} failed after {result.seconds:.1f}s"))
                else:
                    log(_stamp(f"{name} {result.status} in {result.seconds:.1f}s"))
    for name in order:
        if name not in results:
            results[name] = NotebookResult(name, "skipped")
            log(_stamp(f"{name} skipped (an earlier notebook failed)"))
    return results


class _Executor:
    """Executes one notebook (or restores it from the cache) in its stage folder."""

    def __init__(self, run_dir: Path, kernel: Kernel, cache, log):
        self.run_dir, self.kernel, self.cache, self.log = run_dir, kernel, cache, log
        self.figures = run_dir / OUTPUT_DIR
        self.lock = threading.Lock()
        self.produced: dict[str, set[str]] = {}

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
        key = None
        try:
            if self.cache is not None:
                key = self.cache.key(nb.path, values, {rel: sha256(self.figures / rel) for rel in inputs})
                if self.cache.restore(key, executed, stage_figures):
                    self._collect(nb.name, stage_figures, inputs)
                    return NotebookResult(nb.name, "cached", time.perf_counter() - start, executed)
            self._papermill(nb.path, executed, values, stage)
            outputs = self._collect(nb.name, stage_figures, inputs)
            if key is not None:
                self.cache.store(key, executed, {rel: self.figures / rel for rel in outputs})
            return NotebookResult(nb.name, "done", time.perf_counter() - start, executed)
        except Exception as err:  # noqa: BLE001 - reported as this notebook's failure
            return NotebookResult(nb.name, "failed", time.perf_counter() - start, executed, _describe(err))
        finally:
            shutil.rmtree(stage, ignore_errors=True)

    def _papermill(self, source: Path, executed: Path, values: dict, stage: Path) -> None:
        import papermill

        _quiet_papermill()
        # papermill's own `cwd=` calls os.chdir, which is global to the process: give the kernel
        # its working directory through nbclient's resources instead, so threads do not collide.
        papermill.execute_notebook(
            str(source),
            str(executed),
            parameters=values,
            kernel_name=self.kernel.name,
            progress_bar=False,
            log_output=False,
            resources={"metadata": {"path": str(stage)}},
            extra_arguments=KERNEL_ARGUMENTS,
            **self.kernel.engine,
        )
        _settle_notebook(executed, source)

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


# --------------------------------------------------------------------------- cache
class _Cache:
    """Content-addressed store of executed notebooks and their outputs (see module docstring)."""

    def __init__(self, root: Path, environment: str):
        self.root, self.environment = root, environment

    def key(self, notebook: Path, values: dict, inputs: dict[str, str]) -> str:
        h = hashlib.sha256()
        for part in (
            CACHE_VERSION,
            self.environment,
            sha256(notebook),
            params.digest(values),
            json.dumps(inputs, sort_keys=True),
        ):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()

    def restore(self, key: str, executed: Path, stage_figures: Path) -> bool:
        entry = self.root / key
        manifest = entry / "entry.json"
        if not manifest.exists():
            return False
        try:
            files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
            for rel, digest in files.items():
                if sha256(entry / OUTPUT_DIR / rel) != digest:
                    return False  # damaged entry: execute instead
            for rel in files:
                target = stage_figures / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(entry / OUTPUT_DIR / rel, target)
            _restore_notebook(entry / "notebook.ipynb", executed)
        except (OSError, ValueError, KeyError):
            return False
        return True

    def store(self, key: str, executed: Path, outputs: dict[str, Path]) -> None:
        entry = self.root / key
        if entry.exists():
            return
        tmp = self.root / f".tmp-{key[:16]}-{os.getpid()}-{threading.get_ident()}"
        shutil.rmtree(tmp, ignore_errors=True)
        (tmp / OUTPUT_DIR).mkdir(parents=True)
        shutil.copyfile(executed, tmp / "notebook.ipynb")
        files = {}
        for rel, path in outputs.items():
            target = tmp / OUTPUT_DIR / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            files[rel] = sha256(target)
        (tmp / "entry.json").write_text(json.dumps({"files": files}, indent=1, sort_keys=True), encoding="utf-8")
        try:
            os.rename(tmp, entry)
        except OSError:  # another run stored it first
            shutil.rmtree(tmp, ignore_errors=True)


def _restore_notebook(cached: Path, executed: Path) -> None:
    """Copy a cached executed notebook into the run (it names no run folder: see _settle_notebook)."""
    with atomic_path(executed) as tmp:
        shutil.copyfile(cached, tmp)


#: Volatile papermill metadata: the clock, not the content.
_TIMING_KEYS = ("start_time", "end_time", "duration")
#: The id of the cell papermill inserts (papermill draws a random one on every run).
INJECTED_CELL_ID = "injected-parameters"


def _settle_notebook(executed: Path, source: Path) -> None:
    """Make an executed notebook a function of its inputs only, so two runs give the same bytes.

    The cell papermill inserts gets the fixed id :data:`INJECTED_CELL_ID` (any other cell without
    an id of the source gets one from its position); timing metadata (papermill's start, end and
    duration, nbclient's ``execution`` timestamps) is dropped - ``run.json`` has the seconds; the
    input and output paths become the notebook's name and its place in the run folder
    (``notebooks/NN_name.ipynb``), never an absolute path of the machine.
    """
    import nbformat

    nb = nbformat.read(str(executed), as_version=4)
    known = [c.get("id") for c in nbformat.read(str(source), as_version=4).cells]
    taken = set(known)
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        for key in _TIMING_KEYS:
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
        for key in _TIMING_KEYS:
            meta.pop(key, None)
        meta["input_path"] = source.name
        meta["output_path"] = f"notebooks/{executed.name}"
    with atomic_path(executed) as tmp:
        nbformat.write(nb, str(tmp))


def _environment_fingerprint(roots: list[Path], kernel: Kernel) -> str:
    """Digest of everything outside the notebook that can change its outputs."""
    from importlib import metadata

    h = hashlib.sha256()
    h.update(sys.version.encode())
    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    h.update("\n".join(dists).encode())
    h.update(json.dumps({"name": kernel.name, "spec": kernel.spec}, sort_keys=True).encode())
    for root in roots:
        root = Path(root)
        if not root.exists():
            h.update(f"missing {root}".encode())
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo"):
                continue
            h.update(f"{path.relative_to(root).as_posix()}\0{sha256(path)}\n".encode())
    return h.hexdigest()


# --------------------------------------------------------------------------- run folder, publish
def _new_run_dir(out_dir: Path) -> Path:
    runs = out_dir / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    base = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    for n in range(1000):
        path = runs / (base if n == 0 else f"{base}-{n}")
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue
    raise RuntimeError(f"cannot create a run folder under {runs}")


def _publish(out_dir: Path, run_dir: Path) -> None:
    """Point ``OUT/latest`` at the run folder in one atomic rename; make the convenience links once."""
    tmp = out_dir / f".latest-{os.getpid()}-{threading.get_ident()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(Path("runs") / run_dir.name, target_is_directory=True)
    os.replace(tmp, out_dir / "latest")
    for name in ("briefing.html", OUTPUT_DIR):
        link = out_dir / name
        if not link.is_symlink() and not link.exists():
            try:
                link.symlink_to(Path("latest") / name)
            except FileExistsError:  # a concurrent run made it first: the same link
                pass


def published_run(out_dir: str | Path) -> Path | None:
    """The published run folder of ``out_dir`` (``OUT/latest``), or None."""
    latest = Path(out_dir) / "latest"
    return latest.resolve() if latest.is_symlink() else None


def _prune(out_dir: Path, keep: int) -> None:
    runs = sorted((p for p in (out_dir / "runs").iterdir() if p.is_dir()), key=lambda p: p.name)
    current = published_run(out_dir)
    for old in runs[:-keep] if keep > 0 else []:
        if old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)


def _write_manifest(run: BriefingRun, region: str, year: int, per_notebook: dict) -> None:
    manifest = {
        "region": region,
        "year": year,
        "published": run.published,
        "seconds": round(run.seconds, 1),
        "notebooks": {
            name: {
                "status": r.status,
                "seconds": round(r.seconds, 1),
                "error": r.error,
                "parameters": per_notebook.get(name, {}),
            }
            for name, r in run.results.items()
        },
    }
    with atomic_path(run.run_dir / "run.json") as tmp:
        tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- small helpers
def _describe(err: Exception) -> str:
    ename = getattr(err, "ename", None)
    if ename:  # papermill.PapermillExecutionError
        return f"{ename}: {getattr(err, 'evalue', '')} (cell {getattr(err, 'exec_count', '?')})"
    return f"{type(err).__name__}: {err}"


def _quiet_papermill() -> None:
    """Parameters are validated before papermill sees them: its own notices (e.g. "Unable to parse
    line" on a comment with quotes) would only clutter the progress log."""
    import logging

    logging.getLogger("papermill").setLevel(logging.ERROR)


def _stamp(message: str) -> str:
    return f"[{dt.datetime.now():%H:%M:%S}] {message}"


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
