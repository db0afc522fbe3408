"""Decompositions on the shipped data: a published figure reproduced, identities, one vintage a year."""

from pathlib import Path

import pandas as pd
import pytest

from analysis.models.decomposition import (
    METHODS,
    SECTOR_INPUTS,
    decompose,
    load_inputs,
    sector_contributions,
    wide,
)

REFERENCE = Path(__file__).parent / "data" / "decomposition" / "published_contributions.csv"


def test_reproduces_fujian_yearbook_contributions():
    """Fujian Statistical Yearbook 2020, table 2-7 (tests/data/decomposition/README.md).

    Inputs: Fujian va_* levels and indices from the NBS post-4th-census panel (one vintage).
    Published shares (贡献率) and pulls (拉动) are rounded to 0.1 and the input indices to 0.1, so a
    share may differ by up to 0.2 and a pull by up to 0.1.
    """
    published = pd.read_csv(REFERENCE)
    assert published["source_url"].str.startswith("http").all()
    table = wide(load_inputs("fujian", SECTOR_INPUTS, "nbs_post4"))
    ours = sector_contributions(table, vintage="nbs_post4", price_basis="nbs").set_index(["year", "component"])
    for row in published.itertuples():
        got = ours.loc[(row.year, row.component)]
        assert got["share_nbs"] == pytest.approx(row.contribution_share, abs=0.2), (row.year, row.component)
        assert got["value_pp"] == pytest.approx(row.contribution_pp, abs=0.1), (row.year, row.component)
        total = ours.loc[(row.year, "total"), "value_pp"]
        assert total == pytest.approx(row.gdp_growth, abs=0.05)


def test_previous_year_weights_miss_the_yearbook():
    """The test above can fail: chain (previous-year) weights miss Fujian 2008 secondary by > 1 point."""
    published = pd.read_csv(REFERENCE).set_index(["year", "component"])
    table = wide(load_inputs("fujian", SECTOR_INPUTS, "nbs_post4"))
    chain = sector_contributions(table, price_basis="previous_year").set_index(["year", "component"])
    gap = abs(chain.loc[(2008, "secondary"), "share_nbs"] - published.loc[(2008, "secondary"), "contribution_share"])
    assert gap > 1.0


def test_liaoning_2023_acceptance_check():
    """Issue check: Liaoning 2023 (GDP +5.3 %; sectors +4.7/+5.0/+5.5 %) gives about 0.4, 1.9, 2.9 pp.

    Computed from the 2023 release alone (first_release): levels and growth rates of one release.
    """
    result = decompose("liaoning", "sectors", start=2023, end=2023).set_index("component")
    assert set(result["vintage"]) == {"first_release"}
    assert result.loc["total", "value_pp"] == pytest.approx(5.3)
    assert result.loc["primary", "value_pp"] == pytest.approx(0.4, abs=0.05)
    assert result.loc["secondary", "value_pp"] == pytest.approx(1.9, abs=0.1)
    assert result.loc["tertiary", "value_pp"] == pytest.approx(2.9, abs=0.05)
    assert abs(result.loc["residual", "value_pp"]) < 0.1


@pytest.mark.parametrize("method", METHODS)
def test_components_plus_residual_equal_total_every_year(method):
    result = decompose("liaoning", method)
    assert not result.empty
    for year, part in result.groupby("year"):
        assert part["vintage"].nunique() == 1, f"{method} {year} mixes vintages"
        total = part.loc[part["role"] == "total", "value_pp"]
        assert len(total) == 1
        body = part.loc[part["role"] != "total", "value_pp"].dropna().sum()
        assert body == pytest.approx(total.iloc[0], abs=1e-9), (method, year)


def test_revision_years_come_from_the_revised_vintage():
    result = decompose("liaoning", "sectors", start=2011, end=2017)
    assert set(result["year"]) == set(range(2011, 2018))
    assert set(result["vintage"]) == {"nbs_post4"}
    assert result["note"].str.contains("2011-2014").all()


def test_shrinking_population_shows_in_per_capita_split():
    result = decompose("liaoning", "per-capita", start=2018, end=2024)
    population = result[result["component"] == "population"]
    assert (population["value_pp"] < 0).all()


def test_accounting_reports_missing_labour_for_liaoning():
    result = decompose("liaoning", "accounting")
    assert "labour_and_tfp" in set(result["component"])
    assert result[result["component"] == "labour"]["value_pp"].isna().all()
    assert result["note"].str.contains("labour missing").all()
    national = decompose("china", "accounting")
    assert "tfp" in set(national["component"])


def test_revision_note_is_liaonings_only():
    """The 2011-2017 revision episode is Liaoning's (analysis.series.vintages.is_revision_year)."""
    from analysis.models.decomposition import REVISION_NOTE

    for method in ("sectors", "deflator"):
        national = decompose("china", method, start=2011, end=2017)
        assert len(national) and not national["note"].str.contains(REVISION_NOTE, regex=False).any(), method
    liaoning = decompose("liaoning", "deflator", start=2011, end=2017)
    nbs = liaoning["vintage"].str.startswith("nbs")
    assert nbs.any() and liaoning.loc[nbs, "note"].eq(REVISION_NOTE).all()


@pytest.mark.parametrize("method", ["sectors", "shift-share"])
def test_sources_for_is_sorted_and_covers_every_vintage(method):
    from analysis.models.decomposition import sources, sources_for

    result = decompose("liaoning", method, start=2001, end=2024)
    found = sources_for(result, "liaoning")
    columns = ["source_title", "source_url", "vintage"]
    assert list(found.columns) == columns and len(found)
    pd.testing.assert_frame_equal(found, found.sort_values(columns).reset_index(drop=True))
    assert not found.duplicated().any()
    expected = pd.concat(
        [
            sources(r, method, v, part["year"])
            for r in (("liaoning", "china") if method == "shift-share" else ("liaoning",))
            for v, part in result.groupby("vintage")
        ]
    ).drop_duplicates()
    assert set(map(tuple, found.to_numpy())) == set(map(tuple, expected[columns].to_numpy()))
    one_year = sources_for(result, "liaoning", years=[2019])
    assert len(one_year) and set(map(tuple, one_year.to_numpy())) <= set(map(tuple, found.to_numpy()))


def test_sources_for_refuses_mixed_methods():
    from analysis.errors import InputError
    from analysis.models.decomposition import decompose_methods, sources_for

    with pytest.raises(InputError):
        sources_for(decompose_methods("liaoning", ("deflator", "per-capita"), start=2020), "liaoning")


def test_by_year_keeps_components_then_residual_then_total():
    from analysis.models.decomposition import by_year

    table = by_year(decompose("liaoning", "sectors", start=2021, end=2023))
    assert list(table.columns) == ["primary", "secondary", "tertiary", "residual", "total"]
    assert list(table.index) == [2021, 2022, 2023]
