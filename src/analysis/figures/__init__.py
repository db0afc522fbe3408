"""House-style figures: one style file, named palettes, the shipped CJK font, deterministic files.

Usage
-----
>>> from analysis import figures
>>> fig, ax = figures.new_figure("辽宁地区生产总值增长", unit="%")     # doctest: +SKIP
>>> figures.save_figure(fig, "gdp_growth", out_dir, sources=frame)   # doctest: +SKIP

``figures`` draws frames it is given; it knows nothing of models or the runner.
"""

from analysis.figures._save import (  # noqa: F401
    FORMATS_VARIABLE,
    figure_formats,
    new_figure,
    save_figure,
    source_line,
    wrap_line,
)
from analysis.figures._style import (  # noqa: F401
    PALETTES,
    font_path,
    palette,
    register_font,
    use_house_style,
)
