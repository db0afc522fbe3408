"""``run(region, year, params)``: the level goals of one report, simulated, calibrated and tabulated.

Load (the report's goals, each goal's levels and growth history: :mod:`.inputs`), process (estimate:
:mod:`.estimate`; simulate: :mod:`.simulate`; calibrate to the backtest's conformal bands:
:mod:`.bands`), save (the tables of :mod:`.outputs`). A goal is evaluated when (i) the text sets a level
of a series the suite holds, (ii) its subject has an official level before the goal's year, for the
year before the report or later (the start: the latest such level), (iii) in the unit of the threshold,
and (iv) a growth history of at least three growth years in the window up to the start. Otherwise every
reason is said, in words; nothing is filled in. Paths run from the start to the goal's year, and at least
to ``horizon_year``; the probability of a goal is read in its year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.checks import check_n_paths, check_seed, check_year
from analysis.corpus.build import Panel, load_panel
from analysis.errors import InputError
from analysis.models.scenarios import bands as band_module
from analysis.models.scenarios import outputs
from analysis.models.scenarios.estimate import (
    GrowthParams,
    InsufficientHistory,
    estimate_growth,
    estimate_stated_growth,
)
from analysis.models.scenarios.inputs import (
    INDEX_OF,
    GrowthInputs,
    growth_inputs,
    level_rows,
    read_goals,
    revision_episode,
    start_row,
)
from analysis.models.scenarios.simulate import (
    check_positive_int,
    crossing_probabilities,
    simulate_levels,
    staying_probabilities,
)
from analysis.series.vintages import describe_vintage
from analysis.vocabulary import REGION_NAMES, check_region, written_level

#: short names of level keys in scenario keys (shenyang_gdp, liaoning_trade)
SHORT = {"gdp_nominal": "gdp", "trade_total": "trade"}


@dataclass(frozen=True)
class Params:
    """Parameters of :func:`run`.

    seed : seed of the Monte Carlo (``numpy.random.SeedSequence(seed)``, one child per goal) and of the
        backtest. n_paths : paths per goal. horizon_year : last simulated year; None: the goal's year, and
        at least three years after the start (the backtest's horizons). The goal's year is always
        simulated. window : calendar span of the growth years (8). include_low_confidence : use the
        unverified (LOW CONFIDENCE) rows. parameter_uncertainty : each path draws its own growth mean and
        sd. backtest_paths : paths per backtest forecast. as_of : a date: only the levels and growth
        histories public by then are read (:func:`analysis.series.vintages.release_date`: a year's first
        release at the end of February after it, an NBS export from its export year on); None: every
        level in the data.
    """

    seed: int = 20240123
    n_paths: int = 20000
    horizon_year: int | None = None
    window: int = 8
    include_low_confidence: bool = False
    parameter_uncertainty: bool = True
    backtest_paths: int = 2000
    as_of: dt.date | None = None

    def checked(self) -> Params:
        """The parameters, each checked (``InputError`` naming the field and value)."""
        check_seed(self.seed)
        check_n_paths(self.n_paths)
        check_n_paths(self.backtest_paths, field="backtest_paths")
        check_positive_int("window", self.window)
        if self.horizon_year is not None:
            check_year(self.horizon_year, field="horizon_year")
        if self.as_of is not None and not isinstance(self.as_of, dt.date):
            raise InputError("as_of must be a date", field="as_of", value=self.as_of)
        for name in ("include_low_confidence", "parameter_uncertainty"):
            if not isinstance(getattr(self, name), bool):
                raise InputError(f"{name} must be True or False", field=name, value=getattr(self, name))
        return self


@dataclass
class Scenario:
    """One goal for one series: what was read, estimated and simulated (calibrated paths), or why not."""

    name: str
    goal: str
    line: int
    subject: str
    key: str
    threshold: float
    threshold_unit: str
    goal_year: int
    wording: str
    unit: str = ""
    start: pd.Series | None = None
    outcome: pd.Series | None = None
    history: pd.DataFrame | None = None
    params: GrowthParams | None = None
    history_label: str = ""
    method: str = ""
    growth_note: str = ""
    sources: tuple[str, ...] = ()
    reasons: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    paths: np.ndarray | None = None
    model_q05: np.ndarray | None = None
    model_q95: np.ndarray | None = None
    coverage: np.ndarray | None = None
    p_cross: np.ndarray | None = None
    p_above: np.ndarray | None = None
    p_stay: np.ndarray | None = None

    @property
    def goal_kind(self) -> str:
        """``stay_above`` when the start level is already at or above the threshold, else ``cross``."""
        if self.start is not None and float(self.start["value"]) >= self.threshold:
            return "stay_above"
        return "cross"

    @property
    def p_goal(self) -> float:
        """Probability the goal is met in its year (p_stay for a level already above, else p_cross)."""
        if self.paths is None or self.goal_year not in self.years:
            return np.nan
        j = self.years.index(self.goal_year)
        return float(self.p_stay[j] if self.goal_kind == "stay_above" else self.p_cross[j])


@dataclass
class Outputs:
    """What :func:`run` returns: the tables of :mod:`.outputs` and the scenarios behind them."""

    crossing: pd.DataFrame
    goals: pd.DataFrame
    fan: pd.DataFrame
    bands: pd.DataFrame
    scenarios: list[Scenario]


def _name(subject: str) -> str:
    return REGION_NAMES.get(subject, subject)


def _estimate(s: Scenario, growth: GrowthInputs, origin: int, window: int) -> GrowthParams:
    if growth.kind == "series":
        basis = INDEX_OF.get(s.key, ("", ""))[1]
        index = {"real_index": {"real_index": growth.index}, "price_index": {"price_index": growth.index}}
        return estimate_growth(growth.levels, origin=origin, window=window, region=s.subject, **index.get(basis, {}))
    return estimate_stated_growth(
        growth.growth, real=growth.real, deflator=growth.deflator, origin=origin, window=window, region=s.subject
    )


def prepare(goal: pd.Series, name: str, report_year: int, panel: Panel, params: Params) -> Scenario:
    """Start level, history and growth distribution of one goal row (:func:`.inputs.read_goals`)."""
    s = Scenario(
        name,
        str(goal["goal"]),
        int(goal["line"]),
        str(goal["subject"]),
        str(goal["key"]),
        float(goal["threshold"]),
        str(goal["unit"]),
        int(goal["goal_year"]),
        str(goal["wording"]),
    )
    who = _name(s.subject)
    levels = level_rows(
        s.subject, s.key, panel, include_low_confidence=params.include_low_confidence, as_of=params.as_of
    )
    s.outcome = start_row(levels[levels["year"] == s.goal_year])
    s.start = start_row(levels[levels["year"] < s.goal_year])
    if s.start is None:
        s.reasons.append(f"no level of it for {who} before {s.goal_year}, in the data or in {who}'s own work reports")
        return s
    s.unit = str(s.start["unit"])
    start_year = int(s.start["year"])
    if start_year < report_year - 1:
        s.reasons.append(
            f"no recent level: the latest level of {who} is for {start_year} ({outputs.source_of(s.start)}); "
            f"a level for {report_year - 1} or later is needed"
        )
    if s.unit != s.threshold_unit:
        s.reasons.append(
            f"the level is in {s.unit} and the threshold in {s.threshold_unit}: the data hold no exchange rate"
        )
    histories = growth_inputs(s.subject, s.key, panel, params.as_of)
    if not histories:
        s.reasons.append(f"no growth history of it for {who}, in the data or in {who}'s own work reports")
        return s
    thin = []
    for growth in histories:
        try:
            s.params = _estimate(s, growth, start_year, params.window)
            break
        except InsufficientHistory as err:
            thin.append(f"{len(err.value)} in {growth.note}")
    if s.params is None:
        episode = revision_episode(s.subject)
        dropped = f"; {episode[0]}-{episode[-1]} left out" if episode else ""
        s.reasons.append(
            f"too few years of growth in the {params.window} years to {start_year} ({', '.join(thin)}{dropped}; "
            "3 needed)"
        )
        return s
    if growth.kind == "series":
        cls = s.params.vintage_class
        s.history_label = describe_vintage(cls)
        s.history = pd.concat([levels[levels["vintage_class"] == cls], s.start.to_frame().T]).drop_duplicates()
    else:
        s.history_label = "the growth rates its work reports state"
        s.history = levels
    first = s.params.years[0] - 1  # the levels of the growth window, and the start
    s.history = s.history[s.history["year"] >= first].sort_values("year").reset_index(drop=True)
    s.sources = tuple(sorted(set(s.history["source"].astype(str)) | set(growth.sources)))
    s.method = f"lognormal Monte Carlo of real × price growth: {s.params.describe()}"
    s.growth_note = f"growth from {growth.note}, {s.params.years[0]}-{s.params.years[-1]}"
    if s.wording == "stay_above" and s.goal_kind == "cross":
        s.growth_note += (
            f"; the report counts the level above {written_level(s.threshold, s.threshold_unit)} already, "
            f"this series has it below ({float(s.start['value']):.0f} {s.unit} in {start_year}): "
            "the report may use another definition"
        )
    return s


def simulate(s: Scenario, rng: np.random.Generator, ends: pd.DataFrame | None, params: Params) -> None:
    """Simulate, calibrate (:func:`.bands.calibrate_paths`) and read the probabilities of one scenario."""
    start_year = int(s.start["year"])
    last = max(s.goal_year, params.horizon_year or start_year + len(band_module.HORIZONS), start_year + 1)
    p = s.params
    paths = simulate_levels(
        float(s.start["value"]),
        p.real_mu,
        p.real_sd,
        p.defl_mu,
        p.defl_sd,
        last - start_year,
        params.n_paths,
        rng,
        p.corr,
        n_obs=p.n_obs if params.parameter_uncertainty else None,
    )
    s.paths, s.model_q05, s.model_q95, s.coverage = band_module.calibrate_paths(paths, ends)
    s.years = list(range(start_year + 1, last + 1))
    s.p_cross, s.p_above = crossing_probabilities(s.paths, s.threshold)
    s.p_stay = staying_probabilities(s.paths, s.threshold)
    if s.goal_kind == "stay_above":
        s.p_cross = np.ones_like(s.p_cross)  # crossed already, in the start year


def scenario_names(goals: pd.DataFrame) -> list[str]:
    """A key per goal row: ``<region>_<series>`` (``shenyang_gdp``), with the threshold when one report
    sets two levels of the same series."""
    names, seen = [], set()
    for g in goals.itertuples(index=False):
        base = f"{g.subject}_{SHORT.get(g.key, g.key)}" if g.key else ""
        name = base if base not in seen else f"{base}_{g.threshold:g}"
        seen.add(name)
        names.append(name)
    return names


def run(region: str, year: int, params: Params | None = None, *, panel: Panel | None = None) -> Outputs:
    """The level goals of the report of ``region`` for ``year``, each simulated or with its reason.

    Parameters
    ----------
    region : region key (pinyin) or name of the report. year : the report's year (shipped; else
        ``InputError`` listing the years that are). params : :class:`Params` (default ``Params()``).
    panel : the corpus panel (default :func:`analysis.corpus.build.load_panel`).

    Returns
    -------
    :class:`Outputs`: ``crossing``, ``goals``, ``fan`` (tables of :mod:`.outputs`), ``bands`` (the
    conformal ends and measured coverage, :func:`.bands.band_table`) and the ``scenarios``. A report
    without level goals gives empty tables.
    """
    region = check_region(region)
    year = check_year(year)
    params = (params or Params()).checked()
    panel = panel if panel is not None else load_panel()
    goals = read_goals(region, year, panel)
    rngs = [np.random.default_rng(c) for c in np.random.SeedSequence(params.seed).spawn(len(goals))]
    scenarios, streams = [], []
    for (_, goal), name, rng in zip(goals.iterrows(), scenario_names(goals), rngs):
        if goal["evaluable"]:
            scenarios.append(prepare(goal, name, year, panel, params))
            streams.append(rng)
    bands = pd.DataFrame(columns=band_module.BAND_COLUMNS)
    if any(not s.reasons for s in scenarios):  # the backtest only when a goal is simulated
        bands = band_module.measured_bands(params.seed, params.backtest_paths, window=params.window)
    for s, rng in zip(scenarios, streams):
        if not s.reasons:
            simulate(s, rng, band_module.ends_for(bands, s.key), params)
    return Outputs(
        crossing=outputs.crossing_table(scenarios),
        goals=outputs.goals_table(goals, scenarios),
        fan=outputs.fan_table(scenarios),
        bands=bands.reset_index(drop=True),
        scenarios=scenarios,
    )
