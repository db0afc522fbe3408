"""Bad input to the data layer: a clear InputError (file, row, field, value), exit 2, outputs intact.

One test per audit finding: a malformed corrections.csv; raw files whose provenance sidecar is
broken, missing or out of date; a truncated or edited data/processed; a raw CSV without data rows;
a GB18030 raw CSV. Builds run on a copy of data/raw with a short provinces panel, for speed.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from pathlib import Path

import pytest

from analysis import paths
from analysis.cli import main
from analysis.errors import InputError
from analysis.series import build, load, provenance, raw

PANEL_LINES = 400


@pytest.fixture(scope="module")
def small_raw(tmp_path_factory) -> Path:
    """data/raw/public and corrections.csv with a 400-line panel, every sidecar valid."""
    root = tmp_path_factory.mktemp("bad_input") / "raw"
    shutil.copytree(paths.RAW_PUBLIC, root / "public")
    shutil.copyfile(paths.RAW / "corrections.csv", root / "corrections.csv")
    panel = root / "public" / "provinces_panel.csv"
    panel.write_text(
        "".join(panel.read_text(encoding="utf-8").splitlines(keepends=True)[:PANEL_LINES]), encoding="utf-8"
    )
    provenance.write_sidecar(panel, provenance.read_sidecar(panel))
    return root


@pytest.fixture()
def built(small_raw, tmp_path) -> tuple[Path, Path]:
    """(raw copy, processed folder built from it)."""
    raw_root = tmp_path / "raw"
    shutil.copytree(small_raw, raw_root)
    processed = tmp_path / "processed"
    assert main(["data", "build", "--raw", str(raw_root), "--processed", str(processed)]) == 0
    return raw_root, processed


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: provenance.sha256(p) for p in sorted(folder.iterdir()) if p.is_file()}


def _refused(raw_root: Path, processed: Path, capsys) -> str:
    """Run ``data build``; assert exit 2 and byte-identical outputs; return stderr."""
    before = _digests(processed)
    capsys.readouterr()
    assert main(["data", "build", "--raw", str(raw_root), "--processed", str(processed)]) == 2
    assert _digests(processed) == before
    assert not [p for p in processed.parent.iterdir() if p.name.startswith(".build-")]
    return capsys.readouterr().err


# 1. corrections.csv -----------------------------------------------------------------------------

HEADER = "file,row,column,published_value,corrected_value,reason\n"
CORRECTIONS = {
    # name: (file bytes, row, field, value, words)
    "non-numeric corrected value": (
        (HEADER + "liaoning_annual.csv,2,value,1082,abc,typo\n").encode(),
        2,
        "corrected_value",
        "abc",
        "not a number",
    ),
    "short row": (
        (HEADER + "liaoning_annual.csv,2\n").encode(),
        2,
        "column",
        "liaoning_annual.csv,2",
        "expected 6 fields, found 2",
    ),
    "random bytes": (random.Random(0).randbytes(300), None, None, None, "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(CORRECTIONS))
def test_malformed_correction_names_row_field_value(case, built, capsys):
    raw_root, processed = built
    content, row, field, value, words = CORRECTIONS[case]
    (raw_root / "corrections.csv").write_bytes(content)
    with pytest.raises(InputError, match=words) as err:
        build.run(raw_root=raw_root, write_outputs=False)
    assert err.value.file == "corrections.csv"
    if row is not None:
        assert (err.value.row, err.value.field, err.value.value) == (row, field, value)
    else:  # the first record holding an undecodable byte, and the bytes themselves
        assert err.value.row >= 1 and isinstance(err.value.value, bytes) and err.value.value
    stderr = _refused(raw_root, processed, capsys)
    assert "corrections.csv" in stderr and words in stderr


# 2. provenance sidecars checked by the build ----------------------------------------------------


def _break_json(public: Path) -> None:
    (public / "targets_china.csv.meta.json").write_text("{not json", encoding="utf-8")


def _drop_sidecar(public: Path) -> None:
    (public / "targets_china.csv.meta.json").unlink()


def _change_file(public: Path) -> None:
    path = public / "targets_china.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n", 1))  # same rows, other bytes


def _add_unsourced(public: Path) -> None:
    shutil.copyfile(public / "targets_china.csv", public / "targets_extra.csv")


SIDECARS = {
    "invalid JSON": (_break_json, "targets_china.csv.meta.json", "not valid JSON"),
    "missing sidecar": (_drop_sidecar, "targets_china.csv", "no provenance sidecar"),
    "sha256 differs": (_change_file, "targets_china.csv", "checksum differs"),
    "CSV without sidecar": (_add_unsourced, "targets_extra.csv", "no provenance sidecar"),
}


@pytest.mark.parametrize("case", sorted(SIDECARS))
def test_build_refuses_raw_files_without_valid_provenance(case, built, capsys):
    raw_root, processed = built
    edit, name, words = SIDECARS[case]
    expected = provenance.read_sidecar(raw_root / "public" / "targets_china.csv")["sha256"]
    edit(raw_root / "public")
    with pytest.raises(InputError, match=words) as err:
        build.run(raw_root=raw_root, write_outputs=False)
    assert name in str(err.value)
    if case == "sha256 differs":
        found = provenance.sha256(raw_root / "public" / "targets_china.csv")
        assert err.value.field == "sha256" and err.value.value == found and expected in str(err.value)
    stderr = _refused(raw_root, processed, capsys)
    assert name in stderr and words in stderr


# 3. processed tables: loader and data check -----------------------------------------------------


@pytest.fixture()
def live(built, monkeypatch):
    """The small build as the project's data/raw and data/processed, with a fresh loader cache."""
    raw_root, processed = built
    monkeypatch.setattr(paths, "RAW", raw_root)
    monkeypatch.setattr(paths, "PROCESSED", processed)
    load.clear_cache()
    yield raw_root, processed
    load.clear_cache()


