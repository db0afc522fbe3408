"""Bad input, empty results and the command line of the extractor."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import EXIT_BAD_INPUT, InputError
from analysis.paths import ROOT, report_path
from analysis.report import COLUMNS, extract_report, headline_targets
from analysis.report.bench import run as bench

LIAONING = report_path("liaoning", 2024)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "extract", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


BAD_FILES = {
    "empty.txt": b"",
    "blank.txt": b" \n\n \r\n",
    "binary.txt": bytes(range(256)) * 4,
    "undecodable.txt": "增长5%".encode() + b"\xff\xfe\x80\x81" * 3 + "左右".encode(),
    # Big5 bytes decode as GB18030 without error, into nonsense: refused, not misread
    "big5.txt": "二、2024年工作安排\n全面推動經濟發展，地區生產總值增長5%左右。\n".encode("big5"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_raise_input_error_naming_the_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    with pytest.raises(InputError) as err:
        extract_report(path)
    assert name in str(err.value)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_exit_2_via_cli(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    done = _cli(str(path), "--format", "csv")
    assert done.returncode == EXIT_BAD_INPUT
    assert name in done.stderr and done.stdout == ""


@pytest.mark.slow
def test_missing_file_exits_2(tmp_path):
    done = _cli(str(tmp_path / "no_such_report.txt"))
    assert done.returncode == EXIT_BAD_INPUT and "no such report file" in done.stderr


@pytest.mark.slow
def test_text_without_numbers_gives_an_empty_frame_and_the_cli_refuses_it(tmp_path):
    """The library returns the empty table (a caller may extract from any text); the command, whose
    input is meant to be a work report, refuses it: exit 2 naming the file, nothing on stdout."""
    path = tmp_path / "words.txt"
    path.write_text("各位代表：\n\n现在，我代表省人民政府向大会报告工作，请予审议。\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="no main-expected-targets passage"):
        frame = extract_report(path)
    assert frame.empty and list(frame.columns) == list(COLUMNS)
    assert headline_targets(frame).empty
    done = _cli(str(path), "--format", "csv")
    assert done.returncode == EXIT_BAD_INPUT and done.stdout == ""
    assert "words.txt" in done.stderr and "no quantitative statement" in done.stderr


def test_text_can_be_passed_directly():
    frame = extract_report("今年主要预期目标：国内生产总值增长5%左右，城镇调查失业率5.5%左右。", year=2024)
    assert list(frame["key"]) == ["gdp_real_growth", "urban_unemployment_rate"]
    assert list(frame["year"]) == [2024, 2024] and frame["is_headline"].all()


@pytest.mark.slow
def test_cli_csv_and_json_round_trip():
    frame = extract_report(LIAONING)
    done = _cli(str(LIAONING), "--format", "csv")
    assert done.returncode == 0
    from_csv = pd.read_csv(StringIO(done.stdout), keep_default_na=False, na_values={"value": [""]})
    assert len(from_csv) == len(frame) and list(from_csv["line"]) == list(frame["line"])
    assert list(from_csv["value"].fillna(-1)) == list(frame["value"].fillna(-1))
    done = _cli(str(LIAONING), "--format", "json", "--year", "2024")
    records = json.loads(done.stdout)
    first_result = next(r for r in records if r["kind"] == "result")
    assert len(records) == len(frame) and first_result["key"] == "gdp_real_growth"
    assert first_result["year"] == 2023


def test_year_option_dates_a_text_without_year():
    """A year written in a heading wins; --year dates texts that say only 今年."""
    excerpt = Path(__file__).parent / "data" / "report" / "city_excerpt.txt"
    assert extract_report(excerpt)["year"].isna().all()
    assert set(extract_report(excerpt, year=2030)["year"]) == {2030}
    assert set(extract_report(LIAONING, year=2030).query("kind == 'result'")["year"]) == {2023}


def test_benchmark_prints_throughput(capsys):
    """A loose floor only (the aim is >= 1 MB/s on the full 5 MB run: python -m analysis.report.bench)."""
    result = bench(target_mb=0.5)
    assert "MB/s" in capsys.readouterr().out
    assert result["mb"] >= 0.5 and result["rows"] > 1000
    assert result["mb_per_s"] > 0.1


def test_headline_lines_map_the_main_targets_sentence_back_to_the_printed_lines():
    """Closed case: the sentence starts on line 3 and its 。 is on line 9, a footer in between."""
    from analysis.report import headline_lines

    raw = (
        "过去一年，地区生产总值增长5%。\n\n"
        "今年的主要预期目标是：地区生产总值增长\n\n"
        "5.5%左右，城镇新增就业\n\n"
        "本文内容来自网络，由EESIA搜集整理，如有任何异议请联系我们，我们将酌情处理！\n\n"
        "46万人。确定这样的目标，\n\n"
        "充分考虑了现实条件。\n"
    )
    assert headline_lines(raw) == (3, 9)
    with pytest.raises(InputError, match="主要预期目标"):
        headline_lines("过去一年，地区生产总值增长5%。\n")


def test_headline_lines_of_the_shipped_report_hold_the_whole_sentence():
    from analysis.report import headline_lines
    from analysis.report.text import read_report

    raw = read_report(LIAONING)
    first, last = headline_lines(LIAONING)
    lines = raw.split("\n")
    assert "主要预期目标" in lines[first - 1] and "主要预期目标" not in "".join(lines[: first - 1])
    passage = "".join(lines[first - 1 : last])
    assert passage.count("。") == 1  # the sentence's own full stop, on the last line
    assert "。" in lines[last - 1]


@pytest.mark.parametrize("year", ["-5", "0", "1948", "2101", "99999"])
def test_year_outside_1949_2100_is_refused(year, capsys):
    from analysis.checks import FIRST_YEAR, LAST_YEAR
    from analysis.cli import main

    assert main(["extract", str(LIAONING), "--year", year, "--format", "csv"]) == EXIT_BAD_INPUT
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"field '--year', value {year}" in captured.err and f"{FIRST_YEAR}-{LAST_YEAR}" in captured.err
