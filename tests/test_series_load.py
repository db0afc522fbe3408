"""The load API: vintage selection, unique keys, targets, outcomes, catalogue.

Expected values are read from the raw files (data/raw/public), not typed here.
"""

from __future__ import annotations

import csv
import math

import pytest

from analysis import paths, vocabulary
from analysis.errors import InputError
from analysis.series import VintageError, catalogue, load_outcomes, load_series, load_targets
from analysis.series.vintages import VINTAGE_CLASSES, vintage_class


def raw_rows(name: str) -> list[dict]:
    with (paths.RAW_PUBLIC / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def raw_value(name: str, **match) -> float:
    rows = [r for r in raw_rows(name) if all(r[k] == v for k, v in match.items())]
    assert len(rows) == 1, (name, match, rows)
    return float(rows[0]["value"] if "value" in rows[0] else rows[0]["actual_value"])


def test_mixed_vintages_raise_and_name_the_classes():
    with pytest.raises(VintageError) as err:
        load_series("gdp_nominal", "liaoning")
    assert isinstance(err.value, InputError)
    for klass in ("first_release", "nbs_pre4", "nbs_post4", "nbs_post5"):
        assert klass in str(err.value)


def test_liaoning_2023_gdp_first_release_and_post_census_both_retrievable():
    first = raw_value(
        "liaoning_annual.csv", indicator="gdp_nominal", year="2023", vintage="preliminary release 2024-01"
    )
    revised = raw_value(
        "liaoning_annual.csv",
        indicator="gdp_nominal",
        year="2023",
        vintage="NBS database, revised after 5th economic census (export c.2025)",
    )
    assert first != revised
    fr = load_series("gdp_nominal", "liaoning", vintage="first_release")
    p5 = load_series("gdp_nominal", "辽宁", vintage="nbs_post5")
    assert fr.loc[fr["year"] == 2023, "value"].tolist() == [first]
    assert p5.loc[p5["year"] == 2023, "value"].tolist() == [revised]
    assert set(fr["vintage_class"]) == {"first_release"} and set(p5["vintage_class"]) == {"nbs_post5"}


def test_liaoning_inflated_2014_level_sits_in_the_pre4_class_only():
    inflated = raw_value(
        "liaoning_annual.csv",
        indicator="gdp_nominal",
        year="2014",
        vintage="NBS database, pre-2018 (4th economic census) vintage (export c.2018)",
    )
    pre4 = load_series("gdp_nominal", "Liaoning", vintage="nbs_pre4")
    post4 = load_series("gdp_nominal", "liaoning", vintage="nbs_post4")
    assert pre4.loc[pre4["year"] == 2014, "value"].item() == inflated
    assert post4.loc[post4["year"] == 2014, "value"].item() < 0.8 * inflated  # the 2017 cut (SOURCES.md caveat 1)


@pytest.mark.parametrize("klass", VINTAGE_CLASSES)
def test_keys_unique_within_each_class(klass):
    for indicator in ("gdp_nominal", "population", "gdp_real_growth", "retail_sales"):
        frame = load_series(indicator, "liaoning", vintage=klass, period=None)
        assert not frame.duplicated(["region", "indicator", "year", "period"]).any()
        assert (frame["vintage_class"] == klass).all()


def test_all_returns_every_raw_row_and_is_sorted():
    frame = load_series("gdp_nominal", "liaoning", vintage="all")
    raw = [r for r in raw_rows("liaoning_annual.csv") if r["indicator"] == "gdp_nominal"]
    panel = [
        r for r in raw_rows("provinces_panel.csv") if r["region_en"] == "liaoning" and r["indicator"] == "gdp_nominal"
    ]
    assert len(frame) == len(raw) + len(panel)
    assert frame["year"].is_monotonic_increasing
    assert list(frame.columns[:12]) == [
        "region",
        "indicator",
        "year",
        "period",
        "value",
        "unit",
        "vintage",
        "vintage_class",
        "source_title",
        "source_url",
        "note",
        "file",
    ]


def test_single_class_result_needs_no_vintage_argument():
    cat = catalogue("liaoning")
    classes = cat.groupby(["indicator", "period"])["vintages"].agg(lambda v: set(";".join(v).split(";")))
    single = classes[classes.map(len) == 1]
    assert len(single)
    for (indicator, period), found in single.items():
        frame = load_series(indicator, "liaoning", period=period)
        assert len(frame) and set(frame["vintage_class"]) == found


def test_one_unit_per_class():
    frame = load_series("trade_total", "liaoning", vintage="all")
    assert frame.groupby("vintage_class")["unit"].nunique().max() == 1


def test_low_confidence_rows_are_kept_and_classified():
    raw = [r for r in raw_rows("liaoning_annual.csv") if r["note"].startswith("LOW CONFIDENCE")]
    assert raw
    frame = load_series("gdp_nominal", "liaoning", vintage="low_confidence")
    years = {int(r["year"]) for r in raw if r["indicator"] == "gdp_nominal"}
    assert set(frame["year"]) == years


def test_national_single_quarters_are_marked():
    frame = load_series("gdp_real_growth", "china", vintage="first_release", period="Q3")
    assert len(frame) and frame["note"].str.contains("single[- ]quarter", regex=True).all()


def test_cumulative_quarter_periods():
    frame = load_series("gdp_real_growth", "liaoning", vintage="first_release", period="Q1-Q3")
    raw = [
        r
        for r in raw_rows("liaoning_quarterly.csv") + raw_rows("liaoning_quarterly_more.csv")
        if r["indicator"] == "gdp_real_growth"
        and r["period"] == "Q1-Q3"
        and vintage_class(r["vintage"], r["note"]) == "first_release"
    ]
    assert sorted(frame["year"]) == sorted(int(r["year"]) for r in raw)


def test_grain_in_yijin_converted_to_wandun():
    rows = [r for r in raw_rows("china_annual.csv") if r["indicator"] == "grain_output" and r["unit"] == "亿斤"]
    assert rows
    frame = load_series("grain_output", "china", vintage="all")
    for r in rows:
        got = frame[(frame["year"] == int(r["year"])) & (frame["file"] == "china_annual.csv")]
        assert got["unit"].item() == "万吨"
        assert got["value"].item() == pytest.approx(float(r["value"]) * 5.0)  # 1亿斤 = 5万吨
        assert got["value_published"].item() == r["value"] and got["unit_published"].item() == "亿斤"


@pytest.mark.parametrize(
    "call",
    [
        lambda: load_series("gdp_nominal", "atlantis", vintage="all"),
        lambda: load_series("no_such_indicator", "liaoning"),
        lambda: load_series("gdp_nominal", "liaoning", vintage="final"),
        lambda: load_series("gdp_nominal", "liaoning", vintage="all", snapshot="1999-01-01"),
        lambda: load_targets("atlantis"),
        lambda: load_outcomes(key="no_such_indicator"),
    ],
)
def test_bad_parameters_raise_input_error_naming_the_value(call):
    with pytest.raises(InputError) as err:
        call()
    assert err.value.value is not None and repr(err.value.value) in str(err.value)


def test_liaoning_2024_targets_from_the_raw_file():
    raw = [r for r in raw_rows("targets_liaoning.csv") if r["year"] == "2024"]
    frame = load_targets("liaoning", 2024)
    assert len(frame) == len(raw)
    for r in raw:
        got = frame[frame["key"] == vocabulary.key_for_name(r["indicator"])]
        assert got["target_low"].item() == float(r["target_value"]) == got["target_high"].item()
        assert got["qualifier"].item() == r["qualifier"]
    gdp = frame[frame["key"] == "gdp_real_growth"]
    assert gdp["qualifier"].item() == "左右"


def test_target_range_and_numberless_targets():
    raw = [r for r in raw_rows("targets_china.csv") if r["qualifier"].startswith("区间")]
    assert raw
    frame = load_targets("china")
    for r in raw:
        low, high = (float(x) for x in r["qualifier"][2:].split("-"))
        got = frame[frame["year"] == int(r["year"])]
        assert (got["target_low"].item(), got["target_high"].item(), got["qualifier"].item()) == (low, high, "区间")
    numberless = load_targets("liaoning", 2026)
    income = numberless[numberless["key"] == "income_per_capita_growth"]
    assert math.isnan(income["target_low"].item()) and not income["has_number"].item()


def test_grain_target_in_wandun():
    raw = [r for r in raw_rows("targets_liaoning.csv") if r["unit"] == "亿斤"]
    for r in raw:
        got = load_targets("liaoning", int(r["year"]))
        grain = got[got["key"] == "grain_output"]
        assert grain["unit"].item() == "万吨"
        assert grain["target_low"].item() == pytest.approx(5.0 * float(r["target_value"]))


def test_one_preferred_target_per_region_year_key():
    frame = load_targets()
    assert not frame.duplicated(["region", "year", "key"]).any()
    everything = load_targets(all_sources=True)
    assert len(everything) >= len(frame)


def test_outcomes_full_year_only_by_default():
    raw = [r for r in raw_rows("outcomes_liaoning_2024.csv")]
    partial = [r for r in raw if "_" in r["indicator"]]
    assert partial, "the 2024 file holds a Jan-Oct CPI row"
    frame = load_outcomes("liaoning")
    assert (frame["period"] == "Y").all()
    assert not frame.duplicated(["region", "year", "key"]).any()
    every = load_outcomes("liaoning", period=None)
    assert "M1-M10" in set(every["period"])
    gdp = frame[(frame["year"] == 2024) & (frame["key"] == "gdp_real_growth")]
    assert gdp["value"].item() == raw_value("outcomes_liaoning_2024.csv", indicator="地区生产总值增长")


def test_outcomes_include_first_release_growth_from_the_series_files():
    raw = [r for r in raw_rows("liaoning_annual.csv") if r["indicator"] == "gdp_real_growth" and r["year"] == "2016"]
    frame = load_outcomes("liaoning", "gdp_real_growth")
    assert frame.loc[frame["year"] == 2016, "value"].item() == float(raw[0]["value"])


def test_catalogue_covers_the_raw_years():
    cat = catalogue("liaoning", "gdp_nominal")
    years = sorted(int(r["year"]) for r in raw_rows("liaoning_annual.csv") if r["indicator"] == "gdp_nominal")
    annual = cat[cat["period"] == "Y"]
    assert annual["years"].item().startswith(str(years[0])) and annual["years"].item().endswith(str(years[-1]))
    assert list(cat.columns) == ["region", "indicator", "period", "years", "n", "vintages", "unit"]
