"""What the briefing notebook shows: it reads the phase tables and lays them out; it computes nothing.

The phase notebooks write their tables into ``output_dir`` under fixed names (:data:`TABLES`);
the briefing reads them, formats the headline table and lists the sources found in the data's
provenance (``source_title`` / ``source_url`` columns and the ``data/raw`` sidecars of the files
the tables name).
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.errors import InputError

#: table file -> the notebook that writes it (for error messages and the Sources section).
TABLES: dict[str, str] = {
    "indicators_headline.csv": "10_indicators",
    "track_record_summary.csv": "20_track_record",
    "feasibility_headline.csv": "30_feasibility",
    "feasibility_backtest.csv": "30_feasibility",
    "feasibility_rule.csv": "30_feasibility",
    "scenarios_crossing.csv": "35_scenarios",
    "scenarios_goals.csv": "35_scenarios",
    "scenarios_fan.csv": "35_scenarios",
    "decomposition_sectors.csv": "40_decomposition",
    "peers_targets.csv": "10_indicators",
    "peers_weighted.csv": "10_indicators",
    "peers_outcomes.csv": "10_indicators",
    "scorecard_last_year.csv": "10_indicators",
    "feasibility_in_year.csv": "30_feasibility",
    "money_terms.csv": "40_decomposition",
}
#: figure name -> the notebook that draws it.
FIGURES: dict[str, str] = {
    "track_record_misses": "20_track_record",
    "feasibility_probabilities": "30_feasibility",
    "scenarios_fan": "35_scenarios",
    "decomposition_sectors": "40_decomposition",
    "decomposition_gap": "40_decomposition",
    "peers_targets": "10_indicators",
}
#: Publishers whose address is shown before a repost when a raw file lists several (host suffixes,
#: in order: government and statistics sites, then state media and the NBS data copies). Every
#: address stays in the sidecar; this only picks the one the Sources table links to.
PREFERRED_HOSTS: tuple[str, ...] = (
    "stats.gov.cn",
    "gov.cn",
    "people.cn",
    "people.com.cn",
    "xinhuanet.com",
    "news.cn",
    "china.com.cn",
    "ce.cn",
    "chinadaily.com.cn",
    "cnr.cn",
    "chinanews.com.cn",
    "caixin.com",
    "71.cn",
    "chinagate.cn",
    "hktdc.com",
    "github.com",
)
#: table-name prefix -> the briefing section its numbers appear in (the Sources table's "used in").
SECTIONS: tuple[tuple[str, str], ...] = (
    ("indicators", "targets"),
    ("scorecard", "scorecard"),
    ("peers", "peers"),
    ("track_record", "track record"),
    ("feasibility_in_year", "the year so far"),
    ("feasibility", "odds"),
    ("scenarios", "万亿 goals"),
    ("decomposition", "growth"),
    ("money", "money terms"),
)
#: what stands behind every section: the public tables data/processed is built from.
EVERY_SECTION = "every section"
#: figure name -> (caption, the section whose sources it cites).
FIGURE_CAPTIONS: dict[str, tuple[str, str]] = {
    "peers_targets": ("This year's targets of every province with a report, the region highlighted", "peers"),
    "feasibility_probabilities": ("Probability that each headline target is met, with its interval", "odds"),
    "track_record_misses": ("GDP growth targets against outcomes (outcome − target, 百分点)", "track record"),
    "scenarios_fan": (
        "Simulated levels against the 万亿 lines, with the 90 % band widened to past forecast errors",
        "万亿 goals",
    ),
    "decomposition_sectors": ("Sector contributions to real growth (百分点)", "growth"),
    "decomposition_gap": ("The growth gap to the nation: industry mix, within-sector performance, residual", "growth"),
}


def section_of(table_name: str) -> str:
    """The briefing section a table (``feasibility_headline.csv``) feeds, for the Sources table."""
    for prefix, section in SECTIONS:
        if table_name.startswith(prefix):
            return section
    return table_name


FEASIBILITY_COLUMNS = (
    "key",
    "indicator",
    "target",
    "qualifier",
    "unit",
    "p_meet",
    "p_low",
    "p_high",
    "method",
    "n_obs",
    "outcome",
    "met",
)


def reader_display() -> None:
    """Show the briefing's tables in full: no cell text, row or column cut off with "..."."""
    import pandas as pd

    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", 500)
    pd.set_option("display.max_columns", 50)


def text_table(frame, name: str, *, nowrap=()):
    """``frame`` for the page with its words read left to right: a table whose cells are prose
    (reasons, methods, the report's phrases) left-aligned (class ``text``), the columns in
    ``nowrap`` kept on one line. ``name`` gives the table a fixed id, so the page is the same bytes
    on every run."""
    import pandas as pd

    styler = frame.style.set_uuid(name).set_table_attributes('class="dataframe text"')
    if isinstance(frame.index, pd.RangeIndex):  # row numbers mean nothing to a reader
        styler = styler.hide(axis="index")
    cols = [c for c in nowrap if c in frame.columns]
    if cols:
        styler = styler.set_properties(subset=cols, **{"white-space": "nowrap"})
    return styler


def read_table(output_dir: str | Path, name: str):
    """The table ``name`` (e.g. ``feasibility_headline.csv``) that a phase notebook wrote.

    Raises
    ------
    InputError
        when the file is missing, naming the notebook that should have written it.
    """
    import pandas as pd

    path = Path(output_dir) / name
    if not path.exists():
        writer = TABLES.get(name, "a phase notebook")
        raise InputError(f"table missing: run {writer} first (it writes {name})", file=path)
    return pd.read_csv(path, keep_default_na=True)


