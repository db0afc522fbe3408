"""The one vocabulary: indicator keys, units and region keys.

Shared by the report extractor, the series catalogue, the models and the figures, so that an
extracted target (``gdp_real_growth``, 5.5 %, 左右) meets its series and its outcome by key.

Units are written as the statistics write them: 亿元, %, 万人, 万吨, 上年=100.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from analysis import paths
from analysis.errors import InputError


@dataclass(frozen=True)
class Indicator:
    """An indicator of the suite.

    key : stable snake_case key.
    name : Chinese name as in reports and statistics communiques.
    unit : standard unit (亿元, %, 万人, 万吨, 元, 上年=100, ...).
    aliases : other Chinese phrasings that mean the same indicator.
    headline : one of the main expected targets (主要预期目标) of a work report.
    ceiling : a target on it is an upper bound (unemployment, CPI, energy intensity).
    allocation : a budget figure the government sets for itself (the deficit, special bonds): a plan
        carried out by decision, not an outcome the economy may miss, so it gets no odds.
    """

    key: str
    name: str
    unit: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    headline: bool = False
    ceiling: bool = False
    allocation: bool = False


#: names of a region's fiscal revenue in the reports: the general budget revenue (一般公共预算收入, before
#: 2014 地方一般预算收入 / 公共财政预算收入) and, where a report counts it so, the total fiscal revenue
#: collected in the region (财政总收入, 全部财政收入, 全口径财政收入), as each report writes it
_FISCAL_REVENUE: tuple[str, ...] = (
    "一般公共预算收入",
    "地方一般公共预算收入",
    "一般预算收入",
    "财政收入",
    "公共财政收入",
    "全国公共财政收入",
    "地方财政收入",
    "地方财政一般预算收入",
    "地方一般预算收入",
    "地方级财政收入",
    "地方公共财政预算收入",
    "公共财政预算收入",
    "地方公共财政收入",
    "财政总收入",
    "全部财政收入",
    "全口径财政收入",
    "大口径财政收入",
    "一般公共预算总收入",
    "地方财政一般公共预算收入",
    "一般预算全口径财政收入",
    "财政一般预算收入",
    "地方财政一般预算收入总额",
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "gdp_real_growth",
        "地区生产总值增长",
        "%",
        (
            "地区生产总值增长",
            "生产总值增长",
            "国内生产总值增长",
            "经济增长",
            "GDP增长",
            "地区生产总值增速",
            "经济增长速度",
            "国民生产总值增长",
            "经济增速",
            "全省经济增长",
        ),
        headline=True,
    ),
    Indicator(
        "gdp_nominal",
        "地区生产总值",
        "亿元",
        ("地区生产总值", "国内生产总值", "生产总值", "经济总量", "GDP", "国民生产总值"),
    ),
    Indicator("gdp_per_capita", "人均地区生产总值", "元", ("人均地区生产总值", "人均GDP")),
    Indicator("gdp_per_capita_real_growth", "人均地区生产总值增长", "%", ()),
    Indicator("gdp_index", "地区生产总值指数", "上年=100", ()),
    Indicator(
        "budget_revenue_growth",
        "一般公共预算收入增长",
        "%",
        tuple(f"{name}增长" for name in _FISCAL_REVENUE),
        headline=True,
    ),
    Indicator("budget_revenue", "一般公共预算收入", "亿元", _FISCAL_REVENUE),
    Indicator(
        "industrial_va_growth",
        "规模以上工业增加值增长",
        "%",
        ("规模以上工业增加值增长", "规上工业增加值增长", "工业增加值增长", "规模工业增加值增长"),
        headline=True,
    ),
    Indicator("industrial_va", "工业增加值", "亿元", ("工业增加值",)),
    Indicator(
        "fai_growth",
        "固定资产投资增长",
        "%",
        ("固定资产投资增长", "全社会固定资产投资增长", "全年投资增长"),  # Guangdong 2026: 全年投资增长5%左右
        headline=True,
    ),
    Indicator("fai", "固定资产投资", "亿元", ("固定资产投资", "全社会固定资产投资")),
    Indicator(
        "retail_sales_growth", "社会消费品零售总额增长", "%", ("社会消费品零售总额增长", "社零增长"), headline=True
    ),
    Indicator("retail_sales", "社会消费品零售总额", "亿元", ("社会消费品零售总额",)),
    Indicator(
        "trade_growth",
        "进出口总额增长",
        "%",
        (
            "进出口总额增长",
            "外贸进出口增长",
            "进出口增长",
            "进出口总值增长",
            "货物进出口增长",
            "货物进出口总额增长",
            "外贸进出口总额增长",
            "外贸进出口额增长",
            "进出口贸易总额增长",
            "进出口贸易增长",
            "商品进出口总值增长",
        ),
        headline=True,
    ),
    Indicator(
        "trade_total",
        "进出口总额",
        "亿元",
        (
            "进出口总额",
            "外贸进出口总额",
            "外贸进出口",
            "外贸进出口额",
            "货物进出口总额",
            "货物进出口",
            "进出口贸易总额",
            "商品进出口总值",
        ),
    ),
    Indicator("exports_growth", "出口增长", "%", ("出口增长", "外贸出口总额增长", "外贸出口增长")),
    Indicator("exports", "出口总额", "亿元", ("出口",)),
    Indicator("imports", "进口总额", "亿元", ("进口",)),
    Indicator(
        "urban_new_jobs",
        "城镇新增就业",
        "万人",
        ("城镇新增就业", "新增城镇就业", "城镇新增就业人数", "新增就业"),
        headline=True,
    ),
    Indicator("urban_unemployment_rate", "城镇调查失业率", "%", ("城镇调查失业率",), headline=True, ceiling=True),
    # Registered unemployment (older reports' headline) is a different measure from the surveyed rate.
    Indicator("urban_registered_unemployment", "城镇登记失业率", "%", ("城镇登记失业率",), ceiling=True),
    Indicator("real_name_employment", "实名制就业", "万人", ("实名制就业",)),
    Indicator(
        "cpi_inflation",
        "居民消费价格涨幅",
        "%",
        (
            "居民消费价格涨幅",
            "居民消费价格上涨",
            "居民消费价格指数涨幅",
            "CPI涨幅",
            "居民消费价格总水平涨幅",
            "居民消费价格总水平上涨",
            "居民消费价格总水平上涨幅度",
            "居民消费价格上涨幅度",
            "居民消费价格指数上涨",
            "居民消费价格总水平上升",
            "居民消费价格上升",
            "全国居民消费价格涨幅",
            "居民消费价格",
            "物价总水平",
            "居民消费价格总水平",
        ),
        headline=True,
        ceiling=True,
    ),
    Indicator("cpi_index", "居民消费价格指数", "上年=100", ()),
    Indicator(
        "income_per_capita_growth",
        "居民人均可支配收入增长",
        "%",
        (
            "居民人均可支配收入增长",
            "全体居民人均可支配收入增长",
            "城乡居民收入增长",
            "居民收入增长",
            "城乡居民人均收入增长",
            "城乡居民人均可支配收入增长",
            "居民人均收入增长",
            "城乡居民收入实际增长",
            "居民收入实际增长",
            "城镇和农村居民人均可支配收入增长",
        ),
        headline=True,
    ),
    Indicator("income_per_capita", "居民人均可支配收入", "元", ("居民人均可支配收入",)),
    Indicator(
        "income_urban_growth",
        "城镇居民人均可支配收入增长",
        "%",
        ("城镇居民人均可支配收入增长", "城镇居民收入增长", "城镇居民可支配收入增长"),
    ),
    Indicator(
        "income_rural_growth",
        "农村居民人均可支配收入增长",
        "%",
        ("农村居民人均可支配收入增长", "农民人均纯收入增长", "农村居民人均纯收入增长", "农民收入增长"),
    ),
    Indicator("income_urban", "城镇居民人均可支配收入", "元", ()),
    Indicator("income_rural", "农村居民人均可支配收入", "元", ()),
    Indicator("grain_output", "粮食产量", "万吨", ("粮食产量", "粮食总产量", "粮食产能", "粮食总产"), headline=True),
    Indicator("grain_output_growth", "粮食产量增长", "%", ()),
    Indicator(
        "energy_intensity",
        "单位地区生产总值能耗",
        "%",
        (
            "单位地区生产总值能耗",
            "单位GDP能耗",
            "单位生产总值能耗",
            "单位国内生产总值能耗",
            "能耗强度",
            "能源消耗",
            "单位国内生产总值能源消耗",
            "单位地区生产总值能源消耗",
            "单位GDP能源消耗",
            "万元地区生产总值能耗",
            "万元GDP能耗",
            "万元生产总值能耗",
            "万元GDP综合能耗",
            "万元地区生产总值综合能耗",
            "万元生产总值综合能耗",
        ),
        headline=True,
        ceiling=True,
    ),
    Indicator("population", "常住人口", "万人", ("常住人口", "年末常住人口")),
    Indicator("population_census", "普查常住人口", "万人", ()),
    Indicator("employment_urban_units", "城镇单位就业人员", "万人", ()),
    Indicator("employment_private_selfemployed", "私营和个体就业人员", "万人", ()),
    Indicator("employment", "就业人员", "万人", ()),
    Indicator("va_primary", "第一产业增加值", "亿元", ("第一产业增加值",)),
    Indicator("va_secondary", "第二产业增加值", "亿元", ("第二产业增加值",)),
    Indicator("va_tertiary", "第三产业增加值", "亿元", ("第三产业增加值",)),
    Indicator(
        "va_primary_real_growth",
        "第一产业增加值增长",
        "%",
        ("第一产业增加值增长", "一产增加值增长", "农业增加值增长", "第一产业增长"),
    ),
    Indicator(
        "va_secondary_real_growth", "第二产业增加值增长", "%", ("第二产业增加值增长", "二产增加值增长", "第二产业增长")
    ),
    Indicator(
        "va_tertiary_real_growth",
        "第三产业增加值增长",
        "%",
        ("第三产业增加值增长", "三产增加值增长", "服务业增加值增长", "第三产业增长"),
    ),
    Indicator("va_primary_index", "第一产业增加值指数", "上年=100", ()),
    Indicator("va_secondary_index", "第二产业增加值指数", "上年=100", ()),
    Indicator("va_tertiary_index", "第三产业增加值指数", "上年=100", ()),
    Indicator("gfcf", "固定资本形成总额", "亿元", ()),
    Indicator("gross_capital_formation", "资本形成总额", "亿元", ()),
    Indicator("final_consumption", "最终消费支出", "亿元", ()),
    Indicator("gdp_expenditure", "支出法地区生产总值", "亿元", ()),
    Indicator("income_all", "居民人均可支配收入(全体)", "元", ()),
    Indicator("income_rural_net_old", "农村居民人均纯收入(旧口径)", "元", ()),
    Indicator("income_urban_old", "城镇居民人均可支配收入(旧口径)", "元", ()),
    Indicator("trade_total_rmb", "进出口总额(人民币)", "亿元", ()),
    Indicator("industrial_va_growth_all", "全部工业增加值增长", "%", ()),
    Indicator("gni", "国民总收入", "亿元", ("国民总收入",)),
    Indicator(
        "co2_intensity",
        "单位地区生产总值二氧化碳排放降低",
        "%",
        (
            "单位地区生产总值二氧化碳排放降低",
            "单位GDP二氧化碳排放降低",
            "单位地区生产总值二氧化碳排放",
            "单位GDP二氧化碳排放",
            "单位国内生产总值二氧化碳排放",
            "单位生产总值二氧化碳排放",
            "碳排放强度",
            "二氧化碳排放强度",
            "单位生产总值二氧化碳排放量",
            "单位地区生产总值二氧化碳排放量",
            "单位地区生产总值二氧化碳排放降低目标",
            "单位生产总值二氧化碳排放降低目标",
            "万元地区生产总值二氧化碳排放量",
            "万元地区生产总值二氧化碳排放",
            "万元GDP二氧化碳排放",
        ),
        ceiling=True,
    ),
    Indicator("urbanization_rate", "常住人口城镇化率", "%", ("常住人口城镇化率", "城镇化率")),
    Indicator(
        "rd_intensity",
        "研发经费投入强度",
        "%",
        (
            "研发经费投入强度",
            "全社会研发经费投入强度",
            "研究与试验发展经费投入强度",
            "研发经费支出占地区生产总值比重",
            "全社会研发经费支出占地区生产总值比重",
            "研发投入强度",
        ),
    ),
    Indicator(
        "rd_spending_growth",
        "研发经费投入增长",
        "%",
        ("研发经费投入增长", "全社会研发经费投入增长", "研发投入增长", "全社会研发投入增长", "研发经费支出增长"),
    ),
    Indicator("deficit_ratio", "赤字率", "%", ("赤字率",), ceiling=True, allocation=True),
    Indicator("fiscal_deficit", "财政赤字", "亿元", ("财政赤字", "全国财政赤字", "赤字规模"), allocation=True),
    Indicator(
        "m2_growth",
        "广义货币M2增长",
        "%",
        ("广义货币M2增长", "广义货币增长", "M2增长", "广义货币(M2)增长", "广义货币供应量M2增长", "广义货币供应量增长"),
    ),
    Indicator(
        "special_bonds",
        "地方政府专项债券",
        "亿元",
        ("地方政府专项债券", "地方政府专项债", "专项债券"),
        allocation=True,
    ),
)

BY_KEY: dict[str, Indicator] = {i.key: i for i in INDICATORS}
HEADLINE_KEYS: tuple[str, ...] = tuple(i.key for i in INDICATORS if i.headline)


def indicator(key: str) -> Indicator:
    """The indicator with ``key``; ``KeyError`` naming the known keys otherwise."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown indicator key {key!r}; known: {', '.join(sorted(BY_KEY))}") from None


