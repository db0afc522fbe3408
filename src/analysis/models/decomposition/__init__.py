"""Where growth comes from: sector contributions, prices, people, the gap to the nation, growth accounting.

One module per method (:mod:`.sectors`, :mod:`.deflator`, :mod:`.per_capita`, :mod:`.shift_share`,
:mod:`.accounting`), what the family reads (:mod:`.inputs`), the tables it writes (:mod:`.outputs`) and
:func:`run` (:mod:`.run`). Every result is a long frame (:data:`COLUMNS`) whose components plus
residual equal the total in every year, each year within one vintage class.
"""

from analysis.models.decomposition._long import COLUMNS, by_year
from analysis.models.decomposition.accounting import account, capital_stock, growth_accounting, perpetual_inventory
from analysis.models.decomposition.deflator import implicit_deflator
from analysis.models.decomposition.inputs import (
    SECTOR_NAMES,
    SECTORS,
    VINTAGE_PREFERENCE,
    load_inputs,
    revision_break,
    revision_levels,
    wide,
)
from analysis.models.decomposition.outputs import TABLES, money_terms
from analysis.models.decomposition.per_capita import population_split
from analysis.models.decomposition.run import DEFAULTS, METHODS, Decomposition, check_params, decompose, run
from analysis.models.decomposition.sectors import PRICE_BASES, nbs_base_year, sector_contributions
from analysis.models.decomposition.shift_share import shift_share

__all__ = [
    "COLUMNS",
    "DEFAULTS",
    "METHODS",
    "PRICE_BASES",
    "SECTORS",
    "SECTOR_NAMES",
    "TABLES",
    "VINTAGE_PREFERENCE",
    "Decomposition",
    "account",
    "by_year",
    "capital_stock",
    "check_params",
    "decompose",
    "growth_accounting",
    "implicit_deflator",
    "load_inputs",
    "money_terms",
    "nbs_base_year",
    "perpetual_inventory",
    "population_split",
    "revision_break",
    "revision_levels",
    "run",
    "sector_contributions",
    "shift_share",
    "wide",
]
