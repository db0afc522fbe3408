"""Reading government work reports: text cleaning, number and unit grammar, sections, keys, extraction.

``from analysis.report import extract_report, headline_targets``. pandas is imported only when
a table is built.
"""

from analysis.report.extract import (
    COLUMNS,
    HEADLINE_COLUMNS,
    extract_report,
    headline_lines,
    headline_targets,
    save_tables,
)

__all__ = ["COLUMNS", "HEADLINE_COLUMNS", "extract_report", "headline_lines", "headline_targets", "save_tables"]