def key_for_name(name: str) -> str | None:
    """Indicator key for a Chinese indicator name (exact name or alias), else ``None``."""
    name = name.strip()
    for ind in INDICATORS:
        if name == ind.name or name in ind.aliases:
            return ind.key
    return None


#: The suite's unit conversions: (from, to) -> factor, so that value_to = value_from * factor; the
#: reverse direction divides by the same factor. 1 斤 = 0.5 kg (市斤), so 1 亿斤 = 5e7 kg = 5 万吨;
#: a bare 万亿 in a report is money (总量突破3万亿).
UNIT_CONVERSIONS: dict[tuple[str, str], float] = {
    ("亿斤", "万吨"): 5.0,
    ("公斤", "万吨"): 1e-7,
    ("吨", "万吨"): 1e-4,
    ("万亿元", "亿元"): 1e4,
    ("万亿", "亿元"): 1e4,
    ("千美元", "亿美元"): 1e-5,
    ("万美元", "亿美元"): 1e-4,
    ("百万美元", "亿美元"): 1e-2,
}


def convert(value: float, unit_from: str, unit_to: str) -> float:
    """``value`` in ``unit_from`` expressed in ``unit_to`` (:data:`UNIT_CONVERSIONS`, either way).

    >>> convert(500, "亿斤", "万吨")
    2500.0

    Raises ``InputError`` naming the units when the pair is not in :data:`UNIT_CONVERSIONS`.
    """
    if unit_from == unit_to:
        return float(value)
    if (unit_from, unit_to) in UNIT_CONVERSIONS:
        return value * UNIT_CONVERSIONS[(unit_from, unit_to)]
    if (unit_to, unit_from) in UNIT_CONVERSIONS:
        return value / UNIT_CONVERSIONS[(unit_to, unit_from)]
    known = ", ".join(f"{a}->{b}" for a, b in UNIT_CONVERSIONS)
    raise InputError(
        f"no conversion from {unit_from} to {unit_to}; known (either way): {known}", field="unit", value=unit_from
    )


