"""The backtest of the bands: rolling-origin forecasts of every province's level series, split-conformal
ends per horizon, and the measured coverage of the band drawn (leave-one-region-out)."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis import paths
from analysis.models.scenarios import BANDS, HORIZONS, backtest, band_table, measured_bands
from analysis.models.scenarios import bands as bands_module
from analysis.series.vintages import revision_years

pytestmark = pytest.mark.slow  # every province's series, simulated from every origin: about ten seconds


@pytest.fixture(scope="module")
def forecasts():
    return backtest(20240123, 2000)


def test_forecasts_use_one_vintage_and_only_the_past(forecasts):
    assert set(forecasts["horizon"]) == set(HORIZONS)
    assert (forecasts["target_year"] == forecasts["origin"] + forecasts["horizon"]).all()
    assert (forecasts["log_q05"] <= forecasts["log_q50"]).all() and (forecasts["log_q50"] <= forecasts["log_q95"]).all()
    assert forecasts["region"].nunique() >= 31 and forecasts["n_obs"].min() >= 4
    liaoning = forecasts[forecasts["region"] == "liaoning"]
    episode = set(revision_years("liaoning"))
    through = liaoning.apply(lambda r: bool(episode & set(range(r.origin + 1, r.target_year + 1))), axis=1)
    assert (liaoning["in_break"] == through).all() and through.any()


def test_the_band_drawn_covers_about_nine_outcomes_in_ten_at_one_to_three_years(forecasts):
    bands = band_table(forecasts)
    print("\n" + bands.round(3).to_string(index=False))
    assert list(bands.columns) == BANDS.column_names
    pooled = bands[bands["indicator"] == "all"]
    assert list(pooled["horizon"]) == [1, 2, 3] and (pooled["n"] > 2000).all()
    assert pooled["coverage_90"].between(0.87, 0.94).all()
    assert (pooled["coverage_90"] > pooled["coverage_90_model"]).all()  # the model's own bands are too narrow
    assert (np.diff(pooled["coverage_90_model"]) < 0).all()  # and narrower the further ahead
    series = bands[bands["indicator"] != "all"]
    assert series["coverage_90"].between(0.85, 0.97).all() and series["nominal"].between(0.89, 0.92).all()
    assert (series["z_low"] < 0).all() and (series["z_high"] > 0).all()


def test_same_seed_same_bands(forecasts):
    pd.testing.assert_frame_equal(band_table(forecasts), measured_bands(20240123, 2000))


def test_the_bands_are_kept_on_disk_and_a_damaged_copy_is_measured_again(forecasts):
    expected = band_table(forecasts)
    name = bands_module._disk_key(20240123, 2000, 8)
    assert name is not None  # the shipped processed tables are the current build
    kept = paths.PROCESSED / bands_module.CACHE / name
    bands_module._bands.cache_clear()
    measured_bands(20240123, 2000)
    assert kept.is_file()
    pd.testing.assert_frame_equal(pd.read_pickle(kept), expected)
    kept.write_bytes(b"not a pickle")
    bands_module._bands.cache_clear()
    pd.testing.assert_frame_equal(measured_bands(20240123, 2000), expected)
    pd.testing.assert_frame_equal(pd.read_pickle(kept), expected)  # and written again whole
    assert bands_module._disk_key(20240123, 2001, 8) != name  # other arguments, another table


def test_the_command_prints_the_coverage_per_horizon():
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "scenarios", "--backtest", "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
    )
    assert done.returncode == 0, done.stderr
    frame = pd.read_csv(io.StringIO(done.stdout))
    assert list(frame.columns) == BANDS.column_names
    assert list(frame.loc[frame["indicator"] == "all", "horizon"]) == [1, 2, 3]
    assert "coverage_90" in done.stderr  # the note, off stdout so that the csv stays parseable
