"""``run(region, year, params)``: every decomposition of one region, from the inputs to the tables.

Load (one vintage class at a time, :mod:`~analysis.models.decomposition.inputs`) -> compute (one
module per method) -> the outputs (:mod:`~analysis.models.decomposition.outputs`). Each year is
computed within one class, the best that allows it (:data:`inputs.VINTAGE_PREFERENCE`: latest NBS
revision first, first releases last); the ``vintage`` column says which. A method the data do not
allow returns an empty frame and a one-line statement saying why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from analysis import vocabulary
from analysis.errors import InputError
from analysis.models.decomposition import _long, accounting, inputs, outputs
from analysis.models.decomposition.deflator import implicit_deflator
from analysis.models.decomposition.per_capita import POPULATION_BASES, population_split
from analysis.models.decomposition.sectors import PRICE_BASES, nbs_base_year, sector_contributions
from analysis.models.decomposition.shift_share import shift_share
from analysis.series.vintages import VINTAGE_CLASSES, published_by, revision_years

METHODS = ("sectors", "deflator", "per-capita", "shift-share", "accounting")
#: The parameters of :func:`run` and their defaults (``None``: decided from the region and the year).
DEFAULTS: dict[str, object] = {
    "start_year": None,  # first year of the tables; None: the first the data allow
    "end_year": None,  # last year of the tables; None: the report year
    "methods": METHODS,  # the decompositions computed
    "vintage": None,  # None: per year the best class; "all": every class; or one class
    "price_basis": "nbs",  # sectors: prices the increments are valued at
    "reference": None,  # shift-share: region compared against; None: the nation
    "capital_share": accounting.DEFAULT_CAPITAL_SHARE,  # accounting: alpha
    "depreciation": accounting.ZHANG_JUN_DEPRECIATION,  # accounting: delta per year
    "labour": "total",  # accounting: total, urban_units_proxy or none
    "initial_years": 5,  # accounting: years of growth in K0 = I0 / (g + delta)
    "population_basis": "average",  # per-capita: average or year_end population
    "as_of": None,  # a date: only the years and classes public by then (None: every one in the data)
}
#: Each method in words, and what it needs, for the statement when the data do not allow it.
WHAT = {
    "sectors": "sector contributions",
    "deflator": "implicit GDP deflator",
    "per-capita": "split into growth per head and population",
    "shift-share": "shift-share against the reference",
    "accounting": "growth accounting",
}
NEEDS = {
    "sectors": "value added and real growth of the three sectors and real GDP growth of one release",
    "deflator": "nominal GDP of a year and of the year before, and real GDP growth, of one release",
    "per-capita": "real GDP growth and resident population of three consecutive years of one release",
    "shift-share": "the sector inputs of both the region and the reference in one vintage class",
    "accounting": "gross fixed capital formation (固定资本形成总额) with nominal and real GDP of one release",
}


@dataclass(frozen=True)
class Decomposition:
    """What :func:`run` returns: the long result of each method, the tables, and the statements.

    ``results`` maps each method computed to its long frame (columns of
    :data:`analysis.models.decomposition._long.COLUMNS` and the method's own); ``sources`` maps it to
    the provenance of the rows it read. ``waterfall_year`` is the year the one-year view shows,
    ``price_bases`` that year's sector contributions at each price basis, ``revisions`` nominal GDP
    in each NBS export around the region's data-revision episode, ``sensitivity`` the growth
    accounting over a grid of alpha and delta. ``statements`` holds, by method or view, one line saying
    why a frame is empty or what a choice of year means.
    """

    region: str
    year: int
    params: dict
    results: dict[str, pd.DataFrame]
    sources: dict[str, pd.DataFrame]
    waterfall_year: int | None = None
    price_bases: pd.DataFrame = field(default_factory=pd.DataFrame)
    revisions: pd.DataFrame = field(default_factory=pd.DataFrame)
    sensitivity: pd.DataFrame = field(default_factory=pd.DataFrame)
    statements: dict[str, str] = field(default_factory=dict)

    def result(self, method: str) -> pd.DataFrame:
        """The long result of ``method`` (empty when it was not computed)."""
        return self.results.get(method, _long.frame([]))

    @property
    def waterfall(self) -> pd.DataFrame:
        """The sector contributions of :attr:`waterfall_year`, as the sector table values them."""
        sectors = self.result("sectors")
        return sectors[sectors["year"] == self.waterfall_year].reset_index(drop=True)

    @property
    def money(self) -> pd.DataFrame:
        """:func:`outputs.money_terms` of the deflator and per-capita results."""
        return outputs.money_terms(self.result("deflator"), self.result("per-capita"))

    def tables(self) -> dict[str, pd.DataFrame]:
        """The declared tables (:data:`outputs.TABLES`) by name, in their declared columns."""
        return {
            outputs.SECTORS_TABLE.name: outputs.long_table(self.result("sectors"), outputs.SECTORS_TABLE),
            outputs.GAP_TABLE.name: outputs.long_table(self.result("shift-share"), outputs.GAP_TABLE),
            outputs.MONEY_TABLE.name: self.money,
            outputs.SECTORS_SOURCES_TABLE.name: outputs.sorted_sources(
                [self.sources.get("sectors", pd.DataFrame()), self.sources.get("shift-share", pd.DataFrame())]
            ),
            outputs.MONEY_SOURCES_TABLE.name: outputs.sorted_sources(
                [self.sources.get("deflator", pd.DataFrame()), self.sources.get("per-capita", pd.DataFrame())]
            ),
        }


def check_params(params: dict | None) -> dict:
    """``params`` merged over :data:`DEFAULTS`, each value checked; InputError naming the parameter."""
    given = dict(params or {})
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise InputError(f"unknown decomposition parameter; known: {', '.join(DEFAULTS)}", field=unknown[0])
    merged = {**DEFAULTS, **given}
    methods = merged["methods"]
    if isinstance(methods, str) or not set(methods) <= set(METHODS) or not methods:
        raise InputError(f"methods must be some of {', '.join(METHODS)}", field="methods", value=methods)
    merged["methods"] = tuple(m for m in METHODS if m in methods)
    vintage = merged["vintage"]
    if vintage is not None and vintage != "all" and vintage not in inputs.VINTAGE_PREFERENCE:
        known = ", ".join(inputs.VINTAGE_PREFERENCE)
        why = "not an official release of levels and growth" if vintage in VINTAGE_CLASSES else "unknown class"
        raise InputError(f"vintage: {why}; use one of {known}, 'all' or None", field="vintage", value=vintage)
    choices = {
        "price_basis": PRICE_BASES,
        "labour": accounting.LABOUR_CHOICES,
        "population_basis": POPULATION_BASES,
    }
    for name, allowed in choices.items():
        if merged[name] not in allowed:
            raise InputError(f"{name} must be one of {', '.join(allowed)}", field=name, value=merged[name])
    if not 0 < float(merged["capital_share"]) < 1:
        raise InputError(
            "capital_share must lie strictly between 0 and 1", field="capital_share", value=merged["capital_share"]
        )
    if not 0 <= float(merged["depreciation"]) < 1:
        raise InputError("depreciation must lie in [0, 1)", field="depreciation", value=merged["depreciation"])
    if not isinstance(merged["initial_years"], int) or merged["initial_years"] < 1:
        raise InputError(
            "initial_years must be a whole number >= 1", field="initial_years", value=merged["initial_years"]
        )
    if merged["as_of"] is not None and not isinstance(merged["as_of"], dt.date):
        raise InputError("as_of must be a date or None", field="as_of", value=merged["as_of"])
    start, end = merged["start_year"], merged["end_year"]
    if start is not None and end is not None and start > end:
        raise InputError(f"start_year {start} is after end_year {end}", field="start_year", value=start)
    reference = merged["reference"]
    merged["reference"] = (
        inputs.nation() if reference is None else vocabulary.check_region(reference, field="reference")
    )
    return merged


def _classes(vintage: str | None) -> tuple[str, ...]:
    return inputs.VINTAGE_PREFERENCE if vintage in (None, "all") else (str(vintage),)


def _one_class(region: str, method: str, vintage: str, p: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One method in one vintage class: (long result, every row read)."""
    if method == "sectors":
        read = inputs.sector_inputs(region, vintage)
        return sector_contributions(read.frame, vintage=vintage, price_basis=p["price_basis"]), read.rows
    if method == "deflator":
        read = inputs.deflator_inputs(region, vintage)
        return implicit_deflator(read.frame, vintage=vintage), read.rows
    if method == "per-capita":
        read = inputs.per_capita_inputs(region, vintage)
        return population_split(read.frame, vintage=vintage, population_basis=p["population_basis"]), read.rows
    if method == "shift-share":
        mine, theirs = inputs.sector_inputs(region, vintage), inputs.sector_inputs(p["reference"], vintage)
        result = shift_share(mine.frame, theirs.frame, reference_name=p["reference"], vintage=vintage)
        return result, pd.concat([mine.rows, theirs.rows], ignore_index=True)
    read = inputs.accounting_inputs(region, vintage)
    if not {"gfcf", "gdp_index", "gdp_nominal"} <= set(read.frame.columns):
        return _long.frame([]), read.rows
    options = {k: p[k] for k in ("capital_share", "depreciation", "labour", "initial_years")}
    return accounting.account(read.frame, vintage=vintage, **options), read.rows


def _years_read(method: str, years: set[int]) -> set[int]:
    """The years of input rows a result of ``years`` rests on: t, t-1, t-2 and the NBS base year of t."""
    return {y - k for y in years for k in (0, 1, 2)} | {nbs_base_year(y) for y in years}


def _public_years(rows: pd.DataFrame, as_of: dt.date) -> set[int]:
    """The years whose result in one class rests on rows all public by ``as_of``: the year's rows and
    the year before's (:func:`analysis.series.vintages.release_date`, each row by its vintage text)."""
    public: dict[int, bool] = {}
    for y, v, c in zip(rows["year"], rows["vintage"], rows["vintage_class"]):
        public[int(y)] = public.get(int(y), True) and published_by(as_of, int(y), str(v), "Y", str(c))
    return {y for y, ok in public.items() if ok and public.get(y - 1, True)}


def decompose(region: str, method: str, p: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One method for ``region`` with checked parameters ``p`` (:func:`check_params`): (result, sources).

    Each year from the best class that allows it (``p["vintage"]`` None), from every class (``"all"``:
    a year then appears once per class), or from the one class named; years within
    ``start_year``-``end_year``. The revision episode of ``region`` is noted on its years.
    """
    results, sources = [], []
    for vintage in _classes(p["vintage"]):
        result, rows = _one_class(region, method, vintage, p)
        if p["as_of"] is not None and len(result):
            result = result[result["year"].astype(int).isin(_public_years(rows, p["as_of"]))]
        results.append(result)
        sources.append((vintage, rows))
    if p["vintage"] == "all":
        kept = [r for r in results if len(r)]
        result = pd.concat(kept, ignore_index=True).sort_values("year", kind="stable") if kept else _long.frame([])
    else:
        result = _long.best_per_year(results)
    if p["start_year"] is not None:
        result = result[result["year"] >= int(p["start_year"])]
    if p["end_year"] is not None:
        result = result[result["year"] <= int(p["end_year"])]
    result = inputs.add_revision_notes(result.reset_index(drop=True), region)
    provenance = []
    for vintage, rows in sources:
        years = set(result.loc[result["vintage"] == vintage, "year"].astype(int))
        if method == "accounting" and years:  # the capital stock accumulates every year up to the last
            years = set(rows.loc[rows["year"] <= max(years), "year"].astype(int))
        provenance.append(inputs.sources(rows, _years_read(method, years)))
    return result, outputs.sorted_sources(provenance)


def _waterfall_year(sectors: pd.DataFrame, year: int) -> tuple[int | None, str]:
    """The year before ``year`` when the sector results reach it, else the latest before ``year``."""
    years = sorted(int(y) for y in sectors["year"].unique() if int(y) < year)
    if not years:
        return None, ""
    if years[-1] == year - 1:
        return year - 1, ""
    return years[-1], f"The sector data have no {year - 1}: the one-year view shows {years[-1]}, the latest they reach."


def _sensitivity(region: str, p: dict, end: int | None) -> pd.DataFrame:
    """:func:`accounting.sensitivity` for the region (labour as ``p`` says, and the urban-units proxy)
    and for the nation (total employment) unless the region is the nation; indexed by case."""
    cases = {}
    name = vocabulary.REGION_NAMES.get(region, region)
    wanted = [(name, region, p["labour"]), (f"{name} (城镇单位就业人员 proxy)", region, "urban_units_proxy")]
    if region != inputs.nation():
        wanted.append((vocabulary.REGION_NAMES.get(inputs.nation(), inputs.nation()), inputs.nation(), "total"))
    for case, key, labour in wanted:
        frame = next(
            (r.frame for vc in inputs.VINTAGE_PREFERENCE if "gfcf" in (r := inputs.accounting_inputs(key, vc)).frame),
            None,
        )
        if frame is None or (labour == "urban_units_proxy" and "employment_urban_units" not in frame):
            continue
        first = int(frame["gfcf"].dropna().index.min())
        table = accounting.sensitivity(frame, labour=labour, start=first + p["initial_years"] + 1, end=end)
        if len(table):
            cases[case] = table
    return pd.concat(cases).droplevel(1).rename_axis("case") if cases else pd.DataFrame()


def run(region: str, year: int, params: dict | None = None) -> Decomposition:
    """Every decomposition of ``region`` for the work report of ``year``.

    Parameters
    ----------
    region : region key (pinyin) or name.
    year : the report year; the tables run to it (``end_year``) and the one-year view shows the year
        before it, the last full year the report reviews.
    params : overrides of :data:`DEFAULTS` (unknown names are refused).

    Returns
    -------
    :class:`Decomposition`; ``tables()`` gives the declared tables (:data:`outputs.TABLES`).
    """
    region = vocabulary.check_region(region)
    p = check_params(params)
    if p["end_year"] is None:
        p["end_year"] = int(year)
    name = vocabulary.REGION_NAMES.get(region, region)
    results, sources, statements = {}, {}, {}
    for method in p["methods"]:
        if method == "shift-share" and region == p["reference"]:
            results[method], sources[method] = _long.frame([]), pd.DataFrame()
            statements[method] = f"{name} is the reference of the shift-share: there is no gap to decompose."
            continue
        results[method], sources[method] = decompose(region, method, p)
        if results[method].empty:
            statements[method] = f"No year in the data allows the {WHAT[method]} of {name}: it needs {NEEDS[method]}."
    waterfall_year, price_bases = None, pd.DataFrame()
    if "sectors" in results and len(results["sectors"]):
        waterfall_year, statements["waterfall"] = _waterfall_year(results["sectors"], int(year))
        if waterfall_year is not None:
            price_bases = _price_bases(region, results["sectors"], waterfall_year)
    revisions = inputs.revision_levels(region)
    if revisions.empty:
        statements["revisions"] = f"No NBS export of {name}'s nominal GDP is in the data."
    elif not revision_years(region):
        statements["revisions"] = (
            f"No data-revision episode of {name} is recorded (data/raw/regions/revisions.csv): "
            "every year of the NBS exports is shown."
        )
    sensitivity = _sensitivity(region, p, p["end_year"]) if "accounting" in p["methods"] else pd.DataFrame()
    return Decomposition(
        region=region,
        year=int(year),
        params=p,
        results=results,
        sources=sources,
        waterfall_year=waterfall_year,
        price_bases=price_bases,
        revisions=revisions,
        sensitivity=sensitivity,
        statements={k: v for k, v in statements.items() if v},
    )


def _price_bases(region: str, sectors: pd.DataFrame, year: int) -> pd.DataFrame:
    """The sector contributions of ``year`` in its class at each of :data:`PRICE_BASES` (column ``asked``;
    ``price_basis`` is the basis the data allowed)."""
    vintage = str(sectors.loc[sectors["year"] == year, "vintage"].iloc[0])
    frame = inputs.sector_inputs(region, vintage).frame
    return pd.concat(
        [
            sector_contributions(frame, vintage=vintage, price_basis=b, years=[year]).assign(asked=b)
            for b in PRICE_BASES
        ],
        ignore_index=True,
    )
