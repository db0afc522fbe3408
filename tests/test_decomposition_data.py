"""Decompositions on the shipped data: a published figure reproduced, identities, one release per growth rate."""

from pathlib import Path

import pandas as pd
import pytest

from analysis import contract
from analysis.checks import LAST_YEAR
from analysis.models.decomposition import METHODS, TABLES, by_year, run, sector_contributions, summary
from analysis.models.decomposition import inputs as dec_inputs
from analysis.series.load import load_series
from analysis.series.vintages import revision_years, vintage_class
from analysis.vocabulary import PROVINCE_KEYS

NEEDED = ["gdp_nominal", "gdp_index", "gdp_nominal_lag1"]  # what a deflator year needs of one release
REFERENCE = Path(__file__).parent / "data" / "decomposition" / "published_contributions.csv"


def one(region, method, start=None, end=None, **params):
    """One method's long result over ``start``-``end`` (the whole history by default)."""
    return run(region, LAST_YEAR, {"methods": (method,), "start_year": start, "end_year": end, **params}).result(method)


def test_reproduces_fujian_yearbook_contributions():
    """Fujian Statistical Yearbook 2020, table 2-7 (tests/data/decomposition/README.md).

    Inputs: Fujian va_* levels and indices from the NBS post-4th-census panel (one vintage).
    Published shares (贡献率) and pulls (拉动) are rounded to 0.1 and the input indices to 0.1, so a
    share may differ by up to 0.2 and a pull by up to 0.1.
    """
    published = pd.read_csv(REFERENCE)
    assert published["source_url"].str.startswith("http").all()
    table = dec_inputs.sector_inputs("fujian", "nbs_post4").frame
    ours = sector_contributions(table, vintage="nbs_post4", price_basis="nbs").set_index(["year", "component"])
    for row in published.itertuples():
        got = ours.loc[(row.year, row.component)]
        assert got["share_nbs"] == pytest.approx(row.contribution_share, abs=0.2), (row.year, row.component)
        assert got["value_pp"] == pytest.approx(row.contribution_pp, abs=0.1), (row.year, row.component)
        assert ours.loc[(row.year, "total"), "value_pp"] == pytest.approx(row.gdp_growth, abs=0.05)


def test_previous_year_weights_miss_the_yearbook():
    """The test above can fail: chain (previous-year) weights miss Fujian 2008 secondary by > 1 point."""
    published = pd.read_csv(REFERENCE).set_index(["year", "component"])
    table = dec_inputs.sector_inputs("fujian", "nbs_post4").frame
    chain = sector_contributions(table, price_basis="previous_year").set_index(["year", "component"])
    gap = abs(chain.loc[(2008, "secondary"), "share_nbs"] - published.loc[(2008, "secondary"), "contribution_share"])
    assert gap > 1.0


def test_liaoning_2023_acceptance_check():
    """Liaoning 2023 (GDP +5.3 %; sectors +4.7/+5.0/+5.5 %) gives about 0.4, 1.9, 2.9 pp, computed from
    the 2023 release alone (first_release): levels and growth rates of one release."""
    result = one("liaoning", "sectors", 2023, 2023).set_index("component")
    assert set(result["vintage"]) == {"first_release"}
    assert result.loc["total", "value_pp"] == pytest.approx(5.3)
    assert result.loc["primary", "value_pp"] == pytest.approx(0.4, abs=0.05)
    assert result.loc["secondary", "value_pp"] == pytest.approx(1.9, abs=0.1)
    assert result.loc["tertiary", "value_pp"] == pytest.approx(2.9, abs=0.05)
    assert abs(result.loc["residual", "value_pp"]) < 0.1


@pytest.mark.parametrize("region", ["liaoning", "china"])
@pytest.mark.parametrize("method", METHODS)
def test_components_plus_residual_equal_total_every_year(region, method):
    result = one(region, method)
    if region == "china" and method == "shift-share":  # the nation is the reference: nothing to decompose
        assert result.empty
        return
    assert not result.empty
    for year, part in result.groupby("year"):
        assert part["vintage"].nunique() == 1, f"{method} {year} mixes vintages"
        total = part.loc[part["role"] == "total", "value_pp"]
        assert len(total) == 1
        body = part.loc[part["role"] != "total", "value_pp"].dropna().sum()
        assert body == pytest.approx(total.iloc[0], abs=1e-9), (method, year)


