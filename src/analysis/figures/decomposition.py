"""Charts of growth decompositions: stacked sector contributions, one year's waterfall, the growth gap.

Each function draws a long frame as :func:`analysis.models.decomposition.run` returns it (columns
year, component, value_pp, role, vintage) and saves it with :func:`analysis.figures.save_figure`; it
computes nothing but the drawing positions. The plotted numbers are the declared tables the notebook
writes (``decomposition_sectors``, ``decomposition_gap``), so no figure writes a data CSV of its own.
A frame without rows draws nothing and returns an empty list.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from analysis.figures._save import new_figure, save_figure
from analysis.figures._style import palette
from analysis.series.vintages import describe_vintage

#: The components as the charts name them.
LABELS = {
    "primary": "第一产业",
    "secondary": "第二产业",
    "tertiary": "第三产业",
    "residual": "余项 (residual)",
    "total": "GDP增长",
    "mix": "产业结构 (mix)",
    "within": "产业内增长 (within)",
    "gap": "增长差距",
}


def _stacked(ax, table, columns, colours, hatches=None):
    """Bars stacked upwards for positive and downwards for negative values."""
    up = np.zeros(len(table))
    down = np.zeros(len(table))
    for column in columns:
        values = table[column].fillna(0.0).to_numpy() if column in table else np.zeros(len(table))
        bottom = np.where(values >= 0, up, down)
        ax.bar(
            table.index,
            values,
            bottom=bottom,
            color=colours[column],
            label=LABELS[column],
            width=0.7,
            hatch=(hatches or {}).get(column),
            edgecolor="white" if not hatches else "#555555",
            linewidth=0.3,
        )
        up = up + np.where(values >= 0, values, 0)
        down = down + np.where(values < 0, values, 0)


def _by_year(frame):
    """``value_pp`` by year and component, every year from first to last (a missing year is NaN)."""
    table = frame.pivot_table(index="year", columns="component", values="value_pp", aggfunc="first")
    return table.reindex(range(int(table.index.min()), int(table.index.max()) + 1))


def _vintage_breaks(ax, frame):
    """Dotted lines where the vintage class changes, labelled with the class after the break, in words."""
    per_year = frame.drop_duplicates("year")[["year", "vintage"]].sort_values("year")
    previous = None
    for year, vintage in zip(per_year["year"], per_year["vintage"]):
        if vintage != previous:
            ax.axvline(year - 0.5, color="#999999", linestyle=":", linewidth=0.8)
            ax.text(
                year - 0.4,
                0.98,
                describe_vintage(str(vintage)),
                transform=ax.get_xaxis_transform(),
                fontsize=6,
                color="#555555",
                va="top",
                rotation=90,
            )
        previous = vintage


def sectors_chart(frame, out_dir: str | Path, *, title: str, sources, name: str = "decomposition_sectors"):
    """Stacked sector contributions (pp) with the residual and the published growth line."""
    if frame.empty:
        return []
    table = _by_year(frame)
    fig, ax = new_figure(title, unit="百分点 / %", figsize=(9, 4.8))
    _stacked(ax, table, ["primary", "secondary", "tertiary", "residual"], palette("sectors"), {"residual": "///"})
    ax.plot(table.index, table["total"], color="#222222", marker="o", markersize=3, linewidth=1.2, label="GDP增长 (%)")
    ax.axhline(0, color="#444444", linewidth=0.6)
    _vintage_breaks(ax, frame)
    ax.legend(fontsize=8, ncol=5, loc="lower left", bbox_to_anchor=(0.0, 1.01), frameon=False)
    return save_figure(fig, name, out_dir, sources=sources)


def waterfall_chart(
    frame, year: int, out_dir: str | Path, *, title: str, sources, name: str = "decomposition_waterfall"
):
    """One year's contributions as a waterfall from 0 to the published growth (rows of the sector table)."""
    part = frame[frame["year"] == year].set_index("component")
    if part.empty:
        return []
    colours = palette("sectors")
    steps = ["primary", "secondary", "tertiary", "residual"]
    fig, ax = new_figure(title, unit="百分点 / %", figsize=(6.5, 4.2))
    level = 0.0
    for i, step in enumerate(steps):
        value = float(part.loc[step, "value_pp"])
        ax.bar(i, value, bottom=level, color=colours[step], width=0.6, hatch="///" if step == "residual" else None)
        ax.text(
            i,
            level + value + (0.05 if value >= 0 else -0.05),
            f"{value:+.2f}",
            ha="center",
            va="bottom" if value >= 0 else "top",
            fontsize=8,
        )
        level += value
    total = float(part.loc["total", "value_pp"])
    ax.bar(len(steps), total, color="#222222", width=0.6)
    ax.text(len(steps), total + 0.05, f"{total:.1f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(len(steps) + 1), [LABELS[s] for s in [*steps, "total"]])
    ax.axhline(0, color="#444444", linewidth=0.6)
    return save_figure(fig, name, out_dir, sources=sources)


def gap_chart(frame, out_dir: str | Path, *, title: str, sources, name: str = "decomposition_gap"):
    """Shift-share: industry mix and within-sector performance stacked, the published gap as a line."""
    if frame.empty:
        return []
    roles = palette("roles")
    colours = {"mix": roles["target"], "within": roles["observed"], "residual": palette("sectors")["residual"]}
    table = _by_year(frame)
    fig, ax = new_figure(title, unit="百分点", figsize=(9, 4.5))
    _stacked(ax, table, ["mix", "within", "residual"], colours, hatches={"residual": "///"})
    ax.plot(table.index, table["gap"], color="#222222", marker="o", markersize=3, linewidth=1.2, label=LABELS["gap"])
    ax.axhline(0, color="#444444", linewidth=0.6)
    _vintage_breaks(ax, frame)
    ax.legend(fontsize=8, ncol=4, loc="lower left", bbox_to_anchor=(0.0, 1.01), frameon=False)
    return save_figure(fig, name, out_dir, sources=sources)
