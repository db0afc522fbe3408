"""From an indicator phrase of a report to a key of :mod:`analysis.vocabulary`.

The phrase is the subject before the verb (``全省地区生产总值`` in ``全省地区生产总值增长5.3%``).
A key is given when the phrase, with the verb for growth rates, ends with a vocabulary name or
alias and what stands before it is empty or names the whole region (``全省``, ``全国``...): so
``沈阳地区生产总值增长`` (a city) and ``对日韩进出口增长`` (trade with two countries) get no key.
The unit must agree with the indicator's unit (% with %, 亿元 with 亿元, 万人 with 万人, ...).
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis import vocabulary

#: words that may stand before an indicator name and still mean the whole region
REGION_WIDE: tuple[str, ...] = (
    "",
    "全省",
    "全市",
    "全区",
    "全国",
    "我省",
    "我市",
    "我区",
    "全年",
    "今年",
    "全省全年",
    "全市全年",
    "全体",
    "全部",
    "全省实现",
    "实现",
    "全年实现",
    "全省全年实现",
    "全区全年实现",
    "全市全年实现",
    "全区实现",
    "全市实现",
    "全国实现",
    "完成",
    "全省完成",
    "全市完成",
    "全区完成",
    "全年完成",
    "全省全年完成",
    "全市全年完成",
    "全区全年完成",
    # Xinjiang names itself 全疆 (全疆地区生产总值同比增长6.1%)
    "全疆",
    "全疆实现",
    "年末",
    "全省年末",
    "全国年末",
    # the same whole named otherwise: all residents, all foreign trade
    "城乡",
    "全省城乡",
    "全市城乡",
    "对外贸易",
    "全省对外贸易",
    "国家",
    # the region named by its government (本省生产总值), the whole autonomous region
    "本省",
    "本市",
    "本区",
    "全自治区",
    "全省域",
    "全市域",
)

#: a time written before the subject (2025年全省地区生产总值, 去年全国...): not part of the indicator
_LEADING_TIME = re.compile(
    r"^(?:(?:19|20)\d\d年(?:全年|末|底)?|去年|上年|过去一年|今年)"
    r"(?:要)?(?:力争|确保|争取|要|预计|预期)?"
)

#: unit of the vocabulary -> canonical units (unit_canonical) that agree with it
_COMPATIBLE = {"%": ("%",), "亿元": ("亿元",), "万人": ("万人",), "万吨": ("万吨",), "元": ("元",)}


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every name and alias -> its (key, unit) pairs, in key order."""
    rows: dict[str, list[tuple[str, str]]] = {}
    for ind in vocabulary.INDICATORS:
        for name in {ind.name, *ind.aliases}:
            rows.setdefault(name, []).append((ind.key, ind.unit))
    return {name: tuple(sorted(pairs)) for name, pairs in rows.items()}


_REGION_WIDE = frozenset(REGION_WIDE)
_LONGEST_PREFIX = max(len(w) for w in REGION_WIDE)


def key_for(
    indicator: str, *, verb: str = "", is_growth: bool = False, unit_canonical: str = "", own: tuple[str, ...] = ()
) -> str:
    """Vocabulary key of an extracted indicator phrase, or "".

    The longest vocabulary name that ends the phrase, with only words of :data:`REGION_WIDE` before
    it, gives the key; the unit must agree with the indicator's.

    Parameters
    ----------
    indicator : the subject phrase (``全省地区生产总值``).
    verb : the verb as written before the number (``增长``, ``上涨``), "" if none.
    is_growth : the number is a rate of change.
    unit_canonical : the canonical unit of the number ("" for a target without a number).
    own : the report's own region as the text names it (北京市, 北京): also a whole-region word, alone
        or before one of :data:`REGION_WIDE` (北京市全年...).
    """
    phrase = _LEADING_TIME.sub("", indicator.strip("“”\"' ")).replace("常住居民", "居民")
    for name in sorted(own, key=len, reverse=True):
        if phrase.startswith(name):
            phrase = phrase[len(name) :]
            break
    if phrase.endswith("增速"):
        phrase, is_growth = phrase[:-2], True
    candidates = []
    if verb:
        candidates.append(phrase + verb)
    if is_growth:
        candidates.append(phrase + "增长")
    candidates.append(phrase)
    names = _names()
    for cand in candidates:
        for cut in range(min(_LONGEST_PREFIX, len(cand)) + 1):
            if cand[:cut] not in _REGION_WIDE or cand[cut:] not in names:
                continue
            for key, unit in names[cand[cut:]]:
                if unit_canonical and unit in _COMPATIBLE and unit_canonical not in _COMPATIBLE[unit]:
                    continue
                if is_growth and unit != "%" and unit_canonical:
                    continue  # a growth rate never keys a level
                return key
    return ""
