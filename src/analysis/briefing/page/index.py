"""The January page of ``briefing --region all --year Y``: every province's targets on one page.

One row per province (the nation first): this year's GDP target as written, cut / held / raised
against last year's, last year's target and its first-stated outcome, met or not, the other headline
targets, and a link to the region's briefing; sortable by clicking a header (a few lines of inline
script: the page needs no server and fetches nothing); a map of the provinces coloured by the GDP
target; the national target and the provinces' GDP-weighted mean above it. Counts are over the 31
provinces only.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

import pandas as pd

from analysis.briefing.page.common import GLOSSES, english, number
from analysis.corpus.january import OTHER_KEYS
from analysis.series.vintages import describe_vintage

HEADERS: dict[str, str] = {
    "name": "region",
    "gdp_target": "GDP target",
    "change": "vs last year",
    "last_target": "last year's target",
    "last_outcome": "last year's outcome",
    "last_met": "met?",
    **{k: english(k) for k in OTHER_KEYS},
    "briefing": "briefing",
}

_SORT = """<script>
document.querySelectorAll('table.sortable th').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0], rows = Array.from(body.rows);
    var up = th.dataset.up !== '1'; th.dataset.up = up ? '1' : '0';
    rows.sort(function (a, b) {
      var x = a.cells[col].dataset.v || a.cells[col].textContent;
      var y = b.cells[col].dataset.v || b.cells[col].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (isNaN(nx) || isNaN(ny)) ? x.localeCompare(y) : nx - ny;
      return up ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
</script>"""
_STYLE = """<style>
body { font-family: "Briefing Noto Sans SC", sans-serif; margin: 0; color: #222; }
main { max-width: 1280px; margin: 0 auto; padding: 1.5em 2em 3em; }
h1 { border-bottom: 3px solid #1f3b73; }
table.sortable { border-collapse: collapse; font-size: .88em; }
table.sortable th { cursor: pointer; background: #f4f6fa; border-bottom: 2px solid #555; padding: .3em .6em; }
table.sortable td { border-bottom: 1px solid #ddd; padding: .25em .6em; white-space: nowrap; }
tr.nation td { font-weight: bold; background: #fafafa; }
td.missed { color: #b2182b; } td.met { color: #2166ac; }
img { max-width: 100%; }
p.note { font-size: .9em; color: #444; }
</style>"""


def _cell(column: str, row: pd.Series, links: dict[str, str]) -> str:
    if column == "briefing":
        href = links.get(row["region"], "")
        return f'<td><a href="{escape(href, quote=True)}">open</a></td>' if href else "<td>—</td>"
    value = row.get(column, "")
    if column == "last_outcome":
        return f'<td data-v="{"" if value != value else value}">{number(value, 1, "%")}</td>'
    if column == "gdp_target":
        v = row["gdp_value"]
        return f'<td data-v="{"" if v != v else v}">{escape(str(value) or "—")}</td>'
    if column == "change":
        delta = row["delta"]
        text = f"{value} ({delta:+.1f} pp)" if value in ("cut", "raised") and delta == delta else (value or "—")
        return f'<td data-v="{"" if delta != delta else delta}">{escape(text)}</td>'
    if column == "name":
        return f"<td>{escape(row['name'])} {escape(row['name_en'])}</td>"
    css = f' class="{value}"' if column == "last_met" and value else ""
    return f"<td{css}>{escape(str(value) or '—')}</td>"


def table_html(table: pd.DataFrame, links: dict[str, str]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in HEADERS.values())
    body = []
    for _, row in table.iterrows():
        css = ' class="nation"' if row["region"] == "china" else ""
        body.append(f"<tr{css}>" + "".join(_cell(c, row, links) for c in HEADERS) + "</tr>")
    return f'<table class="sortable"><thead><tr>{head}</tr></thead><tbody>' + "".join(body) + "</tbody></table>"


def counts(table: pd.DataFrame, year: int) -> str:
    """The sentence of counts, over the 31 provinces only."""
    provinces = table[table["region"] != "china"]
    with_target = provinces[provinces["gdp_target"] != ""]
    moves = with_target["change"].value_counts()
    stated = provinces[provinces["last_met"] != ""]
    met = int((stated["last_met"] == "met").sum())
    return (
        f"{len(with_target)} of the 31 provinces set a GDP growth target for {year}: "
        f"{int(moves.get('raised', 0))} raised it, {int(moves.get('held', 0))} held it and "
        f"{int(moves.get('cut', 0))} cut it against {year - 1} (a range judged by its low end: 5%左右 to "
        f"5-5.5% is held). Of the {len(stated)} provinces whose {year} "
        f"report states {year - 1} growth, {met} met their {year - 1} target."
    )


def page(
    table: pd.DataFrame, summary: pd.DataFrame, map_png: Path | None, links: dict[str, str], year: int, published: str
) -> str:
    """The whole page (a self-contained HTML document)."""
    s = summary.iloc[0] if len(summary) else None
    headline = ""
    if s is not None:
        headline = (
            f"National target: {escape(str(s['national_written']) or '—')}. The provinces' GDP growth targets "
            f"weighted by their GDP average {number(s['mean'], 2, '%')} ({int(s['n'])} provinces, weights of "
            f"{escape(str(s['weight_years']))}, "
            f"{escape(', '.join(describe_vintage(v) for v in str(s['vintages']).split(', ')))})."
        )
    picture = ""
    if map_png is not None and map_png.is_file():
        data = base64.b64encode(map_png.read_bytes()).decode("ascii")
        picture = (
            f'<img src="data:image/png;base64,{data}" alt="Map of the provinces coloured by their {year} GDP '
            f'growth target"/>'
        )
    glossary = ", ".join(f"{w} '{m}'" for w, m in GLOSSES.items())
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{year} targets of the provinces'
        f"</title>{_STYLE}</head><body><main><h1>{year}: the provinces' targets, read from their work reports</h1>"
        f'<p class="note">Published {escape(published)}. Click a header to sort. Bound words: {glossary}.</p>'
        f"<p>{headline}</p><p>{escape(counts(table, year))}</p>{picture}{table_html(table, links)}"
        f'<p class="note">Targets and last year\'s outcomes as each government first stated them in its work '
        f"report (政府工作报告); the outcome of {year - 1} as the {year} report states it.</p>"
        f"{_SORT}</main></body></html>\n"
    )
