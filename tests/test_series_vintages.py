"""Vintage-class rules and small helpers of the series build (closed-form cases)."""

from __future__ import annotations

import csv
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import paths
from analysis.errors import InputError
from analysis.series import load_series
from analysis.series.build import _years_text
from analysis.series.raw import parse_number
from analysis.series.tidy import convert_unit
from analysis.series.vintages import VINTAGE_CLASSES, vintage_class


@pytest.mark.parametrize(
    "text, note, expected",
    [
        # the examples of SOURCES.md, "How to use the vintage column"
        ("communique 2023-03 (preliminary)", "", "first_release"),
        ("preliminary release 2024-01", "", "first_release"),
        ("quarterly release 2024-10", "", "first_release"),
        ("gov work report 2019-01 (as reported)", "", "first_release"),
        ("NBS database, pre-2018 (4th economic census) vintage (export c.2018)", "", "nbs_pre4"),
        ("NBS database, post-4th-census / pre-5th-census vintage (export c.2023)", "", "nbs_post4"),
        (
            "NBS database 分省年度数据, retrieved c.2021 (post-4th-economic-census revision; pre-5th-census; "
            "pre-7th-population-census)",
            "",
            "nbs_post4",
        ),
        ("NBS database, revised after 5th economic census (export c.2025)", "", "nbs_post5"),
        ("NBS database 分省年度数据, export c.2025-26", "", "nbs_post5"),
        ("estimate 2008-01 (预计)", "", "estimate"),
        ("plan report estimate 2023-01 (预计)", "", "estimate"),
        ("secondary summary 2025-01", "", "secondary"),
        ("data-portal summary (first-release vintage)", "", "secondary"),
        ("unverified secondary (AI-assisted analysis script citing communique 2026-03)", "", "low_confidence"),
        ("communique 2024 (preliminary)", "LOW CONFIDENCE: verify", "low_confidence"),
    ],
)
def test_documented_vintage_texts(text, note, expected):
    assert vintage_class(text, note) == expected


def test_unclassifiable_vintage_raises_naming_it():
    with pytest.raises(InputError) as err:
        vintage_class("found on a napkin", file="x.csv", row=7)
    assert (err.value.file, err.value.row, err.value.field, err.value.value) == (
        "x.csv",
        7,
        "vintage",
        "found on a napkin",
    )


def test_every_shipped_vintage_text_is_classified():
    for path in sorted(paths.RAW_PUBLIC.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if "vintage" in row:
                    assert vintage_class(row["vintage"], row["note"]) in VINTAGE_CLASSES


@given(st.sets(st.integers(min_value=1949, max_value=2100), min_size=1, max_size=40))
def test_years_text_round_trips(years):
    text = _years_text(sorted(years))
    back = set()
    for part in text.split(", "):
        first, _, last = part.partition("-")
        back.update(range(int(first), int(last or first) + 1))
    assert back == years


def test_yijin_to_wandun():
    from analysis import vocabulary

    # 1 斤 = 0.5 kg: 1亿斤 = 1e8 * 0.5 kg = 5e7 kg = 5e4 t = 5万吨
    assert vocabulary.convert(1.0, "亿斤", "万吨") == 1e8 * 0.5 / 1000 / 1e4
    assert vocabulary.convert(2500.0, "万吨", "亿斤") == 500.0  # the reverse divides by the same factor
    assert vocabulary.convert(3.0, "万亿", "亿元") == 30000.0
    assert convert_unit(500.0, "亿斤") == (2500.0, "万吨", "converted 500 亿斤 to 万吨 at 1亿斤 = 5万吨")
    assert convert_unit(2538.7, "万吨") == (2538.7, "万吨", "")


def test_unknown_unit_pair_is_refused_naming_the_units():
    from analysis import vocabulary

    with pytest.raises(InputError, match="no conversion from 亿斤 to 亿元") as err:
        vocabulary.convert(1.0, "亿斤", "亿元")
    assert (err.value.field, err.value.value) == ("unit", "亿斤")


@pytest.mark.parametrize("cell", ["12,3", "1.2.3", "nan", "inf", "5%", "约5", ""])
def test_parse_number_refuses_non_numbers(cell):
    with pytest.raises(InputError) as err:
        parse_number(cell, blank_ok=False, file="f.csv", row=3, field="value")
    assert err.value.value == cell and re.search("row 3", str(err.value))


def test_unknown_period_is_refused():
    with pytest.raises(InputError, match="unknown period"):
        load_series("gdp_real_growth", "liaoning", vintage="all", period="Q5")


@pytest.mark.parametrize(
    "vintage, year, period, public",
    [
        # a dated release: the end of its month
        ("communique 2024-02 (preliminary)", 2023, "Y", "2024-02-29"),
        ("quarterly release 2024-10", 2024, "Q1-Q3", "2024-10-31"),
        # undated: the month after a quarter, February after a year
        ("", 2024, "Q1-Q3", "2024-10-31"),
        ("NBS database, post-4th-census / pre-5th-census vintage (export c.2023)", 2022, "Y", "2023-02-28"),
        # an NBS export holds what was known when it was made: not before its export year
        ("NBS database, revised after 5th economic census (export c.2025)", 2010, "Y", "2025-01-01"),
        ("NBS database, post-4th-census / pre-5th-census vintage (export c.2020)", 2015, "Y", "2020-01-01"),
        ("NBS database, post-4th-census vintage", 2015, "Y", "2016-02-29"),
        # an export-year range is not a month
        ("NBS database 分省年度数据, export c.2025-26", 2019, "Y", "2025-01-01"),
    ],
)
def test_release_dates(vintage, year, period, public):
    import datetime as dt

    from analysis.series.vintages import published_by, release_date

    day = dt.date.fromisoformat(public)
    assert release_date(vintage, year, period) == day
    assert published_by(day, year, vintage, period)
    assert not published_by(day - dt.timedelta(days=1), year, vintage, period)
