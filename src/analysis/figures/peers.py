"""The region's targets beside its peers': a dot plot per indicator (draws frames; computes nothing)."""

from __future__ import annotations

from pathlib import Path

from analysis.figures._save import new_figure, save_figure
from analysis.figures._style import palette
from analysis.vocabulary import BY_KEY

#: the narrowest x axis of a panel, in percentage points
MIN_SPAN = 2.0


def peers_chart(
    peers,
    out_dir: str | Path,
    *,
    region: str,
    title: str,
    weighted: dict | None = None,
    name: str = "peers_targets",
    min_regions: int = 5,
) -> list[Path]:
    """One panel per indicator with targets of at least ``min_regions`` regions: every region's
    target as a dot (a range as a bar between its ends), ``region`` highlighted, the national target
    as a solid line and, on GDP, the GDP-weighted mean of the provinces' targets as a dashed line.

    Parameters
    ----------
    peers : frame of :func:`analysis.corpus.peers.peer_targets`.
    weighted : the dict of :func:`analysis.corpus.peers.weighted_mean` (or None).
    """
    roles = palette("roles")
    keys = [k for k, g in peers.groupby("key", sort=False) if g["region"].nunique() >= min_regions]
    # GDP growth, and the first of the other rates most reports set (CPI and unemployment targets are
    # nearly the same everywhere: they are in the table, not the chart)
    others = [
        k for k in ("budget_revenue_growth", "retail_sales_growth", "fai_growth", "industrial_va_growth") if k in keys
    ]
    keys = [k for k in ("gdp_real_growth",) if k in keys] + others[:1]
    if not keys:
        raise ValueError("no indicator has targets of enough regions for a peers chart")
    ncols = min(2, len(keys))
    nrows = (len(keys) + ncols - 1) // ncols
    height = max(peers[peers["key"] == k]["region"].nunique() for k in keys) * 0.22 + 1.2
    fig, axes = new_figure(title, "%", nrows=nrows, ncols=ncols, figsize=(6 * ncols, height * nrows))
    flat = list(axes.flat) if hasattr(axes, "flat") else [axes]
    for ax, key in zip(flat, keys):
        g = peers[(peers["key"] == key) & (peers["region"] != "china")].sort_values("value")
        ys = range(len(g))
        for y, (_, r) in zip(ys, g.iterrows()):
            own = r["region"] == region
            colour = roles["target"] if own else roles["reference"]
            if r["value_high"] == r["value_high"]:
                ax.plot([r["value"], r["value_high"]], [y, y], color=colour, lw=3 if own else 2, alpha=0.8)
            ax.plot(r["value"], y, "o", color=colour, ms=7 if own else 4)
        ax.set_yticks(list(ys), [str(n) for n in g["name"]], fontsize=7)
        for tick, (_, r) in zip(ax.get_yticklabels(), g.iterrows()):
            if r["region"] == region:
                tick.set_color(roles["target"])
                tick.set_fontweight("bold")
        national = peers[(peers["key"] == key) & (peers["region"] == "china")]
        if len(national):
            low, high = float(national["value"].iloc[0]), float(national["value_high"].iloc[0])
            ax.axvline(low, color=roles["observed"], lw=1, label="全国目标 national")
            if high == high and high != low:  # a national range (4.5-5%): both ends, the band between
                ax.axvline(high, color=roles["observed"], lw=1)
                ax.axvspan(low, high, color=roles["observed"], alpha=0.08, lw=0)
        if key == "gdp_real_growth" and weighted and weighted.get("mean") == weighted.get("mean"):
            ax.axvline(
                weighted["mean"],
                color=roles["observed"],
                lw=1,
                ls="--",
                label=f"各省目标GDP加权平均 {weighted['mean']:.2f}%",
            )
        values = peers.loc[peers["key"] == key, ["value", "value_high"]].stack()
        middle = (values.min() + values.max()) / 2
        if values.max() - values.min() < MIN_SPAN:  # targets all alike (CPI 3%): keep a readable scale
            ax.set_xlim(middle - MIN_SPAN / 2, middle + MIN_SPAN / 2)
        ax.set_title(BY_KEY[key].name, fontsize=10)
        ax.set_ylabel("")
        ax.set_xlabel("目标 target (%)")
        if len(national) or key == "gdp_real_growth":
            ax.legend(fontsize=7, loc="lower right")
    for ax in flat[len(keys) :]:
        ax.set_visible(False)
    inches = height * nrows  # margins in inches, not fractions: a tall grid keeps its title close
    fig.subplots_adjust(top=1 - 1.05 / inches, bottom=0.55 / inches, hspace=0.9 / height)
    n_reports = peers["report"].nunique()
    sources = [f"the {n_reports} work reports (政府工作报告) of the year in the corpus (Sources table)"]
    return save_figure(fig, name, out_dir, sources=sources, data=peers)
