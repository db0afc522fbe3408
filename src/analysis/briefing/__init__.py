"""The briefing: run the phase notebooks as a DAG with papermill and publish one HTML file.

Modules, by responsibility
--------------------------
dag       which notebooks exist (found by number in ``notebooks/``) and what each waits for
params    read each notebook's ``parameters`` cell; validate ``-p NAME VALUE`` before any kernel
runner    execute the DAG (independent notebooks at once), cache, run folder, all-or-nothing publish
html      the self-contained HTML briefing (no code, images and a CJK font subset embedded)
content   what the briefing notebook shows: headline table, sources (reads tables, computes nothing)
commands  ``python -m analysis briefing`` and ``python -m analysis notebooks execute``
bench     briefing wall time against the plain ``papermill`` CLI run one notebook after another

Nothing heavy is imported here, so ``analysis.briefing.content`` stays cheap for the notebooks.
The runner executes the notebooks; the notebooks never call the runner.
"""
