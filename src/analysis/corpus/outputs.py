"""The tables of the corpus that a briefing reads (declared once in the table contract)."""

from __future__ import annotations

from analysis import contract
from analysis.corpus import budget, peers

NOTEBOOK = "10_indicators"

REPORT = contract.declare(
    "report_targets",
    family="corpus",
    notebook=NOTEBOOK,
    section="The targets and their odds",
    description="the report's targets as read: the main expected targets and those set elsewhere in the plan",
    columns=[
        ("key", "", "indicator key"),
        ("indicator", "", "indicator name"),
        ("headline", "bool", "in the main-expected-targets passage"),
        ("place", "", "where the report sets it"),
        ("written", "", "the target as written"),
        ("line", "line", "line of the report text"),
        ("text", "", "the words of the report"),
    ],
)
PEERS = contract.declare(
    "peers_targets",
    family="corpus",
    notebook=NOTEBOOK,
    section="Beside its peers",
    description="every peer's headline target of the year (the nation and 31 provinces; for a city, the cities)",
    columns=[
        ("region", "", "region key"),
        ("name", "", "region name"),
        ("level", "", "nation, province, city"),
        ("key", "", "indicator key"),
        ("value", "unit of the indicator", "target (low end of a range)"),
        ("value_high", "unit of the indicator", "high end of a range"),
        ("bound", "", "about, at_least, ..."),
        ("written", "", "as written"),
        ("is_self", "bool", "the briefed region"),
        ("report", "", "the report read"),
    ],
)
WEIGHTED = contract.declare(
    "peers_weighted",
    family="corpus",
    notebook=NOTEBOOK,
    section="Beside its peers",
    description="the provinces' GDP-growth targets averaged with nominal GDP as weights",
    columns=[
        ("mean", "%", "GDP-weighted mean target"),
        ("n", "count", "provinces weighted"),
        ("national", "%", "national target (low end)"),
        ("national_written", "", "national target as written"),
        ("weight_years", "", "years of the weights"),
        ("vintages", "", "NBS vintage classes of the weights"),
        ("missing", "", "provinces without a weight"),
    ],
)
OUTCOMES = contract.declare(
    "peers_outcomes",
    family="corpus",
    notebook=NOTEBOOK,
    section="Beside its peers",
    description="last year's GDP-growth targets of the peers against the outcomes their reports first state",
    columns=[
        ("region", "", "region key"),
        ("name", "", "region name"),
        ("target", "%", "target (low end)"),
        ("written", "", "target as written"),
        ("outcome", "%", "as first stated"),
        ("met", "bool", "met as written"),
        ("gap", "pp", "outcome minus target"),
        ("outcome_report", "", "the report stating it"),
    ],
)
BUDGET = contract.declare(
    "national_budget",
    family="corpus",
    notebook=NOTEBOOK,
    section="The nation's budget and money",
    description=(
        "deficit, spending, bonds, new debt, central investment and policy stances of the national report, "
        "and the year before"
    ),
    columns=[
        ("item", "", "item in English"),
        ("item_zh", "", "item as the report names it"),
        ("this_year", "", "as written this year"),
        ("last_year", "", "as written the year before"),
        ("change", "", "the change on last year this year's report states, as written"),
        ("report", "", "this year's report"),
        ("last_report", "", "last year's report"),
    ],
)

CHANGES = contract.declare(
    "target_changes",
    family="corpus",
    notebook=NOTEBOOK,
    section="Bottom line",
    description="the region's headline targets against last year's: raised, cut, held, bound changed, new, dropped",
    columns=[
        ("key", "", "indicator key"),
        ("this_year", "", "as written this year"),
        ("last_year", "", "as written last year"),
        ("change", "", "raised, cut, held, bound changed, new, dropped, reworded"),
        ("delta", "unit of the target", "change of the lower end"),
    ],
)

COLUMNS_OF = {
    PEERS.name: peers.PEER_COLUMNS,
    WEIGHTED.name: peers.WEIGHTED_COLUMNS,
    OUTCOMES.name: peers.OUTCOME_COLUMNS,
    BUDGET.name: budget.COLUMNS,
    CHANGES.name: peers.CHANGE_COLUMNS,
}
