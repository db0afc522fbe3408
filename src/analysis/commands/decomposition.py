"""``python -m analysis decompose``: where growth comes from, as a table on stdout.

Columns (every method): year, component, value_pp (pp; for the ``total`` row the growth rate
itself, %), share (% of the total), role (component | residual | total), method, vintage (the
vintage class the year was computed in), note, then the method's own columns. In every year printed,
the components plus the residual equal the total. Computed by
:func:`analysis.models.decomposition.run` with ``methods`` the one asked for.
"""

from __future__ import annotations

import sys

from analysis.checks import LAST_YEAR
from analysis.errors import InputError
from analysis.models.decomposition import COLUMNS, run
from analysis.tables import render as render_table
from analysis.vocabulary import check_region

DECIMALS = 3


def render(frame, fmt: str) -> str:
    """The frame as csv, json or an aligned table (floats fixed to 3 decimals, notes listed once)."""
    return render_table(frame, fmt, decimals=DECIMALS, notes_column="note")


def _span(start: int | None, end: int | None) -> tuple[str, str, object]:
    """The asked year range in words, with the option and value an error names."""
    if start is not None and end is not None:
        return f"from {start} to {end}", "--from/--to", f"{start}-{end}"
    if start is not None:
        return f"from {start} on", "--from", start
    return f"up to {end}", "--to", end


def cmd_decompose(args) -> int:
    """Handler of ``decompose``: --region (required), --from, --to, --method, --vintage, --price-basis,
    --format."""
    region = check_region(args.region, field="--region")
    if args.start is not None and args.end is not None and args.start > args.end:
        raise InputError(f"--from is after --to {args.end}", field="--from", value=args.start)
    params = {"methods": (args.method,), "vintage": args.vintage, "price_basis": args.price_basis}
    # no report year on the command line: the tables run to --to, or to the end of the data
    year = args.end if args.end is not None else LAST_YEAR
    outcome = run(region, year, {**params, "start_year": args.start, "end_year": args.end})
    result = outcome.result(args.method)
    if result.empty:
        if args.start is None and args.end is None:  # the whole history: the region (or --vintage) has nothing
            why = outcome.statements.get(args.method, f"no year allows a {args.method} decomposition of {region}")
            raise InputError(
                why + (f" (vintage {args.vintage})" if args.vintage else ""), field="--region", value=region
            )
        years = run(region, LAST_YEAR, params).result(args.method)["year"]
        have = f"{years.min()}-{years.max()}" if len(years) else "none"
        span, field, value = _span(args.start, args.end)
        raise InputError(
            f"no year {span} allows the {args.method} decomposition for {region}; years that do: {have}",
            field=field,
            value=value,
        )
    extra = [c for c in result.columns if c not in COLUMNS]
    sys.stdout.write(render(result[COLUMNS + extra], args.format))
    return 0
