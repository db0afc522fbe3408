"""House-style figures: deterministic files, the shipped CJK font, source line, title and unit.

The charts here draw small index ranges (0, 1, 2, ...), not statistics: what is tested is the
drawing machinery, not any number.
"""

from __future__ import annotations

import hashlib
import warnings

import pandas as pd
import pytest

from analysis import figures

CJK_TITLE = "辽宁地区生产总值增长"


def _draw(out_dir, name="chart", title=CJK_TITLE, sources=None):
    fig, ax = figures.new_figure(title, unit="%")
    roles = figures.palette("roles")
    ax.plot([2020, 2021, 2022], [0, 1, 2], color=roles["observed"], label="实际")
    ax.axhline(1, color=roles["target"], linestyle="--", label="目标")
    ax.legend()
    if sources is None:
        sources = pd.DataFrame({"source_title": ["辽宁省统计公报"], "vintage": ["communique 2023-03"]})
    data = pd.DataFrame({"year": [2020, 2021, 2022], "value": [0.0, 1.0, 2.0]})
    return figures.save_figure(fig, name, out_dir, sources=sources, data=data)


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_png_svg_csv_are_byte_identical_across_two_saves(tmp_path):
    first = _draw(tmp_path / "a")
    second = _draw(tmp_path / "b")
    assert [p.suffix for p in first] == [".png", ".svg", ".csv"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two saves"


def test_saved_files_carry_no_dates_or_versions(tmp_path):
    import matplotlib

    png, svg, _ = _draw(tmp_path)
    text = svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in text
    assert matplotlib.__version__ not in text
    assert b"matplotlib version" not in png.read_bytes()
    assert b"Software" not in png.read_bytes()


def test_a_different_picture_gives_different_bytes(tmp_path):
    # guards the identity test above: identical bytes must mean an identical picture
    a = _draw(tmp_path / "a", title=CJK_TITLE)
    b = _draw(tmp_path / "b", title=CJK_TITLE + "（修订）")
    assert _digest(a[0]) != _digest(b[0])
    assert _digest(a[1]) != _digest(b[1])


def test_chinese_title_renders_without_glyph_warning(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a "Glyph ... missing" UserWarning becomes an error
        png, svg, _ = _draw(tmp_path)
    assert png.stat().st_size > 0 and svg.stat().st_size > 0


def test_without_the_shipped_font_a_cjk_glyph_warning_occurs():
    """The glyph test above can fail: with only DejaVu Sans, Chinese glyphs are missing."""
    import io

    import matplotlib as mpl
    import matplotlib.pyplot as plt

    with mpl.rc_context({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title(CJK_TITLE)
        with pytest.warns(UserWarning, match=r"Glyph \d+ .* missing from font"):
            fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)


def test_register_font_returns_the_shipped_cjk_family():
    from matplotlib import font_manager

    family = figures.register_font()
    assert "Noto Sans" in family
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert path.endswith("NotoSansSC-Regular.otf")


def test_source_line_built_from_source_title_and_vintage():
    frame = pd.DataFrame(
        {
            "source_title": ["辽宁省2023年国民经济和社会发展统计公报", "国家数据", "国家数据"],
            "vintage": ["communique 2024-03 (preliminary)", "NBS database", "NBS database"],
        }
    )
    line = figures.source_line(frame)
    assert line == (
        "Source: 国家数据 [NBS database]; 辽宁省2023年国民经济和社会发展统计公报 [communique 2024-03 (preliminary)]"
    )


def test_source_line_counts_sources_beyond_three():
    line = figures.source_line([f"source {i}" for i in range(5)])
    assert line.endswith("; and 2 more (all listed in the Sources table)")
    assert line.count("source ") == 3


@pytest.mark.parametrize("sources", [pd.DataFrame({"title": ["x"]}), [], ["", "nan"]])
def test_a_figure_without_provenance_is_refused(sources):
    with pytest.raises(ValueError):
        figures.source_line(sources)


def test_source_line_is_drawn_on_the_saved_figure(tmp_path, monkeypatch):
    # the SVG keeps text as paths, so look at the figure's text artists when it is closed
    import matplotlib.pyplot as plt

    fig, ax = figures.new_figure("标题", unit="亿元")
    ax.plot([0, 1], [0, 1])
    captured = {}
    original = plt.close

    def spy(figure=None):
        captured["texts"] = [t.get_text() for t in figure.texts]
        original(figure)

    monkeypatch.setattr(plt, "close", spy)
    figures.save_figure(fig, "x", tmp_path, sources=["辽宁省统计局"])
    assert "Source: 辽宁省统计局" in captured["texts"]


@pytest.mark.parametrize("title, unit", [("", "%"), ("标题", ""), (None, "%")])
def test_every_chart_needs_title_and_unit(title, unit):
    with pytest.raises(ValueError, match="title and a unit"):
        figures.new_figure(title, unit=unit)


def test_new_figure_sets_title_and_unit_on_every_axis():
    import matplotlib.pyplot as plt

    fig, axes = figures.new_figure("分行业", unit="百分点", nrows=1, ncols=2)
    try:
        assert fig._suptitle.get_text() == "分行业"
        assert [ax.get_ylabel() for ax in axes.flat] == ["百分点", "百分点"]
    finally:
        plt.close(fig)


def test_palettes_are_named_by_role():
    roles = figures.palette("roles")
    assert set(roles) == {"observed", "target", "projection", "reference"}
    assert len(set(roles.values())) == 4
    assert set(figures.palette("sectors")) == {"primary", "secondary", "tertiary", "residual"}
    with pytest.raises(KeyError, match="known: roles, sectors"):
        figures.palette("rainbow")


def test_save_figure_closes_the_figure(tmp_path):
    import matplotlib.pyplot as plt

    before = len(plt.get_fignums())
    _draw(tmp_path)
    assert len(plt.get_fignums()) == before


def test_a_failed_save_leaves_the_previous_files_and_no_temporary_file(tmp_path):
    import matplotlib.pyplot as plt

    _draw(tmp_path)
    before = {p.name: _digest(p) for p in tmp_path.iterdir()}
    fig, ax = figures.new_figure(CJK_TITLE, unit="%")
    ax.plot([0, 1], [1, 0])

    def broken_savefig(path, **kwargs):
        with open(path, "wb") as handle:  # half a file, then the failure
            handle.write(b"\x89PNG partial")
        raise RuntimeError("disk full")

    fig.savefig = broken_savefig
    with pytest.raises(RuntimeError, match="disk full"):
        figures.save_figure(fig, "chart", tmp_path, sources=["测试"])
    assert {p.name: _digest(p) for p in tmp_path.iterdir()} == before
    assert fig.number not in plt.get_fignums()


def test_a_long_source_line_is_wrapped_inside_the_figure(tmp_path, monkeypatch):
    """Every line of a long mixed Latin/CJK source line, as the renderer measures it, fits the figure."""
    import matplotlib.pyplot as plt

    titles = [f"辽宁省{2000 + i}年国民经济和社会发展统计公报 (Liaoning statistical communique {i})" for i in range(3)]
    fig, ax = figures.new_figure("标题", unit="%", figsize=(6, 3))
    ax.plot([0, 1], [0, 1])
    captured = {}
    original = plt.close

    def spy(figure=None):
        renderer = figure.canvas.get_renderer()
        source = next(t for t in figure.texts if t.get_text().startswith("Source:"))
        captured["lines"] = source.get_text().split("\n")
        captured["widths"] = []
        for line in captured["lines"]:
            probe = figure.text(0, 0, line, fontsize=source.get_fontsize())
            captured["widths"].append(probe.get_window_extent(renderer).width)
        captured["figure"] = figure.bbox.width
        original(figure)

    monkeypatch.setattr(plt, "close", spy)
    figures.save_figure(fig, "x", tmp_path, sources=titles, formats=("png",))
    assert len(captured["lines"]) >= 3
    assert max(captured["widths"]) <= captured["figure"] * 0.99
    assert min(captured["widths"]) > 0
    assert " ".join(captured["lines"]).replace(" ", "") == figures.source_line(titles).replace(" ", "")


def test_wrap_line_breaks_a_cjk_run_wider_than_the_line():
    text = "统" * 50
    lines = figures.wrap_line(text, width_points=200, fontsize=10).split("\n")
    assert [len(line) for line in lines] == [20, 20, 10]
    assert figures.wrap_line("short", width_points=200, fontsize=10) == "short"


def test_figure_formats_come_from_the_variable_and_a_bad_one_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(figures.FORMATS_VARIABLE, "png")
    assert [p.suffix for p in _draw(tmp_path / "png")] == [".png", ".csv"]
    monkeypatch.setenv(figures.FORMATS_VARIABLE, "png, jpeg")
    with pytest.raises(ValueError, match="ANALYSIS_FIGURE_FORMATS='png, jpeg'"):
        figures.figure_formats()
    monkeypatch.delenv(figures.FORMATS_VARIABLE)
    assert figures.figure_formats() == ("png", "svg")


def test_a_figure_declared_the_same_is_drawn_once_and_written_with_the_same_bytes(tmp_path, monkeypatch):
    """``same_for``: a second save with equal name, key, source line and data writes the first bytes
    without drawing; other data are drawn afresh."""
    from matplotlib.figure import Figure

    drawn = []
    real = Figure.savefig
    monkeypatch.setattr(Figure, "savefig", lambda self, *a, **k: (drawn.append(1), real(self, *a, **k))[1])
    sources = ["辽宁省统计公报"]

    def chart(out, values):
        fig, ax = figures.new_figure(CJK_TITLE, unit="%")
        ax.plot([2020, 2021, 2022], values)
        data = pd.DataFrame({"year": [2020, 2021, 2022], "value": values})
        return figures.save_figure(fig, "same", out, sources=sources, data=data, same_for="test " + CJK_TITLE)

    first = chart(tmp_path / "a", [0.0, 1.0, 2.0])
    assert len(drawn) == 2  # PNG and SVG
    second = chart(tmp_path / "b", [0.0, 1.0, 2.0])
    assert len(drawn) == 2, "the same figure was drawn again"
    assert [_digest(p) for p in first] == [_digest(p) for p in second]
    third = chart(tmp_path / "c", [0.0, 1.0, 3.0])
    assert len(drawn) == 4
    assert _digest(third[0]) != _digest(first[0])


def test_the_odds_figure_writes_each_call_beside_its_target(tmp_path, monkeypatch):
    """The calls read the odds through the backtest, so the figure names each call rather than drawing
    cut-offs of the odds (a 30 % target may be a toss-up)."""
    from analysis.figures.odds import odds_chart

    monkeypatch.setenv("ANALYSIS_FIGURE_FORMATS", "png")

    targets = pd.DataFrame(
        {
            "key": ["gdp_real_growth", "urban_new_jobs"],
            "indicator": ["地区生产总值增长", "城镇新增就业"],
            "target": ["5%左右", "45万人"],
            "p": [0.30, 0.97],
            "p_low": [0.2, 0.9],
            "p_high": [0.5, 0.99],
            "base_rate": [0.6, 0.95],
            "call": ["toss-up", "likely"],
        }
    )
    odds_chart(targets, tmp_path, title="test: odds", sources=["a source"])
    data = pd.read_csv(tmp_path / "feasibility_odds.csv")
    assert dict(zip(data["key"], data["call"])) == {"gdp_real_growth": "toss-up", "urban_new_jobs": "likely"}
