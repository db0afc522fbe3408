"""Provenance of data/raw: every raw file has a complete sidecar and its checksum still matches."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from analysis import paths
from analysis.cli import main
from analysis.errors import InputError
from analysis.series import provenance

RAW_FILES = provenance.data_files(paths.RAW_PUBLIC) + provenance.data_files(paths.RAW_REPORTS)
#: the shared inputs the raw public files were copied from: ``shared/data/public`` beside the repository
SHARED = paths.ROOT.parent / "shared" / "data" / "public"


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


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"no shared inputs beside the repository ({SHARED} is absent)")
@pytest.mark.parametrize(
    "path", provenance.data_files(paths.RAW_PUBLIC), ids=[p.name for p in provenance.data_files(paths.RAW_PUBLIC)]
)
def test_raw_copy_is_byte_identical_to_the_shared_input(path):
    assert provenance.sha256(path) == provenance.sha256(SHARED / path.name)


def test_report_sidecar_names_the_page_footers():
    report = paths.report_path("liaoning", 2024)
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


#: Words of how the files were handled on a machine, not of the sources (the report's "2nd session of
#: the 14th People's Congress" is a source's word and stays).
WORKSPACE_WORDS = (
    "search helper",
    "collection session",
    "data-collection",
    "shared folder",
    "shared input",
    "copied_from",
    "/work/",
    "/home/",
    "/tmp/",
)


def test_sidecars_and_notes_describe_sources_not_the_workspace():
    """Every sidecar and every README/notes file under data/raw names sources, never a machine folder or tool."""
    for path in RAW_FILES:
        text = provenance.sidecar_path(path).read_text(encoding="utf-8")
        meta = json.loads(text)
        assert meta["file"] == path.name
        provenance.check_no_machine_paths(meta, path.name)
        assert meta["compiled_by"].startswith("the analysis project, responsible for this"), path.name
        found = [w for w in WORKSPACE_WORDS if w in text.replace("/eoocl/work/", "")]
        assert not found, (path.name, found)
    for doc in sorted(paths.RAW.rglob("*.md")):
        text = doc.read_text(encoding="utf-8").replace("/eoocl/work/", "")
        found = [w for w in WORKSPACE_WORDS if w in text.lower()]
        assert not found, (doc.name, found)


@pytest.mark.parametrize(
    "value",
    [
        "/work/shared/data/public",
        "/srv/data",
        "~/data/raw",
        "C:\\data\\raw",
        "D:/data",
        "\\\\server\\share",
        "file:///srv/raw.csv",
        "the modification date of the file in /work/shared/data/public, copied",
        "see /srv/analysis/data for the copy",
        "copied from /home/ana/x",
        "a copy in /tmp/raw.csv",
    ],
)
def test_machine_path_finds_absolute_paths(value):
    assert provenance.machine_path(value)


@pytest.mark.parametrize(
    "value",
    [
        "https://github.com/eoocl/work/blob/fef2032/分省年度数据.csv",
        "http://example.cn/tmp/page.html",
        "NBS database, post-4th-census / pre-5th-census vintage (export c.2023)",
        "5.0 / 5.5",
        "c.2025/26",
        "SOURCES.md / PROVINCES.md",
        "README.md",
        "data/raw/public/README.md",
        "2024-01-23",
    ],
)
def test_machine_path_leaves_addresses_and_words_alone(value):
    assert not provenance.machine_path(value)


@pytest.mark.parametrize(
    "field, value, shown",
    [
        ("copied_from", "/work/shared/data/public", "copied_from"),
        (
            "access_date_basis",
            "modification date of the file in the folder /work/shared/data/public",
            "access_date_basis",
        ),
        ("sources", {"summary": "a copy on C:\\Users\\ana\\data"}, "sources.summary"),
        ("documentation", ["README.md", "/home/ana/notes.md"], "documentation[1]"),
    ],
)
def test_data_check_refuses_a_sidecar_with_a_machine_path(tmp_path, capsys, field, value, shown):
    raw = tmp_path / "raw"
    (raw / "public").mkdir(parents=True)
    for name in ("targets_china.csv", "targets_china.csv.meta.json"):
        shutil.copyfile(paths.RAW_PUBLIC / name, raw / "public" / name)
    assert main(["data", "check", "--raw", str(raw)]) == 0
    meta_path = raw / "public" / "targets_china.csv.meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta[field] = value
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    capsys.readouterr()
    assert main(["data", "check", "--raw", str(raw)]) == 2
    err = capsys.readouterr().err
    assert "absolute path" in err and "targets_china.csv.meta.json" in err
    assert f"field {shown!r}" in err
    text = value if isinstance(value, str) else (value["summary"] if isinstance(value, dict) else value[1])
    assert repr(text) in err


def test_csv_sidecars_list_the_pages_their_rows_were_read_from():
    """Each CSV sidecar names every distinct source_url of its rows (file-level provenance URL list)."""
    from analysis import paths
    from analysis.series import provenance

    for path in provenance.data_files(paths.RAW_PUBLIC):
        meta = provenance.read_sidecar(path)
        computed = provenance.computed_fields(path)
        assert meta["urls"] == computed["urls"], path.name
        assert meta["urls"] and all(u.startswith("http") for u in meta["urls"]), path.name
