"""The briefing page, one module per section; the 90_briefing notebook calls them in order."""

from analysis.briefing.page import (
    appendix,
    bottom_line,
    budget,
    common,
    growth,
    in_year,
    levels,
    peers,
    record,
    scorecard,
    sources,
    style,
    targets,
)

__all__ = [
    "appendix",
    "bottom_line",
    "budget",
    "common",
    "growth",
    "in_year",
    "levels",
    "peers",
    "record",
    "scorecard",
    "sources",
    "style",
    "targets",
]