def optional_figure(output_dir: str | Path, name: str, absent: str) -> bool:
    """Display the PNG of figure ``name``, or the one line ``absent`` saying why there is none (a
    report whose data cannot support that section); True when the figure was shown."""
    from IPython.display import Image, Markdown, display

    path = Path(output_dir) / f"{name}.png"
    display(Image(filename=str(path)) if path.exists() else Markdown(absent))
    return path.exists()


def figure_path(output_dir: str | Path, name: str) -> str:
    """Path of figure ``name``'s PNG in ``output_dir``; InputError naming its notebook when missing."""
    path = Path(output_dir) / f"{name}.png"
    if not path.exists():
        raise InputError(f"figure missing: run {FIGURES.get(name, 'its phase notebook')} first", file=path)
    return str(path)


def headline_table(feasibility):
    """The briefing's headline table: each target, the probability it is met, the outcome where known.

    Parameters
    ----------
    feasibility : the ``feasibility_headline.csv`` frame (columns :data:`FEASIBILITY_COLUMNS`;
        ``p_meet``, ``p_low``, ``p_high`` are probabilities in [0, 1]).

    Returns
    -------
    DataFrame
        indexed by 指标 (indicator); 目标 (target with unit and qualifier), 达成概率 (p_meet in % with its
        interval), 方法 (method), 实际 (outcome with unit, "—" when not yet known),
        是否达成 ("是" / "否", "—" when unknown). One row per target, in the order given.
    """
    import pandas as pd

    missing = [c for c in FEASIBILITY_COLUMNS if c not in feasibility.columns]
    if missing:
        raise InputError(
            f"feasibility table lacks column(s) {', '.join(missing)}", file="feasibility_headline.csv", field=missing[0]
        )
    rows = []
    for rec in feasibility.to_dict("records"):
        rows.append(
            {
                "指标": rec["indicator"],
                "目标": _target_text(rec["target"], rec["unit"], rec["qualifier"], rec.get("target_high")),
                "达成概率": _probability_text(rec["p_meet"], rec["p_low"], rec["p_high"]),
                "方法": method_text(rec["method"], rec.get("n_obs")),
                "实际": "—" if _missing(rec["outcome"]) else f"{_number(rec['outcome'])} {_unit(rec['unit'])}".strip(),
                "是否达成": _met_text(rec["met"]),
            }
        )
    return pd.DataFrame(rows, columns=["指标", "目标", "达成概率", "方法", "实际", "是否达成"]).set_index("指标")


#: how each method of the headline table reads on the page
_METHOD_WORDS = {
    "no history": "no number: fewer than 10 past targets of this indicator",
    "no number": "target without a number",
    "in-year update": "year-to-date data",
}


def method_text(method, n_obs=None) -> str:
    """A method of the headline table in words (never a code key): ``indicator hit rate [headline]``
    -> ``record of 135 past targets``."""
    if _missing(method):
        return "—"
    text = str(method).replace(" [headline]", "")
    if text == "indicator hit rate":
        n = "" if _missing(n_obs) else f"{int(n_obs)} "
        return f"record of {n}past targets of this indicator"
    return _METHOD_WORDS.get(text, text)


RULE_COLUMNS = ("n", "brier_model", "brier_reference", "diff", "se", "choice")


def headline_caveat(rule) -> str:
    """Markdown: what the headline probabilities rest on and how far to trust them, from
    ``feasibility_rule.csv`` (one row: n, brier_model, brier_reference, diff, se, choice)."""
    _require(rule, RULE_COLUMNS, "feasibility_rule.csv")
    r = rule.iloc[0]
    chosen = "each indicator's own record" if r["choice"] == "indicator" else "the model"
    return (
        f"**How far to trust these numbers.** Each probability is the share of past targets on the same "
        f"indicator that were met (the provinces pooled for a province, with the national record added where "
        f"they have too few, unless they set that target above the national one, as they do GDP growth; the "
        f"nation's own record for the nation), the pandemic years 2020-2022 left out of the record. Scored as "
        f"if each had been forecast when "
        f"its report came out, on {int(r['n'])} past targets, that record had a Brier score of "
        f"{r['brier_reference']:.3f} against {r['brier_model']:.3f} for the best model (the Brier score is the "
        f"mean squared gap between a probability and what happened, 1 met or 0 missed: 0 is perfect, 0.25 is a "
        f"coin flip); so the headline is {chosen}. Whether a year's targets are met turns mostly on shocks "
        f"common to all provinces (2020 and 2022 missed almost everywhere, 2021 beaten almost everywhere), "
        f"which no record foresees: read these as rough odds."
    )


def backtest_caveat(backtest) -> str:
    """Markdown: how far the probabilities deserve trust, from the backtest table
    (``feasibility_backtest.csv``: method, n, brier; the primary method tagged ``[primary]``).

    The verdict of :func:`analysis.models.feasibility.backtest.verdict`, the method that came closest, and what
    a probability labelled "borrowed" means.

    Raises
    ------
    InputError
        when a column, the primary method or a baseline is missing, naming the table and the field.
    """
    from analysis.models.feasibility import backtest as bt

    name = "feasibility_backtest.csv"
    _require(backtest, ("method", "n", "brier"), name)
    methods = set(backtest["method"])
    for needed in (bt.BASELINE_HIT_RATE, bt.BASELINE_ALWAYS):
        if needed not in methods:
            raise InputError("backtest table lacks a baseline row", file=name, field="method", value=needed)
    if not any(str(m).endswith(bt.PRIMARY_TAG) for m in methods):
        raise InputError(
            "backtest table has no primary method", file=name, field="method", value=bt.PRIMARY_TAG.strip()
        )
    models = backtest[~backtest["method"].isin([bt.BASELINE_HIT_RATE, bt.BASELINE_ALWAYS])]
    best = models.loc[models["brier"].idxmin()]
    return (
        f"**How far to trust these numbers.** In a rolling backtest on past GDP targets (each predicted "
        f"with what was known when its report came out), {bt.verdict(backtest)} The closest method, "
        f"{str(best['method']).replace(bt.PRIMARY_TAG, '')}, scored {best['brier']:.3f}. Whether a target is "
        f"met is mostly decided by the year's shocks, so read the probabilities as rough. A method marked "
        f'"borrowed" rests on other indicators\' history only.'
    )


