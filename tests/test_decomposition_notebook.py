"""notebooks/40_decomposition executed under papermill: a province with the data, a city without."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

from analysis import paths
from analysis.models.decomposition import TABLES


def execute(tmp_path, monkeypatch, region: str, year: int):
    """The notebook run with ``region`` and ``year``, its tables and figures in ``tmp_path/out``."""
    import papermill

    # the kernel imports the package from this checkout, wherever it starts
    monkeypatch.setenv("PYTHONPATH", str(paths.ROOT / "src"))
    out = tmp_path / "out"
    papermill.execute_notebook(
        str(paths.NOTEBOOKS / "40_decomposition.ipynb"),
        str(tmp_path / "executed.ipynb"),
        parameters={"region": region, "year": year, "output_dir": str(out)},
        kernel_name="analysis",
        progress_bar=False,
    )
    return nbformat.read(str(tmp_path / "executed.ipynb"), as_version=4), out


def markdown_outputs(nb) -> str:
    return "\n".join(
        o["data"]["text/markdown"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "text/markdown" in o.get("data", {})
    )


@pytest.mark.slow
def test_a_province_writes_every_declared_table_and_the_figures(tmp_path, monkeypatch):
    nb, out = execute(tmp_path, monkeypatch, "guangdong", 2026)
    for spec in TABLES.values():
        table = pd.read_csv(out / spec.file)
        assert list(table.columns) == spec.column_names and len(table), spec.name
    for figure in ("decomposition_sectors", "decomposition_waterfall", "decomposition_gap"):
        assert (out / f"{figure}.png").exists(), figure
    text = markdown_outputs(nb)
    assert "In **2024** real GDP of 广东 grew" in text and "no 2025" in text


@pytest.mark.slow
def test_a_region_without_the_data_says_so_in_one_line_each(tmp_path, monkeypatch):
    nb, out = execute(tmp_path, monkeypatch, "shenyang", 2026)
    text = markdown_outputs(nb)
    assert text.count("No year in the data allows") >= 4
    assert not list(out.glob("*.png"))
    assert pd.read_csv(out / "money_terms.csv").empty
