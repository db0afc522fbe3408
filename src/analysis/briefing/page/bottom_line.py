"""Section "Bottom line": five short lines in English a desk can forward — the targets against last
year's, the odds that matter, last year's scorecard, what changed, the risk. The Chinese bound words
are glossed once (左右 'about', 以上 'at least', 以内 'at most')."""

from __future__ import annotations

from html import escape

import pandas as pd

from analysis.briefing.page.common import GLOSSES, english, missing, number, pct
from analysis.briefing.page.targets import calibration_short, landing
from analysis.corpus.panel import DECLINE_MEASURES
from analysis.models.feasibility.run import call as call_of
from analysis.vocabulary import region_level


class _Glossary:
    """Glosses each Chinese bound word the first time a line uses it."""

    def __init__(self):
        self.done: set[str] = set()

    def __call__(self, written: str) -> str:
        for word, meaning in GLOSSES.items():
            if word in written and word not in self.done:
                self.done.add(word)
                written = written.replace(word, f"{word} ('{meaning}')", 1)
        return written


def _capital(text: str) -> str:
    """The sentence with a capital first letter."""
    return text[:1].upper() + text[1:]


def _row(frame: pd.DataFrame, column: str = "key", key: str = "gdp_real_growth") -> pd.Series | None:
    """The first row of ``frame`` whose ``column`` is ``key`` (GDP growth by default), or None."""
    rows = frame[frame[column] == key] if len(frame) else frame
    return rows.iloc[0] if len(rows) else None


def targets_line(targets, changes, weighted, gloss, name: str, year: int, nation: bool = False) -> str:
    gdp = _row(targets)
    if gdp is None:
        return f"{name} sets no GDP growth target for {year}."
    change = _row(changes)
    moved = ""
    if change is not None and change["change"] in ("raised", "cut", "held", "bound changed") and change["last_year"]:
        if change["change"] == "held":
            moved = f", the same as {year - 1}'s"
        elif change["change"] == "bound changed":
            moved = f", the same number as {year - 1}'s with another bound ({gloss(change['last_year'])})"
        else:
            moved = f", {change['change']} from {gloss(change['last_year'])}"
    written = gdp.get("last_written", "")
    stated = written if isinstance(written, str) and written else number(gdp["last_outcome"], 1, "%")
    last = (
        f"; {year - 1} growth was {stated} as this report states it"
        + (" (an estimate, 预计)" if stated.startswith("预计") else "")
        if gdp["last_outcome"] == gdp["last_outcome"]
        else ""
    )
    w = weighted.iloc[0] if len(weighted) else None
    context = ""
    if nation and w is not None and w["mean"] == w["mean"]:  # the nation beside the provinces, not itself
        context = f"; the provinces' targets average {number(w['mean'], 2, '%')} weighted by their GDP"
    elif w is not None and w["national_written"]:
        context = f"; national target {gloss(w['national_written'])}"
        if w["mean"] == w["mean"]:
            context += f", provinces' GDP-weighted mean {number(w['mean'], 2, '%')}"
    return f"<b>Targets.</b> {name} aims at GDP growth of {gloss(gdp['target'])} for {year}{moved}{last}{context}."


def odds_line(targets, in_year=None, calibration: pd.DataFrame | None = None) -> str:
    """The GDP target's odds (and, with a year-to-date update, its odds given the year so far), the
    least likely target and the count of likely ones."""
    numeric = targets[targets["p"].notna()]
    if numeric.empty:
        return "<b>Odds.</b> No target of this report has a number to put odds on."
    parts = []
    gdp = _row(numeric)
    update = _row(in_year) if in_year is not None and len(in_year) else None
    if gdp is not None:
        when = " on the report's date" if update is not None else ""
        n = gdp.get("own_n", 0)
        own = f", its own record {int(gdp['own_met'])} of {int(n)}" if not missing(n) and n else ""
        parts.append(
            f"the GDP target is {_article(gdp['call'])}{when} ({pct(gdp['p'])}; "
            f"{pct(gdp['p_low'])}–{pct(gdp['p_high'])} across methods, base rate {pct(gdp['base_rate'])}{own})"
        )
    if update is not None:
        parts.append(
            f"given {update['period']} growth of {number(update['ytd_growth'], 1, '%')}, "
            f"{call_of(float(update['p']))} ({pct(update['p'])})"
        )
    for _, row in numeric[numeric["key"] != "gdp_real_growth"].iterrows():
        if landing(row):
            parts.append(
                f"{english(row['key'])} {row['target']} is {row['call']} as a ceiling ({pct(row['p'])}), but as a "
                f"level to reach only {pct(row['land_rate'])} of the {int(row['land_n'])} earlier such targets "
                f"landed within ±0.5 pp, and last year's {number(row['last_outcome'], 1, '%')} lies "
                f"{number(-float(row['gap']), 1)} pp under it"
            )
    weakest = numeric.sort_values("p").iloc[0]
    if gdp is None or weakest["key"] != "gdp_real_growth":
        parts.append(f"least likely: {english(weakest['key'])} {weakest['target']} ({pct(weakest['p'])})")
    likely = int((numeric["call"] == "likely").sum())
    parts.append(f"{likely} of {len(numeric)} numeric targets are likely")
    caveat = calibration_short(calibration) if calibration is not None and len(calibration) else ""
    return "<b>Odds.</b> " + _capital("; ".join(parts)) + caveat + "."


