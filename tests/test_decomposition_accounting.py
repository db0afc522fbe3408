"""Closed-form cases for the perpetual-inventory capital stock and growth accounting."""

import math

import pandas as pd
import pytest

from analysis.models.decomposition.accounting import (
    account,
    capital_stock,
    gdp_deflator,
    growth_accounting,
    perpetual_inventory,
    sensitivity,
)


def series(values: dict) -> pd.Series:
    return pd.Series(values, dtype="float64")


def test_pim_steady_state_without_growth():
    # constant investment with K0 = I / delta stays at I / delta for ever
    capital = perpetual_inventory(series({y: 10.0 for y in range(2000, 2010)}), depreciation=0.1, initial_growth=0.0)
    assert capital.to_numpy() == pytest.approx([100.0] * 10)


def test_pim_recursion_by_hand():
    capital = perpetual_inventory(series({2000: 10.0, 2001: 20.0, 2002: 0.0}), depreciation=0.096, initial_growth=0.104)
    k0 = 10.0 / 0.2
    k1 = 0.904 * k0 + 20.0
    assert capital.tolist() == pytest.approx([k0, k1, 0.904 * k1])


def test_pim_stops_at_a_gap():
    capital = perpetual_inventory(series({2000: 1.0, 2001: 1.0, 2003: 1.0}), initial_growth=0.05)
    assert list(capital.index) == [2000, 2001]


def test_gdp_deflator_closed_form():
    deflator = gdp_deflator(series({2000: 100.0, 2001: 115.5}), series({2001: 105.0}))
    assert deflator[2001] == pytest.approx(110.0)


def test_growth_accounting_closed_form():
    output = series({2001: 108.0})
    capital = series({2000: 100.0, 2001: 110.0})
    labour = series({2000: 100.0, 2001: 102.0})
    result = growth_accounting(output, capital, labour, capital_share=0.5).set_index("component")
    assert result.loc["capital", "value_pp"] == pytest.approx(5.0)
    assert result.loc["labour", "value_pp"] == pytest.approx(1.0)
    assert result.loc["tfp", "value_pp"] == pytest.approx(2.0)
    assert result.loc["total", "value_pp"] == pytest.approx(8.0)
    assert result.loc["tfp", "role"] == "residual"


def test_missing_labour_is_reported_not_invented():
    result = growth_accounting(series({2001: 108.0}), series({2000: 100.0, 2001: 110.0}), None)
    part = result.set_index("component")
    assert math.isnan(part.loc["labour", "value_pp"])
    assert part.loc["labour_and_tfp", "value_pp"] == pytest.approx(3.0)
    assert "tfp" not in part.index


def table():
    # nominal = real (flat prices); investment 20 a year; output +10 % a year; labour +1 % a year
    years = range(2000, 2012)
    return pd.DataFrame(
        {
            "gdp_nominal": [100.0 * 1.1**i for i, _ in enumerate(years)],
            "gdp_index": [110.0] * len(years),
            "gfcf": [20.0 * 1.1**i for i, _ in enumerate(years)],
            "employment": [1000.0 * 1.01**i for i, _ in enumerate(years)],
        },
        index=pd.Index(list(years), name="year"),
    )


def test_capital_stock_uses_the_gdp_deflator_and_harberger_k0():
    stock = capital_stock(table(), depreciation=0.1, initial_years=5)
    assert stock["deflator"].to_numpy() == pytest.approx([100.0] * 12)
    assert stock.loc[2000, "capital"] == pytest.approx(20.0 / (0.10 + 0.1))


def test_investment_is_put_on_the_production_basis_by_the_expenditure_side():
    """An export whose expenditure-side GDP is twice the production side: the investment rate
    (gfcf / expenditure GDP) applies to production GDP, so real investment and K halve."""
    plain = capital_stock(table(), depreciation=0.1, initial_years=5)
    doubled = capital_stock(
        table().assign(gdp_expenditure=lambda t: 2 * t["gdp_nominal"]), depreciation=0.1, initial_years=5
    )
    assert doubled["investment_real"].to_numpy() == pytest.approx(plain["investment_real"].to_numpy() / 2)
    assert doubled["capital"].to_numpy() == pytest.approx(plain["capital"].to_numpy() / 2)
    same = capital_stock(table().assign(gdp_expenditure=lambda t: t["gdp_nominal"]), depreciation=0.1)
    assert same["capital"].to_numpy() == pytest.approx(plain["capital"].to_numpy())
    note = account(table().assign(gdp_expenditure=lambda t: t["gdp_nominal"]))["note"].iloc[0]
    assert "production basis" in note


def test_liaoning_investment_rate_follows_the_unrevised_expenditure_side():
    """Shipped data: in the NBS post-2018 export Liaoning's production-side GDP was revised (2014, in
    its data-revision episode: below the expenditure side by about 30 %) but not the expenditure side;
    the capital stock takes the investment rate of the expenditure side."""
    from analysis.models.decomposition.inputs import accounting_inputs

    t = accounting_inputs("liaoning", "nbs_post4").frame
    stock = capital_stock(t)
    y = 2014
    rate = t.loc[y, "gfcf"] / t.loc[y, "gdp_expenditure"]
    nominal_investment = stock.loc[y, "investment_real"] * stock.loc[y, "deflator"] / 100.0
    assert nominal_investment == pytest.approx(rate * t.loc[y, "gdp_nominal"])
    assert t.loc[y, "gdp_expenditure"] > 1.3 * t.loc[y, "gdp_nominal"]  # the unrevised side


def test_account_identity_and_notes():
    result = account(table(), capital_share=0.4, depreciation=0.1)
    for _, part in result.groupby("year"):
        body = part[part["role"] != "total"]["value_pp"].sum()
        assert body == pytest.approx(part.loc[part["role"] == "total", "value_pp"].iloc[0])
    labour = result[result["component"] == "labour"]["value_pp"]
    assert labour.to_numpy() == pytest.approx([0.6] * len(labour))
    note = result["note"].iloc[0]
    assert "GDP deflator" in note and "delta=0.1" in note and "就业人员" in note


def test_sensitivity_grid_covers_alpha_and_delta():
    grid = sensitivity(table())
    assert len(grid) == 9
    assert sorted(set(grid["capital_share"])) == [0.4, 0.5, 0.6]
    assert sorted(set(grid["depreciation"])) == [0.05, 0.096, 0.12]
    # a larger capital share moves growth from the residual to capital
    at = grid[grid["depreciation"] == 0.096].set_index("capital_share")
    assert at.loc[0.6, "capital"] > at.loc[0.4, "capital"]
    assert at.loc[0.6, "residual"] < at.loc[0.4, "residual"]


def test_labour_choice_is_checked():
    with pytest.raises(ValueError, match="labour"):
        account(table(), labour="everyone")
