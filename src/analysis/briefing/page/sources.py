"""Section "Sources": every source behind the page, numbered, from the data's own provenance.

1. the briefed report's text: its title, producer and the page it was read from (official site,
   repost or transcription, as its sidecar says);
2. the corpus of work reports behind the record, peers and odds: how many texts, of which years, and
   how many were read from the governments' own sites;
3. every public table the families name (the ``source_title`` and ``source_url`` columns of the
   tables written, and the raw files named in a ``file`` column, by their sidecars), an official
   address (``*.gov.cn``) preferred where a source lists several.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from analysis import paths
from analysis.series.provenance import retrieved_by, sidecar_fields
from analysis.vocabulary import region_level

#: hosts preferred as a source's address, in order
PREFERRED_HOSTS: tuple[str, ...] = ("stats.gov.cn", "gov.cn")
COLUMNS = ["number", "source", "address", "kind"]


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def preferred(addresses) -> str:
    """The first official address (stats.gov.cn, then any gov.cn), else the first; "" for none."""
    addresses = [a for a in addresses if a]
    for host in PREFERRED_HOSTS:
        for url in addresses:
            if _host(url) == host or _host(url).endswith("." + host):
                return url
    return addresses[0] if addresses else ""


def _sidecar(path: Path) -> dict:
    return sidecar_fields(path)


def report_source(report_path: Path) -> dict:
    meta = _sidecar(report_path)
    page = meta.get("sources", {}) if isinstance(meta.get("sources"), dict) else {}
    summary = str(page.get("summary", "")).split("; the official text")[0]
    kind = str(page.get("page_kind", "") or summary or "no page recorded")
    outlet = page.get("outlet", "")
    label = f"{meta.get('title', report_path.name)} ({meta.get('producer', '')})".replace(" ()", "")
    return {"source": label + (f", text of {outlet}" if outlet else ""), "address": page.get("page", ""), "kind": kind}


def corpus_source(reports: pd.DataFrame) -> dict:
    read = reports[(reports["kind"] == "report") & (reports["status"] == "read")]
    kinds: dict[str, int] = {}
    for rel in read["path"]:
        page = _sidecar(paths.RAW_REPORTS / rel).get("sources", {})
        kind = page.get("page_kind", "no page recorded") if isinstance(page, dict) else "no page recorded"
        kinds[kind] = kinds.get(kind, 0) + 1
    counts = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    levels = read["region"].map(region_level)
    n_provinces, n_cities = (
        read.loc[levels == "province", "region"].nunique(),
        read.loc[levels == "city", "region"].nunique(),
    )
    return {
        "source": "Government work reports (政府工作报告) of the nation, "
        f"{n_provinces} provinces and {n_cities} cities, "
        f"{read['year'].min()}-{read['year'].max()}: {len(read):,} texts read by the suite "
        "(targets, and the outcomes each next report first states)",
        "address": "",
        "kind": counts,
    }


#: a source that is a line of a work report (the scenarios' start levels): "2018_dalian.txt, line 33"
_REPORT_LINE = re.compile(r"^(\d{4}_[a-z]+\.txt), line (\d+)")


def _report_lines(title: str, reports: pd.DataFrame) -> tuple[str, str] | None:
    """("2018年大连市政府工作报告 (…), line 33", page) for a title naming a report line, else None."""
    match = _REPORT_LINE.match(title)
    if not match:
        return None
    rows = reports[reports["file"] == match.group(1)]
    if rows.empty:
        return None
    meta = _sidecar(paths.RAW_REPORTS / rows["path"].iloc[0])
    page = meta.get("sources", {}) if isinstance(meta.get("sources"), dict) else {}
    return f"{meta.get('title', match.group(1))}, line {match.group(2)}", page.get("page", "")


def _split(titles: str) -> list[str]:
    """Titles joined by "; " apart, never splitting inside a parenthesis ("(亿元; header stripped)")."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(titles):
        depth += char in "(（" and 1 or char in ")）" and -1 or 0
        if depth == 0 and titles.startswith("; ", i):
            parts.append(titles[start:i])
            start = i + 2
    return [p.strip() for p in [*parts, titles[start:]] if p.strip()]


def table_sources(output_dir: Path, reports: pd.DataFrame) -> list[dict]:
    """Every source the tables of ``output_dir`` name: their ``source_title`` (several joined by "; "
    are listed apart), a work report's line by the report's title, the raw files of a ``file`` column
    by their sidecars."""
    found: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for csv in sorted(Path(output_dir).glob("*.csv")):
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
        if "source_title" in frame.columns:
            urls = frame["source_url"] if "source_url" in frame.columns else [""] * len(frame)
            for titles, url in zip(frame["source_title"], urls):
                for title in _split(titles):
                    line = _report_lines(title, reports)
                    if line:
                        found.setdefault(line[0], []).append(line[1])
                        kinds[line[0]] = "work report (a level it states)"
                    else:
                        found.setdefault(title, []).append(url.strip())
        if "file" in frame.columns:
            for name in frame["file"]:
                meta = _sidecar(paths.RAW_PUBLIC / Path(name.strip()).name) if name.strip() else {}
                if meta:
                    found.setdefault(f"{meta.get('title', name)} ({meta.get('producer', '')})", []).extend(
                        meta.get("urls") or []
                    )
    return [
        {"source": title, "address": preferred(urls), "kind": kinds.get(title, "public statistics")}
        for title, urls in sorted(found.items())
    ]


def sources(output_dir: str | Path, report_path: Path, reports: pd.DataFrame) -> pd.DataFrame:
    """The numbered Sources table."""
    rows = [report_source(report_path), corpus_source(reports), *table_sources(Path(output_dir), reports)]
    frame = pd.DataFrame(rows)
    frame.insert(0, "number", range(1, len(frame) + 1))
    return frame[COLUMNS]


def html(table: pd.DataFrame) -> str:
    """The Sources table as HTML: the link shows the address's host; the whole address is the link."""
    rows = []
    for r in table.itertuples(index=False):
        link = (
            (
                f'<a href="{escape(r.address, quote=True)}" title="{escape(r.address, quote=True)}">'
                f"{escape(_host(r.address) or r.address)}</a>"
            )
            if r.address
            else ""
        )
        rows.append(
            f"<tr><td>[{r.number}]</td><td>{escape(r.source)}</td><td>{link}</td><td>{escape(r.kind)}</td></tr>"
        )
    head = "<tr><th></th><th>source</th><th>address</th><th>what it is</th></tr>"
    widths = '<colgroup><col style="width:3.6em"><col style="width:55%"><col style="width:9em"><col></colgroup>'
    return f'<table class="sources">{widths}<thead>{head}</thead><tbody>' + "".join(rows) + "</tbody></table>"


def cutoff_line(report_path: Path, in_year: pd.DataFrame | None = None) -> str:
    """The data cut-off in one line (Markdown): the latest retrieval date of the public tables and of
    the report's text, and the release the year-to-date figures come from, where there are any.
    Nothing released after the cut-off can be in the data."""
    days = [retrieved_by(paths.RAW_PUBLIC), _sidecar(report_path).get("access_date")]
    days = sorted(str(d) for d in days if d)
    text = f"**Data cut-off:** {days[-1] if days else 'not recorded'} (the latest retrieval date of the data used)"
    if in_year is not None and len(in_year):
        dates = sorted({str(d) for d in in_year["as_of"] if isinstance(d, str) and d})
        if dates:
            text += f"; the year-to-date figures are those released by {dates[-1]}"
    return text + "."
