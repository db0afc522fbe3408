"""Tables out of the package: the CLI's stdout formats and atomic, deterministic CSV files.

One place for both, so every command prints ``--format csv|json|table`` the same way and every
table a notebook hands to the briefing is written the same way (temp file, then rename: a failed
run leaves the previous file intact).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


def render(
    frame,
    fmt: str,
    *,
    decimals: int | None = None,
    table_columns: list[str] | None = None,
    notes_column: str | None = None,
) -> str:
    """``frame`` as ``csv``, ``json`` (records, UTF-8, NaN as null) or an aligned ``table``.

    Parameters
    ----------
    decimals : round floats to this many decimals (all formats); ``None`` keeps up to 10
        significant digits.
    table_columns : the columns shown in ``table`` format (default: all).
    notes_column : in ``table`` format, this column is listed once under the table instead of
        in every row.
    """
    frame = frame.copy()
    if decimals is not None:
        for col in frame.columns:
            if frame[col].dtype.kind == "f":
                frame[col] = frame[col].round(decimals)
    float_format = f"%.{decimals}f" if decimals is not None else "%.10g"
    if fmt == "csv":
        return frame.to_csv(index=False, float_format=float_format, lineterminator="\n")
    if fmt == "json":
        records = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
        return json.dumps(records, ensure_ascii=False, indent=1, default=str) + "\n"
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; known: csv, json, table")
    if frame.empty:
        return "(no rows)\n"
    shown = frame[table_columns] if table_columns else frame
    if notes_column and notes_column in shown.columns:
        shown = shown.drop(columns=notes_column)
    text = shown.to_string(
        index=False,
        na_rep="NaN",
        float_format=(lambda v: f"{v:.{decimals}f}") if decimals is not None else (lambda v: f"{v:g}"),
    )
    if notes_column and notes_column in frame.columns:
        notes = sorted({str(n) for n in frame[notes_column] if isinstance(n, str) and n})
        if notes:
            text += "\n\nnotes:\n" + "\n".join(f"- {n}" for n in notes)
    return text + "\n"


def write_table(frame, out_dir: str | Path, name: str, *, float_format: str = "%.6g") -> Path:
    """Write ``frame`` to ``out_dir/name`` atomically and deterministically (``\\n`` line ends).

    Returns the path written. The folder is created if needed.
    """
    target = Path(out_dir) / name
    with atomic_path(target) as tmp:
        frame.to_csv(tmp, index=False, lineterminator="\n", float_format=float_format)
    return target


@contextmanager
def atomic_path(target: str | Path):
    """Yield a temporary path next to ``target``; on success rename it onto ``target``.

    On an exception the temporary file is removed and ``target`` is left as it was.
    Use for any writer that takes a path (``savefig``, ``write_text``, ``to_csv``).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def publish_texts(texts: dict[str, str], folder: str | Path, *, prefix: str = ".publish-") -> None:
    """Write every ``name -> text`` into a staging folder beside ``folder``, then move each into
    ``folder`` in the order given (put the manifest last): a failure part-way never leaves a
    half-written file, and the manifest only names outputs already in place."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=folder.parent))
    try:
        for name, text in texts.items():
            (staging / name).write_text(text, encoding="utf-8", newline="")
        for name in texts:
            os.replace(staging / name, folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
