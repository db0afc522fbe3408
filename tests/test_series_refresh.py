"""Optional AKShare refresh, with stand-in frames shaped like AKShare's documented macro frames.

``akshare.macro_china_gdp_yearly()`` / ``macro_china_cpi_yearly()`` return one row per release with
columns 商品, 日期 (release date), 今值, 预测值, 前值 (AKShare docs, 宏观数据 - 中国宏观). No network:
the frames below are built from the shipped first releases of china_annual.csv, so that the
snapshot can be checked against them.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil

import pandas as pd
import pytest

from analysis import paths
from analysis.errors import InputError
from analysis.series import build, provenance, refresh

TODAY = dt.date(2030, 1, 2)
RELEASE_MONTH = {"Q1": 4, "Q2": 7, "Q3": 10, "Q4": 1}


def _quarterly_first_releases() -> list[dict]:
    with (paths.RAW_PUBLIC / "china_annual.csv").open(encoding="utf-8", newline="") as handle:
        return [
            r for r in csv.DictReader(handle) if r["indicator"] == "gdp_real_growth" and r["period"] in RELEASE_MONTH
        ]


def gdp_frame() -> pd.DataFrame:
    rows = []
    for r in _quarterly_first_releases():
        year = int(r["year"]) + (1 if r["period"] == "Q4" else 0)
        rows.append(
            {
                "商品": "中国GDP年率报告",
                "日期": f"{year}-{RELEASE_MONTH[r['period']]:02d}-17",
                "今值": float(r["value"]),
                "预测值": None,
                "前值": None,
            }
        )
    return pd.DataFrame(rows, columns=["商品", "日期", "今值", "预测值", "前值"])


def cpi_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "商品": ["中国CPI年率报告"] * 2,
            "日期": ["2024-02-08", "2024-03-09"],
            "今值": [-0.8, 0.7],
            "预测值": [None, None],
            "前值": [-0.3, -0.8],
        }
    )


@pytest.fixture()
def raw(tmp_path):
    root = tmp_path / "raw"
    shutil.copytree(paths.RAW_PUBLIC, root / "public", ignore=shutil.ignore_patterns("provinces_panel.csv*"))
    return root


def stand_in(frames):
    return lambda function: frames[function]


def test_refresh_writes_a_validated_dated_snapshot(raw):
    frames = {"macro_china_gdp_yearly": gdp_frame(), "macro_china_cpi_yearly": cpi_frame()}
    target = refresh.refresh(fetch=stand_in(frames), raw_root=raw, today=TODAY)
    assert target == raw / "snapshots" / TODAY.isoformat()
    provenance.verify_folder(target)  # every file with a sidecar and a matching checksum
    for path in provenance.data_files(raw / "public"):
        assert provenance.sha256(target / path.name) == provenance.sha256(path)
    built = build.run(TODAY.isoformat(), raw_root=raw, write_outputs=False)
    fetched = [r for r in built.series if r["file"] == refresh.OUTPUT]
    gdp = {(r["year"], r["period"]): r["value"] for r in fetched if r["indicator"] == "gdp_real_growth"}
    expected = {(int(r["year"]), r["period"]): float(r["value"]) for r in _quarterly_first_releases()}
    assert gdp == expected
    cpi = {(r["year"], r["period"]): r["value"] for r in fetched if r["indicator"] == "cpi_inflation"}
    assert cpi == {(2024, "M01"): -0.8, (2024, "M02"): 0.7}
    assert {r["vintage_class"] for r in fetched} == {"first_release"}


def test_refresh_never_overwrites_a_snapshot(raw):
    frames = {"macro_china_gdp_yearly": gdp_frame(), "macro_china_cpi_yearly": cpi_frame()}
    target = refresh.refresh(fetch=stand_in(frames), raw_root=raw, today=TODAY)
    before = {p.name: provenance.sha256(p) for p in target.iterdir()}
    with pytest.raises(InputError, match="exists already"):
        refresh.refresh(fetch=stand_in(frames), raw_root=raw, today=TODAY)
    assert {p.name: provenance.sha256(p) for p in target.iterdir()} == before


@pytest.mark.parametrize(
    "broken, words",
    [
        (lambda f: f.drop(columns=["今值"]), "lacks column"),
        (lambda f: f.assign(今值=["n/a"] + list(f["今值"][1:])), "not a number"),
        (lambda f: f.assign(日期=["yesterday"] + list(f["日期"][1:])), "release date"),
        (lambda f: f.iloc[0:0], "empty"),
        (lambda f: f.assign(今值=[250.0] + list(f["今值"][1:])), "implausible"),
    ],
)
def test_validation_failure_keeps_the_snapshots(raw, broken, words):
    frames = {"macro_china_gdp_yearly": gdp_frame(), "macro_china_cpi_yearly": cpi_frame()}
    good = refresh.refresh(fetch=stand_in(frames), raw_root=raw, today=TODAY)
    before = {p.name: provenance.sha256(p) for p in good.iterdir()}
    frames["macro_china_gdp_yearly"] = broken(gdp_frame())
    with pytest.raises(InputError, match=words):
        refresh.refresh(fetch=stand_in(frames), raw_root=raw, today=TODAY + dt.timedelta(days=1))
    assert sorted(p.name for p in (raw / "snapshots").iterdir()) == [TODAY.isoformat()]
    assert {p.name: provenance.sha256(p) for p in good.iterdir()} == before


def test_offline_keeps_the_snapshot_and_exits_zero(raw, capsys):
    def offline(function):
        raise refresh.Offline("no network in tests")

    assert refresh.main(fetch=offline, raw_root=raw) == 0
    assert "offline, snapshot kept" in capsys.readouterr().out
    assert not (raw / "snapshots").exists()


def test_missing_akshare_is_reported_as_offline(raw, capsys):
    try:
        import akshare  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("akshare is installed: calling it would use the network")
    assert refresh.main(raw_root=raw) == 0
    assert "akshare is not installed" in capsys.readouterr().out
    assert not (raw / "snapshots").exists()


def test_unknown_indicator_is_refused(raw):
    with pytest.raises(InputError, match="does not support") as err:
        refresh.refresh(["grain_output"], fetch=stand_in({}), raw_root=raw, today=TODAY)
    assert err.value.value == "grain_output"


def test_public_file_changed_since_its_sidecar_stops_the_refresh(raw):
    """The staged snapshot goes through the build, which verifies every sidecar first."""
    changed = raw / "public" / "targets_china.csv"
    changed.write_bytes(changed.read_bytes().replace(b"\n", b"\r\n", 1))
    frames = {"macro_china_gdp_yearly": gdp_frame(), "macro_china_cpi_yearly": cpi_frame()}
    with pytest.raises(InputError, match="checksum differs") as err:
        refresh.refresh(fetch=stand_in(frames), raw_root=raw, today=TODAY)
    assert err.value.field == "sha256" and "targets_china.csv" in str(err.value)
    assert list((raw / "snapshots").iterdir()) == []
