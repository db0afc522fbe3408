"""Progress lines: one plain, time-stamped line per step (``[06:00:03] 30_feasibility done in 4.2s``),
to stderr and flushed, so that a cron log holds them in order."""

from __future__ import annotations

import datetime as dt
import logging
import sys


def stamp(message: str) -> str:
    """``message`` after the time of day."""
    return f"[{dt.datetime.now():%H:%M:%S}] {message}"


def to_stderr(line: str) -> None:
    """The default sink of progress lines."""
    print(line, file=sys.stderr, flush=True)


def describe(err: BaseException) -> str:
    """One line for a failed notebook: the cell's exception for a notebook error, else the error."""
    ename = getattr(err, "ename", None)
    if ename:  # papermill.PapermillExecutionError
        return f"{ename}: {getattr(err, 'evalue', '')} (cell {getattr(err, 'exec_count', '?')})"
    return f"{type(err).__name__}: {err}"


def quiet_papermill() -> None:
    """Parameters are validated before papermill sees them: its own notices (e.g. "Unable to parse
    line" on a comment with quotes) would only clutter the progress log."""
    logging.getLogger("papermill").setLevel(logging.ERROR)
