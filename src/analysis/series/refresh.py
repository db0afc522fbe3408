"""Optional online refresh through AKShare: a new dated raw snapshot, never an edit of the old one.

``python -m analysis data refresh`` fetches the national macro releases that AKShare serves from
the Jin10 data centre and writes ``data/raw/snapshots/<YYYY-MM-DD>/``: a byte copy of the shipped
``data/raw/public`` files (with their sidecars) plus ``china_akshare.csv`` (long form) and its
sidecar. The new folder is assembled in a staging folder, validated exactly like the shipped data
(every row through :mod:`analysis.series.raw`, a full in-memory build, every checksum), and only
then renamed into place. An existing snapshot of the same date is never overwritten.

``akshare`` is an optional extra (``pip install -e .[online]``), imported only here and only when a
refresh runs. Offline or without akshare the command says so, keeps the snapshots as they are and
exits 0. Update the shipped data deliberately, in its own commit.

AKShare functions used (documented return frame: columns 商品, 日期, 今值, 预测值, 前值; one row per
release, 日期 = release date, 今值 = the released y/y rate in %):

============================  ==================  =========================================================
indicator key                 AKShare function    period of a release dated ...
============================  ==================  =========================================================
gdp_real_growth               macro_china_gdp_yearly   Jan -> Q4 of the year before, Apr -> Q1, Jul -> Q2,
                                                       Oct -> Q3 (single-quarter y/y, as NBS reports it)
cpi_inflation                 macro_china_cpi_yearly   month m -> M(m-1) (m = 1: M12 of the year before)
============================  ==================  =========================================================
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from analysis import paths
from analysis.errors import InputError
from analysis.series import build, provenance
from analysis.series.raw import LONG

SUPPORTED: dict[str, str] = {"gdp_real_growth": "macro_china_gdp_yearly", "cpi_inflation": "macro_china_cpi_yearly"}
FRAME_COLUMNS = ("商品", "日期", "今值")
SOURCE_URLS = {
    "macro_china_gdp_yearly": "https://datacenter.jin10.com/reportType/dc_chinese_gdp_yoy",
    "macro_china_cpi_yearly": "https://datacenter.jin10.com/reportType/dc_chinese_cpi_yoy",
}
OUTPUT = "china_akshare.csv"
_QUARTER_OF_RELEASE_MONTH = {1: "Q4", 2: "Q4", 4: "Q1", 5: "Q1", 7: "Q2", 8: "Q2", 10: "Q3", 11: "Q3"}


class Offline(RuntimeError):
    """AKShare is not installed or the network is not reachable."""


def fetch_akshare(function: str):
    """Call ``akshare.<function>()`` (lazy import). Raises :class:`Offline` when it cannot."""
    try:
        # akshare is an optional extra (pip install -e '.[online]'): absent on most installs
        import akshare  # noqa: PLC0415
    except ImportError as err:
        raise Offline("akshare is not installed (optional extra: pip install -e '.[online]')") from err
    try:
        return getattr(akshare, function)()
    except Exception as err:  # network, HTTP and parsing errors of the live service
        raise Offline(f"akshare.{function}() failed: {type(err).__name__}: {err}") from err


def _period(key: str, released: dt.date) -> tuple[int, str]:
    if key == "gdp_real_growth":
        quarter = _QUARTER_OF_RELEASE_MONTH.get(released.month)
        if quarter is None:
            raise ValueError(f"a GDP release in month {released.month} fits no quarter")
        return (released.year - 1 if quarter == "Q4" else released.year), quarter
    month = released.month - 1 or 12
    return (released.year - 1 if released.month == 1 else released.year), f"M{month:02d}"


def frame_rows(key: str, frame, fetched: dt.date) -> list[dict]:
    """Long-form raw rows (strings, as written to the CSV) from one AKShare macro frame.

    Validates the frame shape (columns 商品, 日期, 今值; at least one row), dates and numbers;
    a release without 今值 (not yet published) is left out. Raises ``InputError`` naming the
    function, the 1-based frame row, the column and the value.
    """
    function = SUPPORTED[key]
    columns = [str(c) for c in getattr(frame, "columns", [])]
    missing = [c for c in FRAME_COLUMNS if c not in columns]
    if missing:
        raise InputError(
            "AKShare frame lacks column(s) " + ", ".join(missing),
            file=function,
            row=1,
            field=missing[0],
            value=",".join(columns),
        )
    if len(frame) == 0:
        raise InputError("AKShare frame is empty", file=function, row=1)
    rows, seen = [], set()
    for i, record in enumerate(frame.to_dict(orient="records"), start=2):
        try:
            released = dt.date.fromisoformat(str(record["日期"])[:10])
            year, period = _period(key, released)
        except ValueError:
            raise InputError(
                "unreadable release date", file=function, row=i, field="日期", value=record["日期"]
            ) from None
        value = record["今值"]
        if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InputError("not a number", file=function, row=i, field="今值", value=value) from None
        if not -60.0 <= number <= 100.0:
            raise InputError("implausible y/y rate (%)", file=function, row=i, field="今值", value=value)
        if (year, period) in seen:
            continue  # a re-release of the same period: the first (earliest) one is the first release
        seen.add((year, period))
        note = "single-quarter y/y (not cumulative)" if key == "gdp_real_growth" else "monthly y/y"
        rows.append(
            {
                "region": "China",
                "indicator": key,
                "year": str(year),
                "period": period,
                "value": repr(number),
                "unit": "%",
                "vintage": f"first release {released.isoformat()} (AKShare {function}, fetched {fetched.isoformat()})",
                "source_title": f"金十数据 {record.get('商品', '')} via AKShare {function}",
                "source_url": SOURCE_URLS[function],
                "note": note,
            }
        )
    if not rows:
        raise InputError("AKShare frame has no released value", file=function, row=2, field="今值")
    return rows


def _write_csv(path: Path, rows: list[dict]) -> None:
    rows = sorted(rows, key=lambda r: (r["indicator"], int(r["year"]), r["period"]))
    path.write_text(build.to_csv_text(rows, LONG), encoding="utf-8", newline="")


def refresh(
    indicators: list[str] | None = None,
    *,
    fetch: Callable[[str], object] = fetch_akshare,
    raw_root: str | Path | None = None,
    today: dt.date | None = None,
) -> Path:
    """Fetch, validate and write a new snapshot ``<raw_root>/snapshots/<today>``.

    Parameters
    ----------
    indicators : keys of :data:`SUPPORTED` (default: all).
    fetch : function name -> frame; tests pass stand-in frames (no network).
    raw_root : ``data/raw`` by default.
    today : snapshot date (default: today).

    Returns
    -------
    Path of the new snapshot.

    Raises
    ------
    Offline
        AKShare missing or unreachable (nothing written).
    InputError
        Unknown indicator; a snapshot of that date exists already; a fetched frame or the assembled
        snapshot fails validation (nothing written, staging removed).
    """
    root = Path(raw_root) if raw_root is not None else paths.RAW
    today = today or dt.date.today()
    keys = list(indicators or SUPPORTED)
    for key in keys:
        if key not in SUPPORTED:
            raise InputError(
                f"refresh does not support this indicator; supported: {', '.join(SUPPORTED)}",
                field="indicator",
                value=key,
            )
    target = root / "snapshots" / today.isoformat()
    if target.exists():
        raise InputError(
            "a snapshot of this date exists already and is kept (refresh never overwrites)", file=str(target)
        )
    rows = []
    for key in keys:
        rows.extend(frame_rows(key, fetch(SUPPORTED[key]), today))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{today.isoformat()}-", dir=target.parent))
    try:
        public = root / "public"
        for path in sorted(public.iterdir()):
            if path.is_file():
                shutil.copyfile(path, staging / path.name)
        out = staging / OUTPUT
        _write_csv(out, rows)
        provenance.write_sidecar(
            out,
            {
                "title": "National macro releases via AKShare (Jin10 data centre)",
                "description": "First releases of " + ", ".join(keys) + " as served by AKShare; y/y %.",
                "producer": "National Bureau of Statistics of China (releases), Jin10 data centre (compilation)",
                "compiled_by": (
                    "the analysis project, responsible for this table: fetched by `python -m analysis data "
                    "refresh` through the AKShare functions " + ", ".join(SUPPORTED[k] for k in keys)
                ),
                "sources": {
                    "row_level_columns": ["source_title", "source_url"],
                    "summary": "AKShare functions " + ", ".join(SUPPORTED[k] for k in keys),
                },
                "access_date": today.isoformat(),
                "access_date_basis": "the day the refresh fetched the releases",
                "licence": "Public macro releases; AKShare is MIT-licensed, Jin10 terms apply to its pages.",
            },
        )
        build.collect(staging, None, snapshot=today.isoformat())  # verifies every sidecar first, as data build
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


def main(
    indicators: list[str] | None = None,
    *,
    fetch: Callable[[str], object] | None = None,
    raw_root: str | Path | None = None,
) -> int:
    """CLI entry: 0 on success or when offline (snapshot kept, said on stdout); InputError -> exit 2."""
    try:
        target = refresh(indicators, fetch=fetch or fetch_akshare, raw_root=raw_root)
    except Offline as why:
        print(f"offline, snapshot kept: {why}")
        return 0
    print(f"wrote snapshot {target} (validated; use it with --snapshot {target.name})")
    return 0
