"""Fan charts of the 万亿 scenarios: observed levels, simulated quantile bands, the 1万亿元 line.

Draws the long frame of :func:`analysis.models.scenarios.fan_data` (columns scenario, region, indicator, kind
(observed | projection), year, value, q05, q25, q50, q75, q95, source_title); computes nothing.
"""

from __future__ import annotations

from pathlib import Path

from analysis.figures._save import new_figure, save_figure
from analysis.figures._style import palette


def _panel_title(row) -> str:
    """'沈阳 地区生产总值' from the region and indicator keys of a fan row."""
    from analysis.vocabulary import BY_KEY, REGION_NAMES

    region = REGION_NAMES.get(row["region"], row["region"])
    name = BY_KEY[row["indicator"]].name if row["indicator"] in BY_KEY else row["indicator"]
    return f"{region} {name}"


def fan_chart(
    fan,
    out_dir: str | Path,
    *,
    title: str,
    threshold: float,
    unit: str = "亿元",
    name: str = "scenarios_fan",
    ncols: int = 2,
) -> list[Path]:
    """One small multiple per scenario: the 90 % band (scaled by the backtest errors when ``fan`` has
    ``b05``/``b95``, from :func:`analysis.models.scenarios.calibrated_fan`, labelled with its measured
    coverage; else the model's 5-95 %), the 25-75 % band, median, history, threshold.

    Parameters
    ----------
    fan : long frame from ``fan_data`` (one or more scenarios).
    threshold : the level of the goal, in ``unit`` (1万亿元 = 10000 亿元).
    """
    import math

    roles = palette("roles")
    groups = list(fan.groupby("scenario", sort=False))
    nrows = max(1, math.ceil(len(groups) / ncols))
    fig, axes = new_figure(title, unit=unit, nrows=nrows, ncols=ncols, figsize=(5 * ncols, 3.5 * nrows))
    flat = list(axes.flat) if hasattr(axes, "flat") else [axes]
    for ax, (scenario, g) in zip(flat, groups):
        observed, projection = g[g["kind"] == "observed"], g[g["kind"] == "projection"]
        if "b05" in projection.columns:  # the band scaled by the backtest errors, its measured coverage
            measured = projection.dropna(subset=["band_coverage"])
            cover = "/".join(f"{c:.2f}" for c in measured.sort_values("year")["band_coverage"].head(3))
            ax.fill_between(
                projection["year"],
                projection["b05"],
                projection["b95"],
                color=roles["projection"],
                alpha=0.2,
                lw=0,
                label=f"90%区间(按回测误差校准;1-3年实测覆盖率{cover})",
            )
        else:
            ax.fill_between(
                projection["year"],
                projection["q05"],
                projection["q95"],
                color=roles["projection"],
                alpha=0.2,
                lw=0,
                label="5-95%",
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
        ax.plot(projection["year"], projection["q50"], color=roles["projection"], label="模拟中位数")
        # one line per vintage: a census revision between two points is a break, not growth
        runs = (observed["vintage"] != observed["vintage"].shift()).cumsum()
        for i, (_, part) in enumerate(observed.groupby(runs, sort=False)):
            ax.plot(part["year"], part["value"], "o-", color=roles["observed"], ms=3, label="实际" if i == 0 else None)
        ax.axhline(threshold, color=roles["target"], lw=1, label="1万亿元")
        ax.set_title(_panel_title(g.iloc[0]), fontsize=10)
    for ax in flat[len(groups) :]:
        ax.set_visible(False)
    flat[0].legend(fontsize=8, loc="upper left")
    return save_figure(fig, name, out_dir, sources=fan[["source_title"]].drop_duplicates(), data=fan)
