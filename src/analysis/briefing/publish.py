"""Run folders and the all-or-nothing publish of ``OUT`` (``--out``, default ``briefing/``).

Layout::

    OUT/runs/<run id>/notebooks/NN_name.ipynb   executed notebooks (a failed one is kept here)
    OUT/runs/<run id>/figures/                  figures (PNG, SVG, CSV) and the tables the briefing reads
    OUT/runs/<run id>/briefing.html             the self-contained HTML briefing
    OUT/runs/<run id>/run.json                  parameters, status and seconds of each notebook
    OUT/latest -> runs/<run id>                 the published run: switched in one rename, only on success
    OUT/briefing.html, OUT/figures              links into latest/ (made once)

A run writes only into its own new folder until :func:`publish`, which points ``latest`` at it by
renaming a new symbolic link over the old one: a run killed at any moment leaves ``latest`` as it
was, and two runs into one ``OUT`` each finish their own folder (``latest`` names one of them).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import threading
from pathlib import Path

from analysis.tables import atomic_path

#: Run folders kept under ``OUT/runs`` (older ones are removed after a publish; never the published one).
KEEP_RUNS = 20
#: What ``OUT`` links into ``latest/`` for convenience.
LINKS = ("briefing.html", "figures")


def new_run_dir(out_dir: Path) -> Path:
    """A new, empty ``OUT/runs/<run id>`` (the time of day, with a suffix when taken)."""
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


def publish(out_dir: Path, run_dir: Path) -> None:
    """Point ``OUT/latest`` at ``run_dir`` in one atomic rename; make the convenience links once."""
    tmp = out_dir / f".latest-{os.getpid()}-{threading.get_ident()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(Path("runs") / run_dir.name, target_is_directory=True)
    os.replace(tmp, out_dir / "latest")
    for name in LINKS:
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


def prune(out_dir: Path, keep: int = KEEP_RUNS) -> None:
    """Remove all but the newest ``keep`` run folders, never the published one."""
    runs = sorted((p for p in (out_dir / "runs").iterdir() if p.is_dir()), key=lambda p: p.name)
    current = published_run(out_dir)
    for old in runs[:-keep] if keep > 0 else []:
        if old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)


def write_manifest(run_dir: Path, manifest: dict) -> Path:
    """``run.json`` of the run folder (sorted keys, UTF-8), written by a rename."""
    target = run_dir / "run.json"
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return target
