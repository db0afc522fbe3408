"""The NBS statistical communiqué (国民经济和社会发展统计公报): the nation's outcomes as first published.

A communiqué reviews one year, published in February or March of the next: every number of it is an
outcome of that year (or of a part or span of it that its sentence names). Read with the report
grammar (:func:`analysis.report.extract.extract_report` with ``review_of``), it gives a second
source for the outcomes the next national work report states; :mod:`analysis.corpus.reconcile` sets
the two side by side.
"""

from __future__ import annotations

import pandas as pd

from analysis.report.extract import extract_report


def read_communique(text: str, year: int) -> pd.DataFrame:
    """Every keyed number of a communiqué of ``year``, as result rows (extraction columns)."""
    frame = extract_report(text, review_of=int(year))
    return frame[frame["key"] != ""].reset_index(drop=True)
