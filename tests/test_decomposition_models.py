"""Closed-form cases and identities of the decomposition methods (no data files)."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import InputError
from analysis.models.decomposition import (
    implicit_deflator,
    money_terms,
    nbs_base_year,
    population_split,
    revision_break,
    sector_contributions,
    shift_share,
)
from analysis.models.decomposition import inputs as dec_inputs
from analysis.models.decomposition.run import check_params


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
    got = values(shift_share(region, nation, reference_name="china"), 2001)
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
    got = values(shift_share(region, region.copy(), reference_name="china"), 2001)
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


def test_deflator_divides_the_base_the_frame_names_not_the_row_before():
    """The level of t-1 in the release of t (``gdp_nominal_lag1``) is the base; a NaN base (no release
    holds both levels) gives no deflator, whatever the row of t-1 says."""
    frame = pd.DataFrame(
        {
            "gdp_nominal": [121.0, 126.0, 135.0],
            "gdp_index": [103.0, 105.2, 105.0],
            "gdp_nominal_lag1": [float("nan"), 120.0, float("nan")],
        },
        index=pd.Index([2022, 2023, 2024], name="year"),
    )
    result = implicit_deflator(frame, vintage="first_release")
    assert sorted(result["year"].unique()) == [2023]
    got = values(result, 2023)
    assert got["nominal_growth"] == pytest.approx(100 * (126 / 120 - 1))  # not 126 / 121
    assert got["deflator"] == pytest.approx(100 * ((126 / 120) / 1.052 - 1))


def series_rows(records):
    """Long series rows as inputs.load_inputs returns them (preferred unless said otherwise)."""
    rows = pd.DataFrame(records, columns=["indicator", "year", "value", "vintage", "preferred"])
    return rows.assign(value=rows["value"].astype(float), preferred=rows["preferred"].astype(bool))


def test_same_release_lag_never_pairs_two_releases():
    rows = series_rows(
        [
            ("gdp_nominal", 2022, 121.0, "communique 2023-02", True),
            ("gdp_nominal", 2023, 126.0, "communique 2024-02", True),
            ("gdp_nominal", 2022, 120.0, "export c.2025", False),  # the export's 2022, not preferred
            ("gdp_nominal", 2023, 129.0, "export c.2025", False),
        ]
    )
    lag = dec_inputs.same_release_lag(rows, "gdp_nominal")
    assert math.isnan(lag[2023]) and math.isnan(lag[2022])  # the 2023 communique holds no 2022 level
    exported = rows.assign(preferred=rows["vintage"].eq("export c.2025"))
    assert dec_inputs.same_release_lag(exported, "gdp_nominal")[2023] == pytest.approx(120.0)


def test_printed_precision_is_half_the_last_digit():
    assert dec_inputs.printed_precision("1349084") == pytest.approx(0.5)
    assert dec_inputs.printed_precision("30209.4") == pytest.approx(0.05)
    assert dec_inputs.printed_precision("28626.58") == pytest.approx(0.005)


def test_first_release_sectors_use_the_years_own_prices_whatever_the_basis():
    # a first-release frame: 2000 and 2001 are two releases, so the 2000 levels are never weights
    table = TWO_YEARS.copy()
    table.loc[2001, ["va_primary", "va_secondary", "va_tertiary"]] = [11.0, 42.0, 51.0]
    for basis in ("nbs", "previous_year", "current_year"):
        result = sector_contributions(table, vintage="first_release", price_basis=basis)
        assert set(result["price_basis"]) == {"current_year"}
        got = values(result, 2001)
        assert [got["primary"], got["secondary"], got["tertiary"]] == pytest.approx([1.0, 2.0, 1.0])


def test_first_release_shift_share_weights_are_volumes_of_the_same_release():
    # year-t levels 22/33/55 with indices 110/110/110: year-(t-1) volumes 20/30/50 at t prices
    region = frame({2001: {**sectors([22, 33, 55], [2, 6, 8], 6.3)}})
    region.loc[2001, ["va_primary_index", "va_secondary_index", "va_tertiary_index"]] = [110.0, 110.0, 110.0]
    nation = frame({2001: {**sectors([10, 40, 50], [10, 10, 10], 10.0)}})
    got = values(shift_share(region, nation, reference_name="china", vintage="first_release"), 2001)
    mix = (0.2 - 0.1) * 10 + (0.3 - 0.4) * 10 + 0.0
    assert got["mix"] == pytest.approx(mix)
    assert got["within"] == pytest.approx(0.0)
    assert got["mix"] + got["within"] + got["residual"] == pytest.approx(got["gap"])


def test_population_split_uses_the_lags_of_one_release():
    # the row of 2001 says 200 (another release); the 2002 release holds 100 for 2000 and 2001
    table = frame({2001: {"population": 200.0}, 2002: {"population": 98.02, "gdp_index": 105.0}})
    table["population_lag1"] = [float("nan"), 100.0]
    table["population_lag2"] = [float("nan"), 100.0]
    got = values(population_split(table), 2002)
    assert got["population"] == pytest.approx(100 * (99.01 / 100.0 - 1))


def long_result(method, year, parts, vintage, release):
    return pd.DataFrame(
        [
            {"year": year, "component": c, "value_pp": v, "method": method, "vintage": vintage, "release": release}
            for c, v in parts.items()
        ]
    )


def test_money_terms_keeps_each_decomposition_with_its_release():
    prices = long_result(
        "deflator", 2024, {"real_growth": 5.0, "deflator": -1.0, "nominal_growth": 3.95}, "nbs_post5", "export A"
    )
    people = long_result("per-capita", 2024, {"per_capita": 5.5, "population": -0.5}, "nbs_post4", "export B")
    row = money_terms(prices, people).set_index("year").loc[2024]
    assert (row["real_growth"], row["deflator"], row["nominal_growth"]) == (5.0, -1.0, 3.95)
    assert (row["per_capita"], row["population"]) == (5.5, -0.5)
    assert (row["vintage_prices"], row["release_prices"]) == ("nbs_post5", "export A")
    assert (row["vintage_people"], row["release_people"]) == ("nbs_post4", "export B")
    only_prices = money_terms(prices, people.iloc[0:0]).set_index("year").loc[2024]
    assert math.isnan(only_prices["per_capita"])
    assert money_terms(prices.iloc[0:0], people.iloc[0:0]).empty


def test_implausible_index_is_an_input_error_naming_file_row_field_value():
    rows = series_rows([("gdp_index", 2023, 5.2, "communique 2024-02", True)])
    rows = rows.assign(region="china", unit="上年=100", file="china_annual.csv", row=54)
    with pytest.raises(InputError) as caught:
        dec_inputs.check_rows(rows)
    message = str(caught.value)
    assert "china_annual.csv" in message and "54" in message and "gdp_index" in message and "5.2" in message


def test_parameters_are_checked_by_name():
    with pytest.raises(InputError, match="unknown decomposition parameter"):
        check_params({"region": "liaoning"})
    with pytest.raises(InputError, match="price_basis"):
        check_params({"price_basis": "constant"})
    with pytest.raises(InputError, match="vintage"):
        check_params({"vintage": "low_confidence"})
    with pytest.raises(InputError, match="start_year"):
        check_params({"start_year": 2020, "end_year": 2010})
    assert check_params({"methods": ["deflator", "sectors"]})["methods"] == ("sectors", "deflator")


def test_as_of_leaves_out_the_classes_and_years_published_later():
    """Liaoning 2024 as of 2024-10-31: the series revised after the 2023 census (published 2024-12-26)
    are not read, nor any year after 2023; without the date the revised class is the latest."""
    import datetime as dt

    from analysis.errors import InputError
    from analysis.models.decomposition import run

    methods = ("sectors", "deflator", "per-capita")
    dated = run("liaoning", 2024, {"methods": methods, "as_of": dt.date(2024, 10, 31)})
    every = run("liaoning", 2024, {"methods": methods})
    for method in methods:
        assert "nbs_post5" not in set(dated.result(method)["vintage"]), method
        assert dated.result(method)["year"].max() <= 2023
    assert "nbs_post5" in set(every.result("deflator")["vintage"])
    assert dated.result("sectors")["year"].max() == 2023  # the 2023 communiqué, out in February 2024
    with pytest.raises(InputError, match="as_of"):
        run("liaoning", 2024, {"as_of": "2024-10-31"})
