"""Fan charts of the 万亿 scenarios: observed levels, the calibrated 90 % band, the model's own band, the goal.

Draws the long frame of :func:`analysis.models.scenarios.outputs.fan_table` (table ``scenarios_fan``:
scenario, region, indicator, unit, threshold, goal_year, kind (observed | projection), year, value,
q05-q95, model_q05, model_q95, band_coverage, vintage, source_title); computes nothing.
"""

from __future__ import annotations

import math
from pathlib import Path

from analysis.figures._save import new_figure, save_figure
from analysis.figures._style import palette
from analysis.vocabulary import BY_KEY, REGION_NAMES, written_level


def panel_title(row) -> str:
    """'大连 地区生产总值' from the region and indicator keys of a fan row."""
    region = REGION_NAMES.get(row["region"], row["region"])
    name = BY_KEY[row["indicator"]].name if row["indicator"] in BY_KEY else row["indicator"]
    return f"{region} {name}"


def coverage_label(projection) -> str:
    """'1-3年实测覆盖率 90%/90%/90%' from the measured coverage of the first horizons; '' when none."""
    measured = projection.dropna(subset=["band_coverage"]).sort_values("year")["band_coverage"]
    if measured.empty:
        return ""
    shares = "/".join(f"{100 * c:.0f}%" for c in measured)
    return f"; 1-{len(measured)}年实测覆盖率{shares}"


def fan_chart(fan, out_dir: str | Path, *, title: str, name: str = "scenarios_fan", ncols: int = 2) -> list[Path]:
    """One small multiple per scenario: the calibrated 90 % band (labelled with its measured coverage),
    the model's own 5-95 % band (dashed), the 25-75 % band, the median, observed levels (one line per
    vintage: a revision between two points is a break, not growth), the goal's level and its year.

    Parameters
    ----------
    fan : the ``scenarios_fan`` table (one or more scenarios, each with projections).
    out_dir : folder of the PNG and SVG. title : chart title. name : file name (no suffix).
    """
    roles = palette("roles")
    groups = list(fan.groupby("scenario", sort=False))
    if not groups:
        raise ValueError("the fan table holds no scenario to draw")
    ncols = min(ncols, len(groups))
    nrows = math.ceil(len(groups) / ncols)
    units = "、".join(dict.fromkeys(fan["unit"].astype(str)))
    if len(groups) == 1:  # one panel: its name joins the chart title (an axis title would sit under it)
        title = f"{title}\n{panel_title(groups[0][1].iloc[0])}"
    fig, axes = new_figure(title, unit=units, nrows=nrows, ncols=ncols, figsize=(5 * ncols, 3.5 * nrows + 0.4))
    flat = list(axes.flat) if hasattr(axes, "flat") else [axes]
    for ax, (_, g) in zip(flat, groups):
        observed, projection = g[g["kind"] == "observed"], g[g["kind"] == "projection"]
        first = g.iloc[0]
        ax.fill_between(
            projection["year"],
            projection["q05"],
            projection["q95"],
            color=roles["projection"],
            alpha=0.2,
            lw=0,
            label=f"90%区间(按回测误差校准{coverage_label(projection)})",
        )
        ax.fill_between(
            projection["year"],
            projection["q25"],
            projection["q75"],
            color=roles["projection"],
            alpha=0.35,
            lw=0,
            label="25-75%",
        )
        for column, label in (("model_q05", "模型自身5-95%"), ("model_q95", None)):
            ax.plot(projection["year"], projection[column], ls="--", lw=0.8, color=roles["projection"], label=label)
        ax.plot(projection["year"], projection["q50"], color=roles["projection"], label="模拟中位数")
        runs = (observed["vintage"] != observed["vintage"].shift()).cumsum()
        for i, (_, part) in enumerate(observed.groupby(runs, sort=False)):
            ax.plot(part["year"], part["value"], "o-", color=roles["observed"], ms=3, label="实际" if i == 0 else None)
        ax.axhline(
            first["threshold"], color=roles["target"], lw=1, label=written_level(first["threshold"], first["unit"])
        )
        ax.axvline(first["goal_year"], color=roles["reference"], lw=0.8, ls=":", label=f"目标年份 {first['goal_year']}")
        if len(groups) > 1:
            ax.set_title(panel_title(first), fontsize=10)
        ax.legend(fontsize=7, loc="upper left")
    for ax in flat[len(groups) :]:
        ax.set_visible(False)
    return save_figure(fig, name, out_dir, sources=fan[["source_title", "vintage"]].drop_duplicates())


def clear_fan(out_dir: str | Path, name: str = "scenarios_fan") -> None:
    """Remove a fan chart left in ``out_dir`` by an earlier run, when this run has nothing to draw."""
    for suffix in (".png", ".svg"):
        (Path(out_dir) / f"{name}{suffix}").unlink(missing_ok=True)
