"""Briefings of several reports, end to end, read as a desk reads them and in headless Chromium.

Liaoning 2024 (as of 2024-10-31: the in-year arithmetic), Guangdong 2026 (a range target, no level
goal), China 2025 (as of 2025-10-31; the national report: the budget package, no peers' mean) and Shenyang 2024 (a city:
its peers are the cities): each publishes with exit 0 and shows every section in order, numbers with
their method, no code key, no NaN, and figures that cite the Sources by number.
"""

from __future__ import annotations

import html as html_lib
import re

import pytest

from analysis.vocabulary import BY_KEY

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REGIONS = [
    ("liaoning", 2024, "2024-10-31"),
    ("guangdong", 2026, ""),
    ("china", 2025, "2025-10-31"),
    ("shenyang", 2024, ""),
]
SECTIONS = (
    "Bottom line",
    "The targets and their odds",
    "Last year's scorecard",
    "Beside its peers",
    "Track record",
    "The year so far",
    "The 万亿 goals",
    "Where growth came from",
    "The nation's budget and money",
    "Appendix: how good are the odds",
    "Sources",
)
#: words that are code, not prose: column names and labels a reader should never see
CODE_WORDS = ("output_dir", "p_low", "value_canonical", "nbs_post", "first_release", "gdp_nominal")


@pytest.fixture(scope="module", params=REGIONS, ids=[f"{r}-{y}" for r, y, _ in REGIONS])
def published(request, publish):
    region, year, as_of = request.param
    return region, year, publish(region, year, as_of)


def visible_text(page: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r"<img\b[^>]*>", " ", body)
    text = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    return re.sub(r" ([,.:;)])", r"\1", text)  # a closing tag before punctuation leaves no space on the page


def test_every_section_in_order_with_no_code_key_and_no_missing_value_as_text(published):
    region, year, target = published
    page = target.read_text(encoding="utf-8")
    text = visible_text(page)
    headings = [
        html_lib.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in re.findall(r"<h2\b[^>]*>(.*?)</h2>", page)
    ]
    assert [h.rstrip("¶").strip() for h in headings] == list(SECTIONS)
    keys = [k for k in BY_KEY if "_" in k and re.search(rf"(?<![A-Za-z_]){re.escape(k)}(?![A-Za-z_])", text)]
    assert not keys, keys
    assert not re.findall(r"\b\d\d_[a-z]+\b", text)  # no notebook name
    assert not [w for w in CODE_WORDS if w in text]
    assert not re.findall(r"(?<![\w./:-])[a-z]+(?:_[a-z0-9]+)+(?![\w.])", text)  # no identifier_like_this
    assert not re.search(r"\bnan\b|<NA>|\bNone\b", text, re.IGNORECASE)
    assert re.search(r"Sources? \[\d+\]", text)  # the figures cite the Sources table by number
    numbers = re.findall(r"<figcaption>Figure (\d+)\.", page)
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)]  # no gap where a chart is left out


def test_the_numbers_of_each_briefing_say_what_they_are(published):
    region, year, target = published
    text = visible_text(target.read_text(encoding="utf-8"))
    assert "Brier" in text and "base rate" in text  # the odds with the method they come from
    if region == "liaoning":
        # 5.5% 左右 after 4.9% in Q1-Q3: (1 + target) = w (1 + so far) + (1 - w) (1 + rest), as printed
        found = re.search(
            r"was 4.9% in Q1-Q3 .*?for 5.5% the rest of the year must grow ([\d.]+)%, taking the quarters "
            r"so far as ([\d.]+) of the year",
            text,
        )
        assert found, "no in-year arithmetic"
        rest, w = float(found.group(1)), float(found.group(2))
        assert abs(((1.055 - w * 1.049) / (1 - w) - 1) * 100 - rest) < 0.06
        assert "4个万亿级产业基地" in text and "counts 万亿级 industries" in text  # listed, with why not evaluated
        assert "deflator" in text and "GDP-weighted" in text
    if region == "guangdong":
        assert "4.5-5%" in text and "The report sets no level goal" in text
    if region == "china":
        assert "deficit" in text.lower() and "special" in text.lower()  # the budget package
        assert "Of the 31 provinces with a GDP target" in text  # the nation beside the provinces' targets
        assert "the provinces' targets average" in text and "national target 5%左右" not in text  # not itself
        assert "Met 6 of the 6 targets of 2024" in text  # grain 1.4万亿斤 and energy 降幅超过3% read
        assert "1万亿元" in text  # 2024's ultra-long special treasury bonds beside 2025's 1.3万亿元
        # quarters are shipped, but from the communiqué of February 2026: nothing known on 2025-10-31
        assert (
            "As of 2025-10-31: the data hold 2025's quarterly GDP growth (Q1, Q2, Q3, Q4) only as published "
            "in 2026-02, after that date" in text
        )
        assert "no quarterly figures" not in text
    if region == "shenyang":
        assert "cities" in text and "Set in the State Council's report only" in text


def test_chromium_renders_the_page_with_the_embedded_cjk_font_and_nothing_cut_off(published, tmp_path):
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
