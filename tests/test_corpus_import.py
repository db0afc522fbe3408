"""Bringing texts into the corpus: an import is all or nothing; a bad or misnamed text is declared or held out."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from analysis import paths
from analysis.corpus import build as corpus_build
from analysis.corpus.exceptions import read_exceptions
from analysis.corpus.importer import import_collection
from analysis.errors import InputError
from analysis.report.header import read_header
from analysis.report.text import clean_text

JILIN = paths.report_path("jilin", 2026)
HEADER = "file,region,region_zh,year,title,source_url,publish_date,original_outlet\n"


def _collection(folder, rows: dict[str, bytes]):
    folder.mkdir(parents=True, exist_ok=True)
    lines = [HEADER]
    for name, data in rows.items():
        (folder / name).write_bytes(data)
        year, region = name[:4], name[5:-4]
        lines.append(f"{name},{region},,{year},{year}年政府工作报告,https://www.example.gov.cn/{name},,\n")
    (folder / "sources.csv").write_text("".join(lines), encoding="utf-8")
    return folder


def test_a_good_collection_is_copied_with_sidecars(tmp_path):
    source = _collection(tmp_path / "good", {"2026_jilin.txt": JILIN.read_bytes()})
    target = tmp_path / "raw"
    written = import_collection(source, target, retrieved="2026-12-07")
    assert [p.relative_to(target).as_posix() for p in written] == ["provinces/2026_jilin.txt"]
    meta = json.loads((target / "provinces" / "2026_jilin.txt.meta.json").read_text(encoding="utf-8"))
    assert meta["delivered"] == "2026-01-27" and meta["sources"]["page_kind"] == "official site"
    assert meta["level"] == "province" and str(tmp_path) not in json.dumps(meta)
    assert import_collection(source, target) == []  # the same bytes are already there


def test_a_collection_with_bad_texts_is_refused_whole_and_nothing_is_copied(tmp_path):
    text = JILIN.read_text(encoding="utf-8")
    source = _collection(
        tmp_path / "bad",
        {
            "2026_jilin.txt": JILIN.read_bytes(),
            "2025_jilin.txt": text.encode("gb18030"),  # not UTF-8
            "2024_jilin.txt": b"",  # empty
            "2023_jilin.txt": text[:1000].encode("utf-8"),  # truncated
            "2022_atlantis.txt": text.encode("utf-8"),  # no such region, none named in the text
        },
    )
    (source / "2021_jilin.txt").write_bytes(JILIN.read_bytes())  # no row in sources.csv
    target = tmp_path / "raw"
    with pytest.raises(InputError) as err:
        import_collection(source, target)
    message = str(err.value)
    for name, field in (
        ("2025_jilin.txt", "encoding"),
        ("2024_jilin.txt", "text"),
        ("2023_jilin.txt", "text"),
        ("2022_atlantis.txt", "region"),
        ("2021_jilin.txt", "file"),
    ):
        assert any(line.strip().startswith(f"{name}: field {field!r}") for line in message.splitlines()), name
    assert "GB18030" in message and "too short" in message and "5 bad text(s) of 6" in message
    assert not target.exists() or not any(target.rglob("*"))


def test_another_text_for_a_shipped_region_year_is_refused(tmp_path):
    target = tmp_path / "raw"
    import_collection(_collection(tmp_path / "one", {"2026_jilin.txt": JILIN.read_bytes()}), target)
    other = JILIN.read_text(encoding="utf-8").replace("吉林", "吉林省", 1).encode("utf-8")
    with pytest.raises(InputError, match="region-year"):
        import_collection(_collection(tmp_path / "two", {"2026_jilin.txt": other}), target)


def test_a_region_outside_the_registry_is_learned_from_the_header(tmp_path):
    text = JILIN.read_text(encoding="utf-8").replace("吉林省", "绵阳市").replace("吉林", "绵阳")
    header = read_header(clean_text(text).text)
    assert header.place == "绵阳市" and header.year == 2026
    target = tmp_path / "raw"
    written = import_collection(_collection(tmp_path / "city", {"2026_mianyang.txt": text.encode("utf-8")}), target)
    assert [p.relative_to(target).as_posix() for p in written] == ["cities/2026_mianyang.txt"]
    meta = json.loads((target / "cities" / "2026_mianyang.txt.meta.json").read_text(encoding="utf-8"))
    assert meta["region_zh"] == "绵阳" and meta["level"] == "city"


def _build(reports, processed, exceptions):
    args = [
        "corpus",
        "build",
        "--reports",
        str(reports),
        "--processed",
        str(processed),
        "--exceptions",
        str(exceptions),
    ]
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=paths.ROOT)


@pytest.mark.slow
def test_a_misnamed_text_is_held_out_until_declared_and_the_cache_serves_a_rebuild(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(JILIN, reports / "2026_jilin.txt")
    shutil.copy(JILIN, reports / "2025_jilin.txt")  # the 2026 report under last year's name
    (reports / "2027_hainan.txt").write_text(  # a text a user drops in, without a sidecar
        "2027年海南省政府工作报告\n一、2026年工作回顾\n全省地区生产总值增长5.2%。\n二、2027年工作安排\n"
        "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。\n" + "今年要继续推进改革。\n" * 600,
        encoding="utf-8",
    )
    out = tmp_path / "corpus"
    done = _build(reports, out, tmp_path / "none.csv")
    assert done.returncode == 1, done.stderr
    assert (
        "held out: 2025_jilin.txt: year: the text gives 2026 (date line 2026-01-27), the file name 2025" in done.stderr
    )
    built = corpus_build.load_panel(reports, out, tmp_path / "none.csv")
    # both texts that give jilin 2026 are held out until the exceptions file says which to keep
    assert set(built.reports.loc[built.reports["status"] == "read", "file"]) == {"2027_hainan.txt"}
    assert built.targets[built.targets["region"] == "hainan"]["value"].tolist() == [5.0]
    declared = tmp_path / "exceptions.csv"
    declared.write_text(
        "file,problem,action,reason\n2025_jilin.txt,duplicate,skip,a second copy of the 2026 "
        "report under the name of 2025\n2025_jilin.txt,year,skip,same\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="declared once"):
        read_exceptions(declared)
    declared.write_text(
        "file,problem,action,reason\n2025_jilin.txt,duplicate,skip,a second copy of the 2026 "
        "report under the name of 2025\n",
        encoding="utf-8",
    )
    done = _build(reports, out, declared)
    assert done.returncode == 0, done.stderr
    assert (out / corpus_build.CACHE).is_file()
    assert "1 skipped as declared" in done.stdout
    built = corpus_build.load_panel(reports, out, declared)
    assert set(built.reports.loc[built.reports["status"] == "read", "file"]) == {"2026_jilin.txt", "2027_hainan.txt"}


def test_a_panel_read_twice_in_a_process_is_read_again_when_a_text_changes(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    text = (
        "2027年海南省政府工作报告\n一、2026年工作回顾\n全省地区生产总值增长5.2%。\n二、2027年工作安排\n"
        "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。\n" + "今年要继续推进改革。\n" * 600
    )
    (reports / "2027_hainan.txt").write_text(text, encoding="utf-8")
    out, none = tmp_path / "corpus", tmp_path / "none.csv"
    corpus_build.build(reports, out, none)
    first = corpus_build.load_panel(reports, out, none)
    first.targets.loc[:, "value"] = -1.0  # a caller's change never reaches the next reader
    second = corpus_build.load_panel(reports, out, none)
    assert second.targets["value"].tolist() == [5.0]
    (reports / "2027_hainan.txt").write_text(text.replace("增长5%左右", "增长6%左右"), encoding="utf-8")
    assert corpus_build.load_panel(reports, out, none).targets["value"].tolist() == [6.0]
