"""Fan bands scaled by the backtest errors (split-conformal) and their measured coverage."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis import paths
from analysis.models import scenarios as sc


def test_conformal_quantiles_closed_form():
    z = np.arange(1, 20, dtype=float)  # n = 19: k = floor(20 * 0.05) = 1, band [min, max], coverage 18/20
    lo, hi, nominal = sc.conformal_quantiles(z)
    assert (lo, hi, nominal) == (1.0, 19.0, pytest.approx(0.9))
    lo, hi, nominal = sc.conformal_quantiles(np.arange(1, 40, dtype=float))  # n = 39: k = 2
    assert (lo, hi, nominal) == (2.0, 38.0, pytest.approx(36 / 40))
    assert np.isnan(sc.conformal_quantiles([1.0])[0])


def test_scaled_bands_cover_85_to_95_percent_at_one_to_three_years():
    bands = sc.band_backtest(sc.backtest(n_paths=2000))
    print("\n" + bands.to_string(index=False))
    assert list(bands["horizon"]) == [1, 2, 3]
    assert bands["coverage_90"].between(0.85, 0.95).all()
    assert (bands["coverage_90"] > bands["coverage_90_model"]).all()  # the model's own bands are too narrow


def test_cli_prints_one_row_per_horizon_with_coverage():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "feasibility",
            "--scenarios",
            "--backtest",
            "--format",
            "csv",
            "--paths",
            "2000",
        ],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
    )
    assert done.returncode == 0, done.stderr
    frame = pd.read_csv(io.StringIO(done.stdout))
    assert {"horizon", "n", "coverage_90"} <= set(frame.columns) and list(frame["horizon"]) == [1, 2, 3]


def test_calibrated_fan_widens_the_band_and_labels_its_coverage():
    runs = sc.run_scenarios(n_paths=2000)
    bands = sc.band_backtest(sc.backtest(n_paths=2000))
    fan = sc.calibrated_fan(sc.fan_data(runs, evaluable_only=True), bands)
    proj = fan[(fan["kind"] == "projection") & fan["band_coverage"].notna()]
    assert len(proj) and (proj["b95"] - proj["b05"] >= proj["q95"] - proj["q05"] - 1e-9).all()
    assert set(proj["band_coverage"].round(4)) <= set(bands["coverage_90"].round(4))