def headline_summary(feasibility) -> str:
    """One sentence (Markdown) counting the targets, those with a probability, and known outcomes."""
    _require(feasibility, ("p_meet", "met"), "feasibility_headline.csv")
    total = len(feasibility)
    with_p = int(feasibility["p_meet"].notna().sum())
    known = feasibility["met"].map(_met_value).dropna()
    met = int(sum(bool(v) for v in known))
    return (
        f"**{total}** headline targets; a probability for **{with_p}** of them "
        f"(the others carry no number, or no series to judge them by); outcome known for "
        f"**{len(known)}**, of which **{met}** met."
    )


def report_wording(indicators):
    """The headline targets as the report words them: 指标 and 原文 (the sentence's target phrase).

    Reads ``indicators_headline.csv`` (columns indicator, text).

    Raises
    ------
    InputError
        when a column is missing, naming the table and the column.
    """
    _require(indicators, ("indicator", "text"), "indicators_headline.csv")
    shown = indicators[["indicator", "text"]].rename(columns={"indicator": "指标", "text": "原文"})
    return shown.set_index("指标")


def track_record_table(summary):
    """Track record for reading: one row per panel and indicator over all years with data.

    Reads ``track_record_summary.csv`` (columns panel, key, unit, period, n, n_met, hit_rate,
    mean_miss, median_miss); rows of the whole sample (``period == "all"``) only, the per-period
    rows stay in the 20_track_record notebook. Misses are outcome minus target in the indicator's
    unit (百分点 for growth rates).

    Raises
    ------
    InputError
        when a column is missing or a key is not a vocabulary key, naming the table and the field.
    """
    from analysis.vocabulary import BY_KEY

    name = "track_record_summary.csv"
    _require(summary, ("panel", "key", "unit", "period", "n", "n_met", "hit_rate", "mean_miss", "median_miss"), name)
    rows = summary[summary["period"] == "all"]
    unknown = sorted(set(rows["key"]) - set(BY_KEY))
    if unknown:
        raise InputError("unknown indicator key (not in analysis.vocabulary)", file=name, field="key", value=unknown[0])
    table = rows.assign(
        indicator=rows["key"].map(lambda k: BY_KEY[k].name),
        hit_rate=(100 * rows["hit_rate"]).round(0),
        panel=rows["panel"].map(panel_name),
    )
    columns = ["panel", "indicator", "unit", "n", "n_met", "hit_rate", "mean_miss", "median_miss"]
    names = ["record of", "指标", "unit", "targets", "met", "hit rate %", "mean miss", "median miss"]
    if "n_revision_period" in table.columns:  # Liaoning 2011-2017, counted in n
        columns, names = columns + ["n_revision_period"], names + ["of which 2011-17"]
    table = table[columns]
    table.columns = names
    return table.round(2).set_index(["record of", "指标"])


def panel_name(panel: str) -> str:
    """A track-record panel as a reader names it: a region's own record, the nation's, the provinces'."""
    from analysis.vocabulary import REGION_NAMES

    fixed = {"national": "全国 (national)", "provinces": "各省 (provinces pooled)"}
    return fixed.get(panel, REGION_NAMES.get(panel, panel))


def series_name(region: str, indicator: str) -> str:
    """A simulated series by its region and indicator display names, e.g. 沈阳 地区生产总值."""
    from analysis.vocabulary import BY_KEY, REGION_NAMES

    spec = BY_KEY.get(indicator)
    return f"{REGION_NAMES.get(region, region)} {spec.name if spec is not None else indicator}"


def _level_text(value, unit) -> str:
    """A level in the report's way of writing it: 10000 亿元 -> 1 万亿元; NaN -> —."""
    import math

    value = float(value)
    if math.isnan(value):
        return "—"
    if str(unit) == "亿元" and value >= 10000:
        return f"{value / 10000:.4g} 万亿元"
    return f"{value:,.0f} {unit}"


def goals_table(goals):
    """Every level goal of the report (``scenarios_goals.csv``), for the reader: the goal in the
    report's words, the series it is set against by display name, the threshold and the latest level
    (with its year), whether it is evaluated (是/否), and the reason or the method note.

    Raises
    ------
    InputError
        when a required column is missing, naming the table and the column.
    """
    import pandas as pd

    _require(
        goals,
        (
            "goal",
            "region",
            "indicator",
            "threshold",
            "threshold_unit",
            "start_year",
            "start_value",
            "unit",
            "evaluated",
            "reason",
        ),
        "scenarios_goals.csv",
    )
    rows = []
    for _, row in goals.iterrows():
        known = isinstance(row["region"], str) and isinstance(row["indicator"], str)
        latest = _level_text(row["start_value"], row["unit"])
        if latest != "—" and pd.notna(row["start_year"]):
            latest += f" ({int(row['start_year'])})"
        evaluated = str(row["evaluated"]) == "True"
        rows.append(
            {
                "目标 (原文)": row["goal"],
                "序列": series_name(row["region"], row["indicator"]) if known else "—",
                "门槛": _level_text(row["threshold"], row["threshold_unit"]) if known else "—",
                "最新水平": latest,
                "评估": "是" if evaluated else "否",
                "说明": row["reason"]
                if isinstance(row["reason"], str) and row["reason"]
                else ("simulated from its own series" if evaluated else "—"),
            }
        )
    return pd.DataFrame(rows)


