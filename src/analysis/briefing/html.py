"""The HTML briefing: one self-contained file a reader can mail.

* no code: nbconvert's :class:`~nbconvert.HTMLExporter` with ``exclude_input``, no prompts;
* images embedded: notebook image outputs are already base64 data URIs; any ``<img src>`` that
  points to a local file is inlined too;
* Chinese renders on a machine with no CJK system font: a subset of the shipped Noto Sans SC
  (SIL OFL 1.1), cut with the fontTools subsetter to the characters the page uses, is embedded as
  a base64 ``@font-face`` and set on the page (and on JupyterLab's font variables);
* works offline: nbconvert's ``basic`` template (cell outputs only: no require.js, MathJax or
  mermaid loaders) inside a page written here; any external script, stylesheet or font reference
  is removed; :func:`external_references` lists whatever would still be fetched (must be none);
* stderr outputs (warnings) stay in the executed notebook for the analyst, not in the briefing;
* the same executed notebook gives the same bytes: cell ids are numbered by position (the
  ``id="cell-id=..."`` anchors nbconvert writes), the font subset carries no save date, and the page
  holds no path of the machine and no clock reading but its publication date (a day, from
  ``SOURCE_DATE_EPOCH`` when set: see :func:`publication_date`).
"""

from __future__ import annotations

import base64
import datetime as dt
import html as html_lib
import io
import mimetypes
import os
import re
import threading
from pathlib import Path

import nbformat
from fontTools import subset
from fontTools.ttLib import TTFont
from nbconvert import HTMLExporter

from analysis.figures import font_path
from analysis.tables import atomic_path

FONT_FAMILY = "Briefing Noto Sans SC"

