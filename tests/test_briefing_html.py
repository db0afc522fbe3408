"""The HTML briefing as a file: no code, every figure embedded with its alt text, the CJK font cut to
the page's characters, nothing fetched from the network, dated with its data cut-off, the same bytes
for the same notebook."""

from __future__ import annotations

import base64
import io
import re

import pytest

from analysis import paths
from analysis.briefing import html
from analysis.series.provenance import retrieved_by

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page(publish):
    target = publish("liaoning", 2024, "2024-10-31")
    return target, target.read_text(encoding="utf-8")


def test_the_page_has_no_code_and_embeds_every_figure_with_alt_text(page):
    _, text = page
    assert "import " not in text and 'tags=["parameters"]' not in text and "output_dir" not in text
    assert "This notebook lays out the page" not in text  # the analyst's cell (remove-cell) is not the reader's
    images = re.findall(r"<img\b[^>]*>", text)
    # one image per captioned figure; an as-of page may leave out the fan (no goal to simulate)
    assert len(images) == len(re.findall(r"Figure \d+\.", text)) >= 5
    for tag in images:
        assert 'src="data:image/png;base64,' in tag
        alt = re.search(r'alt="([^"]*)"', tag)
        assert alt and len(alt.group(1)) > 10, tag[:200]
    assert html.external_references(text) == [] and "<script" not in text


def test_the_embedded_font_covers_every_chinese_character_of_the_page(page):
    from fontTools.ttLib import TTFont

    _, text = page
    match = re.search(r"url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)", text)
    assert match, "no embedded font"
    cmap = TTFont(io.BytesIO(base64.b64decode(match.group(1)))).getBestCmap()
    visible = re.sub(r"data:[^\"')\s]+", "", text)
    cjk = {c for c in visible if "\u4e00" <= c <= "\u9fff"}
    assert len(cjk) > 100 and not [c for c in cjk if ord(c) not in cmap]
    assert len(cmap) < 3000  # a subset, not the 30,000 glyphs of Noto Sans SC


def test_the_page_is_dated_under_its_title_and_states_its_data_cut_off(page):
    _, text = page
    assert re.search(r"</h1>\s*<p class=\"dateline\">Published \d{4}-\d{2}-\d{2}</p>", text)
    cutoff = max(str(retrieved_by(paths.RAW_PUBLIC)), "2026-11-25")  # the report text's own retrieval date
    assert f"Data cut-off:</strong> {cutoff}" in text
    assert "the year-to-date figures are those released by" in text


def test_the_export_is_deterministic_for_a_fixed_date(page, tmp_path, monkeypatch):
    target, _ = page
    executed = target.parent / "notebooks" / "90_briefing.ipynb"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: any day, the same bytes
    first = html.write_briefing(executed, tmp_path / "a.html").read_bytes()
    assert b"Published 2026-01-01" in first
    assert first == html.write_briefing(executed, tmp_path / "b.html").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        html.publication_date()


def test_external_references_finds_fetches_but_not_links():
    assert html.external_references('<a href="https://www.stats.gov.cn/">国家统计局</a>') == []
    for snippet in (
        '<script src="https://cdn.example/x.js"></script>',
        '<img src="http://x/y.png">',
        '<link rel="stylesheet" href="//cdn.example/a.css">',
        "a { background: url('https://x/y') }",
        '@import "https://x/y.css";',
    ):
        assert html.external_references(snippet), snippet


def test_figures_are_numbered_in_order_without_a_gap():
    from analysis.briefing.html import renumber_figures

    body = (
        "<p>see Figure 3</p><figure><figcaption>Figure 1. a</figcaption></figure>"
        "<figure><figcaption>Figure 3. b</figcaption></figure><figure><figcaption>Figure 5. c</figcaption></figure>"
    )
    assert renumber_figures(body) == (
        "<p>see Figure 2</p><figure><figcaption>Figure 1. a</figcaption></figure>"
        "<figure><figcaption>Figure 2. b</figcaption></figure><figure><figcaption>Figure 3. c</figcaption></figure>"
    )
