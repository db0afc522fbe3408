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

REGIONS = [("liaoning", 2026), ("jilin", 2026), ("china", 2025)]
#: words that are code, not prose: column names and labels a reader should never see
CODE_WORDS = ("output_dir", "p_meet", "p_low", "in_band", "nbs_post", "[headline]", "indicator hit rate")


@pytest.fixture(scope="module", params=REGIONS, ids=[f"{r}-{y}" for r, y in REGIONS])
def published(request, tmp_path_factory):
    region, year = request.param
    out = tmp_path_factory.mktemp(f"b_{region}")
    done = subprocess.run([sys.executable, "-m", "analysis", "briefing", "--region", region, "--year", str(year),
                           "--out", str(out)], capture_output=True, text=True, cwd=paths.ROOT, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return region, year, out / "latest" / "briefing.html"


def visible_text(page: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r"<img\b[^>]*>", " ", body)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))


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
    if region == "china":
        assert f"Scorecard of {year - 1}" in text  # the 2024 national targets against the 2025 report's review
    if region == "liaoning":
        assert f"Scorecard of {year - 1}" in text and "3.7" in text  # 2025 GDP as the 2026 report states it


def test_chromium_renders_the_page_with_the_embedded_cjk_font(published, tmp_path):
    import numpy as np
    from PIL import Image

    from test_briefing_browser import PROBE, _chromium
    from analysis.briefing import html

    region, year, target = published
    probe = tmp_path / "probe.html"
    probe.write_text(target.read_text(encoding="utf-8").replace("</body>", PROBE % html.FONT_FAMILY + "</body>", 1),
                     encoding="utf-8")
    dom = _chromium("--virtual-time-budget=10000", "--dump-dom", probe.as_uri(), tmp_path=tmp_path).stdout
    images = re.search(r'data-images="([^"]*)"', dom)
    assert images and "false" not in images.group(1)
    assert 'data-cjk-font="true"' in dom
    shot = tmp_path / f"{region}_{year}.png"
    _chromium(f"--screenshot={shot}", "--window-size=1200,2000", "--virtual-time-budget=10000", target.as_uri(),
              tmp_path=tmp_path)
    pixels = np.asarray(Image.open(shot).convert("L"), dtype=float)
    assert pixels.std() > 20 and (pixels[:400] < 128).mean() > 0.005
