"""What every section of the page shares: reading the declared tables, numbers in words, HTML tables.

Nothing here computes a result: a section reads the tables the notebooks wrote (through the table
contract) and lays them out. A missing value is shown as "—", never as NaN; keys are shown by their
display names (:data:`analysis.vocabulary.BY_KEY`, :data:`analysis.vocabulary.REGION_NAMES`).
"""

from __future__ import annotations

import base64
import math
from html import escape
from pathlib import Path

import pandas as pd

from analysis import contract
from analysis.vocabulary import BY_KEY, BY_REGION

#: the Chinese bound words glossed once on the page
GLOSSES: dict[str, str] = {"左右": "about", "以上": "at least", "以内": "at most", "区间": "a range"}
#: English names of the indicators, for the English lines of the page
ENGLISH: dict[str, str] = {
    "gdp_real_growth": "GDP growth",
    "budget_revenue_growth": "fiscal revenue growth",
    "industrial_va_growth": "industrial value added growth",
    "fai_growth": "fixed-asset investment growth",
    "retail_sales_growth": "retail sales growth",
    "trade_growth": "foreign trade growth",
    "urban_new_jobs": "new urban jobs",
    "urban_unemployment_rate": "surveyed urban unemployment",
    "cpi_inflation": "CPI inflation",
    "income_per_capita_growth": "disposable income growth",
    "grain_output": "grain output",
    "energy_intensity": "energy use per unit of GDP",
    "urban_registered_unemployment": "registered urban unemployment",
    "co2_intensity": "CO2 per unit of GDP",
    "deficit_ratio": "the deficit ratio",
    "fiscal_deficit": "the deficit",
    "special_bonds": "special bonds",
    "m2_growth": "M2 growth",
    "income_urban_growth": "urban income growth",
    "income_rural_growth": "rural income growth",
    "exports_growth": "export growth",
    "rd_intensity": "R&D intensity",
    "rd_spending_growth": "R&D spending growth",
    "urbanization_rate": "the urbanisation rate",
    "budget_revenue": "fiscal revenue (level)",
    "fai": "fixed-asset investment (level)",
    "gdp_nominal": "GDP in money terms",
    "retail_sales": "retail sales (level)",
    "trade_total": "foreign trade (level)",
    "industrial_va": "industrial value added (level)",
    "va_primary_real_growth": "primary-sector growth",
    "va_secondary_real_growth": "secondary-sector growth",
    "va_tertiary_real_growth": "tertiary-sector growth",
    "all": "all targets",
}


def read(name: str, output_dir: str | Path) -> pd.DataFrame:
    """The declared table ``name`` from ``output_dir`` (through the table contract)."""
    return contract.read(contract.table(name), output_dir)


def missing(value) -> bool:
    """None, NaN, NA or an empty string."""
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() in ("", "nan", "<NA>")


def rate(value, digits: int = 1) -> str:
    """A growth rate with a fixed number of decimals (0.046 -> "0.0%", 5 -> "5.0%"); "—" when missing."""
    return "—" if missing(value) else f"{float(value):.{digits}f}%"


def pct(p, digits: int = 0) -> str:
    """A probability as a percentage (0.428 -> "43%"); "—" when missing."""
    return "—" if missing(p) else f"{100 * float(p):.{digits}f}%"


def number(value, digits: int = 1, unit: str = "") -> str:
    """A number with ``digits`` decimals (trailing zeros of a whole number dropped) and its unit."""
    if missing(value):
        return "—"
    value = float(value)
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{unit}"


def english(key: str) -> str:
    """The English name of an indicator key."""
    return ENGLISH.get(key, BY_KEY[key].name if key in BY_KEY else key)


def chinese(key: str) -> str:
    """The Chinese name of an indicator key."""
    return BY_KEY[key].name if key in BY_KEY else key


def region_name(key: str) -> str:
    """ "辽宁 Liaoning" for a region key."""
    region = BY_REGION.get(key)
    return f"{region.name} {region.name_en}" if region else key


def html_table(frame: pd.DataFrame, columns: dict[str, str], *, css: str = "", numeric: tuple[str, ...] = ()) -> str:
    """``frame`` as an HTML table with the display names of ``columns`` (column -> header); missing
    cells as "—"; the ``numeric`` columns right-aligned."""
    head = "".join(f"<th>{escape(h)}</th>" for h in columns.values())
    body = []
    for _, row in frame.iterrows():
        cells = []
        for column in columns:
            value = row[column]
            text = "—" if missing(value) else str(value)
            align = ' class="num"' if column in numeric else ""
            cells.append(f"<td{align}>{escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>' + "".join(body) + "</tbody></table>"


def figure(output_dir: str | Path, name: str, alt: str, caption: str) -> str:
    """An embedded figure (PNG, base64) with its alt text and caption; "" when the figure is absent."""
    path = Path(output_dir) / f"{name}.png"
    if not path.is_file():
        return ""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{escape(alt, quote=True)}"/>'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )
