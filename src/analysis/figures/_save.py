"""New figures with title and unit, a source line from provenance, deterministic PNG + SVG."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from analysis.figures._style import use_house_style
from analysis.series.vintages import describe_vintage
from analysis.tables import atomic_path, write_table

# Metadata that would change between runs is removed, so a byte diff means the picture changed.
_PNG_METADATA = {"Software": None}
_SVG_METADATA = {"Date": None, "Creator": None}
#: The variable naming the formats figures are saved in when a call names none (comma-separated).
FORMATS_VARIABLE = "ANALYSIS_FIGURE_FORMATS"
DEFAULT_FORMATS = ("png", "svg")
KNOWN_FORMATS = ("png", "svg", "pdf")


def figure_formats() -> tuple[str, ...]:
    """The formats a figure is saved in: ``ANALYSIS_FIGURE_FORMATS`` (for example ``png``; the batch
    of every province sets it, as its pages embed the PNG alone), else PNG and SVG."""
    text = os.environ.get(FORMATS_VARIABLE, "").strip()
    if not text:
        return DEFAULT_FORMATS
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in KNOWN_FORMATS]
    if unknown or not formats:
        raise ValueError(f"{FORMATS_VARIABLE}={text!r}: formats must be among {', '.join(KNOWN_FORMATS)}")
    return formats


def new_figure(title: str, unit: str, *, nrows: int = 1, ncols: int = 1, figsize=None):
    """A house-style figure with ``title`` and the y unit on the (first) axis.

    Parameters
    ----------
    title : chart title (Chinese is fine: the shipped font is registered).
    unit : unit of the y axis, as the statistics write it (%, 亿元, 百分点, 上年=100).
    """
    # matplotlib takes a second to import: the briefing imports this package for font_path alone
    import matplotlib.pyplot as plt  # noqa: PLC0415

    if not title or not unit:
        raise ValueError("every chart needs a title and a unit")
    use_house_style()
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False)
    fig.suptitle(title, x=0.01, ha="left", fontsize=13)
    for ax in axes.flat:
        ax.set_ylabel(unit)
    return fig, (axes[0, 0] if axes.size == 1 else axes)


def source_line(sources) -> str:
    """'Source: ...' built from provenance: a frame with ``source_title`` (and ``vintage``) or strings."""
    titles: list[str] = []
    if hasattr(sources, "columns"):
        cols = [c for c in ("source_title", "vintage") if c in sources.columns]
        if "source_title" not in cols:
            raise ValueError("source frame has no 'source_title' column")
        for _, row in sources[cols].drop_duplicates().iterrows():
            text = str(row["source_title"])
            if "vintage" in cols and isinstance(row["vintage"], str):
                text += f" [{describe_vintage(row['vintage'])}]"
            titles.append(text)
    else:
        titles = [str(s) for s in sources]
    unique = sorted(dict.fromkeys(t for t in titles if t and t != "nan"))
    if not unique:
        raise ValueError("a figure needs at least one source")
    shown = unique[:3]
    more = f"; and {len(unique) - 3} more (all listed in the Sources table)" if len(unique) > 3 else ""
    return "Source: " + "; ".join(shown) + more  # whole titles: a source is never cut off


def _em(char: str) -> float:
    """Width of ``char`` in ems, on the safe side: a full em for CJK, 0.62 for the rest."""
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.62


def wrap_line(text: str, width_points: float, fontsize: float) -> str:
    """``text`` broken into lines no wider than ``width_points`` at ``fontsize``, at spaces where it
    can and inside a run of CJK characters where it must.

    Widths are estimated per character (:func:`_em`, generous for Latin letters), not measured by
    the renderer: measuring each candidate line, as matplotlib's ``wrap=True`` does, costs seconds
    per figure with the CJK font. The estimate errs wide, so a line is never cut at the edge.
    """
    limit = width_points / fontsize  # in ems
    lines: list[str] = []
    line, used = "", 0.0
    for word in re.split(r"(\s+)", text):
        if not word:
            continue
        width = sum(_em(c) for c in word)
        if word.isspace():
            if line:
                line, used = line + " ", used + _em(" ")
            continue
        if used + width <= limit:
            line, used = line + word, used + width
            continue
        if line.strip():
            lines.append(line.rstrip())
            line, used = "", 0.0
        for char in word:  # a word wider than the line is broken where it must be
            if used + _em(char) > limit and line:
                lines.append(line)
                line, used = "", 0.0
            line, used = line + char, used + _em(char)
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


#: Bytes of the figures saved in this process with ``same_for`` (see :func:`save_figure`), by key.
_SAVED: dict[str, dict[str, bytes]] = {}


def save_figure(
    fig,
    name: str,
    out_dir: str | Path,
    *,
    sources,
    data=None,
    formats: Iterable[str] | None = None,
    same_for: str | None = None,
) -> list[Path]:
    """Add the source line and save ``name`` in each of ``formats`` (default :func:`figure_formats`:
    PNG and SVG), and the plotted ``data`` as CSV.

    ``same_for``: the caller's word that the picture is a function of ``name``, ``same_for`` (its
    title, say), the source line, ``data`` and the figure size alone. A figure saved earlier in the
    process with all of these equal is written again from its bytes, without drawing (a chart that
    is the same for every region of a batch is drawn once per kernel).

    Files are byte-identical across runs for the same figure (no dates or versions embedded), and
    each is written to a temporary file and renamed (:func:`analysis.tables.atomic_path`), so a
    failed save leaves the previous file intact. Returns the written paths. The figure is closed
    afterwards, also when saving fails.
    """
    # matplotlib takes a second to import: the briefing imports this package for font_path alone
    import matplotlib.pyplot as plt  # noqa: PLC0415

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        size = 8.5
        line = wrap_line(source_line(sources), fig.get_figwidth() * 72 * 0.97, size)
        key = _same_key(fig, name, same_for, line, data) if same_for is not None else None
        saved = _SAVED.setdefault(key, {}) if key is not None else {}
        fig.text(0.01, -0.02, line, fontsize=size, color="#444444", ha="left", va="top")
        for fmt in figure_formats() if formats is None else formats:
            path = out / f"{name}.{fmt}"
            meta = _PNG_METADATA if fmt == "png" else _SVG_METADATA if fmt == "svg" else None
            with atomic_path(path) as tmp:
                if fmt in saved:
                    tmp.write_bytes(saved[fmt])
                else:
                    fig.savefig(tmp, format=fmt, metadata=meta)
                    if key is not None:
                        saved[fmt] = tmp.read_bytes()
            written.append(path)
        if data is not None:
            written.append(write_table(data, out, f"{name}.csv"))
    finally:
        plt.close(fig)
    return written


def _same_key(fig, name: str, same_for: str, line: str, data) -> str:
    digest = hashlib.sha256("\x1f".join([name, same_for, line, repr(tuple(fig.get_size_inches()))]).encode())
    if data is not None:
        digest.update(data.to_csv(index=False).encode("utf-8"))
    return digest.hexdigest()
