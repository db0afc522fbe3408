"""Runs inside each warm kernel: import once, then give every notebook the state of a fresh kernel.

The runner sends this module's source to a kernel it has just started (:mod:`analysis.briefing.pool`),
where it becomes the module ``_briefing_kernel``; the runner's own process never calls it. It imports
only the standard library and IPython, so it works whatever ``analysis`` the kernel could import.

:func:`warm_up` imports the modules the notebooks import (pandas, matplotlib, statsmodels, the
package) once, then records what a notebook can change in a running interpreter. :func:`prepare`,
run before each notebook, puts that back:

* the user namespace emptied and the execution count back to 1 (IPython's ``reset`` with a new
  history session: ``In``, ``Out``, ``_`` and every name a notebook defined are gone);
* the working directory, the environment (plus the notebook's own variables) and ``sys.path``;
* the warning filters, and the registries of warnings already shown (so a warning is shown in each
  notebook that triggers it, as in a fresh kernel);
* no open matplotlib figure, ``rcParams`` as after the imports (the house style included); the
  backend is loaded at warm-up, as a fresh kernel loads it at its first figure, so figures show
  (or not) as they would there;
* pandas' options as after the imports.

Modules stay imported, and so do their caches (the loaders' session caches): that is the speed. A
module that a notebook imports for the first time, after warm-up, keeps what its import did.
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings

from IPython import get_ipython

_SAVED: dict[str, object] = {}


def warm_up(modules: list[str]) -> list[str]:
    """Import ``modules`` (a failing one is skipped: the notebook that imports it reports the error in
    its own cell), then record the state :func:`prepare` restores. Returns the modules that failed."""
    failed = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the notebook's own import shows the error where it belongs
            failed.append(name)
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:  # load the backend now, as a notebook's first figure would (inline: interactive mode on)
        plt.switch_backend(sys.modules["matplotlib"].get_backend())
    _SAVED["environ"] = dict(os.environ)
    _SAVED["path"] = list(sys.path)
    _SAVED["filters"] = list(warnings.filters)
    mpl = sys.modules.get("matplotlib")
    if mpl is not None:
        _SAVED["rcParams"] = mpl.rcParams.copy()
    pd = sys.modules.get("pandas")
    if pd is not None and hasattr(pd, "options"):
        _SAVED["pandas"] = _pandas_options(pd)
    return failed


def prepare(cwd: str, environ: dict[str, str | None]) -> None:
    """The state of a kernel just started in ``cwd`` with the warm-up's environment updated by
    ``environ`` (a value of None removes the variable); see the module docstring."""
    os.chdir(cwd)  # first: the previous notebook's folder may be gone
    shell = get_ipython()
    shell.reset(new_session=True)  # namespace, In/Out history, execution count 1; it collects garbage too
    os.environ.clear()
    os.environ.update(_SAVED["environ"])
    for name, value in environ.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    sys.path[:] = _SAVED["path"]
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
    if "rcParams" in _SAVED:
        rc = sys.modules["matplotlib"].rcParams
        saved = dict(_SAVED["rcParams"])
        saved.pop("backend", None)  # as matplotlib.rc_context does: never switch the backend
        rc._update_raw(saved) if hasattr(rc, "_update_raw") else dict.update(rc, saved)
    if "pandas" in _SAVED:
        pd = sys.modules["pandas"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # reading a deprecated option warns
            for key, value in _SAVED["pandas"].items():
                if pd.get_option(key) != value:
                    pd.set_option(key, value)
    warnings.resetwarnings()  # also tells every module's warning registry that it is out of date
    warnings.filters[:] = _SAVED["filters"]
    for module in list(sys.modules.values()):
        registry = getattr(module, "__warningregistry__", None)
        if isinstance(registry, dict):
            registry.clear()


def _pandas_options(pd) -> dict[str, object]:
    """Every pandas option and its value, read through ``pd.options``."""
    options: dict[str, object] = {}
    branch = type(pd.options)

    def walk(node, prefix: str) -> None:
        for key in dir(node):
            value = getattr(node, key)
            if isinstance(value, branch):
                walk(value, f"{prefix}{key}.")
            else:
                options[f"{prefix}{key}"] = value

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reading a deprecated option warns
        walk(pd.options, "")
    return options