def test_build_records_output_checksums_and_data_check_verifies_them(live, capsys):
    _, processed = live
    manifest = json.loads((processed / build.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["outputs"] == {n: provenance.sha256(processed / n) for n in build.OUTPUTS}
    assert main(["data", "check"]) == 0
    assert "data/processed: current" in capsys.readouterr().out
    series = processed / "series.csv"
    series.write_bytes(series.read_bytes()[: series.stat().st_size // 2])
    assert main(["data", "check"]) == 2
    err = capsys.readouterr().err
    assert "series.csv" in err and "sha256" in err and "data build" in err


def test_truncated_processed_series_names_row_and_field(live, capsys):
    _, processed = live
    series = processed / "series.csv"
    text = series.read_text(encoding="utf-8")
    cut = text[: len(text) // 2]
    series.write_text(cut, encoding="utf-8")
    last_line = cut.count("\n") + 1
    with pytest.raises(InputError, match="data build") as err:
        load.catalogue()
    assert err.value.file == str(series) and err.value.row == last_line and err.value.field
    assert main(["data", "list"]) == 2
    stderr = capsys.readouterr().err
    assert "series.csv" in stderr and f"row {last_line}" in stderr


def test_edited_processed_number_names_row_field_value(live, capsys):
    _, processed = live
    targets = processed / "targets.csv"
    rows = list(csv.reader(io.StringIO(targets.read_text(encoding="utf-8"))))
    rows[5][rows[0].index("target_low")] = "abc"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    targets.write_text(buffer.getvalue(), encoding="utf-8")
    with pytest.raises(InputError, match="not a number") as err:
        load.load_targets("liaoning")
    assert (err.value.file, err.value.row, err.value.field, err.value.value) == (str(targets), 6, "target_low", "abc")
    assert "python -m analysis data build" in str(err.value)
    assert main(["data", "list"]) == 2 and "targets.csv" in capsys.readouterr().err


# 4. a raw CSV with a header and no data rows ----------------------------------------------------


def test_header_only_raw_file_is_named(built, capsys):
    raw_root, processed = built
    public = raw_root / "public"
    source = public / "targets_china.csv"
    empty = public / "targets_empty.csv"
    empty.write_text(source.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    provenance.write_sidecar(empty, provenance.read_sidecar(source))
    with pytest.raises(InputError, match="no data rows") as err:
        build.run(raw_root=raw_root, write_outputs=False)
    assert err.value.file == "targets_empty.csv" and "silent drop" not in str(err.value)
    assert "targets_empty.csv" in _refused(raw_root, processed, capsys)


# 5. a GB18030 raw CSV ---------------------------------------------------------------------------


def test_gb18030_raw_file_names_first_bad_row_field_and_bytes(built, capsys):
    raw_root, processed = built
    public = raw_root / "public"
    source = public / "liaoning_annual.csv"
    text = source.read_text(encoding="utf-8").replace("Liaoning", "辽宁")
    gb = public / "liaoning_gb.csv"
    gb.write_bytes(text.encode("gb18030"))
    expected = ("liaoning_gb.csv", 2, "region", "辽宁".encode("gb18030"))  # b'\xc1\xc9\xc4\xfe'
    with pytest.raises(InputError, match="not UTF-8") as err:
        raw.read_raw(gb)
    assert (err.value.file, err.value.row, err.value.field, err.value.value) == expected
    meta = {
        **provenance.read_sidecar(source),
        "file": gb.name,
        "sha256": provenance.sha256(gb),
        "bytes": gb.stat().st_size,
    }
    provenance.sidecar_path(gb).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError, match="not UTF-8") as err:
        build.run(raw_root=raw_root, write_outputs=False)
    assert (err.value.file, err.value.row, err.value.field, err.value.value) == expected
    stderr = _refused(raw_root, processed, capsys)
    assert "liaoning_gb.csv" in stderr and "row 2" in stderr and r"b'\xc1\xc9\xc4\xfe'" in stderr
