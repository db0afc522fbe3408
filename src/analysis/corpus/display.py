"""A target as a reader writes it: ``5%左右``, ``4.5-5%``, ``1200万人以上``, ``下降2.5%左右``."""

from __future__ import annotations

#: bound words kept when a target is shown (the rest of an extracted qualifier is reading detail)
_SHOWN = ("左右", "以上", "以内", "以下", "上下", "不低于", "不超过", "低于", "高于")


def _number(value: float) -> str:
    return f"{value:.10g}"


def format_target(value: float, value_high: float, unit: str, qualifier: str, has_number: bool = True) -> str:
    """The target as written in a table cell; a target without a number shows its phrase."""
    qualifier = qualifier or ""
    if not has_number or value != value:
        return qualifier
    words = qualifier.split("、")
    lead = "下降" if "下降" in words else ""
    tail = "".join(w for w in words if w in _SHOWN)
    if value_high == value_high and value_high != value:
        number = f"{_number(value)}-{_number(value_high)}{unit}"
    else:
        number = f"{_number(value)}{unit}"
    return f"{lead}{number}{tail}"


def fall_word(text: str) -> str:
    """The word a text uses for a fall: 降幅 (能耗降幅超过3%), 降低 (降低3%左右), else 下降."""
    return next((w for w in ("降幅", "降低") if w in text and "下降" not in text), "下降")