def scorecard_line(card, gloss, year: int) -> str:
    if card.empty:
        return f"<b>Last year.</b> No {year - 1} target with an outcome stated in this report."
    met = int(card["met"].astype(bool).sum())
    gdp = _row(card)
    extra = ""
    if gdp is not None:
        estimate = " (an estimate, 预计)" if str(gdp.get("outcome_written", "")).startswith("预计") else ""
        if missing(gdp["outcome"]):
            stated, how = "", " (no figure stated: the report admits the miss in words)"
        else:
            stated = f" {number(gdp['outcome'], 1, '%')}{estimate}"
            band = gdp["within_half_pp"]
            how = "" if missing(band) else (", within half a point" if band else ", by more than half a point")
        extra = f"; GDP{stated} against {gloss(gdp['target'])}: {'met' if bool(gdp['met']) else 'missed'}{how}"
    cpi = _row(card, key="cpi_inflation")
    if cpi is not None and bool(cpi["met"]) and float(cpi["gap"]) <= -1.0:
        extra += (
            f"; CPI {number(cpi['outcome'], 1, '%')} against {gloss(cpi['target'])} counts as met, as a ceiling, "
            f"but is {number(-float(cpi['gap']), 1)} pp under the target"
        )
    return f"<b>Last year.</b> Met {met} of the {len(card)} targets of {year - 1} {_outcome_words(card)}{extra}."


def _years(value) -> list[str]:
    """The years of a record cell ("2020, 2022"); none for an empty or missing cell (read back as NaN)."""
    return [] if missing(value) else [y for y in str(value).split(", ") if y]


def _article(call: str) -> str:
    """ "a toss-up"; "likely" and "unlikely" as they are."""
    return f"a {call}" if call == "toss-up" else call


def _outcome_words(card: pd.DataFrame) -> str:
    """ "whose outcome it states", and the misses it admits in words only when there are such rows."""
    words = int(card["outcome"].isna().sum())
    if not words:
        return "whose outcome it states"
    which = "a miss" if words == 1 else "misses"
    return f"whose outcome it states ({words} of them {which} it admits in words, without a figure)"


#: the words of a change of a target whose number is a fall to reach (能耗降低2.5% -> 3%: tightened)
_FALL_CHANGE = {"raised": "tightened", "cut": "loosened"}
#: the stances of the national report said in "What changed" when they move
STANCE_ITEMS = ("fiscal policy", "monetary policy")


def changes_line(changes, gloss, budget: pd.DataFrame | None = None) -> str:
    """Targets raised or cut (a fall to reach tightened or loosened); then targets that gained or lost a
    number, new ones and dropped ones; and, for the nation, the policy stances that moved (``budget``)."""
    has_digit = (
        changes["this_year"].astype(str).str.contains(r"\d"),
        changes["last_year"].astype(str).str.contains(r"\d"),
    )
    moved = changes[changes["change"].isin(["raised", "cut"])]
    words = [
        f"{english(r.key)} {_FALL_CHANGE[r.change] if r.key in DECLINE_MEASURES else r.change} "
        f"({gloss(r.last_year)} → {gloss(r.this_year)})"
        for r in moved.itertuples(index=False)
    ]
    if budget is not None and len(budget):
        stances = budget[budget["item"].isin(STANCE_ITEMS) & (budget["this_year"] != budget["last_year"])]
        words += [
            f"{r.item} {r.last_year} → {r.this_year}"
            for r in stances.itertuples(index=False)
            if r.this_year and r.last_year
        ]
    reworded = changes["change"] == "reworded"
    gained = changes[reworded & has_digit[0] & ~has_digit[1]]
    lost = changes[reworded & ~has_digit[0] & has_digit[1]]
    groups = (
        ("bound changed", changes[changes["change"] == "bound changed"], True),
        ("now with a number", gained, True),
        ("number dropped", lost, True),
        ("new", changes[changes["change"] == "new"], False),
        ("dropped", changes[changes["change"] == "dropped"], False),
    )
    for label, rows, show in groups:
        if len(rows):
            items = [
                f"{english(r.key)} ({r.last_year} → {r.this_year})" if show else english(r.key)
                for r in rows.itertuples(index=False)
            ]
            words.append(f"{label}: {', '.join(items)}")
    if not words:
        return "<b>What changed.</b> No target raised, cut, added or dropped against last year's."
    text = "; ".join(words)
    return "<b>What changed.</b> " + text[:1].upper() + text[1:] + "."


