"""The days a report can be read as of: from its delivery to the end of the data's coverage.

A briefing or a feasibility run "as of" a day reads only what was public by then
(:func:`analysis.series.vintages.release_date`). The day must lie between the report's delivery
(:func:`report_date`) and the earlier of Dec 31 of the year after the target year and the day the
shipped data were retrieved (:func:`as_of_range`); :func:`parse_as_of` checks a day against it.
"""

from __future__ import annotations

import datetime as dt

from analysis.checks import iso_date
from analysis.corpus.build import Panel, load_panel
from analysis.errors import InputError
from analysis.series.build import raw_folder
from analysis.series.provenance import retrieved_by

#: the last day a report of year Y may have been delivered when neither its text nor its sidecar dates it
LATEST_DELIVERY = (3, 31)


def report_date(region: str, year: int, panel: Panel | None = None) -> tuple[dt.date, str]:
    """The day the report was delivered and where that comes from: its date line, its sidecar, or, when
    neither dates it, 31 March of its year (the people's congresses meet from January to March).
    ``panel``: the corpus panel (default the shipped one). ``InputError`` when the corpus has no such report."""
    reports = (panel if panel is not None else load_panel()).reports
    row = reports[
        (reports["kind"] == "report")
        & (reports["region"] == region)
        & (reports["year"] == int(year))
        & (reports["status"] == "read")
    ]
    if row.empty:
        raise InputError(f"no work report of {region} for {year} in the corpus", field="year", value=year)
    delivered = str(row["delivered"].iloc[0] or "")
    if delivered:
        return dt.date.fromisoformat(delivered), "the report's date line or sidecar"
    return dt.date(int(year), *LATEST_DELIVERY), "no date in the text or its sidecar: 31 March, the latest"


def as_of_range(region: str, year: int, *, snapshot: str | None = "") -> tuple[dt.date, dt.date, str]:
    """(earliest, latest, why) an as-of date for the ``region`` ``year`` report may name: from the day
    the report was delivered to the earlier of Dec 31 of the year after the target year and the day
    the data were retrieved (nothing released later is in them)."""
    delivered, _ = report_date(region, year)
    year_after = dt.date(int(year) + 1, 12, 31)
    coverage = retrieved_by(raw_folder(snapshot))
    latest = year_after if coverage is None else min(year_after, coverage)
    why = f"the earlier of Dec 31 of the year after the target year ({year_after.isoformat()})"
    why += (
        " and the end of the data's coverage (no raw sidecar gives a retrieval date)"
        if coverage is None
        else f" and the end of the data's coverage ({coverage.isoformat()}, the day the data were retrieved)"
    )
    return delivered, latest, why


def parse_as_of(as_of, *, region: str, year: int, snapshot: str | None = "", field: str = "as_of") -> dt.date | None:
    """An as-of date checked against :func:`as_of_range`; ``None`` or ``""``: no as-of. A refused date
    raises ``InputError`` naming ``field``, the value and the allowed range."""
    if as_of in (None, ""):
        return None
    date = iso_date(as_of, field=field)
    earliest, latest, why = as_of_range(region, year, snapshot=snapshot)
    allowed = f"allowed {earliest.isoformat()} to {latest.isoformat()}"
    if date < earliest:
        raise InputError(
            f"as-of date is before the {region} {year} report was delivered ({earliest.isoformat()}); {allowed}",
            field=field,
            value=as_of,
        )
    if date > latest:
        raise InputError(
            f"as-of date is too late for the {region} {year} report: {allowed}, {why}", field=field, value=as_of
        )
    return date
