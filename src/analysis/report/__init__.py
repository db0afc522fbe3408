"""Reading government work reports: text cleaning, number and unit grammar, sections, keys, extraction.

``from analysis.report import extract_report, headline_targets``.
"""

from analysis.report.columns import COLUMNS, HEADLINE_COLUMNS, headline_targets
from analysis.report.extract import extract_report, headline_lines

__all__ = ["COLUMNS", "HEADLINE_COLUMNS", "extract_report", "headline_lines", "headline_targets"]
