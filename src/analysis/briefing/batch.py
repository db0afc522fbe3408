"""Brief every report of one year in one run: ``python -m analysis briefing --region all --year Y``.

The regions are those of the corpus panel with a work report of that year at the levels of
:data:`analysis.briefing.shipped.BATCH_LEVELS`: the nation and the provinces (a city is briefed on
its own, with ``--region``). Layout of ``OUT`` (default ``briefing/<year>/``)::

    OUT/<region>/latest/briefing.html   each region's briefing, published as a single run publishes it
    OUT/index.html                      one row per region: its GDP target, status and link

Every region's parameters are validated before any kernel starts. The regions then run at the same
time on one pool of warm kernels (:mod:`analysis.briefing.pool`; one per CPU unless ``jobs`` says),
so a kernel goes from one region's notebook to the next region's without starting again or reloading
what its loaders keep (results that are the same for every region are computed once); each region
is one :func:`analysis.briefing.runner.run_briefing` (all or nothing per region, its own cache in
``OUT/<region>/.cache``, the cache's digest of the inputs computed once for the batch), so a second
batch on unchanged inputs restores every notebook from the cache and starts no kernel. The log has
one line per region as it ends, and the lines of a region that failed; a region that fails leaves
its previous briefing in place, and the batch exits 1 and names it. The index is written last, by a
rename.
"""

from __future__ import annotations

import html as html_lib
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.briefing import html as page
from analysis.briefing import shipped
from analysis.briefing.kernel import resolve_kernel
from analysis.briefing.log import stamp, to_stderr
from analysis.briefing.page import index as index_page
from analysis.briefing.pool import KernelPool, default_size, notebook_imports
from analysis.briefing.runner import BriefingRun, cache_environment, plan, read_notebooks, run_briefing
from analysis.corpus.build import load_panel
from analysis.corpus.january import january_table
from analysis.corpus.january import summary as january_summary
from analysis.errors import InputError
from analysis.figures.maps import province_map
from analysis.tables import atomic_path
from analysis.vocabulary import REGION_NAMES, check_region

#: The batch saves its figures as PNG alone: its pages embed the PNG, and an SVG of every chart of
#: 32 regions costs a third of the batch's drawing time (a single briefing writes both).
BATCH_FIGURE_FORMATS = ("png",)


@dataclass
class BatchRun:
    """A batch: its folder, each region's run (in the order of the regions), the index page and the
    seconds it took."""

    out_dir: Path
    year: int
    runs: dict[str, BriefingRun] = field(default_factory=dict)
    index: Path | None = None
    seconds: float = 0.0

    @property
    def failed(self) -> list[str]:
        return [region for region, run in self.runs.items() if not run.published]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def counts(self) -> dict[str, int]:
        """Notebooks by status over every region (done, cached, failed, skipped)."""
        out: dict[str, int] = {}
        for run in self.runs.values():
            for result in run.results.values():
                out[result.status] = out.get(result.status, 0) + 1
        return out


def report_regions(year: int) -> list[str]:
    """Regions with a work report of ``year`` in the corpus panel: the nation first, then the
    provinces by key (:func:`analysis.briefing.shipped.report_regions`).

    Raises
    ------
    InputError
        when the panel holds no such report (naming the years that have one).
    """
    regions = shipped.report_regions(year)
    if not regions:
        frame = shipped.reports()
        years = sorted(set(frame.loc[frame["level"].isin(shipped.BATCH_LEVELS), "year"]))
        raise InputError(
            f"no work report of {year} is shipped; years with reports: {shipped.span(years)}",
            file=paths.PROCESSED / "corpus" / "reports.csv",
            field="--year",
            value=year,
        )
    return regions


