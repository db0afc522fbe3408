"""Provenance of data/raw: every raw file has a complete sidecar and its checksum still matches."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from analysis import paths
from analysis.cli import main
from analysis.errors import InputError
from analysis.series import provenance

RAW_FILES = provenance.data_files(paths.RAW_PUBLIC) + provenance.data_files(paths.RAW_REPORTS)
SHARED = Path("/work/shared/data/public")


def test_every_shipped_csv_is_present():
    names = {p.name for p in provenance.data_files(paths.RAW_PUBLIC)}
    assert len(names) >= 17
    for doc in ("README.md", "SOURCES.md", "PROVINCES.md"):
        assert (paths.RAW_PUBLIC / doc).exists()


@pytest.mark.parametrize("path", RAW_FILES, ids=[p.name for p in RAW_FILES])
def test_sidecar_complete_and_checksum_recomputed(path):
    meta = provenance.verify(path)  # recomputes sha256, bytes, rows, columns
    for field in provenance.REQUIRED_FIELDS:
        assert meta[field] not in ("", None, [], {}), field
    assert len(meta["sha256"]) == 64
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert meta["rows"] == len(rows)
        if "source_title" in meta["columns"]:
            assert meta["source_titles"] == len({r["source_title"].strip() for r in rows})
            assert meta["sources"]["row_level_columns"] == ["source_title", "source_url"]
        if "vintage" in meta["columns"]:
            assert meta["vintages"] == sorted({r["vintage"].strip() for r in rows})


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared input folder not mounted")
@pytest.mark.parametrize("path", provenance.data_files(paths.RAW_PUBLIC),
                         ids=[p.name for p in provenance.data_files(paths.RAW_PUBLIC)])
def test_raw_copy_is_byte_identical_to_the_shared_input(path):
    assert provenance.sha256(path) == provenance.sha256(SHARED / path.name)


def test_report_sidecar_names_the_page_footers():
    report = paths.RAW_REPORTS / "2024_liaoning.txt"
    meta = provenance.verify(report)
    lines = report.read_text(encoding="utf-8").splitlines()
    assert meta["published"] == "2024-01-23"
    assert meta["footer_lines"], "the EESIA page footer must be recorded"
    for number in meta["footer_lines"]:
        assert "EESIA" in lines[number - 1]
    assert "2024 年 1 月 23 日" in report.read_text(encoding="utf-8")


def test_changed_raw_file_fails_the_check(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW_PUBLIC, raw / "public", ignore=shutil.ignore_patterns("provinces_panel.csv*"))
    target = raw / "public" / "targets_liaoning.csv"
    assert main(["data", "check", "--raw", str(raw)]) == 0
    target.write_bytes(target.read_bytes().replace(b"5.5,%", b"5.6,%", 1))
    with pytest.raises(InputError, match="checksum"):
        provenance.verify(target)
    assert main(["data", "check", "--raw", str(raw)]) == 2
    assert "targets_liaoning.csv" in capsys.readouterr().err


def test_missing_sidecar_fails_the_check(tmp_path):
    folder = tmp_path / "public"
    folder.mkdir()
    shutil.copyfile(paths.RAW_PUBLIC / "targets_china.csv", folder / "targets_china.csv")
    with pytest.raises(InputError, match="no provenance sidecar"):
        provenance.verify_folder(folder)


def test_sidecars_are_valid_json_with_no_absolute_machine_paths_in_checksummed_fields():
    for path in RAW_FILES:
        meta = json.loads(provenance.sidecar_path(path).read_text(encoding="utf-8"))
        assert meta["file"] == path.name


def test_csv_sidecars_list_the_pages_their_rows_were_read_from():
    """Each CSV sidecar names every distinct source_url of its rows (file-level provenance URL list)."""
    from analysis import paths
    from analysis.series import provenance

    for path in provenance.data_files(paths.RAW_PUBLIC):
        meta = provenance.read_sidecar(path)
        computed = provenance.computed_fields(path)
        assert meta["urls"] == computed["urls"], path.name
        assert meta["urls"] and all(u.startswith("http") for u in meta["urls"]), path.name
