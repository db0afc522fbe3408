"""Style file, palettes and the shipped CJK font (Noto Sans SC, SIL OFL 1.1)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pylopdf_fonts_zh_cn

STYLE_FILE = Path(__file__).with_name("house.mplstyle")

# Named palettes: what a colour means is the same on every chart.
PALETTES: dict[str, dict[str, str]] = {
    "roles": {
        "observed": "#1f3b73",  # outcomes, published series
        "target": "#c8102e",  # work-report targets
        "projection": "#e08a00",  # forecasts, scenarios, fans
        "reference": "#7f7f7f",  # national or comparison series
    },
    "sectors": {
        "primary": "#4c9a2a",
        "secondary": "#1f3b73",
        "tertiary": "#e08a00",
        "residual": "#bbbbbb",
    },
}


def palette(name: str) -> dict[str, str]:
    """The named palette (``roles`` or ``sectors``); ``KeyError`` naming the known ones otherwise."""
    try:
        return dict(PALETTES[name])
    except KeyError:
        raise KeyError(f"unknown palette {name!r}; known: {', '.join(PALETTES)}") from None


def font_path() -> Path:
    """Path of the shipped CJK font: Noto Sans SC Regular (SIL Open Font License 1.1).

    It comes from the ``pylopdf-fonts-zh-cn`` wheel, a declared dependency, so Chinese renders on
    machines with no CJK system font (figures here; the HTML briefing embeds a subset of it).
    """
    path = Path(pylopdf_fonts_zh_cn.__file__).with_name("NotoSansSC-Regular.otf")
    if not path.exists():
        raise FileNotFoundError(f"CJK font missing: {path} (reinstall pylopdf-fonts-zh-cn)")
    return path


@lru_cache(maxsize=1)
def register_font() -> str:
    """Register the project's CJK font (:func:`font_path`) with matplotlib once; return its family."""
    # matplotlib takes a second to import: the briefing imports this package for font_path alone
    from matplotlib import font_manager  # noqa: PLC0415

    path = font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def use_house_style() -> None:
    """Apply the house style and the CJK font to matplotlib's global settings (idempotent)."""
    # matplotlib takes a second to import: the briefing imports this package for font_path alone
    import matplotlib as mpl  # noqa: PLC0415
    import matplotlib.pyplot as plt  # noqa: PLC0415

    family = register_font()
    plt.style.use(STYLE_FILE)
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    mpl.rcParams["axes.prop_cycle"] = mpl.cycler(color=list(PALETTES["roles"].values()))
