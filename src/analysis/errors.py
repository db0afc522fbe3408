"""Errors for bad input: each names the file, row, field and value at fault.

Commands catch :class:`InputError` at the top (see :mod:`analysis.cli`), print its message
to stderr and exit with code 2, leaving every previous output untouched.
"""

from __future__ import annotations

from pathlib import Path

EXIT_BAD_INPUT = 2


class InputError(ValueError):
    """Bad input data or parameter, with where it was found.

    Parameters
    ----------
    message : what is wrong, in words.
    file : the file at fault (path or name), if any.
    row : 1-based line number in that file (header is line 1), if known.
    field : column or parameter name.
    value : the offending value as found.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        field: str | None = None,
        value: object = None,
    ):
        self.file, self.row, self.field, self.value = file, row, field, value
        where = []
        if file is not None:
            where.append(f"file {file}")
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field {field!r}")
        if value is not None:
            where.append(f"value {value!r}")
        super().__init__(f"{message}" + (f" ({', '.join(where)})" if where else ""))

    def _render_traceback_(self) -> list[str]:
        """What IPython (a notebook, papermill) shows for this error: the message, not a traceback.

        The error is the input's, not the code's: the stack says nothing a reader can act on.
        """
        return [f"InputError: {self}"]
