"""Run the notebooks of a briefing as a DAG on warm kernels and publish it all or nothing.

One briefing (:func:`run_briefing`) is: read the notebooks and validate every parameter before any
kernel starts (:func:`plan`; bad input is an :class:`~analysis.errors.InputError`, exit 2); execute
the DAG in a new run folder (:mod:`~analysis.briefing.schedule`, :mod:`~analysis.briefing.execute`),
each notebook from the cache (:mod:`~analysis.briefing.cache`) or on a warm kernel
(:mod:`~analysis.briefing.pool`); write the HTML (:mod:`~analysis.briefing.html`); and switch
``OUT/latest`` to the run only if every notebook succeeded (:mod:`~analysis.briefing.publish`, where
the layout of ``OUT`` is). What a scheduled run can rely on:

* same bytes: the same inputs and seed give the same ``briefing.html``, executed notebooks and
  figures (on a warm kernel as on a fresh one);
* kill-safe: a run killed at any point leaves ``OUT/latest`` as it was;
* concurrent-safe: runs started together into one ``OUT`` each finish a complete run folder;
* exit codes: 0 published, 1 a notebook failed (nothing published), 2 bad input;
* one plain, time-stamped log line per step.

Results that are the same for every region and year are computed once: inside a warm kernel the
loaders' session caches hold from one notebook and one region to the next, and the feasibility
backtest is kept on disk by its own family, keyed by its inputs
(:data:`analysis.paths.FEASIBILITY_CACHE`), for every kernel and run. Switch the
runner's cache off with ``use_cache=False`` (``--no-cache``) or ``ANALYSIS_BRIEFING_CACHE=off``.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from analysis import paths
from analysis.briefing import dag, html, params
from analysis.briefing.cache import OUTPUT_DIR, Cache, environment_fingerprint
from analysis.briefing.execute import RunExecutor
from analysis.briefing.kernel import Kernel, resolve_kernel
from analysis.briefing.log import quiet_papermill, stamp, to_stderr
from analysis.briefing.pool import KernelPool, default_size, notebook_imports
from analysis.briefing.publish import KEEP_RUNS, new_run_dir, prune, publish, published_run, write_manifest
from analysis.briefing.schedule import NotebookResult, run_dag
from analysis.errors import InputError
from analysis.figures import FORMATS_VARIABLE
from analysis.vocabulary import REGION_NAMES, check_region


@dataclass(frozen=True)
class Notebooks:
    """The notebooks of a folder, what each waits for, and the parameters each declares."""

    folder: Path
    notebooks: list[dag.Notebook]
    deps: dict[str, tuple[str, ...]]
    declared: dict[str, dict[str, params.Parameter]]

    @property
    def paths(self) -> list[Path]:
        return [nb.path for nb in self.notebooks]


@dataclass(frozen=True)
class Plan:
    """A validated briefing: region key, year, and the parameters each notebook receives."""

    region: str
    year: int
    notebooks: Notebooks
    per_notebook: dict[str, dict[str, object]]


@dataclass
class BriefingRun:
    """A briefing run: its folder, whether it was published, each notebook's result, what went
    wrong (``problems``, one line each) and the kernel processes it started (``kernels``; 0 when it
    ran on a pool it was given)."""

    run_dir: Path
    published: bool
    results: dict[str, NotebookResult] = field(default_factory=dict)
    html: Path | None = None
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    kernels: int = 0

    @property
    def exit_code(self) -> int:
        return 0 if self.published else 1


def read_notebooks(notebooks_dir: str | Path | None = None, names: list[str] | None = None) -> Notebooks:
    """The ``NN_name.ipynb`` notebooks of ``notebooks_dir`` (default ``notebooks/``) with their
    dependencies and declared parameters; a malformed parameters cell is an InputError."""
    folder = Path(notebooks_dir) if notebooks_dir is not None else paths.NOTEBOOKS
    notebooks = dag.select(dag.discover(folder), names)
    declared = {nb.name: params.read_parameters(nb.path) for nb in notebooks}
    return Notebooks(folder, notebooks, dag.dependencies(notebooks), declared)


def plan(
    notebooks: Notebooks, *, region: str, year: int, overrides=(), note: Callable[[str], None] | None = None
) -> Plan:
    """Validate ``--region``, ``--year`` and every ``-p NAME VALUE`` for ``notebooks``; no kernel starts.

    Raises
    ------
    InputError
        unknown or ill-typed parameter, unknown region, no report of the region for the year.
    """
    per_notebook = params.validate(
        notebooks.declared,
        region=region,
        year=year,
        overrides=overrides,
        runner_values={"output_dir": OUTPUT_DIR},
        note=note,
    )
    return Plan(check_region(region), year, notebooks, per_notebook)


def run_briefing(
    *,
    region: str,
    year: int,
    overrides=(),
    out: str | Path | None = None,
    notebooks_dir: str | Path | None = None,
    jobs: int | None = None,
    kernel: str | None = None,
    use_cache: bool | None = None,
    input_roots: list[Path] | None = None,
    log: Callable[[str], None] | None = None,
    keep_runs: int = KEEP_RUNS,
    pool: KernelPool | None = None,
    environment: str | None = None,
    figure_formats: tuple[str, ...] | None = None,
) -> BriefingRun:
    """Validate, run the DAG, write the HTML and publish it if and only if every notebook succeeded.

    Parameters
    ----------
    region, year : region (key, or a name :func:`analysis.vocabulary.check_region` knows) and year
        of the briefing; the corpus panel must hold a work report of the region for that year.
    overrides : ``-p NAME VALUE`` pairs (text); validated before any kernel starts.
    out : output folder (default :data:`analysis.paths.BRIEFING`).
    notebooks_dir : where the ``NN_name.ipynb`` notebooks are (default ``notebooks/``).
    jobs : warm kernels, i.e. notebooks executed at once (default: one per CPU).
    kernel : a registered kernelspec's name; default this interpreter's own ipykernel.
    use_cache : reuse executed notebooks with unchanged inputs (default on, unless
        ``ANALYSIS_BRIEFING_CACHE=off``).
    input_roots : folders whose content keys the cache (default: package source, data/raw,
        data/processed).
    log : receives progress lines (default: stderr, flushed; plain text for cron logs).
    keep_runs : run folders kept under ``OUT/runs`` (older ones are removed after a publish).
    pool : warm kernels to run on (a batch shares one); default a pool of ``jobs`` kernels of
        ``kernel``, shut down on return.
    environment : the cache's digest of every input outside the notebooks, when already computed
        (a batch computes it once); default computed from ``input_roots``.
    figure_formats : formats the notebooks save their figures in (default PNG and SVG; the page
        embeds the PNG).
    """
    started = time.perf_counter()
    log = log or to_stderr
    quiet_papermill()
    region = check_region(region)
    notebooks = read_notebooks(notebooks_dir)
    if dag.BRIEFING_NOTEBOOK not in notebooks.deps:
        raise InputError(f"no {dag.BRIEFING_NOTEBOOK}.ipynb among the notebooks", file=notebooks.folder)
    the_plan = plan(notebooks, region=region, year=year, overrides=overrides, note=lambda s: log(stamp(s)))
    resolved = pool.kernel if pool is not None else resolve_kernel(kernel)
    if use_cache is None:
        use_cache = os.environ.get("ANALYSIS_BRIEFING_CACHE", "on").lower() not in {"off", "0", "no"}
    out_dir = Path(out) if out is not None else paths.BRIEFING
    run_dir = new_run_dir(out_dir)
    (run_dir / "notebooks").mkdir()
    (run_dir / OUTPUT_DIR).mkdir()
    log(stamp(f"run {run_dir.name}: {len(notebooks.notebooks)} notebooks, region={region} year={year}"))
    if pool is None:
        log(stamp(resolved.note))

    cache = None
    if use_cache:
        cache = Cache(out_dir / ".cache", environment or cache_environment(resolved, input_roots))

    own = KernelPool(resolved, jobs or default_size(), notebook_imports(notebooks.paths)) if pool is None else None
    with own if own is not None else nullcontext():
        order = dag.topological_order(notebooks.deps)
        environ = {FORMATS_VARIABLE: ",".join(figure_formats)} if figure_formats else None
        executor = RunExecutor(run_dir, own or pool, cache, log, order, _last_seconds(out_dir), environ)
        results = run_dag(
            {nb.name: nb for nb in notebooks.notebooks}, notebooks.deps, the_plan.per_notebook, executor, log
        )
    shutil.rmtree(run_dir / ".stage", ignore_errors=True)

    run = BriefingRun(run_dir, published=False, results=results, kernels=own.starts if own is not None else 0)
    if all(r.ok for r in results.values()):
        try:
            run.html = _write_page(
                run_dir, cache, f"{REGION_NAMES.get(region, region)} {year} 年政府工作报告 · briefing"
            )
        except Exception as err:  # noqa: BLE001 - any export failure means: do not publish
            run.problems.append(f"HTML export failed: {type(err).__name__}: {err}")
        else:
            publish(out_dir, run_dir)
            run.published = True
            prune(out_dir, keep_runs)
    for r in results.values():
        if r.status == "failed":
            run.problems.append(f"{r.name} failed: {r.error}")
            if r.executed is not None and r.executed.exists():
                run.problems.append(f"executed notebook kept for diagnosis: {r.executed}")
    run.seconds = time.perf_counter() - started
    write_manifest(run_dir, _manifest(run, the_plan))
    for line in run.problems:
        log(stamp(line))
    if run.published:
        log(stamp(f"published {out_dir / 'latest'} -> runs/{run_dir.name} in {run.seconds:.1f}s"))
    else:
        log(stamp(f"not published; the previous briefing in {out_dir} is untouched (run folder {run_dir})"))
    return run


def _last_seconds(out_dir: Path) -> dict[str, float]:
    """Seconds each notebook took in the published run of ``out_dir`` (its ``run.json``), if any."""
    run_dir = published_run(out_dir)
    try:
        manifest = json.loads((run_dir / "run.json").read_text(encoding="utf-8")) if run_dir else {}
        return {name: float(n["seconds"]) for name, n in manifest.get("notebooks", {}).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _write_page(run_dir: Path, cache: Cache | None, title: str) -> Path:
    """``briefing.html`` of the run: the executed briefing notebook as HTML, from the cache when kept."""
    executed = run_dir / "notebooks" / f"{dag.BRIEFING_NOTEBOOK}.ipynb"
    target = run_dir / "briefing.html"
    published = html.publication_date()
    key = cache.page_key(executed, title, published.isoformat()) if cache is not None else None
    if key is not None and cache.restore_page(key, target):
        return target
    html.write_briefing(executed, target, title=title, published=published)
    if key is not None:
        cache.store_page(key, target)
    return target


def default_input_roots() -> list[Path]:
    """What keys the cache besides the notebooks: the package source, data/raw and data/processed."""
    return [Path(__file__).resolve().parents[1], paths.RAW, paths.PROCESSED]


#: Folders under the input roots that hold caches, not inputs: results keyed by their own inputs
#: (the feasibility backtest's), which runs add to while others read.
NOT_INPUTS = (paths.FEASIBILITY_CACHE,)


def cache_environment(kernel: Kernel, input_roots: list[Path] | None = None) -> str:
    """The cache's digest of every input outside the notebooks (:func:`environment_fingerprint`;
    default roots :func:`default_input_roots`, without :data:`NOT_INPUTS`)."""
    roots = input_roots if input_roots is not None else default_input_roots()
    return environment_fingerprint(roots, kernel, exclude=NOT_INPUTS)


def _manifest(run: BriefingRun, the_plan: Plan) -> dict:
    return {
        "region": the_plan.region,
        "year": the_plan.year,
        "published": run.published,
        "seconds": round(run.seconds, 1),
        "notebooks": {
            name: {
                "status": r.status,
                "seconds": round(r.seconds, 1),
                "error": r.error,
                "parameters": the_plan.per_notebook.get(name, {}),
            }
            for name, r in run.results.items()
        },
    }