def test_china_money_terms_divide_levels_of_one_release():
    """A deflator never divides two first releases: the 2023 communiqué's level over the 2022
    communiqué's gives -1.0 %, but each communiqué compares with the revised level of the year before.
    2024 comes from one release: the preliminary release of 2025-01 states 2024's level and real
    growth, and the NBS export c.2025 holds that level and the 2023 level it was compared with. No
    release holds 2025's base, so 2024 is the latest year."""
    money = run("china", 2025, {"methods": ("deflator", "per-capita")}).money.set_index("year")
    assert 2023 not in money.index or pd.isna(money.loc[2023, "deflator"])
    assert money.index.max() == 2024
    row = money.loc[2024]
    assert row["vintage_prices"] == "first_release"
    growth = load_series("gdp_real_growth", "china", vintage="first_release")
    released = growth.loc[growth["year"] == 2024].iloc[0]
    assert row["release_prices"] == released["vintage"]  # level and real growth of one release
    export = load_series("gdp_nominal", "china", vintage="nbs_post5").set_index("year")["value"]
    levels = load_series("gdp_nominal", "china", vintage="first_release").set_index("year")["value"]
    assert abs(export[2024] - levels[2024]) <= 0.5  # the export carries the release's 2024 level
    nominal = levels[2024] / export[2023]  # the release's level over the base it was compared with
    assert row["nominal_growth"] == pytest.approx(100 * (nominal - 1))
    assert row["deflator"] == pytest.approx(100 * (nominal / (1 + released["value"] / 100) - 1))
    assert row["deflator"] < 0


@pytest.mark.parametrize("region", ["liaoning", "guangdong", "china"])
def test_every_deflator_year_divides_two_levels_of_one_release(region):
    """Recomputed from the loader's rows: the level of t and its base of t-1 are of one release (one
    ``vintage`` text), or, for a first release, the base comes from an export holding its level."""
    prices = one(region, "deflator")
    rows = load_series("gdp_nominal", region, vintage="all")
    for year, part in prices.groupby("year"):
        got = part.set_index("component")
        release = got["release"].iloc[0]
        now = rows[(rows["year"] == year) & (rows["vintage"] == release)]["value"].iloc[0]
        same = rows[(rows["year"] == year - 1) & (rows["vintage"] == release)]
        if got["vintage"].iloc[0] in dec_inputs.EXPORT_CLASSES:
            base = same["value"].iloc[0]
        else:
            assert same.empty and "level (the base of this release) from:" in got["note"].iloc[0]
            holder = got["note"].iloc[0].split("from: ", 1)[1].split(";")[0]
            base = rows[(rows["year"] == year - 1) & (rows["vintage"] == holder)]["value"].iloc[0]
        assert got.loc["nominal_growth", "value_pp"] == pytest.approx(100 * (now / base - 1)), (region, year)


def test_provinces_money_terms_reach_the_latest_year_of_their_release():
    """Each province's latest money-terms year is the latest year one NBS export holds both nominal GDP
    and the GDP index for (with the year before)."""
    for region in ("liaoning", "guangdong", "neimenggu"):
        money = run(region, 2026, {"methods": ("deflator",)}).money
        both = None
        for vintage in dec_inputs.EXPORT_CLASSES:
            frame = dec_inputs.deflator_inputs(region, vintage).frame.reindex(columns=NEEDED)
            ok = frame.dropna().index
            both = max([both or 0, *ok])
        assert money["year"].max() == both, region


@pytest.mark.slow
def test_every_province_has_money_terms_to_its_latest_export_year():
    for region in PROVINCE_KEYS:
        money = run(region, 2026, {"methods": ("deflator",)}).money
        latest = max(
            int(y)
            for vintage in dec_inputs.EXPORT_CLASSES
            for y in dec_inputs.deflator_inputs(region, vintage).frame.reindex(columns=NEEDED).dropna().index
        )
        assert money["year"].max() == latest, region