# Region keys are pinyin; the nation is "china". The regions, their level (nation, province, city),
# a city's province and the NBS four-area division are data with their source:
# data/raw/regions/regions.csv (read once, here).


@dataclass(frozen=True)
class Region:
    """A region of the suite: ``key`` (pinyin), ``name`` (Chinese), ``name_en``, ``level`` (nation,
    province, city), ``province`` (a city's province key, else ""), ``area`` (NBS four-area division:
    east, centre, west, northeast; "" for the nation) and ``tier`` (municipality, provincial capital,
    city with independent planning status, ...)."""

    key: str
    name: str
    name_en: str
    level: str
    province: str = ""
    area: str = ""
    tier: str = ""


def _read_regions() -> tuple[Region, ...]:
    path = paths.RAW / "regions" / "regions.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Region(r["key"], r["name_zh"], r["name_en"], r["level"], r["province"], r["area"], r["tier"]) for r in rows
    )


REGION_TABLE: tuple[Region, ...] = _read_regions()
BY_REGION: dict[str, Region] = {r.key: r for r in REGION_TABLE}
PROVINCES: dict[str, str] = {r.name: r.key for r in REGION_TABLE if r.level == "province"}
CITIES: dict[str, str] = {r.name: r.key for r in REGION_TABLE if r.level == "city"}
NATIONAL: dict[str, str] = {r.name: r.key for r in REGION_TABLE if r.level == "nation"}
REGIONS: dict[str, str] = {**PROVINCES, **CITIES, **NATIONAL}
REGION_KEYS: frozenset[str] = frozenset(REGIONS.values())
REGION_NAMES: dict[str, str] = {v: k for k, v in REGIONS.items()}
PROVINCE_KEYS: tuple[str, ...] = tuple(r.key for r in REGION_TABLE if r.level == "province")
CITY_KEYS: tuple[str, ...] = tuple(r.key for r in REGION_TABLE if r.level == "city")


