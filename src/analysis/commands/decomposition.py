"""``python -m analysis decompose``: where growth comes from, as a table on stdout.

Columns (every method): year, component, value_pp (pp; for the ``total`` row the growth rate
itself, %), share (% of the total), role (component | residual | total), method, vintage (the
vintage class the year was computed in), note. In every year printed, the components plus the
residual equal the total.
"""

from __future__ import annotations

import sys

from analysis.errors import InputError

BASE_COLUMNS = ["year", "component", "value_pp", "share", "role", "method", "vintage", "note"]
DECIMALS = 3


def render(frame, fmt: str) -> str:
    """The frame as csv, json or an aligned table (floats fixed to 3 decimals, notes listed once)."""
    from analysis.tables import render as render_table

    return render_table(frame, fmt, decimals=DECIMALS, notes_column="note")


def cmd_decompose(args) -> int:
    """Handler of ``decompose``: --region, --from, --to, --method, --vintage, --price-basis, --format."""
    from analysis.models.decomposition import decompose
    from analysis.vocabulary import check_region

    region = check_region(args.region, field="--region")
    if args.start is not None and args.end is not None and args.start > args.end:
        raise InputError(f"--from is after --to {args.end}", field="--from", value=args.start)
    options = dict(vintage=args.vintage, price_basis=args.price_basis)
    result = decompose(region, args.method, start=args.start, end=args.end, **options)
    if result.empty:
        if args.start is None and args.end is None:  # the whole history: the region (or --vintage) has nothing
            raise InputError(
                f"no year in the data allows a {args.method} decomposition for {region}"
                + (f" in vintage {args.vintage}" if args.vintage else ""),
                field="--region",
                value=region,
            )
        years = decompose(region, args.method, **options)["year"]
        have = f"{years.min()}-{years.max()}" if len(years) else "none"
        if args.start is not None and args.end is not None:
            span, field, value = f"from {args.start} to {args.end}", "--from/--to", f"{args.start}-{args.end}"
        elif args.start is not None:
            span, field, value = f"from {args.start} on", "--from", args.start
        else:
            span, field, value = f"up to {args.end}", "--to", args.end
        raise InputError(
            f"no year {span} allows a {args.method} decomposition for {region}; years that do: {have}",
            field=field,
            value=value,
        )
    extra = [c for c in result.columns if c not in BASE_COLUMNS]
    result = result[BASE_COLUMNS + extra]
    sys.stdout.write(render(result, args.format))
    return 0
