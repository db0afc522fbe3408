"""Charts of the odds: each target's odds with the range across methods, the reliability diagram of the
backtest, and the share of GDP targets met year by year.

Draws frames it is given (the tables of :mod:`analysis.models.feasibility.outputs`); knows nothing of
the models. Every chart has a title, a unit and a source line.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.figures._save import new_figure, save_figure
from analysis.figures._style import palette

SERIES_LABELS = {"region": "this region", "pool": "provinces (pooled)", "nation": "the nation (全国)"}
#: the pool's label by pool name
POOL_LABELS = {"provinces": "provinces and the nation (pooled)", "cities": "major cities (pooled)"}


def odds_chart(
    targets: pd.DataFrame, out_dir: str | Path, *, title: str, sources, name: str = "feasibility_odds"
) -> list[Path]:
    """Headline odds of each target with a number (dot), the range across the methods (bar), the
    base rate (ring) and, at the right, the call (which reads the odds through the backtest, so it is
    written out rather than shown as fixed cut-offs of the odds)."""
    roles = palette("roles")
    rows = targets[targets["p"].notna()].iloc[::-1]
    fig, ax = new_figure(title, "probability the target is met", figsize=(8, 0.45 * len(rows) + 1.6))
    y = range(len(rows))
    labels = [f"{i} {t}" for i, t in zip(rows["indicator"], rows["target"])]
    ax.hlines(
        y, rows["p_low"], rows["p_high"], color=roles["reference"], linewidth=3, alpha=0.5, label="range across methods"
    )
    ax.scatter(rows["base_rate"], y, facecolors="none", edgecolors=roles["observed"], s=40, label="base rate", zorder=3)
    ax.scatter(rows["p"], y, color=roles["target"], s=36, label="headline odds", zorder=4)
    ax.set_yticks(list(y), labels)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.5, len(rows) - 0.5)
    ax.set_ylabel("")
    ax.set_xlabel("probability the target is met")
    for yi, call in zip(y, rows["call"].fillna("")):
        ax.text(1.02, yi, call, transform=ax.get_yaxis_transform(), fontsize=8, va="center", color="#444444")
    # the legend between the title and the plot; the title keeps its own room above it
    height = fig.get_figheight()
    fig.subplots_adjust(top=1 - 0.85 / height)
    ax.legend(fontsize=8, loc="lower left", bbox_to_anchor=(0.0, 1.01), ncol=3, frameon=False)
    return save_figure(
        fig, name, out_dir, sources=sources, data=rows[["key", "target", "p", "p_low", "p_high", "base_rate", "call"]]
    )


def reliability_chart(
    calibration: pd.DataFrame, out_dir: str | Path, *, title: str, sources, name: str = "feasibility_reliability"
) -> list[Path]:
    """Mean forecast against the share met, one point per bin (size: cases), the diagonal and the
    ±0.05 band; bins with fewer than 30 cases hollow; bars: each bin's 90 % range of the share met by
    calibrated odds with the year shocks measured (its consistency band)."""
    roles = palette("roles")
    calibration = calibration[calibration["sample"] == "all years"]  # the table also has them without 2020-2022
    fig, ax = new_figure(title, "share of targets met", figsize=(6, 5))
    ax.plot([0, 1], [0, 1], color="black", linewidth=0.8, label="perfect calibration")
    ax.fill_between([0, 1], [-0.05, 0.95], [0.05, 1.05], color="#cccccc", alpha=0.4, label="±0.05")
    checked = calibration["checked"].astype(bool)
    ax.vlines(
        calibration.loc[checked, "mean_p"],
        calibration.loc[checked, "band_low"],
        calibration.loc[checked, "band_high"],
        color=roles["reference"],
        linewidth=2.5,
        alpha=0.6,
        label="90 % range of calibrated odds (year shocks)",
        zorder=2,
    )
    size = 20 + calibration["n"].astype(float) / 5
    ax.scatter(
        calibration.loc[checked, "mean_p"],
        calibration.loc[checked, "observed"],
        s=size[checked],
        color=roles["target"],
        label="bin with 30+ cases",
        zorder=3,
    )
    ax.scatter(
        calibration.loc[~checked, "mean_p"],
        calibration.loc[~checked, "observed"],
        s=size[~checked],
        facecolors="none",
        edgecolors=roles["target"],
        label="fewer cases",
        zorder=3,
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("mean forecast probability")
    ax.legend(fontsize=8, loc="upper left")
    return save_figure(fig, name, out_dir, sources=sources, data=calibration, same_for=title)


def record_chart(
    yearly: pd.DataFrame,
    out_dir: str | Path,
    *,
    title: str,
    sources,
    name: str = "track_record_gdp",
    pool: str = "provinces",
) -> list[Path]:
    """Share of GDP-growth targets met each year: the region (dots: met or missed), its pool (named by
    ``pool``) and the nation (hollow squares drawn over the dots, where the table has it)."""
    roles = palette("roles")
    fig, ax = new_figure(title, "share of GDP targets met")
    pooled = yearly[yearly["series"] == "pool"]
    ax.plot(pooled["year"], pooled["share"], color=roles["reference"], label=POOL_LABELS.get(pool, pool))
    region = yearly[yearly["series"] == "region"]
    ax.scatter(region["year"], region["share"], s=36, color=roles["target"], label=SERIES_LABELS["region"], zorder=4)
    nation = yearly[yearly["series"] == "nation"]
    if len(nation):
        ax.scatter(
            nation["year"],
            nation["share"],
            marker="s",
            s=70,
            facecolors="none",
            edgecolors=roles["observed"],
            linewidths=1.4,
            label=SERIES_LABELS["nation"],
            zorder=5,
        )
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("year of the target")
    ax.legend(fontsize=8, loc="lower left")
    return save_figure(fig, name, out_dir, sources=sources, data=yearly)
