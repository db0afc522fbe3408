"""Brief every report of one year in one run: ``python -m analysis briefing --region all --year Y``.

Layout of ``OUT`` (default ``briefing/<year>/``)::

    OUT/<region>/latest/briefing.html   each region's briefing, published as a single run publishes it
    OUT/index.html                      one row per region: its GDP target, status and link
    OUT/.cache/memo/                    results every region's kernels share (the feasibility backtest)

Each region is one :func:`analysis.briefing.runner.run_briefing` (all or nothing per region, its own
cache in ``OUT/<region>/.cache``), so a second batch on unchanged inputs restores every notebook
from the cache. A region that fails leaves its previous briefing in place; the batch exits 1 and
names it. The index is written last, by a rename.
"""

from __future__ import annotations

import contextlib
import html as html_lib
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from analysis import paths
from analysis.errors import InputError
from analysis.tables import atomic_path


@dataclass
class BatchRun:
    """A batch: its folder, each region's run, the index page and the seconds it took."""

    out_dir: Path
    year: int
    runs: dict = field(default_factory=dict)
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
    """Regions with a shipped work report delivered in ``year``: the nation first, then by key.

    Raises
    ------
    InputError
        when no report of that year is shipped (naming the folder and the years that are).
    """
    from analysis import vocabulary

    regions = sorted(p.name[len(f"{year}_") : -len(".txt")] for p in paths.RAW_REPORTS.glob(f"{int(year)}_*.txt"))
    regions = [r for r in regions if r in vocabulary.REGION_NAMES]
    if not regions:
        years = sorted({int(p.name[:4]) for p in paths.RAW_REPORTS.glob("*_*.txt") if p.name[:4].isdigit()})
        raise InputError(
            f"no work report of {year} is shipped; years with reports: {', '.join(map(str, years))}",
            file=paths.RAW_REPORTS,
            field="--year",
            value=year,
        )
    return sorted(regions, key=lambda r: (r != "china", r))


def run_batch(
    *,
    year: int,
    regions: list[str] | None = None,
    out: str | Path | None = None,
    overrides=(),
    jobs: int | None = None,
    use_cache: bool | None = None,
    log: Callable[[str], None] | None = None,
    **runner_options,
) -> BatchRun:
    """Brief ``regions`` (default: every region with a report of ``year``) one after another.

    Every region's parameters are validated before the first kernel starts, so a bad ``-p`` value
    stops the batch with nothing run. Returns the :class:`BatchRun`; ``exit_code`` is 0 only if every
    region published.
    """
    from analysis.briefing import runner
    from analysis.vocabulary import check_region

    started = time.perf_counter()
    log = log or runner._stderr
    regions = [check_region(r) for r in regions] if regions else report_regions(year)
    for region in regions:  # bad parameters or a missing report: refused before anything runs
        with contextlib.redirect_stderr(io.StringIO()):  # its notes are said again when the region runs
            runner.plan(
                region=region, year=year, overrides=overrides, notebooks_dir=runner_options.get("notebooks_dir")
            )
    out_dir = Path(out) if out is not None else paths.BRIEFING / str(year)
    batch = BatchRun(out_dir, int(year))
    for i, region in enumerate(regions, 1):
        log(runner._stamp(f"[{i}/{len(regions)}] {region} {year}"))
        batch.runs[region] = runner.run_briefing(
            region=region,
            year=year,
            overrides=overrides,
            out=out_dir / region,
            jobs=jobs,
            use_cache=use_cache,
            log=log,
            memo_dir=out_dir / ".cache" / "memo",
            **runner_options,
        )
    batch.index = write_index(batch)
    batch.seconds = time.perf_counter() - started
    counts = batch.counts()
    log(
        runner._stamp(
            f"{len(regions) - len(batch.failed)} of {len(regions)} briefings published in "
            f"{batch.seconds:.1f}s ({counts.get('done', 0)} notebooks executed, "
            f"{counts.get('cached', 0)} from the cache); index: {batch.index}"
        )
    )
    if batch.failed:
        log(runner._stamp(f"not published: {', '.join(batch.failed)} (their previous briefings are untouched)"))
    return batch


def _gdp_target(run_dir: Path, region: str) -> str:
    """The region's GDP growth target as its report writes it (5-5.5%, 4.5%左右), or — when not read."""
    import pandas as pd

    table = run_dir / "figures" / "peers_targets.csv"
    if not table.is_file():
        return "—"
    frame = pd.read_csv(table)
    row = frame[frame["region"].eq(region) & frame["key"].eq("gdp_real_growth")]
    return str(row["written"].iloc[0]) if len(row) and isinstance(row["written"].iloc[0], str) else "—"


def index_rows(batch: BatchRun) -> list[dict[str, str]]:
    """One row per region of the batch: 地区, GDP target, status, link (relative to ``OUT``)."""
    from analysis.vocabulary import REGION_NAMES

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
    """``OUT/index.html``: the batch's regions with their GDP targets, linked to their briefings,
    in the briefing's look, the Chinese names in the embedded font; written by a rename."""
    from analysis.briefing import html as page

    body = "".join(
        f"<tr><td>{html_lib.escape(r['region'])}</td><td>{html_lib.escape(r['gdp'])}</td>"
        f"<td>{html_lib.escape(r['status'])}</td><td>"
        + (f'<a href="{html_lib.escape(r["link"])}">briefing</a>' if r["link"] else "—")
        + "</td></tr>\n"
        for r in index_rows(batch)
    )
    title = f"{batch.year} 年政府工作报告 · every report of the year"
    text = (
        f'<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        f"<style>\n{page.PAGE_CSS}</style>\n</head>\n<body><main>\n<h1>{title}</h1>\n"
        f"<p>One briefing per region with a work report delivered in {batch.year}: the GDP growth target "
        "as the report words it, and whether the briefing was published in this run.</p>\n"
        '<table class="text"><thead><tr><th>地区</th><th>GDP 增长目标</th><th>status</th><th></th></tr></thead>'
        f"\n<tbody>\n{body}</tbody></table>\n</main></body>\n</html>\n"
    )
    text = page._embed_font(text)
    target = batch.out_dir / "index.html"
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target
