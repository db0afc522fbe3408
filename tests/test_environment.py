"""environment.yml (conda-forge) and pyproject.toml must name the same packages with the same bounds.

Compared: [project.dependencies] + the ``test`` extra of pyproject.toml against every entry of
environment.yml (conda list and its ``pip:`` section), plus ``requires-python`` against ``python``.
``pip`` itself and the editable install ``-e .`` are environment plumbing and not compared.
"""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis import paths

_SPEC = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _split(spec: str) -> tuple[str, frozenset[str]]:
    """('name', {'>=1.2', '<2'}) from 'name>=1.2,<2' (names normalised as in PEP 503)."""
    name, bounds = _SPEC.match(spec).groups()
    name = re.sub(r"[-_.]+", "-", name).lower()
    return name, frozenset(b.replace(" ", "") for b in bounds.split(",") if b.strip())


def pyproject_requirements(text: str) -> dict[str, frozenset[str]]:
    project = tomllib.loads(text)["project"]
    specs = list(project["dependencies"]) + list(project.get("optional-dependencies", {}).get("test", []))
    out = dict(_split(s) for s in specs)
    out["python"] = _split("python" + project["requires-python"])[1]
    return out


def environment_requirements(text: str) -> dict[str, frozenset[str]]:
    env = yaml.safe_load(text)
    specs = []
    for entry in env["dependencies"]:
        if isinstance(entry, dict):
            specs += [s for s in entry.get("pip", []) if not s.startswith("-e")]
        elif entry != "pip":
            specs.append(entry)
    return dict(_split(s) for s in specs)


def drift(pyproject_text: str, environment_text: str) -> list[str]:
    """Human-readable differences; empty when the two files agree."""
    left, right = pyproject_requirements(pyproject_text), environment_requirements(environment_text)
    problems = [f"{n}: only in pyproject.toml" for n in sorted(set(left) - set(right))]
    problems += [f"{n}: only in environment.yml" for n in sorted(set(right) - set(left))]
    problems += [
        f"{n}: pyproject {sorted(left[n])} vs environment {sorted(right[n])}"
        for n in sorted(set(left) & set(right))
        if left[n] != right[n]
    ]
    return problems


def _texts() -> tuple[str, str]:
    return (
        (paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"),
        (paths.ROOT / "environment.yml").read_text(encoding="utf-8"),
    )


def test_environment_matches_pyproject():
    assert drift(*_texts()) == []


def test_environment_is_conda_forge_named_analysis_with_the_font_wheel_under_pip():
    env = yaml.safe_load(_texts()[1])
    assert env["name"] == "analysis" and env["channels"] == ["conda-forge"]
    pip = [e for e in env["dependencies"] if isinstance(e, dict)][0]["pip"]
    assert any(s.startswith("pylopdf-fonts-zh-cn") for s in pip) and "-e ." in pip


PYPROJECT_SAMPLE = """
[project]
requires-python = ">=3.11"
dependencies = ["pandas>=2.2,<4", "scipy>=1.11,<2", "Font_Wheel.X>=0.1"]
[project.optional-dependencies]
test = ["pytest>=8,<10"]
online = ["akshare>=1.18"]
"""
ENVIRONMENT_SAMPLE = """
name: analysis
channels: [conda-forge]
dependencies:
  - python>=3.11
  - pandas>=2.2,<4
  - scipy >=1.11, <2
  - pytest>=8,<10
  - pip
  - pip:
      - font-wheel-x>=0.1
      - -e .
"""


def test_samples_agree():
    assert drift(PYPROJECT_SAMPLE, ENVIRONMENT_SAMPLE) == []


def test_drift_is_detected():
    assert drift(PYPROJECT_SAMPLE, ENVIRONMENT_SAMPLE.replace("pandas>=2.2,<4", "pandas>=2.2,<3")) == [
        "pandas: pyproject ['<4', '>=2.2'] vs environment ['<3', '>=2.2']"
    ]
    assert drift(PYPROJECT_SAMPLE, ENVIRONMENT_SAMPLE.replace("  - scipy >=1.11, <2\n", "")) == [
        "scipy: only in pyproject.toml"
    ]
    assert drift(PYPROJECT_SAMPLE, ENVIRONMENT_SAMPLE + "  - requests\n") == ["requests: only in environment.yml"]
    assert drift(PYPROJECT_SAMPLE.replace('">=3.11"', '">=3.12"'), ENVIRONMENT_SAMPLE) == [
        "python: pyproject ['>=3.12'] vs environment ['>=3.11']"
    ]
    assert drift(PYPROJECT_SAMPLE, ENVIRONMENT_SAMPLE.replace("font-wheel-x>=0.1", "font-wheel-x>=0.2")) == [
        "font-wheel-x: pyproject ['>=0.1'] vs environment ['>=0.2']"
    ]
