"""Checks of the parameters that several entry points share: years, dates, seeds, Monte Carlo paths.

The command line (:mod:`analysis.cli`), the briefing's ``-p`` parameters
(:mod:`analysis.briefing.params`) and the model functions call these, so a value means the same
everywhere and is refused with the same :class:`analysis.errors.InputError` (naming the field as
the caller spells it, ``--paths`` or ``n_paths``, and the value as the user wrote it).
"""

from __future__ import annotations

import datetime as dt
import numbers
import re

from analysis.errors import InputError

#: Years any year option or parameter may name (``--year``, ``--from``, ``--to``, ``-p start_year``...):
#: 1949, the first year of the PRC's statistics, to 2100, past any plan horizon. Outside is a typo.
FIRST_YEAR, LAST_YEAR = 1949, 2100

#: Most Monte Carlo paths any caller may ask for. Why 10,000,000: the path arrays are float64 and
#: held whole; measured peak memory of ``feasibility --scenarios`` is about 0.5 GB per million paths
#: (every scenario's levels to 2030 plus the draws), 5 GB at 10 million, and the briefing runs the
#: scenarios and feasibility notebooks at once; on the 24 GiB machine the suite targets, 10x more
#: would not fit and numpy would fail with a MemoryError after a long wait. 10 million paths put
#: the Monte Carlo error of a probability below 0.0002 (sd <= 0.5/sqrt(n)).
MAX_PATHS = 10_000_000


def _is_int(value) -> bool:
    """An integer, Python's or numpy's (``numpy.integer`` registers as ``numbers.Integral``), not a bool."""
    return not isinstance(value, bool) and isinstance(value, numbers.Integral)


def check_year(year, *, field: str = "year", given=None) -> int:
    """A calendar year within :data:`FIRST_YEAR`-:data:`LAST_YEAR`, as an int, or InputError.

    ``field``: the name shown in the error (``"--from"`` on the command line); ``given``: the value
    as the user wrote it (default: ``year``).
    """
    shown = year if given is None else given
    if not _is_int(year):
        raise InputError("a year must be an integer", field=field, value=shown)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(f"year outside {FIRST_YEAR}-{LAST_YEAR}", field=field, value=shown)
    return int(year)


def iso_date(text, *, field: str = "as_of") -> dt.date:
    """The day an ISO date ``YYYY-MM-DD`` names (a real day), else InputError."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(text)):
            raise ValueError
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise InputError("as-of date must be an ISO date YYYY-MM-DD", field=field, value=text) from None


def check_n_paths(n_paths, *, field: str = "n_paths", minimum: int = 1, given=None) -> int:
    """A number of Monte Carlo paths, as an int in ``[minimum, MAX_PATHS]``, or InputError.

    Parameters
    ----------
    n_paths : the number asked for.
    field : the name shown in the error (``"--paths"`` on the command line).
    minimum : 1 for a simulation; 0 where zero paths means a closed form (the feasibility models).
    given : the value as the user wrote it, shown in the error (default: ``n_paths``).
    """
    shown = n_paths if given is None else given
    if not _is_int(n_paths):
        raise InputError("number of Monte Carlo paths must be an integer", field=field, value=shown)
    if n_paths < minimum:
        raise InputError(f"number of Monte Carlo paths must be >= {minimum}", field=field, value=shown)
    if n_paths > MAX_PATHS:
        raise InputError(
            f"number of Monte Carlo paths must be <= {MAX_PATHS:,} (the path arrays would not "
            "fit in memory; see analysis.checks.MAX_PATHS)",
            field=field,
            value=shown,
        )
    return int(n_paths)


def check_seed(seed, *, field: str = "seed", given=None) -> int:
    """A seed for ``numpy.random.SeedSequence`` / ``default_rng``: a non-negative integer, or InputError.

    ``field`` and ``given`` as in :func:`check_n_paths`.
    """
    shown = seed if given is None else given
    if not _is_int(seed) or seed < 0:
        raise InputError("seed must be a non-negative integer", field=field, value=shown)
    return int(seed)
