"""Notebook hygiene for every notebooks/*.ipynb: parameters cell, no definitions, jupytext pairs agree.

Notebooks narrate and call the package (STYLE.md, habit 1); a parameters cell of typed literals
with a comment each documents them for papermill and lets the runner validate ``-p`` values.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from analysis import paths
from analysis.briefing import dag, params

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]
SHARED_TYPES = {
    "region": "str",
    "year": "int",
    "as_of": "str",
    "snapshot": "str",
    "output_dir": "str",
    "seed": "int",
    "n_paths": "int",
}


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_there_are_notebooks_and_all_are_numbered():
    assert NOTEBOOKS, "no notebooks found"
    assert [nb.path.name for nb in dag.discover(paths.NOTEBOOKS)] == [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_exactly_one_parameters_cell_first_with_typed_literals_and_comments(path):
    nb = nbformat.read(str(path), as_version=4)
    index, source = params.parameters_cell(nb, file=path)  # exactly one, or InputError
    assert _code(nb)[0] is nb.cells[index], "the parameters cell must be the first code cell"
    declared = params.parse_parameters(source, file=path)  # typed literals with a comment each
    assert declared, "an empty parameters cell"
    for name, parameter in declared.items():
        if name in SHARED_TYPES:
            assert parameter.type == SHARED_TYPES[name], f"{name} must be {SHARED_TYPES[name]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_function_or_class_definitions_in_code_cells(path):
    nb = nbformat.read(str(path), as_version=4)
    for cell in _code(nb):
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        tree = ast.parse(source)
        defined = [
            n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        ]
        assert not defined, f"define {defined} in src/analysis, not in the notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_kernel_is_the_one_every_install_has(path):
    nb = nbformat.read(str(path), as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"  # every ipykernel install has it


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_paired_with_a_jupytext_script_that_agrees(path):
    """The .py (what reviewers read) has the same cells, in order, as the .ipynb (what runs)."""
    import jupytext

    script = path.with_suffix(".py")
    assert script.exists(), f"{path.name} has no paired {script.name}"
    nb = jupytext.read(path)
    assert "py:percent" in nb.metadata.get("jupytext", {}).get("formats", ""), "pair with py:percent"
    text = jupytext.read(script)
    cells = [(c.cell_type, c.source.strip()) for c in nb.cells]
    script_cells = [(c.cell_type, c.source.strip()) for c in text.cells]
    assert script_cells == cells, f"{script.name} and {path.name} differ: run `jupytext --sync {path.name}`"
    params.parameters_cell(text, file=script)  # the tag survives the round trip


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_outputs_are_clean(path):
    """Outputs stored for nbval: a clean run (no errors), nothing volatile leaks into text outputs."""
    nb = nbformat.read(str(path), as_version=4)
    code = _code(nb)
    assert any(c.outputs for c in code), "no stored outputs: run `python -m analysis notebooks execute`"
    counts = [c.execution_count for c in code if c.execution_count is not None]
    assert counts == list(range(1, len(counts) + 1)), "outputs are not from one clean top-to-bottom run"
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error", f"stored error output: {out.get('ename')}"
            text = out.get("text", "") or out.get("data", {}).get("text/plain", "")
            assert not re.search(r"<Figure size \d+x\d+ with \d+ Axes>", text), "a figure was left open"
            assert "/work/" not in text and "/home/" not in text, "an absolute path in the output"