def crossing_table(scenarios):
    """万亿 scenarios: probability (%, 0-100) that each goal is met by year.

    A goal to cross the threshold (``goal_kind == "cross"``) shows ``p_cross``, the probability that
    the level has reached it by that year; a goal to stay above a threshold the level already
    exceeds (``"stay_above"``, e.g. 巩固...万亿以上) shows ``p_stay``, the probability that it has
    not fallen below in any year up to that one — its ``p_cross`` is 1 by construction. Rows: the
    goal as the report words it (or the scenario name when the table has no ``goal`` column) and
    which probability it shows; columns: years. Reads the ``scenarios_crossing.csv`` columns
    scenario, year, p_cross and, if present, goal, goal_kind, p_stay and worded_stay_above.

    Raises
    ------
    InputError
        when a required column is missing, naming the table and the column.
    """
    import pandas as pd

    _require(scenarios, ("scenario", "year", "p_cross"), "scenarios_crossing.csv")
    rows = scenarios.dropna(subset=["year"])
    label = "goal" if "goal" in rows.columns else "scenario"
    if {"goal_kind", "p_stay"} <= set(rows.columns):
        stay = rows["goal_kind"].eq("stay_above")
    else:
        stay = pd.Series(False, index=rows.index)
    p = rows["p_stay"].where(stay, rows["p_cross"])
    kind = stay.map({True: " [保持: stay above]", False: " [跨过: cross]"})
    if "worded_stay_above" in rows.columns:  # worded as staying above, but the data level is below the line
        conflict = rows["worded_stay_above"].astype(str).eq("True") & ~stay
        kind = kind + conflict.map({True: " (report: already above; data: below)", False: ""})
    if {"region", "indicator"} <= set(rows.columns):  # the series by its display names, not its scenario key
        series = pd.Series([series_name(r, i) for r, i in zip(rows["region"], rows["indicator"])], index=rows.index)
    else:
        series = rows["scenario"]
    name = series if label == "scenario" else series + " · " + rows[label]
    rows = rows.assign(row=name + kind, year=rows["year"].astype(int), p=(100 * p.astype(float)).round(0))
    table = rows.pivot_table(index="row", columns="year", values="p", aggfunc="first", sort=False)
    table.index.name, table.columns.name = "情景 (实现目标的概率, %)", "年份"
    return table


def sector_table(decomposition, *, last_years: int = 6):
    """Contributions of the three sectors to real growth (百分点) in the last ``last_years`` years.

    Reads ``decomposition_sectors.csv`` (columns year, component, value_pp, and if present
    price_basis, shown as a last column ``prices``: base-year prices or current-year prices).

    Raises
    ------
    InputError
        when a column is missing, naming the table and the column.
    """
    _require(decomposition, ("year", "component", "value_pp"), "decomposition_sectors.csv")
    years = sorted(decomposition["year"].dropna().unique())[-last_years:]
    rows = decomposition[decomposition["year"].isin(years)]
    table = rows.pivot_table(index="year", columns="component", values="value_pp", aggfunc="first", sort=False)
    table = table.rename(columns=SECTOR_NAMES).round(2)
    table.columns.name = "拉动 (百分点)"
    table.index.name = "年份"
    if "price_basis" in rows.columns:
        table["price basis"] = rows.groupby("year")["price_basis"].first().reindex(table.index).map(price_basis_name)
    return table


#: Components of the sector decomposition as the briefing names them.
SECTOR_NAMES = {
    "primary": "第一产业",
    "secondary": "第二产业",
    "tertiary": "第三产业",
    "residual": "余项 (rounding)",
    "total": "GDP 增长",
}


def price_basis_name(basis) -> str:
    """``nbs base 2015`` -> ``2015 prices (NBS base year)``; ``current_year`` -> ``current-year prices``."""
    import re

    text = "" if _missing(basis) else str(basis)
    found = re.fullmatch(r"nbs base (\d{4})", text)
    if found:
        return f"{found.group(1)} prices (NBS base year)"
    return {"current_year": "current-year prices", "previous_year": "previous-year prices"}.get(text, text)


