"""Notebook parameters: read each ``parameters`` cell with :mod:`ast`, validate values before any kernel.

Papermill only warns on an unknown parameter name and passes any value through. The runner is
stricter, so that a typo fails in a second instead of after a minute of computing the wrong thing:

* the ``parameters`` cell (the code cell tagged ``parameters``) must hold only annotated assignments
  of a literal of type ``str``, ``int``, ``float`` or ``bool``, each with a trailing comment:
  ``region: str = "liaoning"  # region key (pinyin)``; the comment holds no ``=``, which papermill's
  ``--help-notebook`` cannot parse;
* ``-p NAME VALUE`` with a name no notebook declares is refused, listing the known names;
* a value that does not parse as the declared type is refused, naming parameter and value;
  ``region`` must name a region of :mod:`analysis.vocabulary` (key, Chinese or English name:
  :func:`~analysis.vocabulary.check_region`: the nation, a province or a city of
  ``data/raw/regions/regions.csv``; the notebooks receive the key) and ``year`` a year of which the
  corpus panel holds a work report of that region (:func:`analysis.briefing.shipped.check_report`);
* the suite's shared names mean the same in every notebook and are checked for it (:func:`coerce`):
  ``as_of`` an ISO date (``YYYY-MM-DD``) or ``""``, from the report's delivery date to the earlier
  of Dec 31 of the year after ``year`` and the day the notebook's data (``snapshot``) were retrieved
  (:func:`analysis.corpus.as_of.parse_as_of`, the rule of ``feasibility --as-of``
  too); ``seed`` and ``n_paths`` as the Monte Carlo accepts them (:func:`analysis.checks.check_seed`,
  :func:`~analysis.checks.check_n_paths`, at most :data:`~analysis.checks.MAX_PATHS`); ``year`` and
  every ``*_year`` within :data:`~analysis.checks.FIRST_YEAR`-:data:`~analysis.checks.LAST_YEAR`, and
  a notebook's ``start_year`` not after its ``end_year``;
  ``snapshot`` a raw snapshot the series loader knows (:func:`analysis.series.build.raw_folder`);
  ``report_path`` ``""`` or a readable report text (:func:`analysis.report.text.read_report`), passed
  on as an absolute path because each kernel runs in its own stage folder. Checks that join two
  values (as-of against the report date, start against end) use each notebook's own values: its
  default where ``-p`` does not set one;
* each notebook receives only the parameters it declares.
"""

from __future__ import annotations

import ast
import io
import json
import re
import sys
import tokenize
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from analysis import paths, vocabulary
from analysis.briefing import shipped
from analysis.checks import check_n_paths, check_seed, check_year, iso_date
from analysis.corpus.as_of import parse_as_of
from analysis.errors import InputError
from analysis.report.text import read_report
from analysis.series.build import raw_folder

TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}

#: Set by the runner, never from the command line: the run folder's figures/ (tables and figures).
RUNNER_PARAMETERS = ("output_dir",)
#: Given by their own options (``--region``, ``--year``), not by ``-p``.
OPTION_PARAMETERS = ("region", "year")


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}
_INT = re.compile(r"[+-]?\d+")


@dataclass(frozen=True)
class Parameter:
    """One declared notebook parameter: ``name: type = default  # comment``."""

    name: str
    type: str
    default: object
    comment: str
    line: int


