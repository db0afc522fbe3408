"""Charts of the feasibility area: the track record of misses and the probability of each target.

Draws frames it is given (from :mod:`analysis.models.feasibility.pipeline`); knows nothing of the
models. Every chart has a title, a unit and a source line (via :func:`analysis.figures.save_figure`).
"""

from __future__ import annotations

from pathlib import Path

from analysis.figures._save import new_figure, save_figure
from analysis.figures._style import palette

PANEL_LABELS = {"liaoning": "辽宁 Liaoning", "national": "全国 national", "provinces": "各省 provinces"}


def misses_chart(
    pairs, out_dir: str | Path, *, title: str, sources, key: str = "gdp_real_growth", name: str = "track_record_misses"
) -> list[Path]:
    """Outcome minus target (percentage points) by year, one colour per panel.

    Hollow markers: Liaoning's data-revision years 2011-2017; crosses: outcomes from the NBS index
    (revised vintage) where no first release was found. The zero line is the target.
    """
    roles = palette("roles")
    colours = {"liaoning": roles["target"], "national": roles["observed"], "provinces": roles["reference"]}
    data = pairs[(pairs["key"] == key) & pairs["miss"].notna()].copy()
    fig, ax = new_figure(title, "百分点 (outcome − target)")
    for panel in ("provinces", "national", "liaoning"):
        part = data[data["panel"] == panel]
        if part.empty:
            continue
        first = part[part["outcome_basis"] == "first_release"]
        index = part[part["outcome_basis"] == "nbs_index"]
        revised = first["revision_period"].astype(bool)
        ax.scatter(
            first.loc[~revised, "year"],
            first.loc[~revised, "miss"],
            s=22,
            color=colours[panel],
            label=f"{PANEL_LABELS[panel]} (first release)",
            zorder=3,
        )
        if revised.any():
            ax.scatter(
                first.loc[revised, "year"],
                first.loc[revised, "miss"],
                s=30,
                facecolors="none",
                edgecolors=colours[panel],
                label=f"{PANEL_LABELS[panel]} 2011-2017 revision years",
                zorder=3,
            )
        if len(index):
            ax.scatter(
                index["year"],
                index["miss"],
                s=18,
                marker="x",
                color=colours[panel],
                alpha=0.7,
                label=f"{PANEL_LABELS[panel]} (NBS index, revised)",
                zorder=2,
            )
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xlabel("year of the target")
    ax.legend(fontsize=7, loc="lower left", ncol=2)
    plotted = data[
        ["panel", "region", "year", "target", "qualifier", "outcome", "outcome_basis", "miss", "met", "revision_period"]
    ]
    return save_figure(fig, name, out_dir, sources=sources, data=plotted)


def probabilities_chart(
    table, out_dir: str | Path, *, title: str, sources, name: str = "feasibility_probabilities"
) -> list[Path]:
    """P(target met) with its interval for each target with a number; the outcome marked where known."""
    roles = palette("roles")
    data = table[table["p_meet"].notna()].reset_index(drop=True)
    labels = [
        f"{ind} {t:g}{u} {q}".strip()
        for ind, t, u, q in zip(data["indicator"], data["target"], data["unit"], data["qualifier"])
    ]
    ypos = list(range(len(data)))[::-1]
    fig, ax = new_figure(title, "概率 probability (0-1)")
    ax.set_ylabel("")  # the unit goes on the probability (x) axis
    ax.hlines(
        ypos,
        data["p_low"],
        data["p_high"],
        color=roles["projection"],
        linewidth=3,
        alpha=0.5,
        label="90% 区间 interval",
    )
    ax.scatter(data["p_meet"], ypos, color=roles["projection"], zorder=3, label="P(met)")
    for y, met in zip(ypos, data["met"]):
        if met == met:  # outcome known
            ax.text(
                1.02,
                y,
                "met" if met == 1 else "missed",
                va="center",
                fontsize=8,
                color=roles["observed"] if met == 1 else roles["target"],
                transform=ax.get_yaxis_transform(),
            )
    ax.set_yticks(ypos)
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("概率 probability that the target is met (0-1)")
    ax.axvline(0.5, color=roles["reference"], linewidth=0.6, linestyle=":")
    ax.legend(fontsize=7, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, frameon=False)
    plotted = data[
        ["key", "indicator", "target", "qualifier", "unit", "p_meet", "p_low", "p_high", "method", "outcome", "met"]
    ]
    return save_figure(fig, name, out_dir, sources=sources, data=plotted)
