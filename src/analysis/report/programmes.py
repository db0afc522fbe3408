"""Multi-year action plans named in a report (``全面振兴新突破三年行动``) and the years they cover.

A report names its programmes by length in Chinese numerals (``三年行动``, ``三年攻坚行动``) and
rarely states their calendar years. The years are read from the text only, never assumed:

- an explicit span next to the name: ``三年行动（2023—2025年）`` -> 2023..2025;
- a first-year cue: the programme ``首战告捷`` / ``开局`` / ``起步`` in a part about year Y
  (the review of 2023 says ``全面振兴新突破三年行动首战告捷``), or the plan of year Y calls Y
  its ``开局之年``/``起步之年`` -> start Y, end Y + N - 1;
- a last-year cue: ``收官之年``/``收官`` in the part about year Y -> end Y.

A target written in a sentence that says it is reached *through* the programme
(``通过全面振兴新突破三年行动，推动沈阳、大连跨入地区生产总值过万亿城市行列...``) speaks of the
programme's last year (:func:`target_year`). Without such a cue in the text the year stays
unknown and the caller keeps the year of the section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.report.numbers import cn_number

#: a programme mention: name (up to 12 characters), length in years, 行动/攻坚行动
MENTION = re.compile(
    r"(?P<name>[^，。；：、“”（）()\n\d]{0,12}?)(?P<n>[两三四五六七八九十])年(?P<kind>攻坚行动|行动)"
    r"(?:[（(](?P<y1>(?:19|20)\d\d)年?[-—–~～至到]+(?P<y2>(?:19|20)\d\d)年?[）)])?"
)
#: the length and kind of a programme (三年行动), where a mention is looked for
_LENGTH = re.compile(r"[两三四五六七八九十]年(?:攻坚行动|行动)")
#: the words before the length that may name the programme (up to 12 characters)
_NAME_BEFORE = re.compile(r"[^，。；：、“”（）()\n\d]{1,12}$")
#: verbs that stand before a programme's name and are not part of it
_LEADING = re.compile(r"^.*(?:作出实施|实施|推进|通过|开展|以|是)")
_FIRST_YEAR = re.compile(r"^(?:首战告捷|开局|起步|启动)")
_FIRST_YEAR_OF = re.compile(r"的?(?:开局之年|起步之年|启动之年)")
_LAST_YEAR = re.compile(r"^(?:收官)|的?收官之年")
#: a sentence in which the targets are reached through the programme
_THROUGH = re.compile(r"(?:通过|经过|用)")


@dataclass(frozen=True)
class Mention:
    """One mention of a programme in a clean text.

    start, end : offsets of ``<name>N年行动`` in the paragraph searched.
    name : the programme's name without its leading verb ("" for a bare ``三年行动``).
    years : its length in years (3 for 三年行动).
    label : the name as the report writes it (``全面振兴新突破三年行动``).
    """

    start: int
    end: int
    name: str
    years: int
    label: str
    first: int | None = None
    last: int | None = None


def mentions(paragraph: str) -> list[Mention]:
    """Every programme mention of one paragraph, with the span of years if it is written next to it."""
    found = []
    if "行动" not in paragraph:
        return found
    taken = 0
    for m in _LENGTH.finditer(paragraph):
        lead = _NAME_BEFORE.search(paragraph, max(taken, m.start() - 12), m.start())
        full = MENTION.match(paragraph, lead.start() if lead else m.start())
        if not full:
            continue
        name = _LEADING.sub("", full["name"])
        n = cn_number(full["n"])
        first = int(full["y1"]) if full["y1"] else None
        last = int(full["y2"]) if full["y2"] else None
        start = full.end("name") - len(name)
        found.append(Mention(start, full.end("kind"), name, n, paragraph[start : full.end("kind")], first, last))
        taken = full.end()
    return found


def calendar(paragraphs) -> dict[tuple[str, int], tuple[int, int]]:
    """The years of each programme, read from the text.

    Parameters
    ----------
    paragraphs : iterable of (paragraph text, year of its part) pairs (year may be None).

    Returns
    -------
    dict (name, length in years) -> (first year, last year); programmes whose years the text does
    not give are absent.
    """
    spans: dict[tuple[str, int], tuple[int, int]] = {}
    for paragraph, year in paragraphs:
        for m in mentions(paragraph):
            key = (m.name, m.years)
            if m.first and m.last:
                spans[key] = (m.first, m.last)
                continue
            if year is None or key in spans:
                continue
            after = paragraph[m.end : m.end + 8]
            if _FIRST_YEAR.match(after) or _FIRST_YEAR_OF.match(after):
                spans[key] = (year, year + m.years - 1)
            elif _LAST_YEAR.match(after):
                spans[key] = (year - m.years + 1, year)
    return spans


def span_of(spans: dict, name: str, years: int) -> tuple[int, int] | None:
    """The years of programme ``name`` (a bare name "" resolves when only one programme of that
    length has known years)."""
    if (name, years) in spans:
        return spans[(name, years)]
    if not name:
        same = [v for (n, y), v in spans.items() if y == years]
        if len(same) == 1:
            return same[0]
    return None


def target_year(sentence_before: str, spans: dict) -> int | None:
    """Last year of the programme through which a target is reached, when the words of its sentence
    before the number say so (``通过全面振兴新突破三年行动，推动...``); else None."""
    for m in reversed(mentions(sentence_before)):
        if _THROUGH.search(sentence_before[max(0, m.start - 4) : m.start]):
            span = span_of(spans, m.name, m.years)
            if span:
                return span[1]
    return None
