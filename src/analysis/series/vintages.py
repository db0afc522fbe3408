"""Vintage classes: which release of a number a row holds.

Every raw row carries a free-text ``vintage`` written at collection time (see
``data/raw/public/SOURCES.md``, "How to use the vintage column"). The loaders group those texts
into a few classes, so that a caller never mixes, say, a first release with a level revised after
the 5th economic census without saying so.

Classes
-------
first_release
    Statistical communique (统计公报, 初步核算), preliminary or quarterly release, press
    conference, plan-execution report, or a government work report *as reported* (the number said
    in January, before final accounting).
nbs_pre4
    NBS database (国家数据) exported before the 4th economic census revision (c.2018-2019). Holds
    Liaoning's inflated 2011-2014 levels (e.g. 2014 GDP 28626.58 亿元).
nbs_post4
    NBS database exported c.2020-2024: after the 4th economic census (2018), before the 5th
    (2023). Liaoning 2011-2014 already cut.
nbs_post5
    NBS database exported c.2025 or later: 1992-2023 GDP revised after the 5th economic census
    (e.g. Liaoning 2023 31389.8 亿元 against the first release 30209.4).
estimate
    A number said before the year's accounting was closed: 预计, "estimate", plan-report estimate.
secondary
    A blog, book, encyclopedia copy, data portal or trade-body compilation restating an official
    figure.
low_confidence
    Flagged LOW CONFIDENCE by the collector (numbers found only in an AI-assisted report script,
    unverified). Kept, never silently mixed with the others.

The rules below are tried in order; the first that matches wins. A vintage text no rule matches
raises :class:`analysis.errors.InputError`, so that new data must be classified deliberately.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re

from analysis import paths
from analysis.errors import InputError

VINTAGE_CLASSES: tuple[str, ...] = (
    "first_release",
    "nbs_pre4",
    "nbs_post4",
    "nbs_post5",
    "estimate",
    "secondary",
    "low_confidence",
)

#: Each class as a reader names it (the briefing shows these, never the class key).
CLASS_NAMES: dict[str, str] = {
    "first_release": "first release (communiqué)",
    "nbs_pre4": "NBS database, before the 2018 census revision",
    "nbs_post4": "NBS database, after the 2018 census revision",
    "nbs_post5": "NBS database, after the 2023 census revision",
    "estimate": "estimate before final accounting",
    "secondary": "secondary copy of an official figure",
    "low_confidence": "unverified (low confidence)",
}


def describe_vintage(name: str) -> str:
    """A vintage class in words (:data:`CLASS_NAMES`); an unknown name is returned as given."""
    return CLASS_NAMES.get(name, name)


_EXPORT_YEAR = re.compile(r"c\.\s*(\d{4})")

#: Ordered rules: (class, description, predicate on the lower-cased vintage and note).
RULES: tuple[tuple[str, str], ...] = (
    ("low_confidence", "vintage says 'unverified' or note starts with 'LOW CONFIDENCE'"),
    ("nbs_post5", "NBS database and ('5th economic census' revision, 'post-5th', or export year c.2025+)"),
    ("nbs_pre4", "NBS database and ('pre-2018', or export year c.2019 or earlier)"),
    ("nbs_post4", "NBS database and ('post-4th', or export year c.2020-2024)"),
    ("secondary", "vintage starts with or contains 'secondary', or 'data-portal summary'"),
    ("estimate", "'estimate' or '预计' in the vintage"),
    (
        "first_release",
        "communique / preliminary / release / press conference / gov work report / "
        "plan-execution report / census / first-release",
    ),
)

_FIRST_RELEASE_WORDS = (
    "communique",
    "preliminary",
    "release",
    "press conference",
    "work report",
    "plan-execution report",
    "census",
    "first-release",
    "初步核算",
    "统一核算",
)


def vintage_class(vintage: str, note: str = "", *, file: str | None = None, row: int | None = None) -> str:
    """Class of a row's vintage text, by the ordered :data:`RULES`.

    Parameters
    ----------
    vintage : the raw ``vintage`` text, e.g. ``"communique 2023-03 (preliminary)"``.
    note : the raw ``note`` (only its LOW CONFIDENCE flag is read).
    file, row : where the text was found, for the error message.

    Returns
    -------
    str
        One of :data:`VINTAGE_CLASSES`.

    Raises
    ------
    InputError
        When no rule matches (``field='vintage'``).
    """
    text = vintage.strip().lower()
    if "unverified" in text or note.strip().upper().startswith("LOW CONFIDENCE"):
        return "low_confidence"
    if text.startswith("nbs") or "nbs database" in text:
        match = _EXPORT_YEAR.search(text)
        year = int(match.group(1)) if match else None
        if "5th economic census" in text or "post-5th" in text or (year is not None and year >= 2025):
            return "nbs_post5"
        if "pre-2018" in text or (year is not None and year <= 2019):
            return "nbs_pre4"
        if "post-4th" in text or (year is not None and 2020 <= year <= 2024):
            return "nbs_post4"
    if "secondary" in text or "data-portal summary" in text:
        return "secondary"
    if "estimate" in text or "预计" in text:
        return "estimate"
    if any(word in text for word in _FIRST_RELEASE_WORDS):
        return "first_release"
    raise InputError(
        "vintage text matches no vintage-class rule (see analysis.series.vintages.RULES)",
        file=file,
        row=row,
        field="vintage",
        value=vintage,
    )


#: The month a period's first release comes out after the period ends (annual: end of February, when the
#: communiqués are out; a cumulative quarter: the month after it).
_RELEASE_LAG_MONTHS = 2
_PERIOD_END_MONTH: dict[str, int] = {"Q1": 3, "H1": 6, "Q1-Q3": 9, "Y": 12}
_MONTH = re.compile(r"((?:19|20)\d{2})-(\d{2})")


def _month_end(year: int, month: int) -> dt.date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def release_date(vintage: str, year: int, period: str = "Y", vintage_class: str | None = None) -> dt.date:
    """The day a row's figure was public, from its vintage text.

    A dated release (``communique 2024-02``) is public at the end of its month. Otherwise the period's
    first release is public at the end of the month after a quarter ends, or of February after the year
    ends; a row of an NBS database export, besides, no earlier than the export year its text gives
    (``export c.2025``: 1 January 2025): the database restates figures after their first release (a
    census revision among them), so an export holds what was known when it was made.
    """
    text = str(vintage or "")
    m = _MONTH.search(text)
    if m and 1 <= int(m.group(2)) <= 12 and not text.lower().startswith("nbs"):
        return _month_end(int(m.group(1)), int(m.group(2)))
    end = _PERIOD_END_MONTH.get(period, 12)
    day = _month_end(int(year), end + (_RELEASE_LAG_MONTHS if period == "Y" else 1))
    cls = vintage_class or vintage_class_or_none(text)
    export = _EXPORT_YEAR.search(text.lower())
    if cls is not None and cls.startswith("nbs") and export:
        day = max(day, dt.date(int(export.group(1)), 1, 1))
    return day


def published_by(
    as_of: dt.date, year: int, vintage: str = "", period: str = "Y", vintage_class: str | None = None
) -> bool:
    """Whether the figure of ``year`` (and ``period``) in ``vintage`` was public by ``as_of``
    (:func:`release_date`)."""
    return release_date(vintage, year, period, vintage_class) <= as_of


def vintage_class_or_none(vintage: str) -> str | None:
    """:func:`vintage_class` of a text, or None where no rule matches (an empty text)."""
    try:
        return vintage_class(vintage) if str(vintage).strip() else None
    except InputError:
        return None


def check_class(name: str) -> str:
    """Validate a vintage-class name given by a caller; ``InputError`` naming the known ones."""
    if name not in VINTAGE_CLASSES and name != "all":
        raise InputError(
            f"unknown vintage class; known: {', '.join(VINTAGE_CLASSES)} or 'all'", field="vintage", value=name
        )
    return name


# Data-revision episodes (Liaoning 2011-2017, Inner Mongolia 2016-2017): years whose figures were
# inflated and later corrected, read from data/raw/regions/revisions.csv with the report that says so.


def revision_episodes() -> dict[str, tuple[int, int]]:
    """Region -> (first year, last year) of its data-revision episode (``data/raw/regions/revisions.csv``)."""
    with (paths.RAW / "regions" / "revisions.csv").open(encoding="utf-8", newline="") as handle:
        return {r["region"]: (int(r["first_year"]), int(r["last_year"])) for r in csv.DictReader(handle)}


REVISIONS: dict[str, tuple[int, int]] = revision_episodes()


def revision_years(region: str) -> tuple[int, ...]:
    """The years of ``region``'s data-revision episode (empty for a region without one)."""
    if region not in REVISIONS:
        return ()
    first, last = REVISIONS[region]
    return tuple(range(first, last + 1))


def is_revision_year(region: str, year: int) -> bool:
    """Whether ``year`` of ``region`` falls in the region's data-revision episode."""
    return int(year) in revision_years(region)
