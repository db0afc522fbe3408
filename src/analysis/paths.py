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
#: the feasibility backtest kept on disk, keyed by its own inputs (a cache, not an input of the briefing)
FEASIBILITY_CACHE = PROCESSED / "feasibility"
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


#: the folders of ``data/raw/reports``, one per kind of text
REPORT_FOLDERS: tuple[str, ...] = ("national", "provinces", "cities", "communiques")


def report_path(region: str, year: int, folder: Path | None = None) -> Path:
    """Path of the shipped text named ``<year>_<region>.txt``: in the folder of its kind
    (``national/``, ``provinces/``, ``cities/``) or at the top of ``data/raw/reports`` (where a user
    may drop one). A path that does not exist when no such text is shipped."""
    base = folder if folder is not None else RAW_REPORTS
    name = f"{year}_{region}.txt"
    for sub in ("", *REPORT_FOLDERS):
        path = base / sub / name
        if path.is_file():
            return path
    return base / name


def available_report_years(region: str) -> list[int]:
    """Years of the work-report texts of ``region`` shipped in ``data/raw/reports`` (by file name)."""
    years = set()
    for sub in ("", *REPORT_FOLDERS[:3]):
        for path in (RAW_REPORTS / sub).glob(f"*_{region}.txt"):
            head = path.name.split("_", 1)[0]
            if head.isdigit():
                years.add(int(head))
    return sorted(years)
