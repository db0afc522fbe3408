"""The feasibility family: the odds that each target of a report is met, learnt from the record."""

from analysis.models.feasibility.backtest import calibration_table, method_table, run_backtest, skill_table
from analysis.models.feasibility.inputs import cases, report_targets
from analysis.models.feasibility.run import Outputs, run

__all__ = [
    "Outputs",
    "calibration_table",
    "cases",
    "method_table",
    "report_targets",
    "run",
    "run_backtest",
    "skill_table",
]