def region_level(key: str) -> str:
    """``nation``, ``province`` or ``city`` for a region of :data:`REGION_TABLE`; "" for another key."""
    region = BY_REGION.get(key)
    return region.level if region else ""


def indicator_name(key: str, region: str = "") -> str:
    """The Chinese name of indicator ``key`` as a report of ``region`` writes it: the nation's output
    is 国内生产总值 where a province's and a city's is 地区生产总值."""
    name = BY_KEY[key].name if key in BY_KEY else key
    return name.replace("地区生产总值", "国内生产总值") if region_level(region) == "nation" else name


def region_key(name: str) -> str:
    """Pinyin region key for a Chinese name, an English name (``Liaoning``) or a key.

    Raises ``KeyError`` naming the value for an unknown region.
    """
    text = name.strip()
    if text in REGIONS:
        return REGIONS[text]
    low = text.lower().replace(" ", "")
    aliases = {"innermongolia": "neimenggu", "tibet": "xizang", "national": "china"}
    low = aliases.get(low, low)
    if low in REGION_KEYS:
        return low
    for zh, key in REGIONS.items():
        if text.startswith(zh):
            return key
    raise KeyError(f"unknown region {name!r}; known: {', '.join(sorted(REGION_KEYS))}")


def check_region(name: str, *, field: str = "region") -> str:
    """:func:`region_key` for user input: an unknown region raises ``InputError`` naming ``field``."""
    try:
        return region_key(str(name))
    except KeyError:
        raise InputError(f"unknown region; known: {', '.join(sorted(REGION_KEYS))}", field=field, value=name) from None


def written_level(value: float, unit: str) -> str:
    """A level as a reader says it: 1万亿元, 3万亿元, 5000亿元, 1000亿美元."""
    if unit == "亿元" and value >= 10000:
        return f"{value / 10000:g}万亿元"
    return f"{value:g}{unit}"
