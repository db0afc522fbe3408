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

import json
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from analysis import paths
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
    meta = path.with_name(path.name + ".meta.json")
    return json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else {}


def report_source(report_path: Path) -> dict:
    meta = _sidecar(report_path)
    page = meta.get("sources", {}) if isinstance(meta.get("sources"), dict) else {}
    kind = str(page.get("page_kind", "") or "no page recorded")
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


def table_sources(output_dir: Path) -> list[dict]:
    found: dict[str, list[str]] = {}
    for csv in sorted(Path(output_dir).glob("*.csv")):
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
        if "source_title" in frame.columns:
            urls = frame["source_url"] if "source_url" in frame.columns else [""] * len(frame)
            for title, url in zip(frame["source_title"], urls):
                if title.strip():
                    found.setdefault(title.strip(), []).append(url.strip())
        if "file" in frame.columns:
            for name in frame["file"]:
                meta = _sidecar(paths.RAW_PUBLIC / Path(name.strip()).name) if name.strip() else {}
                if meta:
                    found.setdefault(f"{meta.get('title', name)} ({meta.get('producer', '')})", []).extend(
                        meta.get("urls") or []
                    )
    return [
        {"source": title, "address": preferred(urls), "kind": "public statistics"}
        for title, urls in sorted(found.items())
    ]


def sources(output_dir: str | Path, report_path: Path, reports: pd.DataFrame) -> pd.DataFrame:
    """The numbered Sources table."""
    rows = [report_source(report_path), corpus_source(reports), *table_sources(Path(output_dir))]
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
    return f'<table class="sources"><thead>{head}</thead><tbody>' + "".join(rows) + "</tbody></table>"
