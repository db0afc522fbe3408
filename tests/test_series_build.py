"""The processed build: byte-identical rebuilds, row accounting, bad input refused without damage."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from analysis import paths
from analysis.cli import main
from analysis.errors import InputError
from analysis.series import build, provenance

PANEL_LINES = 400  # fault tests use a short copy of the 20,000-row panel, for speed


def _reseal(path: Path) -> None:
    """Rewrite the sidecar of a raw copy after a deliberate change (the build verifies sidecars first)."""
    provenance.write_sidecar(path, provenance.read_sidecar(path))


def _copy_raw(dest: Path, *, full_panel: bool) -> Path:
    raw = dest / "raw"
    shutil.copytree(paths.RAW_PUBLIC, raw / "public")
    shutil.copyfile(paths.RAW / "corrections.csv", raw / "corrections.csv")
    if not full_panel:
        panel = raw / "public" / "provinces_panel.csv"
        lines = panel.read_text(encoding="utf-8").splitlines(keepends=True)[:PANEL_LINES]
        panel.write_text("".join(lines), encoding="utf-8")
        _reseal(panel)
    return raw


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: provenance.sha256(p) for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def small_raw(tmp_path_factory):
    return _copy_raw(tmp_path_factory.mktemp("series"), full_panel=False)


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["data", "build", "--processed", str(first)]) == 0
    build.run(processed=second)
    assert _digests(first) == _digests(second)
    assert set(_digests(first)) == set(build.OUTPUTS) | {build.MANIFEST}
    manifest = (first / build.MANIFEST).read_text(encoding="utf-8")
    assert str(paths.ROOT) not in manifest and str(tmp_path) not in manifest


@pytest.mark.slow
def test_every_raw_row_is_accounted_for(tmp_path):
    built = build.run(processed=tmp_path / "p")
    raw_rows = {}
    for path in sorted(paths.RAW_PUBLIC.glob("*.csv")):
        rows, _ = provenance.csv_shape(path)
        raw_rows[path.name] = rows
    report = [r for r in built.report if r["rows_in"]]
    assert {r["file"]: r["rows_in"] for r in report} == raw_rows
    for table in ("series", "targets"):
        out = [r for r in getattr(built, table)]
        for r in report:
            if r["table"] == table:
                assert len({x["row"] for x in out if x["file"] == r["file"]}) == r["rows_in"]
    # wide outcome files: each filled cell is a row, each blank cell is reported
    for r in report:
        if r["table"] == "outcomes" and r["file"].startswith("provinces_outcomes"):
            assert r["rows_out"] + r["skipped"] == 2 * r["rows_in"]
    with (tmp_path / "p" / "build_report.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == len(built.report)


def _edit(raw: Path, name: str, line: int, column: str, value: str | None) -> None:
    """Set (or, with value None, delete) one cell of a raw copy; line is 1-based incl. header."""
    path = raw / "public" / name
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    if value is None:
        i = header.index(column)
        rows = [r[:i] + r[i + 1 :] for r in rows]
    else:
        rows[line - 1][header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    _reseal(path)  # a new version with its sidecar: the fault is in the content, not the provenance


def _duplicate(raw: Path, name: str, line: int) -> None:
    path = raw / "public" / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[line - 1]]), encoding="utf-8")
    _reseal(path)


FAULTS = {
    # name: (file, edit, expected row, expected field, expected value, words in the message)
    "missing column": (
        "liaoning_annual.csv",
        lambda raw: _edit(raw, "liaoning_annual.csv", 1, "unit", None),
        1,
        "unit",
        None,
        "missing required column",
    ),
    "duplicate key": (
        "targets_liaoning.csv",
        lambda raw: _duplicate(raw, "targets_liaoning.csv", 5),
        33,
        None,
        None,
        "duplicate key",
    ),
    "non-numeric value": (
        "china_annual.csv",
        lambda raw: _edit(raw, "china_annual.csv", 7, "value", "12,3"),
        7,
        "value",
        "12,3",
        "not a number",
    ),
    "unknown unit": (
        "cities_annual.csv",
        lambda raw: _edit(raw, "cities_annual.csv", 4, "unit", "亿美元"),
        4,
        "unit",
        "亿美元",
        "unknown unit",
    ),
    "unknown region": (
        "provinces_panel.csv",
        lambda raw: _edit(raw, "provinces_panel.csv", 10, "region", "火星"),
        10,
        "region",
        "火星",
        "unknown region",
    ),
    "unknown indicator": (
        "outcomes_liaoning_history.csv",
        lambda raw: _edit(raw, "outcomes_liaoning_history.csv", 3, "indicator", "幸福指数增长"),
        3,
        "indicator",
        "幸福指数增长",
        "unknown indicator",
    ),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_bad_input_names_file_row_field_value_and_leaves_processed_untouched(fault, tmp_path, capsys):
    file, edit, row, field, value, words = FAULTS[fault]
    raw = _copy_raw(tmp_path, full_panel=False)
    processed = tmp_path / "processed"
    assert main(["data", "build", "--raw", str(raw), "--processed", str(processed)]) == 0
    before = _digests(processed)
    capsys.readouterr()
    edit(raw)
    with pytest.raises(InputError) as err:
        build.run(raw_root=raw, processed=processed)
    assert err.value.file == file and err.value.row == row
    if field is not None:
        assert err.value.field == field
    if value is not None:
        assert err.value.value == value
    assert words in str(err.value)
    assert main(["data", "build", "--raw", str(raw), "--processed", str(processed)]) == 2
    stderr = capsys.readouterr().err
    assert file in stderr and f"row {row}" in stderr and words in stderr
    assert _digests(processed) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".build-")]


def test_declared_correction_is_applied_with_its_reason(small_raw, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(small_raw, raw)
    with (raw / "public" / "china_annual.csv").open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    (raw / "corrections.csv").write_text(
        "file,row,column,published_value,corrected_value,reason\n"
        f"china_annual.csv,2,value,{row['value']},{float(row['value']) + 1:g},test: declared source error\n",
        encoding="utf-8",
    )
    built = build.run(raw_root=raw, write_outputs=False)
    fixed = [r for r in built.series if r["file"] == "china_annual.csv" and r["row"] == 2][0]
    assert fixed["value"] == float(row["value"]) + 1 and "declared source error" in fixed["adjustment"]
    assert fixed["value_published"] == row["value"]  # the raw number stays visible
    (raw / "corrections.csv").write_text(
        "file,row,column,published_value,corrected_value,reason\nchina_annual.csv,2,value,-1,0,stale\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="stale correction"):
        build.run(raw_root=raw, write_outputs=False)


def test_implausible_value_is_refused(small_raw, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(small_raw, raw)
    _edit(raw, "liaoning_annual.csv", 2, "value", "108200000")  # 亿元, a unit slip
    with pytest.raises(InputError, match="implausible") as err:
        build.run(raw_root=raw, write_outputs=False)
    assert err.value.file == "liaoning_annual.csv" and err.value.row == 2


def test_unknown_snapshot(small_raw):
    with pytest.raises(InputError, match="unknown snapshot") as err:
        build.run("2000-01-01", raw_root=small_raw, write_outputs=False)
    assert err.value.value == "2000-01-01"


def test_data_list_prints_the_catalogue(capsys):
    assert main(["data", "list", "--region", "liaoning", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["region"] for r in rows} == {"liaoning"}
    gdp = [r for r in rows if r["indicator"] == "gdp_nominal" and r["period"] == "Y"]
    assert len(gdp) == 1 and "first_release" in gdp[0]["vintages"] and "nbs_post5" in gdp[0]["vintages"]
    assert main(["data", "list", "--indicator", "gdp_index"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["region", "indicator", "period", "years", "n", "vintages", "unit"]
    assert "上年=100" in table
    assert main(["data", "list", "--region", "atlantis"]) == 2
    assert "atlantis" in capsys.readouterr().err
