"""Bring a collection of report texts into ``data/raw/reports`` with a provenance sidecar each.

A collection is a folder of ``<year>_<region>.txt`` files with a ``sources.csv`` that describes
each (the layout of the project's shared report folders): ``file``, ``year``, ``title``,
``source_url``, and where known ``region``, ``region_zh``, ``publish_date``, ``original_outlet``,
``corpus_repo``, ``corpus_path``, ``corpus_commit``, ``cleaning``. Texts are copied byte for byte;
the sidecar says where the text was published, the public collection it came through (with its
commit), the delivery date when the text gives one, and the cleaning that was done.

``python -m analysis corpus import FOLDER`` runs :func:`import_collection`; a text already in
``data/raw/reports`` with the same bytes is left alone, one with other bytes is refused (raw files
are immutable).
"""
from __future__ import annotations

import csv
import datetime
import shutil
from pathlib import Path

from analysis.errors import InputError

#: columns a ``sources.csv`` must have
SOURCE_COLUMNS: tuple[str, ...] = ("file", "year", "title", "source_url")

#: who speaks in each kind of report
_NATIONAL_PRODUCER = "中华人民共和国国务院 (State Council of the People's Republic of China)"
_LICENCE = ("Documents of state organs of a legislative, administrative or judicial nature are not "
            "protected by copyright (PRC Copyright Law, Article 5); Wikisource marks these reports public "
            "domain. Quote with attribution.")


def _rows(folder: Path) -> list[dict]:
    path = folder / "sources.csv"
    if not path.is_file():
        raise InputError("a report collection needs a sources.csv describing its texts", file=str(path))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in SOURCE_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError("sources.csv lacks column(s) " + ", ".join(missing), file=str(path),
                             field=missing[0])
        rows = list(reader)
    for number, row in enumerate(rows, start=2):
        if not (row.get("year") or "").isdigit():
            raise InputError("year is not a four-digit year", file=str(path), row=number, field="year",
                             value=row.get("year"))
    return rows


def _page_kind(url: str, national: bool) -> str:
    """What the page is: the official site, or a transcription or repost of the official text."""
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    if national:
        return "transcription (Wikisource)"
    if host.endswith(".gov.cn"):
        return "official site"
    return "repost (mirror of a newspaper's text, not the government's own site)"


def describe(row: dict, text: str, retrieved: str) -> dict:
    """The sidecar fields of one text of a collection (without the computed ones)."""
    from analysis.report.sections import delivery_date
    from analysis.report.text import clean_text

    year = int(row["year"])
    region = row.get("region") or row["file"].rsplit(".", 1)[0].split("_", 1)[-1]
    national = region == "china"
    delivered = delivery_date(clean_text(text).text)
    repo, commit = row.get("corpus_repo", ""), row.get("corpus_commit", "")
    outlet = row.get("original_outlet", "")
    published = row.get("publish_date", "")
    if national:
        producer = _NATIONAL_PRODUCER
        where = "Wikisource (zh.wikisource.org), the text of the report as published"
    else:
        producer = f"{row.get('region_zh') or region}人民政府 (provincial government of {region.capitalize()})"
        where = (f"the page {row['source_url']}" + (f", a repost of {outlet}" if outlet else "")
                 + (f" dated {published}" if published else ""))
    through = (f"collected in the public repository {repo}, file {row.get('corpus_path', '')}, commit {commit}"
               if repo else "")
    cleaning = row.get("cleaning") or (
        "Wikisource licence footer cut and runs of blank lines collapsed; text otherwise as published"
        if national else "text as published")
    sources = {"page": row["source_url"], "page_kind": _page_kind(row["source_url"], national),
               "summary": "; ".join(p for p in (where, through) if p)}
    if repo:
        sources.update(collection=repo, collection_path=row.get("corpus_path", ""), collection_commit=commit)
    if outlet:
        sources["outlet"] = outlet
    return {
        "title": row["title"],
        "description": (f"Government work report (政府工作报告) of {region.capitalize() if not national else 'China'}, delivered in {year}"
                        + (f" on {delivered.isoformat()}" if delivered else "") + "; plain UTF-8 text."),
        "producer": producer,
        "compiled_by": "the analysis project, responsible for this copy: the text copied byte for byte from the "
                       "collection named in sources",
        "sources": sources,
        "region": region,
        "year": year,
        "delivered": delivered.isoformat() if delivered else "",
        "delivered_basis": ("date line of the report text" if delivered else
                            "the text carries no delivery date"),
        "published": published,
        "cleaning": cleaning,
        "vintages": [f"as delivered in {year} (figures for {year - 1} are preliminary, as first stated)"],
        "access_date": retrieved,
        "access_date_basis": "date the project copied the text from the collection; the collection records "
                             "no retrieval date of its own",
        "licence": _LICENCE,
        "encoding": "UTF-8",
        "lines": text.count("\n") + (0 if text.endswith("\n") else 1),
    }


def import_collection(folder: str | Path, target: str | Path | None = None,
                      retrieved: str | None = None) -> list[Path]:
    """Copy every text of ``folder`` (a collection with ``sources.csv``) into ``target``.

    Parameters
    ----------
    folder : the collection.
    target : default ``data/raw/reports``.
    retrieved : retrieval date written to the sidecars (ISO); default the modification date of the
        collection's ``sources.csv``.

    Returns the paths written (texts whose identical copy was already there are skipped).

    Raises
    ------
    InputError
        no or malformed ``sources.csv``, a listed text missing, or a text already in ``target`` with
        other bytes.
    """
    from analysis import paths
    from analysis.series import provenance

    folder = Path(folder)
    target = Path(target) if target is not None else paths.RAW_REPORTS
    rows = _rows(folder)
    if retrieved is None:
        stamp = (folder / "sources.csv").stat().st_mtime
        retrieved = datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).date().isoformat()
    written = []
    target.mkdir(parents=True, exist_ok=True)
    for row in rows:
        source = folder / row["file"]
        if not source.is_file():
            raise InputError("text listed in sources.csv is missing", file=str(folder / "sources.csv"),
                             field="file", value=row["file"])
        destination = target / row["file"]
        if destination.exists():
            if provenance.sha256(destination) != provenance.sha256(source):
                raise InputError("a different text of this name is already in the raw folder (raw files are "
                                 "immutable)", file=str(destination), field="sha256")
            if provenance.sidecar_path(destination).exists():
                continue
        else:
            shutil.copyfile(source, destination)
        text = destination.read_text(encoding="utf-8-sig")
        provenance.write_sidecar(destination, describe(row, text, retrieved))
        written.append(destination)
    return written