def parameters_cell(nb, *, file: str | Path | None = None) -> tuple[int, str]:
    """Index and source of the notebook's one code cell tagged ``parameters``.

    Raises
    ------
    InputError
        when there is no such cell or more than one.
    """
    found = [
        (i, c)
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    if len(found) != 1:
        raise InputError(f"a notebook needs exactly one code cell tagged 'parameters', found {len(found)}", file=file)
    index, cell = found[0]
    return index, cell.source


def parse_parameters(source: str, *, file: str | Path | None = None) -> dict[str, Parameter]:
    """Parse a parameters cell: annotated literal assignments, one trailing comment each.

    Parameters
    ----------
    source : the cell's source code.
    file : the notebook, for error messages.

    Returns
    -------
    dict
        name -> :class:`Parameter`, in the order of the cell.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise InputError(f"parameters cell does not parse: {err.msg}", file=file, row=err.lineno) from None
    comments = _comments_by_line(source)
    out: dict[str, Parameter] = {}
    for node in tree.body:
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None):
            raise InputError(
                "parameters cell may hold only `name: type = literal  # comment` lines",
                file=file,
                row=node.lineno,
                value=ast.get_source_segment(source, node),
            )
        name = node.target.id
        type_name = node.annotation.id if isinstance(node.annotation, ast.Name) else ast.unparse(node.annotation)
        if type_name not in TYPES:
            raise InputError(
                f"parameter type must be one of {', '.join(TYPES)}",
                file=file,
                row=node.lineno,
                field=name,
                value=type_name,
            )
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            raise InputError(
                "parameter default must be a literal (derived values go in the next cell)",
                file=file,
                row=node.lineno,
                field=name,
                value=ast.get_source_segment(source, node.value),
            ) from None
        if not _literal_has_type(default, type_name):
            raise InputError(
                f"default does not match the declared type {type_name}",
                file=file,
                row=node.lineno,
                field=name,
                value=default,
            )
        comment = comments.get(node.end_lineno, "")
        if not comment:
            raise InputError(
                "every parameter needs a trailing comment saying what it is", file=file, row=node.lineno, field=name
            )
        if "=" in comment:  # papermill's --help-notebook cannot parse such a line and drops it
            raise InputError(
                "a parameter's comment may not hold '=' (papermill --help-notebook cannot "
                "parse the line); write 'empty means ...'",
                file=file,
                row=node.lineno,
                field=name,
                value=comment,
            )
        if name in out:
            raise InputError("parameter declared twice", file=file, row=node.lineno, field=name)
        out[name] = Parameter(
            name, type_name, float(default) if type_name == "float" else default, comment, node.lineno
        )
    return out


def read_parameters(path: str | Path) -> dict[str, Parameter]:
    """The declared parameters of the notebook at ``path`` (``.ipynb``)."""
    nb = nbformat.read(str(path), as_version=4)
    _, source = parameters_cell(nb, file=path)
    return parse_parameters(source, file=path)


def coerce(value: str, parameter: Parameter):
    """The command-line text ``value`` as the parameter's declared type, or InputError."""
    kind = parameter.type
    text = value.strip()
    bad = InputError(f"parameter {parameter.name!r} expects {kind}, got {value!r}", field=parameter.name, value=value)
    if kind == "str":
        result = value
    elif kind == "int":
        if not _INT.fullmatch(text):
            raise bad
        result = int(text)
    elif kind == "float":
        try:
            result = float(text)
        except ValueError:
            raise bad from None
        if result != result or result in (float("inf"), float("-inf")):
            raise bad
    elif kind == "bool":
        if text.lower() in _TRUE:
            result = True
        elif text.lower() in _FALSE:
            result = False
        else:
            raise bad
    else:  # pragma: no cover - parse_parameters only lets the four types through
        raise bad
    return _check_meaning(parameter.name, result, value)


def validate(
    declared: dict[str, dict[str, Parameter]],
    *,
    region: str,
    year: int,
    overrides: list[tuple[str, str]] | dict[str, str],
    runner_values: dict[str, object] | None = None,
    note: Callable[[str], None] | None = None,
) -> dict[str, dict[str, object]]:
    """Check every value against the declarations and give each notebook its own parameters.

    Parameters
    ----------
    declared : notebook name -> its declared parameters (:func:`read_parameters`).
    region, year : the briefing's region (key, Chinese or English name) and report year
        (``--region``, ``--year``); the notebooks receive the region key.
    overrides : ``-p NAME VALUE`` pairs from the command line (text).
    runner_values : values the runner sets itself (``output_dir``).
    note : receives the notes on values changed to fit the report (default: printed on stderr).

    Returns
    -------
    dict
        notebook name -> {parameter: value}, only the parameters that notebook declares.

    Raises
    ------
    InputError
        unknown name (listing the known ones), ill-typed value (naming parameter and value),
        unknown region, no shipped report for (region, year), or one name declared with two types.
    """
    pairs = list(overrides.items()) if isinstance(overrides, dict) else [tuple(p) for p in overrides]
    known: dict[str, Parameter] = {}
    for notebook, params in declared.items():
        for name, param in params.items():
            if name in known and known[name].type != param.type:
                raise InputError(
                    f"parameter {name!r} is declared as {known[name].type} in one notebook "
                    f"and {param.type} in {notebook}",
                    field=name,
                )
            known.setdefault(name, param)
    settable = sorted(n for n in known if n not in RUNNER_PARAMETERS + OPTION_PARAMETERS)

    values: dict[str, object] = {}
    for name, text in pairs:
        if name in OPTION_PARAMETERS:
            raise InputError(f"give {name} with --{name}, not -p", field=name, value=text)
        if name in RUNNER_PARAMETERS:
            raise InputError(f"{name} is set by the runner (the run folder under --out)", field=name, value=text)
        if name not in known:
            raise InputError(
                f"unknown parameter {name!r}; known: {', '.join(settable) or '(none)'}", field=name, value=text
            )
        if name in values:
            raise InputError(f"parameter {name!r} given twice", field=name, value=text)
        values[name] = coerce(text, known[name])

    region = vocabulary.check_region(region)
    if isinstance(year, bool) or not isinstance(year, int):
        raise InputError(f"year must be an int, got {year!r}", field="year", value=year)
    shipped.check_report(region, year)
    values.update(region=region, year=year)
    values.update(runner_values or {})
    given = {name for name, _ in pairs}
    for notebook, params in declared.items():
        values.update(
            _check_together(
                notebook,
                {name: values.get(name, param.default) for name, param in params.items()},
                given=given,
                region=region,
                year=year,
                note=note,
            )
        )

    return {nb: {name: values[name] for name in params if name in values} for nb, params in declared.items()}


def check_notebook(**values) -> str | None:
    """Check a notebook's own parameter values where it runs (JupyterLab, plain ``papermill -p``).

    The runner checks ``-p`` values before any kernel starts; a notebook run any other way calls
    this first, so that a bad value stops at the first cell with one line naming the parameter and
    the value (:class:`~analysis.errors.InputError` shows no traceback in IPython), not deep inside a
    model. Applies the same rules as :func:`validate` to the names given: ``region`` known, a report
    shipped for ``region`` and ``year`` (unless ``report_path`` names one), ``as_of`` within the
    report's range, ``seed``, ``n_paths``, ``*_year``, ``snapshot``, ``start_year`` <= ``end_year``.
    A report of ``region`` and ``year`` is one the corpus panel holds (:mod:`analysis.briefing.shipped`).

    Returns
    -------
    str or None
        the region key (``region`` may be given by name, e.g. 辽宁), or None without ``region``.
    """
    if values.get("report_path"):  # relative to the notebook, as the notebook reads it
        values["report_path"] = str(paths.notebook_path(values["report_path"]))
    for name, value in values.items():
        _check_meaning(name, value, str(value))
    region = values.get("region")
    if region is None:
        return None
    region = vocabulary.check_region(region)
    year = values.get("year")
    if isinstance(year, int) and not values.get("report_path"):
        shipped.check_report(region, year)
        _check_together("this notebook", values, given=set(values), region=region, year=year)
    return region


def digest(values: dict[str, object]) -> str:
    """Stable text of a parameter dict (for cache keys and the run manifest)."""
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _literal_has_type(value, type_name: str) -> bool:
    if type_name == "bool":
        return isinstance(value, bool)
    if type_name == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, str)


