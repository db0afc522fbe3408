"""``python -m analysis feasibility``: the report's odds, the backtest tables, refusals."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO

import pandas as pd
import pytest

from analysis import paths

pytestmark = pytest.mark.slow


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=paths.ROOT)


def test_skill_table_as_csv_with_the_columns_promised():
    done = _cli("feasibility", "--backtest", "--skill", "--format", "csv")
    assert done.returncode == 0, done.stderr
    frame = pd.read_csv(StringIO(done.stdout))
    assert list(frame.columns[:6]) == ["indicator", "n", "brier_model", "brier_base_rate", "skill", "years"]
    row = frame[(frame["indicator"] == "all") & (frame["sample"] == "all years")].iloc[0]
    assert row["skill"] == pytest.approx(1 - row["brier_model"] / row["brier_base_rate"], abs=1e-3)
    assert frame["method"].str.startswith("headline:").all()
    cities = _cli("feasibility", "--backtest", "--skill", "--pool", "cities", "--format", "csv")
    assert set(pd.read_csv(StringIO(cities.stdout))["pool"]) == {"cities"}


def test_a_reports_odds_and_refusals():
    done = _cli("feasibility", "--region", "china", "--year", "2025", "--as-of", "2025-10-31", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert "gdp_real_growth" in done.stdout
    done = _cli("feasibility", "--backtest", "--region", "liaoning")
    assert done.returncode == 2 and "--region" in done.stderr
    done = _cli("feasibility", "--region", "atlantis", "--year", "2024")
    assert done.returncode == 2 and "atlantis" in done.stderr
    done = _cli("feasibility", "--region", "liaoning", "--year", "1950")
    assert done.returncode == 2 and "1950" in done.stderr
