"""Notebook parameters: read each ``parameters`` cell with :mod:`ast`, validate values before any kernel.

Papermill only warns on an unknown parameter name and passes any value through. The runner is
stricter, so that a typo fails in a second instead of after a minute of computing the wrong thing:

* the ``parameters`` cell (the code cell tagged ``parameters``) must hold only annotated assignments
  of a literal of type ``str``, ``int``, ``float`` or ``bool``, each with a trailing comment:
  ``region: str = "liaoning"  # region key (pinyin)``;
* ``-p NAME VALUE`` with a name no notebook declares is refused, listing the known names;
* a value that does not parse as the declared type is refused, naming parameter and value;
  ``as_of`` must be an ISO date (``YYYY-MM-DD``) or ``""``; ``region`` must name a region of
  :mod:`analysis.vocabulary` (key, Chinese or English name: :func:`~analysis.vocabulary.check_region`;
  the notebooks receive the key) and ``year`` a year whose work report is shipped for that region
  (:func:`analysis.paths.report_path`);
* each notebook receives only the parameters it declares.
"""
from __future__ import annotations

import ast
import datetime as dt
import io
import json
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import InputError

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
    found = [(i, c) for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(found) != 1:
        raise InputError(f"a notebook needs exactly one code cell tagged 'parameters', found {len(found)}",
                         file=file)
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
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and node.value is not None):
            raise InputError("parameters cell may hold only `name: type = literal  # comment` lines",
                             file=file, row=node.lineno, value=ast.get_source_segment(source, node))
        name = node.target.id
        type_name = node.annotation.id if isinstance(node.annotation, ast.Name) else ast.unparse(node.annotation)
        if type_name not in TYPES:
            raise InputError(f"parameter type must be one of {', '.join(TYPES)}", file=file,
                             row=node.lineno, field=name, value=type_name)
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            raise InputError("parameter default must be a literal (derived values go in the next cell)",
                             file=file, row=node.lineno, field=name,
                             value=ast.get_source_segment(source, node.value)) from None
        if not _literal_has_type(default, type_name):
            raise InputError(f"default does not match the declared type {type_name}", file=file,
                             row=node.lineno, field=name, value=default)
        comment = comments.get(node.end_lineno, "")
        if not comment:
            raise InputError("every parameter needs a trailing comment saying what it is", file=file,
                             row=node.lineno, field=name)
        if name in out:
            raise InputError("parameter declared twice", file=file, row=node.lineno, field=name)
        out[name] = Parameter(name, type_name, float(default) if type_name == "float" else default,
                              comment, node.lineno)
    return out


def read_parameters(path: str | Path) -> dict[str, Parameter]:
    """The declared parameters of the notebook at ``path`` (``.ipynb``)."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    _, source = parameters_cell(nb, file=path)
    return parse_parameters(source, file=path)


def coerce(value: str, parameter: Parameter):
    """The command-line text ``value`` as the parameter's declared type, or InputError."""
    kind = parameter.type
    text = value.strip()
    bad = InputError(f"parameter {parameter.name!r} expects {kind}, got {value!r}",
                     field=parameter.name, value=value)
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
    _check_meaning(parameter.name, result, value)
    return result


def validate(declared: dict[str, dict[str, Parameter]], *, region: str, year: int,
             overrides: list[tuple[str, str]] | dict[str, str],
             runner_values: dict[str, object] | None = None) -> dict[str, dict[str, object]]:
    """Check every value against the declarations and give each notebook its own parameters.

    Parameters
    ----------
    declared : notebook name -> its declared parameters (:func:`read_parameters`).
    region, year : the briefing's region (key, Chinese or English name) and report year
        (``--region``, ``--year``); the notebooks receive the region key.
    overrides : ``-p NAME VALUE`` pairs from the command line (text).
    runner_values : values the runner sets itself (``output_dir``).

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
    from analysis import paths, vocabulary

    pairs = list(overrides.items()) if isinstance(overrides, dict) else [tuple(p) for p in overrides]
    known: dict[str, Parameter] = {}
    for notebook, params in declared.items():
        for name, param in params.items():
            if name in known and known[name].type != param.type:
                raise InputError(f"parameter {name!r} is declared as {known[name].type} in one notebook "
                                 f"and {param.type} in {notebook}", field=name)
            known.setdefault(name, param)
    settable = sorted(n for n in known if n not in RUNNER_PARAMETERS + OPTION_PARAMETERS)

    values: dict[str, object] = {}
    for name, text in pairs:
        if name in OPTION_PARAMETERS:
            raise InputError(f"give {name} with --{name}, not -p", field=name, value=text)
        if name in RUNNER_PARAMETERS:
            raise InputError(f"{name} is set by the runner (the run folder under --out)", field=name,
                             value=text)
        if name not in known:
            raise InputError(f"unknown parameter {name!r}; known: {', '.join(settable) or '(none)'}",
                             field=name, value=text)
        if name in values:
            raise InputError(f"parameter {name!r} given twice", field=name, value=text)
        values[name] = coerce(text, known[name])

    region = vocabulary.check_region(region)
    if isinstance(year, bool) or not isinstance(year, int):
        raise InputError(f"year must be an int, got {year!r}", field="year", value=year)
    if not paths.report_path(region, year).exists():
        shipped = ", ".join(str(y) for y in paths.available_report_years(region)) or "(none)"
        raise InputError(f"no work report shipped for {region} {year}; shipped years: {shipped}",
                         file=paths.report_path(region, year), field="year", value=year)
    values.update(region=region, year=year)
    values.update(runner_values or {})

    return {nb: {name: values[name] for name in params if name in values}
            for nb, params in declared.items()}


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


def _check_meaning(name: str, value, text: str) -> None:
    """Checks beyond the type for the suite's shared names."""
    if name == "as_of" and value != "":
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            dt.date.fromisoformat(value)
        except ValueError:
            raise InputError(f"parameter 'as_of' expects an ISO date YYYY-MM-DD or \"\", got {value!r}",
                             field=name, value=value) from None
    if name == "n_paths" and value < 1:
        raise InputError(f"parameter 'n_paths' must be a positive number of paths, got {text!r}",
                         field=name, value=text)
    if name == "seed" and value < 0:
        raise InputError(f"parameter 'seed' must be a non-negative int, got {text!r}", field=name, value=text)


def _comments_by_line(source: str) -> dict[int, str]:
    out: dict[int, str] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                out[tok.start[0]] = tok.string.lstrip("#").strip()
    except tokenize.TokenError:
        pass
    return out
