"""What a number of a report is: a result, a target, or context (a label, a duration, a threshold).

A count written before a programme's name (``15项重大工程``, ``4个万亿级产业基地``), a duration or an
anniversary (``75周年``), a size that picks out the things counted (``5000万元以上项目1180个``: the
个 count is the statistic), a count sizing the things of 一批 (``一批超百亿项目``), an existing set
whose building is to be sped up (``加快20个国家新型工业化产业示范基地建设``) and the starting level of a
change written from-to (``从11.37万亿元提高到14.58万亿元``) are context. A count of days
(``优良天数达到320天``) is a statistic, other durations are not.
"""

from __future__ import annotations

import re

from analysis.report import numbers as _numbers
from analysis.report.phrases import BATCH_BEFORE
from analysis.report.sections import Section

#: nouns naming programmes: a count written before them is a label (context), not a statistic
LABEL_NOUNS: tuple[str, ...] = ("重大工程", "万亿级", "千亿", "产业集群", "政策举措", "硬措施", "具体举措")


def _is_threshold(text: str, q: _numbers.Quantity) -> bool:
    """A size that picks out the things counted next (``5000万元以上项目``, ``超过10亿元的项目``).

    A quantity (not a rate) written with 以上/以下 or after 超过/超/过/逾, and followed at once by
    a noun (optionally after 的) rather than by punctuation or a goal word (目标, 规模, 水平).
    """
    if q.unit_canonical in ("%", "百分点", "倍", "‰") or q.is_range:
        return False
    after = text[q.end : q.end + 6]
    if q.suffix in ("以上", "以下"):
        pass
    elif text[max(0, q.start - 2) : q.start].endswith(("超过", "超", "过", "逾")) and after.startswith("的"):
        pass
    else:
        return False
    after = after.removeprefix("的")
    return bool(after) and "\u4e00" <= after[0] <= "\u9fff" and not any(w in after for w in _GOAL_WORDS)


#: nouns after a bounded quantity that make it a goal, not a threshold (1万亿元以上目标,
#: 万亿以上发展水平)
_GOAL_WORDS: tuple[str, ...] = ("目标", "规模", "水平", "任务", "台阶", "大关")
#: a duration that is itself the statistic: a count of days, a time limit (优良天数达到320天)
_TIME_STATISTIC = re.compile(
    r"(?:天数|日数|时限|时长|用时|周期)(?:达到|达|为|缩短[到至]|压缩[到至]|压减[到至]|"
    r"减少[到至]|降[到至]|控制在|保持在|稳定在)?$"
)


def is_label(text: str, q: _numbers.Quantity) -> bool:
    """A count written before a programme's name (``15项重大工程``), a duration (``75周年``) or a
    threshold that picks out the things counted (``5000万元以上项目``)."""
    if q.is_time:
        clause = re.split(r"[，。；：！？\n]", text[: q.start])[-1]
        return not _TIME_STATISTIC.search(clause)
    if _is_threshold(text, q):
        return True
    before = text[max(0, q.start - 4) : q.start]
    if BATCH_BEFORE.search(before):
        return True
    after = text[q.end : q.end + 20]
    if before.endswith("加快") and re.match(r"[^，。；：！？\n]{1,20}建设", after):
        return True  # 加快20个国家新型工业化产业示范基地建设: an existing set, not a number to reach
    if not after or after[0] in "，。；：！？\n" or q.unit_canonical in ("%", "百分点", "‰"):
        return False  # a rate labels nothing (增长7.2%以上、全力冲刺“千亿GDP”: the target, then an aim)
    clause = re.split(r"[，。；：！？\n]", after, maxsplit=1)[0]
    return any(noun in clause for noun in LABEL_NOUNS)


#: a sentence of the plan that looks back (过去一年，...; 去年...): its numbers are results
_LOOKING_BACK = re.compile(r"^(?:过去一年|去年|上年|过去的一年)")


#: the starting level of a change written from-to (从11.37万亿元提高到14.58万亿元): context, not an outcome
_FROM = re.compile(r"(?:从|由)[^，。；从由]{0,24}$")
_TO = re.compile(r"(?:增加|提高|增长|上升|扩大|跃升|提升|跨越|发展|下降|降低|减少)?(?:到|至)")


def kind_of(paragraph: str, q: _numbers.Quantity, section: Section) -> str:
    """``result``, ``target`` or ``context`` for the number ``q`` of ``paragraph`` in ``section``.

    Context: the preamble's numbers, labels (:func:`is_label`) and the starting level of a change
    written from-to. Otherwise a number of the review is a result, and a number of the plan a target,
    unless its sentence (or the one before, and not naming 今年) looks back (``过去一年``, ``去年``).
    """
    if section.part == "preamble" or is_label(paragraph, q):
        return "context"
    if _TO.match(paragraph, q.end) and _FROM.search(paragraph, max(0, q.start - 26), q.start):
        return "context"
    if section.part == "review":
        return "result"
    sentences = re.split(r"(?<=[。！？])", paragraph[: q.start])
    current = sentences[-1] if sentences else ""
    previous = sentences[-2] if len(sentences) > 1 else ""
    if "今年" not in current and (_LOOKING_BACK.match(current) or _LOOKING_BACK.match(previous)):
        return "result"
    return "target"