def _check_meaning(name: str, value, text: str):
    """Checks beyond the type for the suite's shared names; the value the notebooks receive."""
    if name == "as_of" and value != "":
        iso_date(value, field=name)
    if name == "n_paths":
        check_n_paths(value, field=name, given=text)
    if name == "seed":
        check_seed(value, field=name, given=text)
    if (name == "year" or name.endswith("_year")) and isinstance(value, int) and not isinstance(value, bool):
        check_year(value, field=name, given=text)
    if name == "snapshot" and value != "":
        raw_folder(value)  # the loader's own lookup: unknown -> InputError listing the known ones
    if name == "report_path" and value != "":
        path = Path(value).expanduser().resolve()
        try:
            read_report(path)
        except InputError as err:
            raise InputError(
                f"parameter 'report_path' does not name a report text: {err}", field=name, value=value
            ) from None
        return str(path)
    return value


def _check_together(
    notebook: str,
    values: dict[str, object],
    *,
    given: set[str],
    region: str,
    year: int,
    note: Callable[[str], None] | None = None,
) -> dict[str, object]:
    """Checks joining two values, on one notebook's values (``-p`` or its defaults).

    Returns the values to inject instead of a default that does not fit the report: a default
    ``as_of`` outside the report's range becomes "" (no in-year update), said to ``note`` (default:
    stderr); a given one that does not fit is refused."""

    def whose(name: str) -> str:
        return "" if name in given else f" (the default of {notebook})"

    start, end = values.get("start_year"), values.get("end_year")
    if isinstance(start, int) and isinstance(end, int) and start > end:
        field = "start_year" if "start_year" in given or "end_year" not in given else "end_year"
        raise InputError(
            f"start_year {start}{whose('start_year')} is after end_year {end}{whose('end_year')}",
            field=field,
            value=values[field],
        )
    as_of = values.get("as_of")
    if isinstance(as_of, str) and as_of != "":
        try:
            snapshot = values.get("snapshot", "")
            parse_as_of(as_of, region=region, year=year, snapshot=snapshot if isinstance(snapshot, str) else "")
        except InputError:
            if "as_of" in given:
                raise
            (note or _note_to_stderr)(
                f"note: the default as_of {as_of} of {notebook} is outside the {region} {year} report's "
                "range; the briefing runs without the in-year update (give -p as_of DATE for one)"
            )
            return {"as_of": ""}
    return {}


def _note_to_stderr(line: str) -> None:
    print(line, file=sys.stderr)


def _comments_by_line(source: str) -> dict[int, str]:
    out: dict[int, str] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                out[tok.start[0]] = tok.string.lstrip("#").strip()
    except tokenize.TokenError:
        pass
    return out
