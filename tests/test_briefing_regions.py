"""Briefings of other reports, end to end, read in headless Chromium as a reader sees them.

Liaoning 2026 (a province with last year's scorecard from its compiled targets), Jilin 2026 (a
province without level goals) and China 2025 (the national report): each publishes with exit 0,
shows a peers figure and a summary first, renders Chinese through the embedded font, and no visible
text holds a code key (an indicator key, a notebook name, ``output_dir``, a column name).
"""

from __future__ import annotations

import html as html_lib
import re
import subprocess
import sys

import pytest

from analysis import paths
from analysis.vocabulary import BY_KEY

pytestmark = pytest.mark.browser

REGIONS = [("liaoning", 2024), ("liaoning", 2026), ("jilin", 2026), ("china", 2025)]
#: words that are code, not prose: column names and labels a reader should never see
CODE_WORDS = ("output_dir", "p_meet", "p_low", "in_band", "nbs_post", "[headline]", "indicator hit rate")


@pytest.fixture(scope="module", params=REGIONS, ids=[f"{r}-{y}" for r, y in REGIONS])
def published(request, tmp_path_factory):
    region, year = request.param
    out = tmp_path_factory.mktemp(f"b_{region}")
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "briefing", "--region", region, "--year", str(year), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return region, year, out / "latest" / "briefing.html"


def visible_text(page: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r"<img\b[^>]*>", " ", body)
    text = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    return re.sub(r" ([,.:;)])", r"\1", text)  # a closing tag before punctuation leaves no space on the page


def test_briefing_publishes_with_summary_peers_and_no_code_keys(published):
    region, year, target = published
    page = target.read_text(encoding="utf-8")
    text = visible_text(page)
    assert "In brief" in text and text.index("In brief") < text.index("Headline")
    assert "Beside its peers" in text
    assert len(re.findall(r'<img\b[^>]*src="data:image/png;base64,', page)) >= 5
    keys = [k for k in BY_KEY if "_" in k and re.search(rf"(?<![A-Za-z_]){re.escape(k)}(?![A-Za-z_])", text)]
    assert not keys, keys
    notebooks = re.findall(r"\b\d\d_[a-z]+\b", text)
    assert not notebooks, notebooks
    assert not [w for w in CODE_WORDS if w in text]
    snake = re.findall(r"(?<![\w./:-])[a-z]+(?:_[a-z0-9]+)+(?![\w.])", text)  # any identifier_like_this
    assert not snake, sorted(set(snake))
    assert f"{region} {year}" not in text  # the region by its name, not its key
    assert "Growth in money terms" in text and "Figure 2." in text
    assert re.search(r"Sources: \[\d+\]", text)  # the figures cite the Sources table by number
    if region in ("liaoning", "jilin"):  # the northeast side by side
        assert "The northeast side by side" in text and "黑龙江" in text
    else:
        assert "The northeast side by side" not in text
    if region == "china":
        assert f"Scorecard of {year - 1}" in text  # the 2024 national targets against the 2025 report's review
    if (region, year) == ("liaoning", 2026):
        assert f"Scorecard of {year - 1}" in text and "3.7" in text  # 2025 GDP as the 2026 report states it
    if (region, year) == ("liaoning", 2024):  # the in-year arithmetic and the falling deflator of 2024
        assert "the rest of the year must grow 7.0%" in text
        assert "In 2024 real GDP grew 5.1%, the GDP deflator (nominal over real GDP) fell 1.4%" in text
        assert "Since the report: GDP grew 5.1% in 2024 against the target of 5.5 % 左右: missed" in text
        assert "Prices falling: the GDP deflator fell 1.4% in 2024" in text
        assert text.index("Prices falling") < text.index("Beside its peers")  # in the summary, first
        assert (
            "4个万亿级产业基地" in text and "counts 万亿级 industries" in text
        )  # listed, with why it is not evaluated
    if (region, year) == ("jilin", 2026):
        assert "The report sets no level goal" in text


def test_chromium_renders_the_page_with_the_embedded_cjk_font(published, tmp_path):
    import numpy as np
    from PIL import Image
    from test_briefing_browser import PROBE, _chromium

    from analysis.briefing import html

    region, year, target = published
    probe = tmp_path / "probe.html"
    probe.write_text(
        target.read_text(encoding="utf-8").replace("</body>", PROBE % html.FONT_FAMILY + "</body>", 1), encoding="utf-8"
    )
    dom = _chromium(
        "--window-size=1200,2000", "--virtual-time-budget=10000", "--dump-dom", probe.as_uri(), tmp_path=tmp_path
    ).stdout
    images = re.search(r'data-images="([^"]*)"', dom)
    assert images and "false" not in images.group(1)
    assert 'data-cjk-font="true"' in dom
    overflow = re.search(r'data-overflow="(-?\d+)"', dom)
    assert overflow and int(overflow.group(1)) <= 0, "the page is wider than the window: a line is cut off"
    shot = tmp_path / f"{region}_{year}.png"
    _chromium(
        f"--screenshot={shot}",
        "--window-size=1200,2000",
        "--virtual-time-budget=10000",
        target.as_uri(),
        tmp_path=tmp_path,
    )
    pixels = np.asarray(Image.open(shot).convert("L"), dtype=float)
    assert pixels.std() > 20 and (pixels[:400] < 128).mean() > 0.005
