"""The briefing: run the phase notebooks as a DAG on warm kernels and publish one HTML file.

Modules, by responsibility
--------------------------
dag          which notebooks exist (found by number in ``notebooks/``) and what each waits for
params       read each notebook's ``parameters`` cell; validate ``-p NAME VALUE`` before any kernel
shipped      which regions and years have a work report (the corpus panel)
runner       one briefing: plan, run the DAG, write the HTML, publish all or nothing
schedule     run a DAG of notebooks, each when what it waits for succeeded
execute      one notebook of a run: stage folder, cache or kernel, settled outputs
kernel       which kernel the notebooks run in and how it starts
pool         warm kernels reused across notebooks and regions
kernel_state what runs inside a warm kernel: the imports once, a fresh state per notebook
cache        content-addressed cache of executed notebooks
publish      run folders, the atomic ``latest`` switch, pruning, ``run.json``
log          one plain, time-stamped line per step
batch        ``--region all``: every report of a year on one pool of kernels, and the index page
inplace      ``notebooks execute``: re-execute the committed notebooks in place, all or nothing
html         the self-contained HTML briefing (no code, images and a CJK font subset embedded)
page         the sections of the page, one module each, called by the briefing notebook in order
content      what the briefing notebook shows: headline table, sources (reads tables, computes nothing)
commands     ``python -m analysis briefing`` and ``python -m analysis notebooks execute``
bench        cold and cached briefings, the batch of a year, against plain papermill

The runner executes the notebooks; the notebooks never call the runner. The names below are
re-exported lazily: the notebooks import ``page``, ``content`` and ``params`` and must not pay for
papermill, nbconvert and jupyter_client.
"""

from __future__ import annotations

import importlib
import sys

#: jsonschema (imported by nbformat) imports rfc3987_syntax when it is installed (JupyterLab's
#: jupyter_events brings it), and that module builds a grammar when imported: 2-4 s of every
#: briefing, for the "iri" string format that no notebook schema uses. Marked absent, unless
#: something imported it already, jsonschema does without that one format check.
sys.modules.setdefault("rfc3987_syntax", None)

_EXPORTS = {
    "run_briefing": "analysis.briefing.runner",
    "BriefingRun": "analysis.briefing.runner",
    "run_batch": "analysis.briefing.batch",
    "BatchRun": "analysis.briefing.batch",
    "execute_in_place": "analysis.briefing.inplace",
    "published_run": "analysis.briefing.publish",
    "resolve_kernel": "analysis.briefing.kernel",
    "KernelPool": "analysis.briefing.pool",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'analysis.briefing' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
