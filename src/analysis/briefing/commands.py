"""Command handlers: ``python -m analysis briefing`` and ``python -m analysis notebooks execute``."""

from __future__ import annotations

from pathlib import Path

from analysis import paths
from analysis.briefing.runner import run_briefing
from analysis.errors import InputError


def cmd_briefing(args) -> int:
    """Run the notebooks (a DAG, on warm kernels) and publish the HTML briefing; exit 0 only if published.

    Unknown or ill-typed ``-p`` parameters, a region and year without a work report, and an ``--out``
    that is (or lies inside) a file raise :class:`analysis.errors.InputError` (exit 2) before any
    kernel starts. A failing notebook exits 1 and leaves the last briefing untouched. ``--region all``
    briefs every region with a report of ``--year`` (:func:`analysis.briefing.batch.run_batch`); exit
    1 if any of them failed.
    """
    if args.out is not None:
        out = Path(args.out)
        existing = next(p for p in (out, *out.parents) if p.exists())
        if not existing.is_dir():
            raise InputError(
                f"--out must be a folder (or a new one to create); {existing} is a file", field="--out", value=args.out
            )

    use_cache = False if args.no_cache else None
    if args.region == "all":
        # the batch's index page reads the feasibility family (a second of imports a single briefing skips)
        from analysis.briefing.batch import run_batch  # noqa: PLC0415

        batch = run_batch(year=args.year, overrides=args.parameter, out=args.out, jobs=args.jobs, use_cache=use_cache)
        print(batch.index)
        return batch.exit_code
    run = run_briefing(
        region=args.region, year=args.year, overrides=args.parameter, out=args.out, jobs=args.jobs, use_cache=use_cache
    )
    if run.published:
        print(run.html)
    return run.exit_code


def cmd_notebooks_execute(args) -> int:
    """Re-execute the committed notebooks in place with their default parameters, then jupytext-sync.

    Notebooks run in DAG order on warm kernels with ``notebooks/`` as working directory, so their
    outputs land where the defaults say (``output_dir = "../figures"``). Each result replaces its
    notebook only when every notebook ran without error; papermill's timing metadata is dropped so
    that a re-run changes the file only where an output changed.
    """
    # jupytext's command line is half a second of imports the briefing does not need
    from analysis.briefing.inplace import execute_in_place  # noqa: PLC0415

    ok = execute_in_place(paths.NOTEBOOKS, names=list(args.names))
    return 0 if ok else 1