def sources(
    output_dir: str | Path, *, raw_dir: str | Path | None = None, region: str | None = None, year: int | None = None
):
    """The Sources section: every source named in the provenance of the data behind the briefing.

    * ``source_title`` (and ``source_url``) of every table and figure-data file (``*.csv``) in
      ``output_dir``: one row per distinct pair;
    * the provenance sidecar (``X.meta.json``: title, producer, ``urls``) of every raw file ``X``
      that those tables name in a ``file`` column, of every public raw CSV (``data/processed`` is
      built from all of them), and of the work report of ``region`` delivered in ``year``. A CSV's
      sidecar is read from ``raw_dir/public``, a report text's from ``raw_dir/reports`` (``raw_dir``
      defaults to ``data/raw``; snapshot sidecars are never used). A raw file without a sidecar is
      listed by name.

    Returns
    -------
    DataFrame
        source, url (a single address, "" when none: for a raw file the one of its sidecar's
        row-level ``urls`` that :func:`preferred_address` picks), more (``"+N more"`` when the sidecar lists N further addresses, else
        ""), used_in (the tables naming it); sorted by source. Render with
        ``to_html(render_links=True)`` to make the addresses links.
    """
    import pandas as pd

    from analysis import paths

    raw = Path(raw_dir) if raw_dir is not None else paths.RAW
    found: dict[tuple[str, str, str], set[str]] = {}
    raw_files: dict[str, set[str]] = {}
    for csv in sorted(Path(output_dir).glob("*.csv")):
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
        if "source_title" in frame.columns:
            urls = frame["source_url"] if "source_url" in frame.columns else [""] * len(frame)
            for title, url in zip(frame["source_title"], urls):
                if title.strip():
                    found.setdefault((title.strip(), url.strip(), ""), set()).add(section_of(csv.name))
        if "file" in frame.columns:
            for name in frame["file"]:
                if name.strip():
                    raw_files.setdefault(Path(name.strip()).name, set()).add(section_of(csv.name))
    if region and year:
        raw_files.setdefault(paths.report_path(region, year).name, set()).update({"targets", "scorecard"})
    # data/processed is built from every public raw file: each one stands behind every table.
    for meta in sorted((raw / "public").glob("*.csv.meta.json")):
        raw_files.setdefault(meta.name[: -len(".meta.json")], set()).add(EVERY_SECTION)
    for name, used_in in sorted(raw_files.items()):
        folder = raw / ("reports" if name.endswith(".txt") else "public")
        meta_path = folder / f"{name}.meta.json"
        if not meta_path.is_file():
            found.setdefault((name, "", ""), set()).update(used_in)
            continue
        try:
            info = json.loads(meta_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise InputError(f"sidecar is not valid JSON: {err}", file=meta_path) from None
        title = str(info.get("title", "") or name).strip()
        producer = str(info.get("producer", "") or "").strip()
        label = f"{title} ({producer})" if producer and producer not in title else title
        addresses = [str(u).strip() for u in info.get("urls") or [] if str(u).strip()]
        if not addresses and str(info.get("url", "") or "").strip():
            addresses = [str(info["url"]).strip()]
        page = info.get("sources") if isinstance(info.get("sources"), dict) else {}
        if not addresses and str(page.get("page", "")).strip():  # a report text: the page it was read from
            addresses = [str(page["page"]).strip()]
            kind = str(page.get("page_kind", "")).strip()
            outlet = str(page.get("outlet", "")).strip()
            if kind:
                label += f" — {kind}" + (f", text of {outlet}" if outlet and "repost" in kind else "")
        more = f"+{len(addresses) - 1} more" if len(addresses) > 1 else ""
        found.setdefault((label, preferred_address(addresses), more), set()).update(used_in)
    rows = [
        {"number": i, "source": s, "url": u, "more": m, "used_in": ", ".join(sorted(files))}
        for i, ((s, u, m), files) in enumerate(sorted(found.items()), start=1)
    ]
    if not rows:
        raise InputError("no provenance found: the tables name no source_title and no raw file", file=output_dir)
    return pd.DataFrame(rows, columns=["number", "source", "url", "more", "used_in"])


def cited(table, section: str) -> str:
    """The Sources numbers behind a section, as ``[1], [4]-[9]``: the rows used in it or in every section."""
    numbers = sorted(
        int(n)
        for n, used in zip(table["number"], table["used_in"])
        if section in [u.strip() for u in str(used).split(",")] or EVERY_SECTION in str(used)
    )
    parts, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            parts.append(f"[{start}]" if start == n else f"[{start}]-[{n}]")
            start = None
    return ", ".join(parts)


def figure_caption(table, figure: str, number: int, note: str = "") -> str:
    """``Figure N.`` with what the figure shows, an optional ``note`` (e.g. :func:`band_note`) and the
    Sources numbers it rests on (Markdown)."""
    caption, section = FIGURE_CAPTIONS[figure]
    sources_cited = cited(table, section)
    note = f"; {note}" if note else ""
    return f"*Figure {number}. {caption}{note}. Sources: {sources_cited or 'none recorded'} (listed at the end).*"


_HORIZON_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def band_note(fan) -> str:
    """The measured coverage of the fan's 90 % band by horizon, in words, from ``scenarios_fan.csv``
    (columns scenario, kind, year, band_coverage): "it held 92 %, 89 % and 86 % of past outcomes one,
    two and three years ahead; further out the model's own band, coverage not measured". Empty when
    the table has no coverage."""
    if fan is None or not {"scenario", "kind", "year", "band_coverage"} <= set(fan.columns):
        return ""
    projected = fan[fan["kind"].eq("projection")]
    horizon = projected["year"] - projected.groupby("scenario")["year"].transform("min")
    by_h = projected.assign(h=horizon).dropna(subset=["band_coverage"]).groupby("h")["band_coverage"].first()
    if by_h.empty:
        return ""
    shares = [f"{100 * v:.0f} %" for v in by_h]
    listed = shares[0] if len(shares) == 1 else ", ".join(shares[:-1]) + " and " + shares[-1]
    years = [_HORIZON_WORDS.get(int(h), str(int(h))) for h in by_h.index]
    when = years[0] if len(years) == 1 else ", ".join(years[:-1]) + " and " + years[-1]
    more = (
        "; further out it is the model's own band, its coverage not measured"
        if horizon.max() > by_h.index.max()
        else ""
    )
    return f"the band held {listed} of past outcomes {when} years ahead{more}"


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").lower()


def preferred_address(addresses) -> str:
    """The address to show for a source: the first one on a host of :data:`PREFERRED_HOSTS` (earlier
    entries first), else the first listed; "" for none."""
    addresses = [a for a in addresses if a]
    if not addresses:
        return ""

    def rank(indexed):
        i, url = indexed
        host = _host(url)
        hits = [k for k, h in enumerate(PREFERRED_HOSTS) if host == h or host.endswith("." + h)]
        return (hits[0] if hits else len(PREFERRED_HOSTS), i)

    return min(enumerate(addresses), key=rank)[1]


def sources_html(table) -> str:
    """The Sources table as HTML: the link text is the address's host (the full address is the
    link and its tooltip), so long addresses cannot widen the page; ``more`` and ``used_in`` follow."""
    from html import escape

    head = "<tr><th></th><th>source</th><th>address</th><th>more</th><th>used in</th></tr>"
    rows = []
    for r in table.itertuples(index=False):
        link = (
            f'<a href="{escape(r.url, quote=True)}" title="{escape(r.url, quote=True)}" target="_blank">'
            f"{escape(_host(r.url) or r.url)}</a>"
            if r.url
            else ""
        )
        number = f"[{r.number}]" if "number" in table.columns else ""
        rows.append(
            f"<tr><td>{number}</td><td>{escape(r.source)}</td><td>{link}</td><td>{escape(r.more)}</td>"
            f"<td>{escape(r.used_in)}</td></tr>"
        )
    return f'<table class="sources">\n<thead>{head}</thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() in ("", "nan", "<NA>")


def _number(value) -> str:
    value = float(value)
    return f"{value:.0f}" if value == round(value) and abs(value) >= 100 else f"{value:g}"


def _unit(unit) -> str:
    return "" if _missing(unit) else str(unit)


def _target_text(target, unit, qualifier, high=None) -> str:
    """A target as a reader writes it: 5.5 % 左右, 46 万人, a range as 4.5–5 % (its 区间 said by the dash)."""
    qual = "" if _missing(qualifier) else str(qualifier)
    if _missing(target):
        return qual or "—"
    if not _missing(high) and float(high) != float(target):
        return f"{_number(target)}–{_number(high)} {_unit(unit)}".strip()
    return f"{_number(target)} {_unit(unit)} {qual}".replace("  ", " ").strip()


def _probability_text(p, low, high) -> str:
    if _missing(p):
        return "—"
    text = f"{100 * float(p):.0f}%"
    if not _missing(low) and not _missing(high):
        text += f" [{100 * float(low):.0f}–{100 * float(high):.0f}%]"
    return text


def _require(frame, columns, table: str) -> None:
    """InputError naming ``table`` and the first of ``columns`` that ``frame`` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{table} lacks column(s) {', '.join(missing)}", file=table, field=missing[0])


def _met_value(value):
    """True / False / None (not yet known) from the ``met`` column; InputError for anything else."""
    if _missing(value):
        return None
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        raise InputError("met must be True, False or empty", file="feasibility_headline.csv", field="met", value=value)
    if value in (0, 1):  # bool, numpy.bool_, 0/1
        return bool(value)
    raise InputError("met must be True, False or empty", file="feasibility_headline.csv", field="met", value=value)


def _met_text(value) -> str:
    met = _met_value(value)
    return "—" if met is None else ("是" if met else "否")


def _pct(p) -> str:
    return "—" if _missing(p) else f"{100 * float(p):.0f}%"


def scorecard_line(card, year: int) -> str:
    """Last year's scorecard in one line: how many targets were met, each as target -> outcome."""
    if card is None or not len(card):
        return ""
    met = int((card["met"] == "是").sum())
    items = "; ".join(f"{r['name']} {r['target']} → {_number(r['outcome'])} ({r['met']})" for _, r in card.iterrows())
    return f"**Scorecard of {year - 1}.** {met} of {len(card)} targets with a stated outcome met: {items}."


def scorecard_table(card):
    """Last year's targets against outcomes for reading: 指标, 目标, 实际, 是否达成, ±0.5 (within half a
    point of a 左右 target: 是/否; — where not a 左右 target in %), 来源."""
    import pandas as pd

    band = card["in_band"].map(lambda v: "—" if _missing(v) else ("是" if float(v) == 1.0 else "否"))
    return pd.DataFrame(
        {
            "指标": card["name"],
            "目标": card["target"],
            "实际": card["outcome"].map(_number),
            "是否达成": card["met"],
            "±0.5": band,
            "来源": card["outcome_source"],
        }
    ).set_index("指标")


def summary(feasibility, peers, weighted, outcomes_last_year, *, region: str, year: int, card=None) -> str:
    """The thirty-second reading (Markdown), in plain words, from the tables of the briefing.

    Last year's GDP target against the outcome this report states (and how many provinces with both
    met theirs); this year's GDP target beside the national one and the provinces' GDP-weighted mean;
    each numeric target with its probability and what it rests on; what was known of the other targets.
    """
    from analysis.vocabulary import REGION_NAMES

    name = REGION_NAMES.get(region, region)
    lines = []
    if card is not None and len(card):
        lines.append(scorecard_line(card, year))
    if len(outcomes_last_year):
        lines.append(
            f"Of the {len(outcomes_last_year)} provinces whose {year} report states last year's GDP growth, "
            f"{int(outcomes_last_year['met'].sum())} met their target."
        )
    gdp = feasibility[feasibility["key"] == "gdp_real_growth"]
    if len(gdp):
        g = gdp.iloc[0]
        context = []
        if region != "china" and not _missing(weighted.get("national")):
            national = peers[(peers["region"] == "china") & (peers["key"] == "gdp_real_growth")]["written"]
            written = (
                str(national.iloc[0])
                if len(national) and not _missing(national.iloc[0])
                else f"{_number(weighted['national'])}%"
            )
            context.append(f"the national target is {written}")
        if not _missing(weighted.get("mean")) and weighted.get("n"):
            context.append(
                f"the provinces' targets average {float(weighted['mean']):.1f}% weighted by GDP "
                f"({int(weighted['n'])} provinces)"
            )
        lines.append(
            f"**This year ({year}).** {name} aims at GDP growth of "
            f"{_target_text(g['target'], g['unit'], g['qualifier'], g.get('target_high'))}"
            + (f"; {'; '.join(context)}" if context else "")
            + "."
        )
    numbered = feasibility[feasibility["p_meet"].notna()]
    if len(numbered):
        parts = [
            f"{r['indicator']} {_target_text(r['target'], r['unit'], r['qualifier'], r.get('target_high'))}: {_pct(r['p_meet'])}"
            for _, r in numbered.iterrows()
        ]
        lines.append(
            "**Odds of meeting the targets**, from each indicator's own record of past targets: "
            + "; ".join(parts)
            + "."
        )
    without = feasibility[feasibility["p_meet"].isna() & feasibility["target"].notna()]
    if len(without):
        one = len(without) == 1
        lines.append(
            f"{len(without)} other numeric target{'' if one else 's'} ("
            + ", ".join(str(x) for x in without["indicator"])
            + f") {'has' if one else 'have'} fewer than "
            f"ten past targets of {'its' if one else 'their'} kind on record: no odds are given for "
            f"{'it' if one else 'them'}."
        )
    return "\n\n".join(lines)


#: the northeast provinces, read side by side in each other's briefings
NORTHEAST = ("liaoning", "jilin", "heilongjiang")


def northeast_table(peers, outcomes, region: str, year: int):
    """The three northeast provinces side by side (a region among :data:`NORTHEAST`), as their reports
    write them: this year's targets, one row per indicator, and last year's GDP target against the
    outcome the region's report states (peers_outcomes.csv). "—" where a province sets no such target
    or has no report of the year. Returns None for a region outside the northeast."""
    import pandas as pd

    from analysis.vocabulary import BY_KEY, REGION_NAMES

    if region not in NORTHEAST:
        return None
    _require(peers, ("region", "key", "written"), "peers_targets.csv")
    rows = peers[peers["region"].isin(NORTHEAST)]
    from analysis.corpus.peers import PEER_KEYS

    keys = [k for k in PEER_KEYS if k in set(rows["key"])] + sorted(set(rows["key"]) - set(PEER_KEYS))
    table = {}
    for key in keys:
        name = f"{BY_KEY[key].name if key in BY_KEY else key} ({year})"
        table[name] = {
            REGION_NAMES[r]: next(iter(rows.loc[(rows["region"] == r) & (rows["key"] == key), "written"]), "—")
            for r in NORTHEAST
        }
    if outcomes is not None and len(outcomes):
        past = outcomes[outcomes["region"].isin(NORTHEAST)].set_index("region")
        table[f"地区生产总值: {year - 1} target → outcome"] = {
            REGION_NAMES[r]: (
                f"{_number(past.loc[r, 'target'])}% → {_number(past.loc[r, 'outcome'])}% "
                f"({'是' if str(past.loc[r, 'met']) == 'True' else '否'})"
                if r in past.index
                else "—"
            )
            for r in NORTHEAST
        }
    frame = pd.DataFrame(table).T
    frame.index.name = "指标"
    return frame


def northeast_sentence(peers, region: str, year: int) -> str:
    """Which of the northeast provinces have a report of the year in the corpus (Markdown, one line)."""
    from analysis.vocabulary import REGION_NAMES

    have = [r for r in NORTHEAST if ((peers["region"] == r) & (peers["source"] == "work report text")).any()]
    missing = [REGION_NAMES[r] for r in NORTHEAST if r not in have]
    text = (
        "The northeast side by side: Liaoning, Jilin and Heilongjiang, each target as its report writes it"
        f" (the {year - 1} row: the outcome the region's {year} report states)."
    )
    if missing:
        text += (
            f" No {year} report of {'、'.join(missing)} is in the corpus: their cells show compiled GDP targets or —."
        )
    return text


def cutoff_line(in_year=None) -> str:
    """The data cut-off in one line (Markdown): the latest retrieval date of the shipped tables
    (``data/raw/public`` sidecars), and the as-of date of the in-year figures where there are any
    (``feasibility_in_year.csv``'s ``as_of``). Nothing released after the cut-off can be in the data."""
    from analysis import paths
    from analysis.series.provenance import retrieved_by

    day = retrieved_by(paths.RAW / "public")
    text = (
        f"**Data cut-off:** {day.isoformat() if day else 'not recorded'} (the latest retrieval date of the tables used)"
    )
    if in_year is not None and len(in_year) and "as_of" in in_year.columns:
        dates = sorted({str(d) for d in in_year["as_of"] if not _missing(d)})
        if dates:
            text += f"; the year-to-date figures are those released by {dates[-1]}"
    return text + "."


def peers_sentence(peers, region: str) -> str:
    """Where the region's GDP target stands among the year's targets (Markdown, one line)."""
    gdp = peers[(peers["key"] == "gdp_real_growth") & (peers["region"] != "china")].sort_values("value")
    if region not in set(gdp["region"]):
        return f"The GDP targets of {len(gdp)} provinces of the year are shown."
    value = float(gdp.loc[gdp["region"] == region, "value"].iloc[0])
    above = int((gdp["value"] > value + 1e-9).sum())
    below = int((gdp["value"] < value - 1e-9).sum())
    return (
        f"Of {len(gdp)} provinces with a GDP target this year, {above} aim higher and {below} lower; the "
        f"rest aim at the same rate."
    )


def in_year_text(in_year) -> str:
    """The in-year arithmetic in words (Markdown): year-to-date growth, what the rest of the year must
    grow for the target, and the updated probability, dated; one line saying why when there is none."""
    if in_year is None or not len(in_year):
        return (
            "No year-to-date figures are used for this report (no as-of date within its year, or no "
            "quarterly data released by then)."
        )
    lines = []
    for _, r in in_year.iterrows():
        lines.append(
            f"As of **{r['as_of']}**, {r['indicator']} grew **{_number(r['ytd_growth'])}%** year on year "
            f"in {r['ytd_period']} (the data released by then). For "
            f"{_target_text(r['target'], r['unit'], r['qualifier'], r.get('target_high'))} over the year, the rest of the year "
            f"must grow **{float(r['required_growth']):.1f}%** (the year-to-date quarters weigh "
            f"{float(r['weight']):.2f} of the year's level, last year's share). Updated probability: "
            f"**{_probability_text(r['p_meet'], r['p_low'], r['p_high'])}**."
        )
    return "\n\n".join(lines)


#: money_terms.csv columns as the briefing names them.
MONEY_NAMES = {
    "real_growth": "real GDP growth",
    "deflator": "GDP deflator",
    "nominal_growth": "nominal GDP growth",
    "per_capita": "real growth per head",
    "population": "population growth",
}


def _vintage_name(vintage) -> str:
    from analysis.series.vintages import describe_vintage

    return "" if _missing(vintage) else describe_vintage(str(vintage))


def money_table(money, *, year: int, last_years: int = 6):
    """Growth in money terms and per head (%), the last ``last_years`` years up to ``year``, with the
    release each pair of columns comes from. Reads ``money_terms.csv``."""
    _require(money, ("year", *MONEY_NAMES), "money_terms.csv")
    rows = money[money["year"] <= year].sort_values("year").tail(last_years)
    table = rows.set_index(rows["year"].astype(int))[list(MONEY_NAMES)].astype(float).round(1)
    table = table.rename(columns=MONEY_NAMES)
    table.index.name = "年份"
    for column, name in (("vintage_prices", "release (prices)"), ("vintage_people", "release (population)")):
        if column in rows.columns:
            table[name] = [(_vintage_name(v) or "—") for v in rows[column]]
    return table


def reading_facts(feasibility, money=None, in_year=None, *, year: int) -> str:
    """The facts that change the reading of the targets (Markdown), each in one line, or "":

    * the year's GDP outcome where it is already known (the target met or missed);
    * falling prices: a GDP deflator below zero in the report year (or the year before, the latest
      the report could see), with the growth in money terms it leaves;
    * the year-to-date arithmetic: the growth the rest of the year must reach, with its probability.
    """
    lines = []
    gdp = feasibility[feasibility["key"] == "gdp_real_growth"]
    if len(gdp) and not _missing(gdp.iloc[0]["outcome"]):
        g = gdp.iloc[0]
        met = _met_value(g["met"])
        verdict = "" if met is None else (": met" if met else ": missed")
        lines.append(
            f"**Since the report:** GDP grew {_number(g['outcome'])}% in {year} against the target of "
            f"{_target_text(g['target'], g['unit'], g['qualifier'], g.get('target_high'))}{verdict}."
        )
    if money is not None and len(money):
        seen = money[money["year"].isin([year, year - 1]) & money["deflator"].notna()].sort_values("year")
        if len(seen) and float(seen.iloc[-1]["deflator"]) < 0:
            r = seen.iloc[-1]
            lines.append(
                f"**Prices falling:** the GDP deflator fell {abs(float(r['deflator'])):.1f}% in "
                f"{int(r['year'])}, so GDP in money terms grew {float(r['nominal_growth']):.1f}% against "
                f"{float(r['real_growth']):.1f}% in real terms: revenue and wages move with the former."
            )
    if in_year is not None and len(in_year):
        r = in_year[in_year["key"] == "gdp_real_growth"]
        if len(r) and not _missing(r.iloc[0]["required_growth"]):
            r = r.iloc[0]
            lines.append(
                f"**In the year so far:** GDP grew {float(r['ytd_growth']):.1f}% in {r['ytd_period']} "
                f"(released by {r['as_of']}); the rest of the year must grow "
                f"{float(r['required_growth']):.1f}% for the target, probability {_pct(r['p_meet'])}."
            )
    return "\n\n".join(lines)


def money_text(money, *, region_name: str, year: int) -> str:
    """The latest year's real, deflator, nominal and per-head growth in words (Markdown), or one line
    saying why there is none."""
    if money is None or not len(money):
        return (
            f"No GDP deflator or population series of {region_name} is in the data: growth in money terms "
            "and per head cannot be shown."
        )
    rows = money[(money["year"] <= year) & money["nominal_growth"].notna()].sort_values("year")
    if not len(rows):
        return f"No year up to {year} has both nominal and real GDP of {region_name} in one release."
    r = rows.iloc[-1]
    real, deflator, nominal = float(r["real_growth"]), float(r["deflator"]), float(r["nominal_growth"])
    moved = "rose" if deflator >= 0 else "fell"
    text = (
        f"In **{int(r['year'])}** real GDP grew **{real:.1f}%**, the GDP deflator (nominal over real GDP) "
        f"{moved} **{abs(deflator):.1f}%**, so GDP in money terms grew **{nominal:.1f}%**: the pace of "
        "tax bases, wages and the debt ratio's denominator."
    )
    if deflator < 0:
        text += " Prices falling: money-terms growth runs below the real growth the targets are set in."
    if not _missing(r.get("per_capita")) and not _missing(r.get("population")):
        change = "grew" if float(r["population"]) >= 0 else "fell"
        text += (
            f" Per head, real output grew **{float(r['per_capita']):.1f}%** while the resident population "
            f"{change} {abs(float(r['population'])):.1f}%."
        )
    return text