def risk_line(in_year, record, outcomes, targets, kind: str, year: int) -> str:
    if len(in_year):
        r = in_year.iloc[0]
        return (
            f"<b>The risk.</b> {english(r['key'])} was {number(r['ytd_growth'], 1, '%')} in {r['period']}: "
            f"the rest of the year must grow {number(r['required_rest'], 1, '%')} to reach "
            f"{number(r['target'], 1, '%')}; odds given the year so far {pct(r['p'])}."
        )
    parts = []
    gdp = _row(record)
    if gdp is not None:
        recent = [y for y in _years(gdp["region_missed"]) if int(y) >= year - 6]
        silent = [y for y in _years(gdp["region_unstated"]) if int(y) >= year - 6]
        gap = f"{', '.join(silent)}: no outcome stated in the next report" if silent else ""
        if recent:
            missed = f"in the six years before, it missed its GDP target in {', '.join(recent)}"
            parts.append(missed + (f" ({gap})" if gap else ""))
        elif gap:
            parts.append(f"in the six years before, it missed no stated GDP target ({gap})")
    if len(outcomes):
        parts.append(
            f"{int(outcomes['met'].astype(bool).sum())} of {len(outcomes)} {kind} met their {year - 1} GDP target"
        )
    numeric = targets[targets["p"].notna()]
    unlikely = numeric[numeric["call"] == "unlikely"]
    if len(unlikely):
        parts.append("unlikely: " + ", ".join(f"{english(k)} {t}" for k, t in zip(unlikely["key"], unlikely["target"])))
    return "<b>The risk.</b> " + _capital("; ".join(parts) if parts else "nothing in the record stands out") + "."


def turned_out_line(later: pd.DataFrame, gloss, year: int) -> str:
    """How the year's targets turned out, as the next report states them ("" when it is not out, or
    states none)."""
    if later is None or later.empty:
        return ""
    met = int(later["met"].astype(bool).sum())
    gdp = _row(later)
    head = ""
    if gdp is not None:
        written = gdp["outcome_written"] if isinstance(gdp["outcome_written"], str) and gdp["outcome_written"] else None
        outcome = written or number(gdp["outcome"], 1, "%")
        head = (
            f"The {year + 1} report states {year} GDP growth as {outcome} against {gloss(gdp['target'])}: "
            f"{'met' if bool(gdp['met']) else 'missed'}; "
        )
        if missing(gdp["outcome"]):
            head = (
                f"The {year + 1} report gives no figure for {year} GDP growth but says it missed "
                f"{gloss(gdp['target'])}; "
            )
    return f"<b>How it turned out.</b> {head}{met} of the {len(later)} targets {_outcome_words(later)} were met."


def bottom_line(
    *,
    targets,
    changes,
    weighted,
    card,
    record,
    outcomes,
    in_year,
    name: str,
    kind: str,
    year: int,
    region: str = "",
    later: pd.DataFrame | None = None,
    calibration: pd.DataFrame | None = None,
    budget: pd.DataFrame | None = None,
) -> str:
    """The five lines (HTML list), and a sixth, how it turned out, when ``later`` (the year's targets
    against the outcomes the next report states) has rows. ``calibration``: the backtest's reliability
    table (its caveat goes beside the odds); ``budget``: the national package (the stances that moved)."""
    gloss = _Glossary()
    lines = [
        targets_line(targets, changes, weighted, gloss, name, year, nation=region_level(region) == "nation"),
        odds_line(targets, in_year, calibration),
        scorecard_line(card, gloss, year),
        changes_line(changes, gloss, budget),
        risk_line(in_year, record, outcomes, targets, kind, year),
        turned_out_line(later, gloss, year),
    ]
    lines = [line for line in lines if line]
    items = "".join(f"<li>{_keep_bold(line)}</li>" for line in lines)
    return f'<ul class="bottom-line">{items}</ul>'


def _keep_bold(line: str) -> str:
    """Escape a line but keep its <b>...</b> label."""
    head, _, rest = line.partition("</b>")
    return (head + "</b>" + escape(rest, quote=False)) if rest else escape(line, quote=False)
