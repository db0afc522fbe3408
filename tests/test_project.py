"""Project contract: README commands, CI script, task list, light import."""

from __future__ import annotations

import re
import subprocess
import sys

from analysis import paths


def _readme_commands() -> list[str]:
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^\s{4}(python3 tasks\.py \w+)", text, flags=re.M)


def test_ci_runs_the_readme_test_command():
    commands = _readme_commands()
    assert "python3 tasks.py test" in commands
    ci = (paths.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in ci.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    assert "python3 tasks.py test" in lines


def test_readme_briefing_command_is_a_task():
    out = subprocess.run(
        [sys.executable, str(paths.ROOT / "tasks.py"), "help"], capture_output=True, text=True, check=True
    ).stdout
    tasks = set(re.findall(r"^\s+(\S+)\s", out, flags=re.M))
    for cmd in _readme_commands():
        assert cmd.split()[-1] in tasks


def test_unknown_task_exits_non_zero():
    res = subprocess.run([sys.executable, str(paths.ROOT / "tasks.py"), "no-such-task"], capture_output=True, text=True)
    assert res.returncode == 2 and "no-such-task" in res.stderr


def test_makefile_targets_match_tasks():
    make = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.search(r"^\.PHONY:(.*)$", make, flags=re.M).group(1).split())
    out = subprocess.run(
        [sys.executable, str(paths.ROOT / "tasks.py"), "help"], capture_output=True, text=True, check=True
    ).stdout
    tasks = set(re.findall(r"^\s+(\S+)\s", out, flags=re.M))
    assert targets == tasks


def test_import_analysis_is_light():
    """`import analysis` and the CLI parser must not pull in pandas, statsmodels or matplotlib."""
    code = (
        "import sys, analysis, analysis.cli; analysis.cli.build_parser(); "
        "heavy = [m for m in ('pandas', 'statsmodels', 'matplotlib', 'scipy') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_readme_lists_the_table_contract_as_declared():
    """The README's list of tables is `python -m analysis tables --markdown`, not a copy typed by hand."""
    from analysis import contract

    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- tables:start -->")[1].split("<!-- tables:end -->")[0].strip()
    assert block == contract.markdown().strip()
