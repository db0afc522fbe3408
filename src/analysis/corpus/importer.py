"""Bring a collection of report texts into ``data/raw/reports``, all or nothing.

A collection is a folder of texts with a ``sources.csv`` that describes each (the layout of the
project's shared report folders): ``file``, ``year``, ``title``, ``source_url``, and where known
``region``, ``region_zh``, ``kind``, ``publish_date``, ``original_outlet``, ``corpus_repo``,
``corpus_path``, ``corpus_commit``, ``cleaning``, ``note``. A work report is named
``<year>_<region>.txt``; an NBS statistical communiqué ``<year>_<region>_communique.txt`` (the year
it reviews).

:func:`import_collection` first checks every text of the folder, then copies: a folder with one bad
text is refused whole, with one line per bad text (file, field, value, reason), and nothing is
copied. A text is bad when

- it has no row in ``sources.csv`` (or a row names a text that is not there);
- its name is not ``<year>_<region>.txt`` or its row's year differs from the name's;
- it is not UTF-8 (a GB18030 or Big5 text is named as such: convert it first), is empty, binary,
  or too short to be a whole report (:data:`MIN_CHARS`: a truncated copy);
- its region is neither a region of the suite (``data/raw/regions/regions.csv``) nor a place the
  text names whose pinyin is the key (``2024_mianyang.txt`` with 绵阳市 in its header);
- the raw folder already holds another text for the same region and year (a text with the same
  bytes is already imported and is skipped, not refused).

Texts go to a folder per kind (``national/``, ``provinces/``, ``cities/``, ``communiques/``); each
gets a sidecar naming the page it was published on, the public collection it came through (with its
commit), the delivery date when the text gives one, and the cleaning done. Each text and its
sidecar are written through a temporary file and renamed into place.
"""

from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from analysis import paths
from analysis.errors import InputError
from analysis.report.header import read_header
from analysis.report.text import clean_text, decode_report
from analysis.series import provenance
from analysis.tables import atomic_path
from analysis.vocabulary import BY_REGION

#: columns a ``sources.csv`` must have
SOURCE_COLUMNS: tuple[str, ...] = ("file", "year", "title", "source_url")
#: the shortest text that can be a whole report or communiqué (characters): the shortest shipped
#: provincial report has 8,551, the shortest communiqué (1978) 5,920
MIN_CHARS: dict[str, int] = {"report": 6000, "communique": 4000}
#: the folder of ``data/raw/reports`` for each kind of text
FOLDERS: dict[str, str] = {"nation": "national", "province": "provinces", "city": "cities", "communique": "communiques"}

_NAME = re.compile(r"^(?P<year>(?:19|20)\d\d)_(?P<region>[a-z][a-z0-9]*)(?P<communique>_communique)?\.txt$")
_LICENCE = (
    "Documents of state organs of a legislative, administrative or judicial nature are not "
    "protected by copyright (PRC Copyright Law, Article 5). Quote with attribution."
)
_PRODUCERS = {
    "nation": "中华人民共和国国务院 (State Council of the People's Republic of China)",
    "communique": "国家统计局 (National Bureau of Statistics of China)",
}


@dataclass(frozen=True)
class Problem:
    """Why one text of a collection is refused."""

    file: str
    field: str
    value: object
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: field {self.field!r} value {self.value!r}: {self.reason}"


@dataclass(frozen=True)
class Checked:
    """A text of a collection that passed the checks: what will be written."""

    source: Path
    row: dict
    region: str
    region_zh: str
    level: str
    kind: str
    year: int
    text: str


def _rows(folder: Path) -> list[dict]:
    path = folder / "sources.csv"
    if not path.is_file():
        raise InputError("a report collection needs a sources.csv describing its texts", file=str(path))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in SOURCE_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError("sources.csv lacks column(s) " + ", ".join(missing), file=str(path), field=missing[0])
        return list(reader)


def learn_region(key: str, text: str) -> tuple[str, str] | None:
    """(Chinese name, level) of a region that is not in the registry, when the text's header names a
    place whose pinyin is ``key`` (``mianyang`` and 绵阳市); else None."""
    # pypinyin loads its phrase dictionaries on import (0.3 s): only `corpus import` needs them
    from pypinyin import lazy_pinyin  # noqa: PLC0415

    place = read_header(clean_text(text).text).place
    if not place:
        return None
    for suffix, level in (
        ("自治区", "province"),
        ("省", "province"),
        ("市", "city"),
        ("自治州", "city"),
        ("州", "city"),
        ("盟", "city"),
        ("地区", "city"),
        ("县", "city"),
    ):
        if place.endswith(suffix):
            stem = place[: -len(suffix)]
            if "".join(lazy_pinyin(stem)).lower() == key:
                return stem, level
    return None