def run_batch(
    *,
    year: int,
    regions: list[str] | None = None,
    out: str | Path | None = None,
    overrides=(),
    jobs: int | None = None,
    use_cache: bool | None = None,
    log: Callable[[str], None] | None = None,
    notebooks_dir: str | Path | None = None,
    kernel: str | None = None,
    input_roots: list[Path] | None = None,
    **runner_options,
) -> BatchRun:
    """Brief ``regions`` (default: every region of :func:`report_regions`) on one pool of warm kernels.

    ``jobs`` is the number of kernels (default one per CPU); the other options are those of
    :func:`~analysis.briefing.runner.run_briefing`. A bad ``-p`` value or a region without a report
    stops the batch with nothing run (InputError). Returns the :class:`BatchRun`; ``exit_code`` is 0
    only if every region published.
    """
    started = time.perf_counter()
    log = log or to_stderr
    regions = [check_region(r) for r in regions] if regions else report_regions(year)
    notebooks = read_notebooks(notebooks_dir)
    notes: dict[str, list[str]] = {}
    for region in regions:  # bad parameters or a missing report: refused before anything runs
        plan(notebooks, region=region, year=year, overrides=overrides, note=notes.setdefault(region, []).append)
    resolved = resolve_kernel(kernel)
    if use_cache is None:
        use_cache = os.environ.get("ANALYSIS_BRIEFING_CACHE", "on").lower() not in {"off", "0", "no"}
    environment = cache_environment(resolved, input_roots) if use_cache else None
    out_dir = Path(out) if out is not None else paths.BRIEFING / str(year)
    size = jobs or default_size()
    log(stamp(f"batch of {len(regions)} reports of {year} into {out_dir}: {size} warm kernels; {resolved.note}"))
    noted = [r for r in regions if notes.get(r)]
    if noted:
        log(stamp(f"{notes[noted[0]][0]} [{len(noted)} of {len(regions)} regions]"))

    batch = BatchRun(out_dir, int(year))
    finished: dict[str, BriefingRun] = {}
    with KernelPool(resolved, size, notebook_imports(notebooks.paths)) as pool:

        def brief(region: str) -> BriefingRun:
            return run_briefing(
                region=region,
                year=year,
                overrides=overrides,
                out=out_dir / region,
                notebooks_dir=notebooks.folder,
                use_cache=use_cache,
                input_roots=input_roots,
                log=lambda line: None,  # one line per region, below
                pool=pool,
                environment=environment,
                figure_formats=BATCH_FIGURE_FORMATS,
                **runner_options,
            )

        with ThreadPoolExecutor(max_workers=size + 1, thread_name_prefix="region") as threads:
            futures = {threads.submit(brief, region): region for region in regions}
            for done, future in enumerate(as_completed(futures), 1):
                region = futures[future]
                run = finished[region] = future.result()
                log(stamp(f"[{done}/{len(regions)}] {region} {year} {_summary(run)}"))
                for line in run.problems:
                    log(stamp(f"  {region}: {line}"))
    batch.runs = {region: finished[region] for region in regions}
    batch.index = write_index(batch)
    batch.seconds = time.perf_counter() - started
    counts = batch.counts()
    log(
        stamp(
            f"{len(regions) - len(batch.failed)} of {len(regions)} briefings published in "
            f"{batch.seconds:.1f}s ({counts.get('done', 0)} notebooks executed, "
            f"{counts.get('cached', 0)} from the cache; {pool.starts} kernels started); index: {batch.index}"
        )
    )
    if batch.failed:
        log(stamp(f"not published: {', '.join(batch.failed)} (their previous briefings are untouched)"))
    return batch


def _summary(run: BriefingRun) -> str:
    """``published in 4.1s (5 done, 1 cached)`` or ``NOT published (...)``."""
    counts: dict[str, int] = {}
    for result in run.results.values():
        counts[result.status] = counts.get(result.status, 0) + 1
    statuses = ", ".join(f"{n} {status}" for status, n in counts.items())
    return f"{'published' if run.published else 'NOT published'} in {run.seconds:.1f}s ({statuses})"


def _gdp_target(run_dir: Path, region: str) -> str:
    """The region's GDP growth target as its report writes it (5-5.5%, 4.5%左右), or — when not read."""
    table = run_dir / "figures" / "peers_targets.csv"
    if not table.is_file():
        return "—"
    frame = pd.read_csv(table)
    row = frame[frame["region"].eq(region) & frame["key"].eq("gdp_real_growth")]
    return str(row["written"].iloc[0]) if len(row) and isinstance(row["written"].iloc[0], str) else "—"


def index_rows(batch: BatchRun) -> list[dict[str, str]]:
    """One row per region of the batch: 地区, GDP target, status, link (relative to ``OUT``)."""
    rows = []
    for region, run in batch.runs.items():
        published = batch.out_dir / region / "latest"
        shown = published.resolve() if published.exists() else run.run_dir
        if run.published:
            status = "published"
        else:
            failed = [r.name for r in run.results.values() if r.status == "failed"]
            status = "failed; the previous briefing is kept" if published.exists() else "failed"
            status += f" ({', '.join(failed)})" if failed else ""
        rows.append(
            {
                "region": REGION_NAMES.get(region, region),
                "gdp": _gdp_target(shown, region),
                "status": status,
                "link": f"{region}/latest/briefing.html" if published.exists() else "",
            }
        )
    return rows


def write_index(batch: BatchRun) -> Path:
    """``OUT/index.html``: the January page of the year (every province's targets beside last year's,
    sortable, with the map of the GDP targets), each region linked to its briefing when published, the
    regions that failed named; the Chinese names in the embedded font; written by a rename."""
    panel = load_panel()
    table, counts = january_table(panel, batch.year), january_summary(panel, batch.year)
    provinces = table[table["region"] != "china"]
    drawn = province_map(
        pd.Series(provinces["gdp_value"].to_numpy(), index=provinces["region"].to_numpy()),
        batch.out_dir / ".index",
        title=f"{batch.year}年各省地区生产总值增长目标",
        legend="GDP growth target, % (the low end of a range)",
        sources=[f"the {batch.year} government work reports (政府工作报告) of the provinces"],
        labels={r: (f"{v:g}" if v == v else "") for r, v in zip(provinces["region"], provinces["gdp_value"])},
        name="provinces_map",
    )
    picture = next((p for p in drawn if p.suffix == ".png"), None)
    links = {
        region: f"{region}/latest/briefing.html"
        for region in batch.runs
        if (batch.out_dir / region / "latest").exists()
    }
    text = index_page.page(table, counts, picture, links, batch.year, page.publication_date().isoformat())
    failed = [r for r in index_rows(batch) if not r["status"].startswith("published")]
    if failed:
        note = "; ".join(f"{html_lib.escape(r['region'])}: {html_lib.escape(r['status'])}" for r in failed)
        text = text.replace("</h1>", f'</h1><p class="note">Not briefed in this run: {note}.</p>', 1)
    text = page._embed_font(text)
    target = batch.out_dir / "index.html"
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target
