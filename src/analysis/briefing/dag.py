"""The notebooks of the briefing and what each waits for: the DAG, declared in this one place.

Notebooks are found in ``notebooks/`` by name ``NN_name.ipynb`` (two-digit phase number). The rule:

* phase notebooks (numbers below :data:`REPORT_FROM`: 10_indicators, 20_track_record,
  30_feasibility, 35_scenarios, 40_decomposition) call the package and the data only, so they are
  independent of one another and run at the same time;
* report notebooks (:data:`REPORT_FROM` and up: 90_briefing) read the tables and figures that
  every phase wrote, so they run after all phase notebooks;
* :data:`EXTRA_DEPENDENCIES` adds any phase-to-phase edge, should a phase ever read another's output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import InputError

#: Notebooks numbered from here up read what the phase notebooks wrote.
REPORT_FROM = 90
#: notebook -> notebooks whose outputs it reads, beyond the rule above (none today).
EXTRA_DEPENDENCIES: dict[str, tuple[str, ...]] = {}
#: The notebook whose executed copy becomes the HTML briefing.
BRIEFING_NOTEBOOK = "90_briefing"

_NAME = re.compile(r"(\d{2})_[a-z0-9_]+")


@dataclass(frozen=True)
class Notebook:
    """A notebook of the DAG: ``name`` (e.g. ``30_feasibility``), phase ``number``, ``path``."""

    name: str
    number: int
    path: Path


def discover(notebooks_dir: str | Path) -> list[Notebook]:
    """The ``NN_name.ipynb`` notebooks of ``notebooks_dir``, sorted by number then name."""
    folder = Path(notebooks_dir)
    found = []
    for path in sorted(folder.glob("*.ipynb")):
        match = _NAME.fullmatch(path.stem)
        if match:
            found.append(Notebook(path.stem, int(match.group(1)), path))
    if not found:
        raise InputError("no NN_name.ipynb notebooks found", file=folder)
    return sorted(found, key=lambda nb: (nb.number, nb.name))


def dependencies(notebooks: list[Notebook]) -> dict[str, tuple[str, ...]]:
    """notebook name -> names it must wait for (stable order)."""
    names = [nb.name for nb in notebooks]
    phases = tuple(nb.name for nb in notebooks if nb.number < REPORT_FROM)
    deps: dict[str, tuple[str, ...]] = {}
    for nb in notebooks:
        base = phases if nb.number >= REPORT_FROM else ()
        extra = EXTRA_DEPENDENCIES.get(nb.name, ())
        missing = [d for d in extra if d not in names]
        if missing:
            raise InputError(f"{nb.name} depends on missing notebook(s) {', '.join(missing)}")
        deps[nb.name] = tuple(dict.fromkeys(base + extra))
    topological_order(deps)  # raises on a cycle
    return deps


def topological_order(deps: dict[str, tuple[str, ...]]) -> list[str]:
    """Names in an order where each comes after everything it waits for (ties by name)."""
    done: list[str] = []
    pending = dict(deps)
    while pending:
        ready = sorted(n for n, d in pending.items() if all(x in done for x in d))
        if not ready:
            raise InputError("notebook dependencies form a cycle: " + ", ".join(sorted(pending)))
        done.extend(ready)
        for name in ready:
            del pending[name]
    return done


def select(notebooks: list[Notebook], names: list[str] | None) -> list[Notebook]:
    """The notebooks called ``names`` (all when empty), refusing unknown names."""
    if not names:
        return notebooks
    by_name = {nb.name: nb for nb in notebooks}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise InputError(f"unknown notebook(s) {', '.join(unknown)}; known: {', '.join(by_name)}")
    return [nb for nb in notebooks if nb.name in names]
