"""``python -m analysis decompose``: formats, filters, identities and bad input."""

import io
import json

import pandas as pd
import pytest

from analysis.cli import main


def run(capsys, *args):
    code = main(["decompose", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_csv_has_the_promised_columns_and_years(capsys):
    code, out, _ = run(capsys, "--region", "liaoning", "--from", "2021", "--to", "2023", "--format", "csv")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    assert {"year", "component", "value_pp", "share", "method"} <= set(frame.columns)
    assert sorted(set(frame["year"])) == [2021, 2022, 2023]
    for _, part in frame.groupby("year"):
        body = part.loc[part["role"] != "total", "value_pp"].sum()
        assert body == pytest.approx(part.loc[part["role"] == "total", "value_pp"].iloc[0], abs=0.002)


def test_json_shift_share(capsys):
    code, out, _ = run(
        capsys, "--region", "liaoning", "--method", "shift-share", "--from", "2015", "--to", "2016", "--format", "json"
    )
    assert code == 0
    records = json.loads(out)
    assert {r["component"] for r in records} == {"mix", "within", "residual", "gap"}
    assert {r["method"] for r in records} == {"shift-share"}


def test_table_prints_notes(capsys):
    code, out, _ = run(capsys, "--region", "liaoning", "--method", "accounting", "--from", "2010", "--to", "2012")
    assert code == 0
    assert "labour missing" in out and "GDP deflator" in out


def test_unknown_region_is_exit_2(capsys):
    code, out, err = run(capsys, "--region", "atlantis")
    assert code == 2 and out == "" and "atlantis" in err


def test_empty_range_is_exit_2(capsys):
    code, _, err = run(capsys, "--region", "liaoning", "--from", "1990", "--to", "1991")
    assert code == 2 and "no year" in err


def test_reversed_range_is_exit_2(capsys):
    code, _, err = run(capsys, "--region", "liaoning", "--from", "2020", "--to", "2010")
    assert code == 2 and "--from" in err


def test_reversed_range_names_both_years(capsys):
    code, _, err = run(capsys, "--region", "liaoning", "--from", "2030", "--to", "2001")
    assert code == 2 and "'--from'" in err and "2030" in err and "2001" in err


@pytest.mark.parametrize(
    "args, field, value",
    [
        (("--from", "1800", "--to", "1850"), "--from", "1800"),  # outside 1949-2100
        (("--from", "2000", "--to", "2101"), "--to", "2101"),
        (("--from", "2090", "--to", "2099"), "--from/--to", "'2090-2099'"),  # in range, no data
        (("--from", "2090"), "--from", "2090"),
    ],
)
def test_years_without_data_name_the_year_options_not_the_region(capsys, args, field, value):
    code, out, err = run(capsys, "--region", "liaoning", *args)
    assert code == 2 and out == ""
    assert f"field {field!r}, value {value}" in err and "--region" not in err


def test_region_is_required(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["decompose", "--method", "sectors"])
    assert caught.value.code == 2 and "--region" in capsys.readouterr().err


@pytest.mark.parametrize("method", ["sectors", "shift-share", "accounting", "deflator", "per-capita"])
def test_every_method_prints_a_table_for_a_province(capsys, method):
    code, out, _ = run(capsys, "--region", "guangdong", "--method", method, "--format", "csv")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    assert set(frame["method"]) == {method} and len(frame)


def test_a_region_without_the_data_is_one_line_naming_what_is_missing(capsys):
    code, out, err = run(capsys, "--region", "shenyang", "--method", "deflator")
    assert code == 2 and out == ""
    assert "沈阳" in err and "one release" in err and len(err.strip().splitlines()) == 1


def test_deflator_rows_name_their_release(capsys):
    code, out, _ = run(capsys, "--region", "china", "--method", "deflator", "--from", "2024", "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert {r["year"] for r in records} == {2024}
    assert {r["vintage"] for r in records} == {"first_release"}
    assert all(r["release"] for r in records)
