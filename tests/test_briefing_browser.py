"""The HTML briefing in headless Chromium: it loads, every image decodes, the screenshot has content.

Chromium runs offline-minded (no background networking, no component updates) on a machine that
has no CJK system font, so Chinese text can only render through the font embedded in the page.
Install Chromium with ``python3 tasks.py browser``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
]

# Injected into a copy of the page: after load (fonts ready), record for every <img> whether it
# decoded, and whether the embedded CJK font is loaded, as data attributes that --dump-dom prints.
PROBE = """
<script>
window.addEventListener("load", function () {
  document.fonts.ready.then(function () {
    var imgs = Array.prototype.map.call(document.images, function (img) {
      return img.complete && img.naturalWidth > 0;
    });
    document.body.setAttribute("data-images", JSON.stringify(imgs));
    document.body.setAttribute("data-cjk-font", String(document.fonts.check("16px '%s'", "辽宁")));
    var status = [];
    document.fonts.forEach(function (f) { status.push(f.family + ":" + f.status); });
    document.body.setAttribute("data-fonts", JSON.stringify(status));
    var page = document.documentElement;  // wider than the window: a line the reader must scroll to
    document.body.setAttribute("data-overflow", String(page.scrollWidth - page.clientWidth));
  });
});
</script>
"""


def _chromium(*args, tmp_path):
    if CHROMIUM is None:
        pytest.fail("chromium not found: run `python3 tasks.py browser` (the browser tests need it)")
    profile = tmp_path / "profile"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def target(publish):
    return publish("liaoning", 2024, "2024-10-31")


def test_page_loads_images_decode_and_cjk_font_is_used(target, tmp_path):
    from analysis.briefing import html

    probe = tmp_path / "probe.html"
    page = target.read_text(encoding="utf-8")
    probe.write_text(page.replace("</body>", PROBE % html.FONT_FAMILY + "</body>", 1), encoding="utf-8")
    result = _chromium("--virtual-time-budget=10000", "--dump-dom", probe.as_uri(), tmp_path=tmp_path)
    dom = result.stdout
    match = re.search(r'data-images="([^"]*)"', dom)
    assert match, f"the page did not finish loading: {result.stderr[-2000:]}"
    images = json.loads(match.group(1).replace("&quot;", '"'))
    # every figure the page captions is drawn (an as-of page may leave out the fan: no goal to simulate)
    assert len(images) == page.count("<img ") == len(re.findall(r"Figure \d+\.", page)) >= 5 and all(images)
    fonts = json.loads(re.search(r'data-fonts="([^"]*)"', dom).group(1).replace("&quot;", '"'))
    assert f"{html.FONT_FAMILY}:loaded" in fonts
    assert 'data-cjk-font="true"' in dom


def test_screenshot_shows_content(target, tmp_path):
    import numpy as np
    from PIL import Image

    shot = tmp_path / "briefing.png"
    result = _chromium(
        f"--screenshot={shot}",
        "--window-size=1200,2000",
        "--virtual-time-budget=10000",
        target.as_uri(),
        tmp_path=tmp_path,
    )
    assert shot.exists(), result.stderr[-2000:]
    pixels = np.asarray(Image.open(shot).convert("L"), dtype=float)
    assert pixels.shape == (2000, 1200)
    assert pixels.std() > 20  # a blank page has no variance
    dark = (pixels < 128).mean()
    assert 0.005 < dark < 0.5  # text and charts, not an empty or an all-black page
    # the top band (title and headline) carries text, not only the charts further down
    assert (pixels[:400] < 128).mean() > 0.005
    shutil.copyfile(shot, target.with_name("briefing_screenshot.png"))