def _check_text(source: Path, row: dict, shipped: dict[tuple[str, int, str], Path]) -> Checked | Problem:
    name = source.name
    m = _NAME.match(name)
    if not m:
        return Problem(
            name, "file name", name, "a text is named <year>_<region>.txt (or <year>_<region>_communique.txt)"
        )
    year, key = int(m["year"]), m["region"]
    kind = "communique" if m["communique"] else "report"
    if (row.get("year") or "").strip() != str(year):
        return Problem(name, "year", row.get("year"), f"sources.csv gives another year than the file name ({year})")
    data = source.read_bytes()
    if not data.strip():
        return Problem(name, "text", f"{len(data)} bytes", "empty text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            decode_report(data, file=name)
            encoding = "GB18030"
        except InputError as err:
            return Problem(name, "encoding", "unknown", str(err))
        return Problem(
            name, "encoding", encoding, "not UTF-8; convert the text to UTF-8 first (iconv -f GB18030 -t UTF-8)"
        )
    try:
        decode_report(data, file=name)
    except InputError as err:
        return Problem(name, "text", f"{len(data)} bytes", str(err).split(" (file")[0])
    chars = len(text.strip())
    if chars < MIN_CHARS[kind]:
        return Problem(
            name,
            "text",
            f"{chars} characters",
            f"too short for a whole {'communiqué' if kind == 'communique' else 'work report'} "
            f"(at least {MIN_CHARS[kind]}): a truncated or partial copy",
        )
    region = BY_REGION.get(key)
    if region is not None:
        region_zh, level = region.name, region.level
    else:
        learned = learn_region(key, text)
        if learned is None:
            return Problem(
                name,
                "region",
                key,
                "not a region of the suite (data/raw/regions/regions.csv) and "
                "the text's header names no place of that pinyin",
            )
        region_zh, level = learned
    kind_key = (key, year, kind)
    if kind_key in shipped:
        existing = shipped[kind_key]
        if provenance.sha256(existing) != provenance.sha256(source):
            return Problem(
                name,
                "region-year",
                f"{key} {year}",
                f"the raw folder already holds another text for it ({existing.name}); raw texts are immutable",
            )
    return Checked(source, row, key, region_zh, level, "communique" if kind == "communique" else level, year, text)


def _shipped(target: Path) -> dict[tuple[str, int, str], Path]:
    out = {}
    for path in target.rglob("*.txt"):
        m = _NAME.match(path.name)
        if m:
            out[(m["region"], int(m["year"]), "communique" if m["communique"] else "report")] = path
    return out


def check_collection(folder: str | Path, target: str | Path | None = None) -> tuple[list[Checked], list[Problem]]:
    """Check every text of a collection against the raw folder ``target``: what would be imported,
    and the problems (empty when the collection can be imported whole)."""
    folder = Path(folder)
    target = Path(target) if target is not None else paths.RAW_REPORTS
    rows = _rows(folder)
    shipped = _shipped(target) if target.is_dir() else {}
    listed = {row["file"]: row for row in rows}
    problems: list[Problem] = []
    checked: list[Checked] = []
    for name in sorted(listed):
        if not (folder / name).is_file():
            problems.append(Problem(name, "file", name, "listed in sources.csv but not in the folder"))
    for path in sorted(folder.glob("*.txt")):
        row = listed.get(path.name)
        if row is None:
            problems.append(Problem(path.name, "file", path.name, "no row in sources.csv describes it"))
            continue
        result = _check_text(path, row, shipped)
        (problems if isinstance(result, Problem) else checked).append(result)
    return checked, problems


def _page_kind(url: str, kind: str) -> str:
    """What the page is: the official site, a transcription (Wikisource) or a repost."""
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    if not url:
        return "no page named by the collection"
    if host.endswith("wikisource.org"):
        return "transcription (Wikisource)"
    if host.endswith(".gov.cn"):
        return "official site"
    return "repost (a copy on another site, not the government's own)"


def describe(item: Checked, retrieved: str) -> dict:
    """The sidecar fields of one checked text (without the computed ones)."""
    row, year, kind = item.row, item.year, item.kind
    header = read_header(clean_text(item.text).text)
    delivered = header.delivered
    repo, commit = row.get("corpus_repo", ""), row.get("corpus_commit", "")
    outlet, published, url = row.get("original_outlet", ""), row.get("publish_date", ""), row.get("source_url", "")
    region_en = BY_REGION[item.region].name_en if item.region in BY_REGION else item.region.capitalize()
    if kind == "communique":
        producer = _PRODUCERS["communique"]
        what = f"Statistical communiqué (统计公报) of {region_en} on {year}, published early {year + 1}"
    else:
        producer = _PRODUCERS.get(kind) or f"{item.region_zh}人民政府 ({region_en} {kind} government)"
        what = f"Government work report (政府工作报告) of {region_en}, delivered for {year}"
    where = ", ".join(
        p
        for p in (
            f"the page {url}" if url else "no page named by the collection",
            f"a copy of {outlet}" if outlet else "",
            f"dated {published}" if published else "",
        )
        if p
    )
    through = (
        f"collected in the public repository {repo}, file {row.get('corpus_path', '')}, commit {commit}" if repo else ""
    )
    sources = {"page": url, "page_kind": _page_kind(url, kind), "summary": "; ".join(p for p in (where, through) if p)}
    if repo:
        sources.update(collection=repo, collection_path=row.get("corpus_path", ""), collection_commit=commit)
    if outlet:
        sources["outlet"] = outlet
    meta = {
        "title": row["title"],
        "description": what + (f", on {delivered.isoformat()}" if delivered else "") + "; plain UTF-8 text.",
        "producer": producer,
        "compiled_by": "the analysis project, responsible for this copy: the text copied byte for byte from the "
        "collection named in sources",
        "sources": sources,
        "region": item.region,
        "region_zh": item.region_zh,
        "level": item.level,
        "kind": "communique" if kind == "communique" else "work report",
        "year": year,
        "delivered": delivered.isoformat() if delivered else "",
        "delivered_basis": "date line of the text" if delivered else "the text carries no delivery date",
        "published": published,
        "cleaning": row.get("cleaning") or "text as published",
        "vintages": (
            [f"first published early {year + 1} (preliminary figures for {year})"]
            if kind == "communique"
            else [f"as delivered for {year} (figures for {year - 1} are preliminary, as first stated)"]
        ),
        "access_date": retrieved,
        "access_date_basis": "date the project copied the text from the collection; the collection records "
        "no retrieval date of its own",
        "licence": _LICENCE,
        "encoding": "UTF-8",
        "lines": item.text.count("\n") + (0 if item.text.endswith("\n") else 1),
    }
    if row.get("note"):
        meta["note"] = row["note"]
    return meta


def import_collection(folder: str | Path, target: str | Path | None = None, retrieved: str | None = None) -> list[Path]:
    """Check every text of ``folder`` (a collection with ``sources.csv``), then copy them all into
    ``target`` (default ``data/raw/reports``), each into the folder of its kind, with a sidecar.

    Parameters
    ----------
    folder : the collection.
    target : the raw reports folder.
    retrieved : retrieval date written to the sidecars (ISO); default the modification date of the
        collection's ``sources.csv``.

    Returns the texts written; a text whose identical copy is already there is skipped.

    Raises
    ------
    InputError
        no or malformed ``sources.csv``; or any bad text (see the module docstring): the message has
        one line per bad text and nothing is copied.
    """
    folder = Path(folder)
    target = Path(target) if target is not None else paths.RAW_REPORTS
    checked, problems = check_collection(folder, target)
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        raise InputError(
            f"collection refused, nothing copied: {len(problems)} bad text(s) of "
            f"{len(problems) + len(checked)}\n{lines}\n",
            file=str(folder),
        )
    if retrieved is None:
        stamp = (folder / "sources.csv").stat().st_mtime
        retrieved = datetime.datetime.fromtimestamp(stamp, datetime.UTC).date().isoformat()
    shipped = _shipped(target) if target.is_dir() else {}
    written = []
    for item in checked:
        kind_key = (item.region, item.year, "communique" if item.kind == "communique" else "report")
        existing = shipped.get(kind_key)
        if existing is not None and provenance.sidecar_path(existing).exists():
            continue
        destination = existing or target / FOLDERS[item.kind] / item.source.name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if existing is None:
            with atomic_path(destination) as tmp:
                tmp.write_bytes(item.source.read_bytes())
        provenance.write_sidecar(destination, describe(item, retrieved))
        written.append(destination)
    return written
