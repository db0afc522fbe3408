"""Helpers shared by the briefing tests (no tests here): fixture notebooks and briefing inputs."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "data" / "briefing"


KERNELSPECS = {
    "python3": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
    "analysis": {"name": "analysis", "display_name": "Python (analysis)", "language": "python"},
}


def fixture_notebooks(
    folder: Path,
    *,
    fail: str | None = None,
    hold: str | None = None,
    marker: Path | None = None,
    kernelspec: str = "python3",
    scripts: Path | None = None,
) -> Path:
    """Convert the fixture jupytext scripts (``scripts``, default ``tests/data/briefing/notebooks``)
    to ``folder/*.ipynb``, naming the kernel ``kernelspec`` (``python3`` or ``analysis``); ``fail``:
    the notebook made to fail; ``hold``: the notebook that, at its end, writes its kernel's process
    id to ``marker`` and then waits a minute (so a test can kill the run part-way, at a known point)."""
    import jupytext

    folder.mkdir(parents=True, exist_ok=True)
    for script in sorted((scripts or FIXTURES / "notebooks").glob("*.py")):
        nb = jupytext.read(script)
        for number, cell in enumerate(nb.cells, start=1):  # as a committed notebook: ids fixed, not drawn
            cell.id = f"{script.stem}-{number}"
        nb.metadata["kernelspec"] = dict(KERNELSPECS[kernelspec])
        if script.stem == fail:
            from nbformat.v4 import new_code_cell

            nb.cells.append(new_code_cell('raise RuntimeError("made to fail by the test")'))
        if script.stem == hold:
            from nbformat.v4 import new_code_cell

            nb.cells.append(
                new_code_cell(
                    f"import os, pathlib, time\n"
                    f"pathlib.Path({str(marker)!r}).write_text(str(os.getpid()))\n"
                    f"time.sleep(60)",
                    id=f"{script.stem}-hold",
                )
            )
        jupytext.write(nb, folder / f"{script.stem}.ipynb")
    return folder
