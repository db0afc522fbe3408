"""One place for every path of the project.

All paths derive from the repository root, which is found from this file's location
(src layout, editable install) or from the ``ANALYSIS_ROOT`` environment variable.
"""
from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    env = os.environ.get("ANALYSIS_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "data").is_dir():
            return parent
    return Path.cwd().resolve()


ROOT = _find_root()
DATA = ROOT / "data"
RAW = DATA / "raw"
RAW_PUBLIC = RAW / "public"
RAW_REPORTS = RAW / "reports"
PROCESSED = DATA / "processed"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"
BRIEFING = ROOT / "briefing"


#: Marks a folder that stands in for ``notebooks/`` (the briefing runner's stage folders, a folder
#: of notebooks executed in place): relative notebook paths resolve against it.
NOTEBOOK_FOLDER_MARKER = ".analysis-notebook-folder"


def notebook_path(value: str | Path) -> Path:
    """A path parameter of a notebook (``output_dir``, ``report_path``) as the notebook means it.

    A relative path is relative to the notebook's folder, whatever folder the kernel started in:
    ``papermill notebooks/30_feasibility.ipynb out.ipynb`` run from the repository root writes to
    ``figures/`` of the repository, as JupyterLab does. The notebook's folder is the kernel's working
    directory when it holds :data:`NOTEBOOK_FOLDER_MARKER` (put there by the briefing runner), else
    the repository's ``notebooks/``. An absolute path is kept.
    """
    path = Path(value).expanduser()
    if path.is_absolute():
        return path
    here = Path.cwd()
    base = here if (here / NOTEBOOK_FOLDER_MARKER).exists() else NOTEBOOKS
    return base / path


def report_path(region: str, year: int) -> Path:
    """Path of the shipped work-report text for ``region`` delivered in ``year``."""
    return RAW_REPORTS / f"{year}_{region}.txt"


def available_report_years(region: str) -> list[int]:
    """Years for which a work report of ``region`` is shipped in ``data/raw/reports``."""
    years = []
    for path in RAW_REPORTS.glob(f"*_{region}.txt"):
        head = path.name.split("_", 1)[0]
        if head.isdigit():
            years.append(int(head))
    return sorted(years)
