"""Scoring an extraction against a hand-made gold table: recall and precision.

Matching rule
-------------
A predicted row matches a gold row when
- their lines differ by at most ``line_tolerance`` (default 1), and
- for a number: the values are equal (to 1e-9) and the units as written are equal;
- for a target without a number (gold value empty): the prediction has no number either and
  the same qualifier (``与经济增长基本同步``, ``完成国家下达任务``).
Each row matches at most once (greedy, in line order). Only rows of kind ``result`` or
``target`` are scored, on both sides (context rows are labels, not statistics); among the
matched pairs, ``kind_agreement`` is the share with the same kind.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SCORED_KINDS = ("result", "target")


@dataclass(frozen=True)
class Score:
    """Recall = matched / gold rows; precision = matched / predicted rows (results and targets)."""

    n_gold: int
    n_predicted: int
    n_matched: int
    kind_agreement: float
    missed: list
    spurious: list

    @property
    def recall(self) -> float:
        return self.n_matched / self.n_gold if self.n_gold else float("nan")

    @property
    def precision(self) -> float:
        return self.n_matched / self.n_predicted if self.n_predicted else float("nan")

    def __str__(self) -> str:
        return (
            f"recall {self.recall:.3f} ({self.n_matched}/{self.n_gold}), precision {self.precision:.3f} "
            f"({self.n_matched}/{self.n_predicted}), kind agreement {self.kind_agreement:.3f}"
        )


def _same(pred: dict, gold: dict, line_tolerance: int) -> bool:
    if abs(int(pred["line"]) - int(gold["line"])) > line_tolerance:
        return False
    gold_value = gold["value"]
    if gold_value is None or (isinstance(gold_value, float) and math.isnan(gold_value)):
        return not bool(pred["has_number"]) and str(pred["qualifier"]) == str(gold["qualifier"])
    pred_value = pred["value"]
    if pred_value is None or math.isnan(float(pred_value)):
        return False
    return abs(float(pred_value) - float(gold_value)) < 1e-9 and str(pred["unit"]) == str(gold["unit"])


def score(predicted, gold, line_tolerance: int = 1) -> Score:
    """Score the frame ``predicted`` (from :func:`extract_report`) against ``gold``.

    ``gold`` has columns line, kind, value, unit, qualifier (value empty for a target without a
    number). See the module docstring for the matching rule.
    """
    preds = [r for r in predicted.to_dict("records") if r["kind"] in SCORED_KINDS]
    golds = [r for r in gold.to_dict("records") if r["kind"] in SCORED_KINDS]
    for r in golds:
        r["qualifier"] = "" if not isinstance(r.get("qualifier"), str) else r["qualifier"]
    used: set[int] = set()
    matched, same_kind, missed = 0, 0, []
    for g in sorted(golds, key=lambda r: int(r["line"])):
        hit = next((i for i, p in enumerate(preds) if i not in used and _same(p, g, line_tolerance)), None)
        if hit is None:
            missed.append(g)
            continue
        used.add(hit)
        matched += 1
        same_kind += preds[hit]["kind"] == g["kind"]
    spurious = [p for i, p in enumerate(preds) if i not in used]
    agreement = same_kind / matched if matched else float("nan")
    return Score(len(golds), len(preds), matched, agreement, missed, spurious)