_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc\s*=\s*['\"]?(?:https?:)?//[^>]*>\s*</script>", re.I | re.S)
_LINK_EXT = re.compile(r"<link\b[^>]*\bhref\s*=\s*['\"]?(?:https?:)?//[^>]*>", re.I)
_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?['\"]?(?:https?:)?//[^;]*;", re.I)
_IMG_SRC = re.compile(r"(<img\b[^>]*\bsrc\s*=\s*)(['\"])(?!data:)([^'\"]+)\2", re.I)

#: The page's look: readable text width, the house colours, pandas tables with rules.
PAGE_CSS = """\
body { margin: 0; color: #222222; background: #ffffff; line-height: 1.55; font-size: 16px; }
main { max-width: 960px; margin: 0 auto; padding: 1.5em 2em 3em; }
h1 { font-size: 1.7em; border-bottom: 3px solid #1f3b73; padding-bottom: .25em; }
h2 { font-size: 1.3em; color: #1f3b73; margin-top: 1.6em; }
h3 { font-size: 1.1em; }
img { max-width: 100%; height: auto; display: block; margin: .5em 0 1em; }
table { border-collapse: collapse; margin: .5em 0 1.2em; font-size: .92em; }
table.dataframe, th, td { border: 0; }
th, td { padding: .3em .7em; border-bottom: 1px solid #dddddd; text-align: right; vertical-align: top; }
th { border-bottom: 2px solid #555555; background: #f4f6fa; }
td:first-child, th:first-child { text-align: left; }
a { color: #1f3b73; }
table.sources td, table.sources th { text-align: left; }
table.text td, table.text th, table.text th.col_heading { text-align: left !important; }
table.text th { white-space: nowrap; }
table.sources td:nth-child(3), table.sources td:nth-child(4) { white-space: nowrap; }
pre { white-space: pre-wrap; font-size: .85em; background: #f7f7f7; padding: .5em; }
.anchor-link { display: none; }
p.dateline { color: #555555; font-size: .92em; margin-top: -.4em; }
"""

#: Resource references that a browser would fetch from the network.
_EXTERNAL = re.compile(
    r"""(?:\b(?:src|srcset|data|poster|background)\s*=\s*['"]?\s*(?:https?:)?//)"""
    r"""|(?:<link\b[^>]*\bhref\s*=\s*['"]?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*['"]?\s*(?:https?:)?//)"""
    r"""|(?:@import\s+['"]?\s*(?:https?:)?//)""",
    re.I,
)


def publication_date():
    """The day the briefing is published: ``SOURCE_DATE_EPOCH`` (seconds, the reproducible-builds
    convention) when set, else today (UTC). The page's only clock reading: two runs of one day give
    the same bytes, and a fixed ``SOURCE_DATE_EPOCH`` gives them on any day."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}") from None
    return dt.datetime.now(tz=dt.UTC).date()


_EXPORTER: list[HTMLExporter] = []
_EXPORTER_LOCK = threading.Lock()


def export_html(notebook: str | Path, *, title: str | None = None, published=None) -> str:
    """The executed ``notebook`` as self-contained HTML text (see module docstring).

    nbconvert's ``basic`` template gives the cells' outputs only (no scripts); the page around them
    - charset, title, the house CSS and the embedded font - is written here, with ``published`` (a
    date) as a line under the page's first heading.
    """
    nb = nbformat.read(str(notebook), as_version=4)
    # a cell tagged remove-cell speaks to the analyst in JupyterLab (what the notebook does), not to the reader
    nb.cells = [c for c in nb.cells if "remove-cell" not in c.get("metadata", {}).get("tags", [])]
    for number, cell in enumerate(nb.cells, start=1):  # ids from the position: the same page, the same bytes
        if "id" in cell:
            cell.id = f"cell-{number}"
    for cell in nb.cells:  # warnings on stderr are for the analyst (in the executed notebook), not the reader
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
    with _EXPORTER_LOCK:  # one exporter per process: its templates are compiled once
        if not _EXPORTER:
            exporter = HTMLExporter(template_name="basic")
            exporter.exclude_input = True
            exporter.exclude_input_prompt = True
            exporter.exclude_output_prompt = True
            exporter.exclude_output_stdin = True
            _EXPORTER.append(exporter)
        body, _ = _EXPORTER[0].from_notebook_node(nb)
    body = renumber_figures(_inline_local_images(_strip_external(body), Path(notebook).parent))
    if published is not None:
        line = f'<p class="dateline">Published {published.isoformat()}</p>\n'
        body = body.replace("</h1>", "</h1>\n" + line, 1) if "</h1>" in body else line + body
    page = (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_lib.escape(title or Path(notebook).stem)}</title>\n"
        f"<style>\n{PAGE_CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
    return _embed_font(page)


_CAPTION_NUMBER = re.compile(r"<figcaption>Figure (\d+)\.")
_FIGURE_REFERENCE = re.compile(r"\bFigure (\d+)\b")


def renumber_figures(body: str) -> str:
    """Figures numbered 1, 2, 3 ... in the order their captions appear, every "Figure N" of the page
    following: a figure left out (a chart with nothing to show) leaves no gap in the numbers."""
    order = list(dict.fromkeys(_CAPTION_NUMBER.findall(body)))
    mapping = {old: str(new) for new, old in enumerate(order, start=1)}
    return _FIGURE_REFERENCE.sub(lambda m: f"Figure {mapping.get(m.group(1), m.group(1))}", body)


def write_briefing(notebook: str | Path, target: str | Path, *, title: str | None = None, published=None) -> Path:
    """Write the HTML briefing of the executed ``notebook`` to ``target`` (temp file, then rename),
    dated ``published`` (default :func:`publication_date`)."""
    target = Path(target)
    text = export_html(notebook, title=title, published=published or publication_date())
    leftover = external_references(text)
    if leftover:
        raise ValueError(f"the briefing would fetch from the network: {leftover[:3]}")
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target


def external_references(html: str) -> list[str]:
    """Snippets of ``html`` that would make a browser fetch something from the network.

    Links a reader may click (``<a href="https://...">``, e.g. a source's URL) are not fetched and
    are allowed.
    """
    return [html[max(0, m.start() - 20) : m.end() + 40] for m in _EXTERNAL.finditer(html)]


def subset_font(text: str) -> bytes:
    """Noto Sans SC cut to the characters of ``text`` plus printable ASCII, as an OpenType font."""
    chars = {ord(c) for c in text if not c.isspace()} | set(range(0x20, 0x7F))
    # no save date: same text, same bytes; the font's bounding boxes kept from the whole font (a
    # superset's bounds, true of the subset too): recomputing them would draw every glyph, 40 % of the time
    font = TTFont(str(font_path()), recalcTimestamp=False, recalcBBoxes=False)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.drop_tables += ["DSIG"]
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(chars))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _strip_external(html: str) -> str:
    html = _SCRIPT_SRC.sub("", html)
    html = _LINK_EXT.sub("", html)
    return _CSS_IMPORT.sub("", html)


def _inline_local_images(html: str, base: Path) -> str:
    def inline(match):
        src = match.group(3)
        path = (base / src) if not os.path.isabs(src) else Path(src)
        if not path.is_file():
            return match.group(0)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{match.group(1)}{match.group(2)}data:{mime};base64,{data}{match.group(2)}"

    return _IMG_SRC.sub(inline, html)


def _embed_font(html: str) -> str:
    visible = re.sub(r"data:[^'\")\s]+", "", html)  # base64 payloads hold no page text
    font = base64.b64encode(subset_font(visible)).decode("ascii")
    stack = f"'{FONT_FAMILY}', sans-serif"
    style = (
        "<style>\n"
        f"@font-face {{ font-family: '{FONT_FAMILY}'; font-style: normal; font-weight: 100 900;\n"
        f"  src: url(data:font/otf;base64,{font}) format('opentype'); }}\n"
        f":root {{ --jp-content-font-family: {stack}; --jp-ui-font-family: {stack}; }}\n"
        f"body, table, th, td, p, li, h1, h2, h3, h4 {{ font-family: {stack}; }}\n"
        "</style>\n"
    )
    return html.replace("</head>", style + "</head>", 1)
