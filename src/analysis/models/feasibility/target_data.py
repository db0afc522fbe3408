"""Inputs of the feasibility models, gathered from the series and report packages.

Everything numeric comes from :mod:`analysis.series` (data/raw with provenance) or from the report
text via :mod:`analysis.report`; this module only selects, splices and labels.

Choices made here (the assumptions log of the feasibility area)
----------------------------------------------------------------
* **Track-record and scorecard outcomes.** First releases (:func:`analysis.series.load_outcomes`).
  For GDP growth and CPI inflation where no first release was found, the NBS database index
  (上年=100, minus 100; :data:`INDEX_KEYS`) stands in, marked ``outcome_basis = "nbs_index"`` — a
  later vintage (c.2021 export for 2000-2019, c.2025 export for 2016-2024; GDP revised, CPI not),
  so not what was announced at the time, and labelled so wherever it is shown.
* **Time-series inputs** (annual, one value a year): for each year the newest NBS database vintage
  that has it (nbs_post5, then nbs_post4, then nbs_pre4); growth rates from levels are computed
  within one vintage only (never across a vintage or a level break); years with no NBS value are
  filled with first-release annual growth (``gdp_real_growth`` only). Series per indicator:
  ``gdp_real_growth`` <- gdp_index - 100; ``budget_revenue_growth`` <- growth of budget_revenue;
  ``retail_sales_growth`` <- growth of retail_sales; ``cpi_inflation`` <- cpi_index - 100;
  ``grain_output`` <- grain_output (万吨). No usable series: 规上 industrial growth, FAI (levels stop
  2017), trade (US$ levels stop 2019), new jobs, unemployment, income.
* **Quarterly releases** are available from the last day of the month their vintage text names
  ("quarterly release 2024-10" -> 2024-10-31); without a month, from the end of the month after the
  period ends (Q1 -> 04-30, H1 -> 07-31, Q1-Q3 -> 10-31).
* **Report date** of a work report: the date line of its header
  (:func:`analysis.report.header.delivery_date`).

Caching
-------
Loaded inputs (pairs, outcome table, annual series, backtest cases) are kept for the session in one
store, keyed on the arguments and on the identity of the series loader's tables
(:mod:`analysis.series.load`): when the loader reloads (its ``clear_cache`` after a build or refresh,
another ``paths.RAW``), every entry resting on the old tables is recomputed, without the series
package knowing of this one. :func:`clear_cache` forgets everything.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re

from analysis.errors import InputError

NBS_PREFERENCE = ("nbs_post5", "nbs_post4", "nbs_pre4")

#: key -> (source indicator, transform, label)
SERIES_RECIPES: dict[str, tuple[str, str, str]] = {
    "gdp_real_growth": (
        "gdp_index",
        "index",
        "NBS GDP index (上年=100) - 100, newest vintage per year; first-release growth where no index",
    ),
    "budget_revenue_growth": ("budget_revenue", "growth", "growth of NBS 一般公共预算收入 (亿元), within vintage"),
    "retail_sales_growth": ("retail_sales", "growth", "growth of NBS 社会消费品零售总额 (亿元), within vintage"),
    "cpi_inflation": ("cpi_index", "index", "NBS CPI (上年=100) - 100"),
    "grain_output": ("grain_output", "level", "NBS grain output (万吨)"),
}

#: indicators whose NBS index (上年=100) stands in for a missing first-release outcome
INDEX_KEYS = tuple(k for k, (_, transform, _) in SERIES_RECIPES.items() if transform == "index")

_MONTH = re.compile(r"((?:19|20)\d{2})-(\d{2})")


# ---------------------------------------------------------------- session cache
_CACHE: dict = {}


def session_cached(name: str, compute, *, snapshot: str | None = "", args: tuple = ()):
    """``compute()`` once per (name, snapshot, args) while the loader's tables are unchanged.

    Keyed on :func:`analysis.series.load.tables_version`: a rebuild or reload of the loader
    recomputes. Returns the cached value itself: callers copy frames before handing them out.
    """
    from analysis.series.load import tables_version

    version = tables_version(snapshot)
    key = (name, snapshot or "", args)
    hit = _CACHE.get(key)
    if hit is None or hit[0] != version:
        hit = _CACHE[key] = (version, _disk_memo(name, snapshot or "", args, compute))
    return hit[1]


#: environment variables through which the briefing runner shares results between its kernels: a
#: folder, and a digest of every input (package source, data/raw, data/processed, distributions)
MEMO_DIR_ENV, MEMO_KEY_ENV = "ANALYSIS_MEMO_DIR", "ANALYSIS_MEMO_KEY"
#: session-cached results worth keeping on disk: the same for every region and report year
DISK_MEMO = frozenset({"backtest_cases"})


def _disk_memo(name: str, snapshot: str, args: tuple, compute):
    """``compute()``, or its copy stored by an earlier kernel with the same inputs.

    Only when the runner sets :data:`MEMO_DIR_ENV` and :data:`MEMO_KEY_ENV` (a briefing run or a
    batch of them) and for the names in :data:`DISK_MEMO`; otherwise computed as usual. Stored by
    a rename, so a killed kernel leaves no half file; an unreadable file is recomputed.
    """
    import hashlib
    import os
    from pathlib import Path

    import pandas as pd

    folder, digest = os.environ.get(MEMO_DIR_ENV, ""), os.environ.get(MEMO_KEY_ENV, "")
    if not folder or not digest or name not in DISK_MEMO:
        return compute()
    key = hashlib.sha256("\0".join((digest, name, snapshot, repr(args))).encode("utf-8")).hexdigest()
    path = Path(folder) / f"{name}-{key[:32]}.pkl"
    if path.is_file():
        try:
            return pd.read_pickle(path)
        except Exception:  # noqa: BLE001 - a damaged memo is recomputed
            pass
    value = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pd.to_pickle(value, tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return value


def clear_cache() -> None:
    """Forget every cached input of the feasibility area (pairs, outcome table, series, backtest cases)."""
    _CACHE.clear()


# ---------------------------------------------------------------- regions, reports
def report_file(region: str, year: int):
    """Path of the report of ``region`` for ``year``; InputError naming the available years."""
    from analysis import paths, vocabulary

    region = vocabulary.check_region(region)
    path = paths.report_path(region, int(year))
    if not path.exists():
        have = paths.available_report_years(region)
        raise InputError(
            f"no work report for {region} {year}; available years: " + (", ".join(map(str, have)) if have else "none"),
            file=path,
            field="year",
            value=year,
        )
    return path


def report_targets(region: str, year: int):
    """The 主要预期目标 of the report, as key, indicator, target, qualifier, unit, has_number, text,
    target_high (the upper end of a range target, 4.5%—5% -> 5; NaN otherwise).

    ``target`` is the standardised value (``value_std``, e.g. grain 500 亿斤 -> 2500 万吨) with its
    ``unit_std``; NaN for number-less targets (与经济增长基本同步, 完成国家下达任务). A report in which
    no headline target is found raises :class:`InputError` (a malformed or wrong file).
    """
    import pandas as pd

    from analysis.report import extract_report, headline_targets

    path = report_file(region, year)
    rows = headline_targets(extract_report(path, year=int(year)))
    if rows.empty:
        raise InputError(
            "no 主要预期目标 found in the report: no headline target (GDP growth, jobs, CPI...) "
            "was read from its plan section; is this a government work report?",
            file=path,
            field="主要预期目标",
            value="none",
        )
    value = rows["value_std"] if "value_std" in rows.columns else rows["value"]
    high = next(
        (rows[c] for c in ("value_high_std", "value_high") if c in rows.columns),
        pd.Series([math.nan] * len(rows), index=rows.index),
    )
    unit = rows["unit_std"] if "unit_std" in rows.columns else rows["unit"]
    has_number = rows["has_number"] if "has_number" in rows.columns else value.notna()
    out = pd.DataFrame(
        {
            "key": rows["key"].astype(str),
            "indicator": rows["indicator"].astype(str),
            "target": pd.to_numeric(value, errors="coerce").astype(float),
            "qualifier": rows["qualifier"].fillna("").astype(str),
            "unit": unit.fillna("").astype(str),
            "has_number": has_number.astype(bool),
            "text": rows.get("text", pd.Series([""] * len(rows))).astype(str),
            "target_high": pd.to_numeric(high, errors="coerce").astype(float).to_numpy(),
        }
    )
    out.loc[~out["has_number"], ["target", "target_high"]] = math.nan
    from analysis.corpus.rules import rule_qualifier

    out.loc[out["has_number"], "qualifier"] = [rule_qualifier(q) for q in out.loc[out["has_number"], "qualifier"]]
    return out.reset_index(drop=True)


def report_date(region: str, year: int) -> dt.date:
    """Date the report was delivered, read from its header (e.g. 2024-01-23 for Liaoning 2024)."""
    from analysis.report.header import delivery_date
    from analysis.report.text import clean_text, read_report

    path = report_file(region, year)
    date = delivery_date(clean_text(read_report(path)).text)
    if date is None:
        raise InputError("no delivery date (YYYY年M月D日) in the report header", file=path, field="as_of")
    return date


def as_of_range(region: str, year: int, *, snapshot: str | None = "") -> tuple[dt.date, dt.date, str]:
    """(earliest, latest, why) an as-of date for the ``region`` ``year`` report may name.

    Earliest: the day the report was delivered (:func:`report_date`). Latest: the earlier of Dec 31
    of the year after the target year (by then the year's first releases are out; later is another
    question) and the end of the data's coverage, the day the raw data of ``snapshot`` were
    retrieved (:func:`analysis.series.provenance.retrieved_by`; nothing released later is in them).
    ``why`` says where the latest comes from, for messages.
    """
    from analysis.series.build import raw_folder
    from analysis.series.provenance import retrieved_by

    delivered = report_date(region, year)
    year_after = dt.date(int(year) + 1, 12, 31)
    coverage = retrieved_by(raw_folder(snapshot))
    latest = year_after if coverage is None else min(year_after, coverage)
    why = f"the earlier of Dec 31 of the year after the target year ({year_after.isoformat()})"
    why += (
        " and the end of the data's coverage (no raw sidecar gives a retrieval date)"
        if coverage is None
        else f" and the end of the data's coverage ({coverage.isoformat()}, the day the data were retrieved)"
    )
    return delivered, latest, why


def parse_as_of(as_of, *, region: str, year: int, snapshot: str | None = "", field: str = "as_of") -> dt.date | None:
    """Validate an as-of date: ISO format, within :func:`as_of_range` (report date to the earlier of
    Dec 31 of the year after ``year`` and the data's retrieval date). ``None`` or ``""``: no as-of.

    The command line (``--as-of``, ``field="--as-of"``) and the briefing's ``-p as_of`` both call
    this, so a date means the same everywhere; refused dates raise ``InputError`` naming ``field``,
    the value and the allowed range.
    """
    from analysis.checks import iso_date

    if as_of in (None, ""):
        return None
    date = iso_date(as_of, field=field)
    earliest, latest, why = as_of_range(region, year, snapshot=snapshot)
    allowed = f"allowed {earliest.isoformat()} to {latest.isoformat()}"
    if date < earliest:
        raise InputError(
            f"as-of date is before the {region} {year} report was delivered ({earliest.isoformat()}); {allowed}",
            field=field,
            value=as_of,
        )
    if date > latest:
        raise InputError(
            f"as-of date is too late for the {region} {year} report: {allowed}, {why}", field=field, value=as_of
        )
    return date


# ---------------------------------------------------------------- track record
def _pairs_and_outcomes(snapshot, include_index: bool) -> dict:
    return session_cached(
        "pairs",
        lambda: _load_pairs(snapshot=snapshot, include_index=include_index),
        snapshot=snapshot,
        args=(bool(include_index),),
    )


def load_pairs(*, snapshot: str | None = "", include_index: bool = True):
    """Every target with a number set against its outcome (all regions, all years).

    See :func:`analysis.models.feasibility.track_record.pair_targets_outcomes`; the NBS GDP index fills GDP
    outcomes without a first release when ``include_index``. Cached (:func:`session_cached`); a
    copy is returned.
    """
    return _pairs_and_outcomes(snapshot, include_index)["pairs"].copy()


def sources(*, snapshot: str | None = "") -> list[str]:
    """The raw files behind the track record (targets, outcomes, NBS GDP index), for source lines."""
    from analysis.series import load_outcomes, load_targets
    from analysis.series.build import raw_folder
    from analysis.series.provenance import file_titles

    files = set(load_targets(snapshot=snapshot)["file"]) | set(load_outcomes(snapshot=snapshot)["file"])
    return file_titles({str(f) for f in files if f} | {"provinces_panel.csv"}, raw_folder(snapshot))


def report_source(region: str, year: int) -> list[str]:
    """The source line of the work report of ``region`` ``year``: the title in its sidecar."""
    from analysis.series.provenance import file_titles

    path = report_file(region, year)
    return file_titles([path.name], path.parent)


def _load_inputs(*, snapshot: str | None = "", include_index: bool = True, include_corpus: bool = True):
    """(targets with a number, first-release outcomes, NBS-index GDP growth or None).

    With ``include_corpus`` the report corpus adds the targets of every shipped report and the
    outcomes each report states for the year before it, where the hand-compiled tables have none
    (:func:`analysis.corpus.panel.as_track_record_inputs`): national targets and first-stated outcomes
    of every headline indicator since 2000, the provinces' 2025 outcomes from their 2026 reports.
    """
    import pandas as pd

    from analysis.series import load_outcomes, load_targets

    targets = load_targets(snapshot=snapshot)
    targets = targets[targets["has_number"].astype(bool)] if "has_number" in targets.columns else targets
    outcomes = load_outcomes(snapshot=snapshot)
    if include_corpus:
        from analysis.corpus import panel as corpus_panel
        from analysis.corpus.build import panel as corpus_tables

        corpus = corpus_tables()
        extra_t, extra_o = corpus_panel.as_track_record_inputs(
            corpus.targets, corpus.outcomes_stated, targets, outcomes
        )
        targets = pd.concat([targets, extra_t], ignore_index=True)
        outcomes = pd.concat([outcomes, extra_o], ignore_index=True)
    index = None
    if include_index:
        frames = [
            index_outcomes(region, key, snapshot=snapshot)
            for key in INDEX_KEYS
            for region in sorted(set(targets.loc[targets["key"] == key, "region"]))
        ]
        frames = [f for f in frames if len(f)]
        if frames:
            index = pd.concat(frames, ignore_index=True)
    return targets, outcomes, index


def index_outcomes(region: str, key: str, *, snapshot: str | None = ""):
    """Growth of ``key`` from its NBS index (上年=100, minus 100), newest vintage per year: frame region,
    year, key, value, vintage_class, source. Empty unless ``key`` is in :data:`INDEX_KEYS`."""
    import pandas as pd

    cols = ["region", "year", "key", "value", "vintage_class", "source"]
    if key not in INDEX_KEYS:
        return pd.DataFrame(columns=cols)
    s = annual_series(region, key, snapshot=snapshot, fill_first_release=False)
    name = SERIES_RECIPES[key][0]
    return s.assign(region=region, key=key, source=f"NBS {name} (上年=100) - 100")[cols]


def _load_pairs(*, snapshot: str | None = "", include_index: bool = True):
    from analysis.models.feasibility.track_record import outcome_table, pair_targets_outcomes

    targets, outcomes, index = _load_inputs(snapshot=snapshot, include_index=include_index)
    return {"pairs": pair_targets_outcomes(targets, outcomes, index), "outcomes": outcome_table(outcomes, index)}


def load_outcome_table(*, snapshot: str | None = "", include_index: bool = True):
    """One outcome per region, year and indicator (first release, else NBS index for GDP).

    See :func:`analysis.models.feasibility.track_record.outcome_table`; cached with :func:`load_pairs`.
    """
    return _pairs_and_outcomes(snapshot, include_index)["outcomes"].copy()


def national_targets(pairs):
    """The national targets (year, key, target threshold) in the track record."""
    n = pairs[pairs["region"] == "china"]
    return n[["year", "key", "target"]].drop_duplicates(["year", "key"]).reset_index(drop=True)


def load_pairs_with_ambition(*, snapshot: str | None = ""):
    """Track-record pairs with the ambition features of every target (see
    :func:`analysis.models.feasibility.ambition_features`)."""
    from analysis.models.feasibility import ambition_features

    pairs = load_pairs(snapshot=snapshot)
    return ambition_features(pairs, load_outcome_table(snapshot=snapshot), national_targets(pairs))


# ---------------------------------------------------------------- annual series for the time-series model
def _newest_per_year(rows):
    """One row per year: the newest NBS vintage class that has it."""
    rank = {c: i for i, c in enumerate(NBS_PREFERENCE)}
    r = rows[rows["vintage_class"].isin(NBS_PREFERENCE)].copy()
    if "preferred" in r.columns:
        r = r[r["preferred"].astype(bool)]
    r["_rank"] = r["vintage_class"].map(rank)
    return r.sort_values(["year", "_rank"], kind="stable").drop_duplicates("year")


def annual_series(region: str, key: str, *, snapshot: str | None = "", fill_first_release: bool = True):
    """Annual outcome series of ``key`` for ``region`` (columns year, value, vintage_class).

    Built by :data:`SERIES_RECIPES` (see the module docstring). Empty frame when there is no recipe
    or no data. Cached within a session per arguments; a copy is returned.
    """
    return session_cached(
        "annual_series",
        lambda: _annual_series(region, key, snapshot=snapshot, fill_first_release=fill_first_release),
        snapshot=snapshot,
        args=(region, key, bool(fill_first_release)),
    ).copy()


def _annual_series(region: str, key: str, *, snapshot: str | None = "", fill_first_release: bool = True):
    import pandas as pd

    from analysis.series import load_series

    empty = pd.DataFrame(columns=["year", "value", "vintage_class"])
    if key not in SERIES_RECIPES:
        return empty
    source, transform, _ = SERIES_RECIPES[key]
    rows = load_series(source, region, vintage="all", snapshot=snapshot)
    rows = rows[rows["value"].notna()]
    if transform in ("index", "level"):
        best = _newest_per_year(rows)
        out = pd.DataFrame(
            {
                "year": best["year"].astype(int),
                "value": best["value"].astype(float) - (100.0 if transform == "index" else 0.0),
                "vintage_class": best["vintage_class"].astype(str),
            }
        )
    else:  # growth within one vintage: for each year the newest class holding both t-1 and t
        r = rows[rows["vintage_class"].isin(NBS_PREFERENCE)]
        if "preferred" in r.columns:
            r = r[r["preferred"].astype(bool)]
        found = {}
        for vclass in NBS_PREFERENCE:
            lv = r[r["vintage_class"] == vclass].drop_duplicates("year").set_index("year")["value"].astype(float)
            for y in lv.index:
                if y - 1 in lv.index and int(y) not in found and lv[y - 1] > 0:
                    found[int(y)] = ((lv[y] / lv[y - 1] - 1.0) * 100.0, vclass)
        out = pd.DataFrame(
            [{"year": y, "value": v, "vintage_class": c} for y, (v, c) in sorted(found.items())],
            columns=["year", "value", "vintage_class"],
        )
    if fill_first_release and key == "gdp_real_growth":
        fr = load_series("gdp_real_growth", region, vintage="first_release", snapshot=snapshot)
        fr = fr[fr["value"].notna() & ~fr["year"].isin(out["year"])]
        if len(fr):
            out = pd.concat(
                [
                    out,
                    pd.DataFrame(
                        {
                            "year": fr["year"].astype(int),
                            "value": fr["value"].astype(float),
                            "vintage_class": "first_release",
                        }
                    ),
                ],
                ignore_index=True,
            )
    return out.sort_values("year").reset_index(drop=True) if len(out) else empty


def series_inputs(region: str, keys, *, snapshot: str | None = "") -> dict:
    """Mapping key -> (annual series frame, label) for the keys with a recipe and data."""
    out = {}
    for key in keys:
        s = annual_series(region, key, snapshot=snapshot)
        if len(s):
            out[key] = (s, SERIES_RECIPES[key][2])
    return out


# ---------------------------------------------------------------- quarterly (in-year) inputs
def release_date(vintage: str, year: int, period: str) -> dt.date:
    """When a cumulative-quarter figure became public (see the module docstring)."""
    from analysis.models.feasibility.in_year import PERIOD_END_MONTH

    m = _MONTH.search(str(vintage or ""))
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
    else:
        y, mo = int(year), PERIOD_END_MONTH.get(period, 12) + 1
        if mo > 12:
            y, mo = y + 1, mo - 12
    return dt.date(y, mo, calendar.monthrange(y, mo)[1])


def in_year_inputs(
    region: str, year: int, as_of: dt.date | None, keys, *, snapshot: str | None = "", exclude_revision: bool = True
) -> dict:
    """Year-to-date inputs for the in-year update, for the keys with cumulative data by ``as_of``.

    Returns mapping key -> dict(ytd_growth, period, weight, weight_basis, surprises, label). Only
    ``gdp_real_growth`` has the levels needed for weights; other keys use equal-quarter shares.
    """
    import pandas as pd

    from analysis.models.feasibility import in_year as iy
    from analysis.series import catalogue, load_series
    from analysis.series.vintages import is_revision_year

    if as_of is None:
        return {}
    out = {}
    available = set(catalogue(region, snapshot=snapshot)["indicator"])
    for key in keys:
        if key not in available:
            continue
        rel = load_series(key, region, vintage="first_release", period=None, snapshot=snapshot)
        rel = rel[rel["value"].notna()].copy()
        if rel.empty:
            continue
        rel["released"] = [release_date(v, y, p) for v, y, p in zip(rel["vintage"], rel["year"], rel["period"])]
        now = rel[
            (rel["year"] == year) & rel["period"].isin(list(iy.EQUAL_QUARTER_SHARES)) & (rel["released"] <= as_of)
        ]
        if now.empty:
            continue
        order = {p: i for i, p in enumerate(iy.EQUAL_QUARTER_SHARES)}
        latest = now.assign(_o=now["period"].map(order)).sort_values(["_o"]).iloc[-1]
        period = str(latest["period"])
        past = rel[(rel["year"] < year) & (rel["released"] <= as_of)]
        if exclude_revision:
            past = past[[not is_revision_year(region, y) for y in past["year"]]]
        past = past.drop_duplicates(["year", "period"])
        surprises = iy.surprises_from_releases(
            pd.DataFrame(
                {
                    "year": past["year"].astype(int),
                    "period": past["period"].astype(str),
                    "value": past["value"].astype(float),
                }
            )
        )
        weight, basis = (
            period_weight(region, year, period, as_of, snapshot=snapshot)
            if key == "gdp_real_growth"
            else (iy.EQUAL_QUARTER_SHARES[period], "assumption: equal quarters")
        )
        out[key] = {
            "ytd_growth": float(latest["value"]),
            "period": period,
            "weight": weight,
            "weight_basis": basis,
            "surprises": surprises["surprise"].tolist(),
            "label": f"{period} {year} YTD {float(latest['value']):g}% (released by {latest['released']})",
        }
    return out


#: annual vintages that may stand beside a first-release cumulative level, nearest the first release
#: first: the unrevised NBS vintage (pre-4th-census export) carries the numbers as first published
#: before the 2018 and 2023 census revisions; later vintages are revised and are never used here.
ANNUAL_FOR_FIRST_RELEASE: tuple[str, ...] = ("first_release", "nbs_pre4")


def period_weight(region: str, year: int, period: str, as_of: dt.date, *, snapshot: str | None = ""):
    """Share of cumulative ``period`` in the annual GDP level, and how it was obtained.

    Last year's cumulative and annual nominal levels if both are published, else the latest earlier
    year with both, released by ``as_of``; else equal quarters. The two levels must be on one basis:
    the same vintage class, or — for a first-release cumulative level — the annual level of the
    unrevised vintage nearest the first release (:data:`ANNUAL_FOR_FIRST_RELEASE`; e.g. Q1-Q3 2014 as
    released in October 2014 over 2014 in the pre-2018 NBS export, both before the revisions).
    """
    from analysis.models.feasibility import in_year as iy
    from analysis.series import load_series

    rows = load_series("gdp_nominal", region, vintage="all", period=None, snapshot=snapshot)
    rows = rows[rows["value"].notna() & (rows["year"] < year)]
    if "preferred" in rows.columns:
        rows = rows[rows["preferred"].astype(bool)]
    cum = rows[rows["period"] == period]
    ann = rows[rows["period"] == "Y"]
    for y in sorted(set(cum["year"]), reverse=True):
        for r in cum[cum["year"] == y].itertuples(index=False):
            if release_date(r.vintage, y, period) > as_of:
                continue
            classes = (r.vintage_class,) if r.vintage_class != "first_release" else ANNUAL_FOR_FIRST_RELEASE
            for vclass in classes:
                same = ann[(ann["year"] == y) & (ann["vintage_class"] == vclass)]
                if not len(same):
                    continue
                w = float(r.value) / float(same["value"].iloc[0])
                if 0.0 < w < 1.0:
                    basis = "last year's levels" if y == year - 1 else f"levels of {y} (latest year with both)"
                    classes_text = r.vintage_class if vclass == r.vintage_class else f"{r.vintage_class} / {vclass}"
                    return w, (
                        f"{basis}: {period} {float(r.value):g} / year {float(same['value'].iloc[0]):g} 亿元, "
                        f"{classes_text}"
                    )
    return iy.EQUAL_QUARTER_SHARES[period], "assumption: equal quarters (no cumulative and annual levels published)"


# ---------------------------------------------------------------- outcomes for a region-year
def region_outcomes(region: str, year: int, *, snapshot: str | None = ""):
    """Full-year outcomes of ``region`` in ``year`` (key, value, unit, vintage, vintage_class, source_title).

    First releases; for the keys of :data:`INDEX_KEYS` without one, the NBS index value (rounded to
    0.1 like a published rate) with ``vintage`` naming the index and ``vintage_class`` its class.
    """
    import pandas as pd

    from analysis.models.feasibility.track_record import index_fill
    from analysis.series import load_outcomes

    cols = ["key", "value", "unit", "vintage", "vintage_class", "source_title"]
    o = load_outcomes(region, snapshot=snapshot)
    o = o[(o["year"] == int(year)) & o["value"].notna()][cols]
    extra = []
    for key in INDEX_KEYS:
        if key in set(o["key"]):
            continue
        ix = index_outcomes(region, key, snapshot=snapshot)
        ix = ix[ix["year"] == int(year)]
        if len(ix):
            f = index_fill(ix)
            extra.append(
                f.assign(vintage=f["source"], source_title=f["source"] + " (NBS database; not the first release)")[cols]
            )
    return pd.concat([o, *extra], ignore_index=True) if extra else o.reset_index(drop=True)


def region_targets(region: str, year: int, *, snapshot: str | None = ""):
    """Targets of ``region`` for ``year`` from the target files (key, indicator, target, qualifier, unit)."""
    import pandas as pd

    from analysis.corpus import rules
    from analysis.series import load_targets

    t = load_targets(region, year, snapshot=snapshot)
    rows = []
    for r in t.itertuples(index=False):
        has = bool(getattr(r, "has_number", not math.isnan(r.target_low)))
        ceiling = rules.is_ceiling(r.key, r.qualifier)
        value = rules.threshold(r.target_low, r.target_high, ceiling) if has else math.nan
        rows.append(
            {
                "key": r.key,
                "indicator": r.indicator,
                "target": value,
                "qualifier": r.qualifier if has else "",
                "unit": r.unit,
                "has_number": has,
                "text": r.target_text,
            }
        )
    return pd.DataFrame(rows, columns=["key", "indicator", "target", "qualifier", "unit", "has_number", "text"])


def backtest_series(pairs, *, snapshot: str | None = "") -> dict:
    """Mapping (region, key) -> annual series for every (region, key) of the track record with a recipe."""
    out = {}
    for region, key in sorted(set(zip(pairs["region"], pairs["key"]))):
        if key in SERIES_RECIPES:
            s = annual_series(region, key, snapshot=snapshot)
            if len(s):
                out[(region, key)] = s
    return out