def test_revision_episodes_are_noted_for_any_region_with_one():
    """The episodes are data (data/raw/regions/revisions.csv), not one region's special case."""
    for region in ("liaoning", "neimenggu"):
        episode = revision_years(region)
        assert episode
        result = one(region, "deflator", episode[0] - 1, episode[-1] + 1)
        noted = result[result["note"].str.contains("data-revision episode", regex=False)]
        assert set(noted["year"]) == set(episode) & set(result["year"]), region
    national = one("china", "sectors", 2011, 2017)
    assert len(national) and not national["note"].str.contains("data-revision episode").any()


def test_liaoning_revision_years_come_from_the_revised_vintage():
    result = one("liaoning", "sectors", 2011, 2017)
    assert set(result["year"]) == set(range(2011, 2018))
    assert set(result["vintage"]) == {"nbs_post4"}
    revisions = run("liaoning", 2024, {"methods": ("sectors",)}).revisions
    assert list(revisions.index) == list(range(2009, 2020))  # the episode and two years either side
    assert (revisions.loc[2011:2014, "revision_nbs_post4"] > 0).all()  # the pre-2018 export above the revised


def test_shrinking_population_shows_in_per_capita_split():
    result = one("liaoning", "per-capita", 2018, 2024)
    population = result[result["component"] == "population"]
    assert len(population) == 7 and (population["value_pp"] < 0).all()


def test_accounting_reports_missing_labour_for_a_province():
    result = one("liaoning", "accounting")
    assert "labour_and_tfp" in set(result["component"])
    assert result[result["component"] == "labour"]["value_pp"].isna().all()
    assert result["note"].str.contains("labour missing").all()
    assert "tfp" in set(one("china", "accounting")["component"])


def test_a_region_without_data_gets_statements_and_empty_declared_tables(tmp_path):
    result = run("shenyang", 2026)
    for method in METHODS:
        assert result.result(method).empty
        assert result.statements[method].startswith("No year in the data allows"), method
    assert result.waterfall_year is None
    assert summary.sectors(result) == result.statements["sectors"]
    assert summary.money(result) == result.statements["deflator"]
    for name, table in result.tables().items():
        assert table.empty and list(table.columns) == TABLES[name].column_names
        contract.write(TABLES[name], table, tmp_path)
        assert contract.read(TABLES[name], tmp_path).empty


def test_the_nation_has_no_gap_to_itself():
    result = run("china", 2025, {"methods": ("shift-share",)})
    assert result.result("shift-share").empty and "reference" in result.statements["shift-share"]


def test_tables_are_the_declared_ones_and_round_trip_through_the_contract(tmp_path):
    result = run("liaoning", 2024)
    tables = result.tables()
    assert set(tables) == set(TABLES)
    for name, table in tables.items():
        spec = TABLES[name]
        assert spec.family == "decomposition" and spec.notebook == "40_decomposition" and spec.section
        assert list(table.columns) == spec.column_names and len(table), name
        contract.write(spec, table, tmp_path)
        back = contract.read(spec, tmp_path)
        assert len(back) == len(table) and list(back.columns) == spec.column_names
    money = tables["money_terms"].set_index("year")
    assert money.index.max() == 2024 and money.loc[2024, "vintage_prices"] == "nbs_post5"


def test_sources_are_sorted_unique_and_cover_every_vintage_used():
    result = run("liaoning", 2024, {"methods": ("sectors", "shift-share")})
    found = result.tables()["decomposition_sources"]
    columns = list(found.columns)
    pd.testing.assert_frame_equal(found, found.sort_values(columns).reset_index(drop=True))
    assert not found.duplicated().any()
    classes = {vintage_class(v) for v in found["vintage"]}
    used = set(result.result("sectors")["vintage"]) | set(result.result("shift-share")["vintage"])
    assert used <= classes
    assert {"liaoning_annual.csv", "china_annual.csv"} & set(found["file"])


def test_the_one_year_view_is_the_year_before_the_report_where_the_data_reach_it():
    assert run("liaoning", 2024, {"methods": ("sectors",)}).waterfall_year == 2023
    later = run("guangdong", 2026, {"methods": ("sectors",)})
    assert later.waterfall_year == 2024 and "no 2025" in later.statements["waterfall"]


def test_by_year_keeps_components_then_residual_then_total():
    table = by_year(one("liaoning", "sectors", 2021, 2023))
    assert list(table.columns) == ["primary", "secondary", "tertiary", "residual", "total"]
    assert list(table.index) == [2021, 2022, 2023]
