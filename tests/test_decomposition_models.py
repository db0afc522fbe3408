"""Closed-form cases and identities for analysis.models.decomposition (no data files)."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.models.decomposition import (
    implicit_deflator,
    nbs_base_year,
    population_split,
    revision_break,
    sector_contributions,
    shift_share,
)


def frame(rows: dict[int, dict]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("year")


def values(result: pd.DataFrame, year: int) -> dict[str, float]:
    part = result[result["year"] == year]
    return dict(zip(part["component"], part["value_pp"]))


TWO_YEARS = frame(
    {
        2000: {"va_primary": 10.0, "va_secondary": 40.0, "va_tertiary": 50.0},
        2001: {
            "va_primary": 11.0 * 1.2,
            "va_secondary": 42.0 * 0.9,
            "va_tertiary": 51.0 * 1.1,
            "va_primary_index": 110.0,
            "va_secondary_index": 105.0,
            "va_tertiary_index": 102.0,
            "gdp_index": 104.2,
        },
    }
)


def test_previous_year_prices_closed_form():
    # 10 x 10% + 40 x 5% + 50 x 2% = 1 + 2 + 1 = 4 (亿元) on 100: 1, 2, 1 pp; published 4.2
    result = sector_contributions(TWO_YEARS, price_basis="previous_year")
    got = values(result, 2001)
    assert got["primary"] == pytest.approx(1.0)
    assert got["secondary"] == pytest.approx(2.0)
    assert got["tertiary"] == pytest.approx(1.0)
    assert got["residual"] == pytest.approx(0.2)
    assert got["total"] == pytest.approx(4.2)
    shares = result[result["year"] == 2001].set_index("component")
    assert shares.loc["secondary", "share"] == pytest.approx(100 * 2.0 / 4.2)
    assert shares.loc["secondary", "share_nbs"] == pytest.approx(50.0)


def test_current_year_prices_closed_form():
    # current-year levels 11, 42, 51 with indices 110, 105, 102: previous volumes 10, 40, 50 at t prices
    table = TWO_YEARS.copy()
    table.loc[2001, ["va_primary", "va_secondary", "va_tertiary"]] = [11.0, 42.0, 51.0]
    got = values(sector_contributions(table, price_basis="current_year"), 2001)
    assert [got["primary"], got["secondary"], got["tertiary"]] == pytest.approx([1.0, 2.0, 1.0])
    assert got["residual"] == pytest.approx(0.2)


def test_nbs_base_year_rule():
    assert [nbs_base_year(y) for y in (2001, 2005, 2006, 2010, 2011, 2023, 2024)] == [
        2000,
        2000,
        2005,
        2005,
        2010,
        2020,
        2020,
    ]


def test_nbs_prices_chain_from_base_year():
    # base 2000 levels 50/50; primary grows 0% then 0%, tertiary 10% then 10% (secondary zero level)
    table = frame(
        {
            2000: {"va_primary": 50.0, "va_secondary": 0.0, "va_tertiary": 50.0},
            2001: {
                "va_primary": 50.0,
                "va_secondary": 0.0,
                "va_tertiary": 80.0,
                "va_primary_index": 100.0,
                "va_secondary_index": 100.0,
                "va_tertiary_index": 110.0,
                "gdp_index": 105.0,
            },
            2002: {
                "va_primary": 50.0,
                "va_secondary": 0.0,
                "va_tertiary": 120.0,
                "va_primary_index": 100.0,
                "va_secondary_index": 100.0,
                "va_tertiary_index": 110.0,
                "gdp_index": 105.0,
            },
        }
    )
    nbs = sector_contributions(table, price_basis="nbs")
    # at 2000 prices: 2001 volumes 50 + 55 = 105; 2002 tertiary 60.5 -> increment 5.5 / 105
    assert values(nbs, 2002)["tertiary"] == pytest.approx(100 * 5.5 / 105)
    # previous-year prices use the 2001 nominal levels instead: 80 x 10% / 130
    previous = sector_contributions(table, price_basis="previous_year")
    assert values(previous, 2002)["tertiary"] == pytest.approx(100 * 8.0 / 130)
    # in the year right after the base year both coincide
    assert values(nbs, 2001)["tertiary"] == pytest.approx(values(previous, 2001)["tertiary"])
    assert set(nbs["price_basis"]) == {"nbs base 2000"}


def test_nbs_falls_back_and_says_so():
    # no 2020 base-year levels: the year's own prices are used, and the note says so
    table = TWO_YEARS.rename(index={2000: 2022, 2001: 2023})
    result = sector_contributions(table, price_basis="nbs")
    assert set(result["price_basis"]) == {"current_year"}
    assert result["note"].str.contains("base year 2020").all()


def test_uniform_growth_has_no_residual():
    table = TWO_YEARS.copy()
    table.loc[2001, ["va_primary_index", "va_secondary_index", "va_tertiary_index", "gdp_index"]] = 106.0
    got = values(sector_contributions(table, price_basis="previous_year"), 2001)
    assert [got["primary"], got["secondary"], got["tertiary"]] == pytest.approx([0.6, 2.4, 3.0])
    assert got["residual"] == pytest.approx(0.0, abs=1e-12)


def test_year_without_published_total_is_skipped():
    table = TWO_YEARS.copy()
    table.loc[2001, "gdp_index"] = float("nan")
    assert sector_contributions(table).empty


positive = st.floats(min_value=1.0, max_value=1e5, allow_nan=False)
index = st.floats(min_value=80.0, max_value=125.0, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(positive, min_size=6, max_size=6),
    st.lists(index, min_size=4, max_size=4),
    st.sampled_from(["nbs", "previous_year", "current_year"]),
)
def test_components_plus_residual_equal_total(levels, indices, basis):
    table = frame(
        {
            2010: dict(zip(["va_primary", "va_secondary", "va_tertiary"], levels[:3])),
            2011: {
                **dict(zip(["va_primary", "va_secondary", "va_tertiary"], levels[3:])),
                **dict(zip(["va_primary_index", "va_secondary_index", "va_tertiary_index", "gdp_index"], indices)),
            },
        }
    )
    result = sector_contributions(table, price_basis=basis)
    body = result[result["role"] != "total"]
    total = result.loc[result["role"] == "total", "value_pp"].iloc[0]
    assert body["value_pp"].sum() == pytest.approx(total, abs=1e-9)
    if total != 0:
        assert body["share"].sum() == pytest.approx(100.0, abs=1e-6)


def test_implicit_deflator_closed_form():
    table = frame({2000: {"gdp_nominal": 100.0}, 2001: {"gdp_nominal": 110.0, "gdp_index": 105.0}})
    got = values(implicit_deflator(table), 2001)
    assert got["nominal_growth"] == pytest.approx(10.0)
    assert got["real_growth"] == pytest.approx(5.0)
    assert got["deflator"] == pytest.approx(100 * (1.10 / 1.05 - 1))
    assert got["interaction"] == pytest.approx(5.0 * (1.10 / 1.05 - 1))
    assert got["real_growth"] + got["deflator"] + got["interaction"] + got["residual"] == pytest.approx(
        got["nominal_growth"]
    )


def test_population_split_closed_form():
    # year-end population 100, 100, 98.02 -> average 100, 99.01 (-0.99 %); GDP +5 %
    table = frame(
        {
            2000: {"population": 100.0},
            2001: {"population": 100.0, "gdp_index": 103.0},
            2002: {"population": 98.02, "gdp_index": 105.0},
        }
    )
    got = values(population_split(table), 2002)
    population_growth = 99.01 / 100.0 - 1
    assert got["population"] == pytest.approx(100 * population_growth)
    assert got["per_capita"] == pytest.approx(100 * (1.05 / (1 + population_growth) - 1))
    assert got["per_capita"] > got["total"]  # a shrinking population: growth per head exceeds growth
    assert got["residual"] == pytest.approx(0.0, abs=1e-12)
    assert 2001 not in set(population_split(table)["year"])  # average needs t-2
    constant = values(population_split(table, population_basis="year_end"), 2001)
    assert constant["per_capita"] == pytest.approx(3.0)


def sectors(levels, growth, total):
    return {
        "va_primary": levels[0],
        "va_secondary": levels[1],
        "va_tertiary": levels[2],
        "va_primary_index": 100 + growth[0],
        "va_secondary_index": 100 + growth[1],
        "va_tertiary_index": 100 + growth[2],
        "gdp_index": 100 + total,
    }


def test_shift_share_closed_form():
    # region weights .2/.3/.5, nation .1/.4/.5; region growth 2/6/8, nation 4/6/6
    region = frame({2000: sectors([20, 30, 50], [0, 0, 0], 0), 2001: sectors([1, 1, 1], [2, 6, 8], 6.3)})
    nation = frame({2000: sectors([10, 40, 50], [0, 0, 0], 0), 2001: sectors([1, 1, 1], [4, 6, 6], 5.8)})
    got = values(shift_share(region, nation), 2001)
    mix = (0.2 - 0.1) * 4 + (0.3 - 0.4) * 6 + 0.0 * 6  # -0.2
    within = 0.2 * (2 - 4) + 0.3 * 0 + 0.5 * (8 - 6)  # 0.6
    assert got["mix"] == pytest.approx(mix)
    assert got["within"] == pytest.approx(within)
    assert got["gap"] == pytest.approx(0.5)
    assert got["mix"] + got["within"] + got["residual"] == pytest.approx(got["gap"])
    # aggregation residuals: region 6.3 - 6.2 = 0.1, nation 5.8 - 5.8 = 0 -> residual 0.1
    assert got["residual"] == pytest.approx(0.1)


def test_shift_share_same_structure_has_no_mix():
    region = frame({2000: sectors([20, 30, 50], [0, 0, 0], 0), 2001: sectors([1, 1, 1], [2, 6, 8], 6.2)})
    got = values(shift_share(region, region.copy()), 2001)
    assert got["mix"] == pytest.approx(0.0) and got["within"] == pytest.approx(0.0)
    assert got["gap"] == pytest.approx(0.0)


def test_revision_break_keeps_growth_within_a_vintage():
    levels = pd.DataFrame(
        {
            "year": [2013, 2014, 2015, 2013, 2014, 2015],
            "period": ["Y"] * 6,
            "vintage_class": ["nbs_pre4"] * 3 + ["nbs_post4"] * 3,
            "value": [27000.0, 28600.0, 28700.0, 19200.0, 20000.0, 20200.0],
        }
    )
    out = revision_break(levels).set_index("year")
    assert out.loc[2014, "revision_nbs_post4"] == pytest.approx(100 * (28600 / 20000 - 1))
    assert out.loc[2015, "growth_nbs_post4"] == pytest.approx(1.0)
    assert math.isnan(out.loc[2013, "growth_nbs_pre4"])


def test_first_release_growth_skips_the_year_after_an_economic_census():
    """2023 first release 126 (pre-census), 2024 first release 135 on the census-revised basis: no
    deflator for 2024; within an NBS export both levels share one basis and 2024 is computed."""
    import pandas as pd

    from analysis.models import decomposition as dec

    frame = pd.DataFrame(
        {"gdp_nominal": [121.0, 126.0, 135.0], "gdp_index": [103.0, 105.2, 105.0]},
        index=pd.Index([2022, 2023, 2024], name="year"),
    )
    first = dec.implicit_deflator(frame, vintage="first_release")
    assert sorted(first["year"].unique()) == [2023]
    revised = dec.implicit_deflator(frame, vintage="nbs_post5")
    total = revised[(revised["year"] == 2024) & (revised["component"] == "nominal_growth")]["value_pp"].item()
    assert total == pytest.approx(100 * (135 / 126 - 1))


def test_money_terms_puts_each_decomposition_in_its_own_columns_with_its_release():
    from analysis.models import decomposition as dec

    long = dec.decompose_methods("liaoning", ("deflator", "per-capita"), start=2018, end=2024)
    table = dec.money_terms(long).set_index("year")
    row = table.loc[2024]
    # (1 + nominal) = (1 + real)(1 + deflator); (1 + real) = (1 + per head)(1 + population)
    assert 1 + row["nominal_growth"] / 100 == pytest.approx(
        (1 + row["real_growth"] / 100) * (1 + row["deflator"] / 100)
    )
    assert 1 + row["real_growth"] / 100 == pytest.approx((1 + row["per_capita"] / 100) * (1 + row["population"] / 100))
    assert row["real_growth"] == pytest.approx(5.1) and row["deflator"] < 0  # Liaoning 2024: prices fell
    assert row["vintage_prices"] == "nbs_post5"
    assert dec.money_terms(long.iloc[0:0]).empty
