"""The number-and-unit grammar of work reports.

A quantity is an Arabic number (``5.5``, ``1,200``), an optional approximation mark (``40余万名``,
``3000多家``), a unit made of an optional magnitude and a base unit (``万`` + ``人``, ``亿`` + ``斤``,
or a bare ``万亿``/``亿`` meaning money), and an optional qualifier written after it (``左右``,
``以上``, ``以内``...). Ranges (``5%-5.5%``, ``4.5—5%``, ``5%～6%``) are one quantity with a low and a
high value. Numbers glued to Latin letters (``PM2.5``, ``5G``), ordinals (``第3``) and calendar years
(``2023年``) are not quantities.

Chinese numerals (:data:`CN_QUANTITY`) are read by a deliberately small grammar, because the
characters 一二三... mostly stand inside words (一批, 一体化, 统一, 进一步, 第一, 一流, 三农,
五大安全, 六地). A Chinese number is simple: a digit 一二两三四五六七八九, tens (十, 三十, 十五),
hundreds or thousands (百, 两百, 千); it counts only when a counter of :data:`CN_COUNTERS` follows
it at once (两项, 超百个, 一人, 三年, 十年来), and not when

- it is preceded by 第 (ordinal), an opening quote (slogans ``“三个万件”``, ``“两个确立”``) or another
  numeral character (``十四五``);
- it is 一 before any counter but 人/名 (``一个``, ``一项``, ``一年`` are the indefinite article);
- a numeral follows the counter (``一人一策``: a slogan), or the words of :data:`CN_FIXED_AFTER`
  (``八项规定``, ``三项制度改革``, ``八个方面``).

A Chinese number followed by 万 and a unit of :data:`CN_MAGNITUDE_UNITS` (``两万人``, ``三万余家``,
``一万亩``, ``五千万元``), or by 亿 / 万亿 and 元 (``两万亿元``), is a quantity whatever the digit, 一
included: the magnitude rules out the word readings (``百亿项目`` is a size, not a count of 项). A
percentage written out (``百分之五``, ``百分之三十``, ``百分之五点五``) is a quantity in %.

Money magnitudes written without a digit (``过万亿``, ``万亿以上``, ``跨过万亿级``, ``超百亿``) are
quantities only after a bound verb (:data:`CN_MONEY_CUES`: 过, 超, 跨过, 突破...) or before 以上;
a bare 万亿 is one 万亿 (value 1, value_canonical 10 000 亿元). So ``4个万亿级产业基地`` and
``3个千亿产业集群`` (programme names) give no second quantity.

Canonical units (``value_canonical``/``unit_canonical``: one unit per kind of quantity, so that
numbers written in different units compare): money in 亿元 (万亿 = 10 000 亿; amounts under 1 亿
stay in 元), US dollars in 亿美元, people in 万人 (万人次 for 人次), grain in 万吨 at 1 亿斤 = 5 万吨
(1 斤 = 0.5 kg), tonnes in 万吨, land in 万亩, percent in %, percentage points in 百分点 (never
mixed with %), counts (个, 项, 家, ...) in units (万家 -> 家 x 10 000). A multiple stays in 倍 here; the
extractor turns a growth multiple (``增长1.7倍``: up 170 %) into % (:func:`growth_multiple_to_percent`)
and leaves a ratio (``是全国的2倍``) in 倍.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.vocabulary import convert

#: magnitude prefixes, as multipliers
MAGNITUDES: dict[str, float] = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "万": 1e4,
}

#: base unit -> (canonical unit, multiplier from base-unit amounts to the canonical unit).
#: These are per-character multipliers of a grammar (a magnitude prefix of :data:`MAGNITUDES` times
#: a base unit: 亿 x 斤, 万 x 吨, 千亿 x 元), not a table of unit pairs; where a definition is shared
#: with the statistics (斤, 公斤, 吨 in 万吨) it comes from :data:`analysis.vocabulary.UNIT_CONVERSIONS`.
_MONEY = {"元": ("亿元", 1e-8), "美元": ("亿美元", 1e-8)}
_PEOPLE = {"人": ("万人", 1e-4), "名": ("万人", 1e-4), "人次": ("万人次", 1e-4)}
_MASS = {
    "斤": ("万吨", convert(1.0, "亿斤", "万吨") / MAGNITUDES["亿"]),
    "公斤": ("万吨", convert(1.0, "公斤", "万吨")),
    "千克": ("万吨", convert(1.0, "公斤", "万吨")),
    "吨": ("万吨", convert(1.0, "吨", "万吨")),
}
_AREA = {"亩": ("万亩", 1e-4), "公顷": ("万公顷", 1e-4), "平方米": ("万平方米", 1e-4), "平方公里": ("平方公里", 1.0)}
_ENERGY = {
    "千瓦": ("万千瓦", 1e-4),
    "千瓦时": ("亿千瓦时", 1e-8),
    "吨标准煤": ("万吨标准煤", 1e-4),
    "标准箱": ("万标准箱", 1e-4),
    "标箱": ("万标准箱", 1e-4),
}
_RATIO = {
    "%": ("%", 1.0),
    "％": ("%", 1.0),
    "‰": ("‰", 1.0),
    "个百分点": ("百分点", 1.0),
    "百分点": ("百分点", 1.0),
    "倍": ("倍", 1.0),
}
#: counts and other units kept as they are (a magnitude multiplies the value)
COUNT_UNITS: tuple[str, ...] = (
    "个",
    "项",
    "家",
    "件",
    "条",
    "所",
    "处",
    "列",
    "轮",
    "户",
    "套",
    "座",
    "批",
    "次",
    "台",
    "辆",
    "架",
    "艘",
    "只",
    "头",
    "张",
    "份",
    "间",
    "位",
    "支",
    "场",
    "类",
    "款",
    "种",
    "部",
    "宗",
    "栋",
    "对",
    "组",
    "起",
    "公里",
    "千米",
    "米",
    "微克/立方米",
    "毫克/立方米",
    "立方米",
    "标准煤",
)
#: units of time: a duration or an anniversary is context, never a result or a target
TIME_UNITS: tuple[str, ...] = ("周年", "年", "个月", "天", "小时")

BASE_UNITS: dict[str, tuple[str, float]] = {
    **_MONEY,
    **_PEOPLE,
    **_MASS,
    **_AREA,
    **_ENERGY,
    **{u: (u, 1.0) for u in COUNT_UNITS + TIME_UNITS},
}
#: units that take no magnitude prefix
_NO_MAGNITUDE = set(_RATIO) | set(TIME_UNITS)

#: qualifiers written after the quantity
SUFFIX_QUALIFIERS: tuple[str, ...] = ("左右", "以上", "以内", "以下", "之内", "之上", "上下")

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# ratios and times first: "个百分点" and "个月" before the count unit "个"
_UNIT = (
    rf"(?:{_alt(_RATIO)}|{_alt(TIME_UNITS)}"
    rf"|(?:{_alt(MAGNITUDES)})?(?:{_alt(set(BASE_UNITS) - _NO_MAGNITUDE)})|万亿|千亿|百亿|亿)"
)
_RANGE_SEP = r"(?:[-—–~～至到]|——|--)"

QUANTITY = re.compile(  # the lookahead first lets the engine skip the positions without a digit
    rf"(?=\d)(?<![A-Za-z0-9.第])(?P<num>{_NUM})(?P<approx>余|多)?(?P<unit>{_UNIT})?"
    rf"(?:(?P<sep>{_RANGE_SEP})(?P<num2>{_NUM})(?P<unit2>{_UNIT}))?"
    rf"(?P<suffix>{_alt(SUFFIX_QUALIFIERS)})?(?![A-Za-z])"
)

#: Chinese digits and their values
CN_DIGITS: dict[str, int] = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
#: counters a Chinese numeral may stand before (an explicit list: 批, 次, 轮, 大, 地... are not in it)
CN_COUNTERS: tuple[str, ...] = ("个", "项", "人", "名", "家", "所", "件", "座", "户", "条", "年")
#: counters before which 一 is a count, not the indefinite article
CN_ONE_COUNTERS: tuple[str, ...] = ("人", "名")
#: words after the counter that make a fixed expression, not a count
CN_FIXED_AFTER: tuple[str, ...] = ("方面", "规定", "制度", "确立", "维护", "代表", "服务")
#: bound verbs before a money magnitude written without a digit (过万亿, 超百亿)
CN_MONEY_CUES: tuple[str, ...] = ("跨过", "超过", "突破", "达到", "迈上", "迈过", "过", "超", "逾", "达", "近")
#: things a money magnitude may label (超百亿县域, 超百亿开发区, 过千亿企业): a count follows, not an amount
#: (过万亿城市 is left out: 跨入地区生产总值过万亿城市行列 is a city's level goal)
CN_MONEY_LABEL_NOUNS: tuple[str, ...] = ("县", "开发区", "园区", "企业", "集群", "项目", "产业")
#: units a Chinese number with a magnitude (两万人, 五千万元) may stand before
CN_MAGNITUDE_UNITS: tuple[str, ...] = tuple(c for c in CN_COUNTERS if c != "年") + (
    "人次",
    "元",
    "亩",
    "吨",
    "辆",
    "套",
    "台",
    "平方米",
    "千瓦",
)
_CN_NUM = r"(?:[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九]?[百千]|[一二两三四五六七八九])"
_CN_DECIMAL = r"点[零〇一二两三四五六七八九]+"
CN_QUANTITY = re.compile(  # the lookahead first lets the engine skip the positions without a numeral
    rf"(?=[一二两三四五六七八九十百千万亿])(?<![第“\"‘一二两三四五六七八九十百千万亿\d.])"
    rf"(?:(?P<gnum>{_CN_NUM})(?:(?P<gmag>万)(?P<gapprox>余|多)?(?P<gunit>{_alt(CN_MAGNITUDE_UNITS)})"
    rf"|(?P<ymag>万亿|亿)(?P<yapprox>余|多)?(?P<yunit>元))"
    rf"|百分之(?P<pnum>{_CN_NUM})(?P<pdec>{_CN_DECIMAL})?"
    rf"|(?P<num>{_CN_NUM})(?P<approx>余|多)?(?P<unit>{_alt(CN_COUNTERS)})(?![一二两三四五六七八九十])"
    rf"|(?P<mnum>[百千])?(?P<money>万亿|亿)(?P<myuan>元)?(?P<msuffix>以上)?)"
)
_UNIT_SPLIT = re.compile(rf"^(?P<mag>{_alt(MAGNITUDES)})?(?P<base>.*)$")


@dataclass(frozen=True)
class Quantity:
    """One quantity found in a clean text.

    Attributes
    ----------
    start, end : offsets in the text searched.
    value : the number as written (low end of a range).
    value_high : high end of a range, else None.
    unit : the unit as written (``万人``, ``%``, ``亿斤``).
    value_canonical, value_high_canonical, unit_canonical : in the canonical unit (see module docstring).
    approx : ``余`` or ``多`` when written between number and unit, else "".
    suffix : qualifier written after the unit (``左右``, ``以上``...), else "".
    """

    start: int
    end: int
    value: float
    value_high: float | None
    unit: str
    value_canonical: float
    value_high_canonical: float | None
    unit_canonical: str
    approx: str = ""
    suffix: str = ""

    @property
    def is_range(self) -> bool:
        return self.value_high is not None

    @property
    def is_time(self) -> bool:
        """A duration or an anniversary (``75周年``, ``7年来``, ``延长30年``)."""
        return self.unit in TIME_UNITS


def to_float(number: str) -> float:
    """``"1,200.5"`` -> 1200.5."""
    return float(number.replace(",", ""))


def to_canonical(value: float, unit: str) -> tuple[float, str]:
    """Value and unit in the canonical unit of the suite.

    Examples
    --------
    >>> to_canonical(500, "亿斤")
    (2500.0, '万吨')
    >>> to_canonical(3, "万亿")
    (30000.0, '亿元')
    """
    if unit in _RATIO:
        canonical_unit, factor = _RATIO[unit]
        return value * factor, canonical_unit
    if unit in ("万亿", "千亿", "百亿", "亿"):  # bare magnitude: money (总量突破3万亿)
        unit = unit + "元"
    parts = _UNIT_SPLIT.match(unit)
    magnitude = MAGNITUDES.get(parts["mag"] or "", 1.0)
    base = parts["base"]
    if base not in BASE_UNITS:
        return value, unit
    canonical_unit, factor = BASE_UNITS[base]
    if base in _MONEY and magnitude < 1e8:  # 753 元, 6.5 万元: stays in 元
        return value * magnitude, base
    return _tidy(value * magnitude * factor), canonical_unit


def _tidy(x: float) -> float:
    """Remove binary noise from unit conversions (500*5 -> 2500.0, not 2500.0000000000005)."""
    return float(f"{x:.12g}")


def base_unit(unit: str) -> str:
    """The unit without its magnitude: ``万名`` -> ``名``, ``亿元`` -> ``元``, ``%`` -> ``%``."""
    return _UNIT_SPLIT.match(unit)["base"] or unit


#: a price index written without a unit (居民消费价格总水平控制在104以内, 价格指数为101.9): 上年=100
_PRICE_INDEX = re.compile(
    r"(?:价格指数|价格总水平|消费价格)(?:涨幅)?(?:控制在|保持在|为|在)?"
    r"(?P<num>1[01]\d(?:\.\d{1,2})?)(?P<suffix>以内|左右|以下)?(?![\d.%％‰])"
)


def _price_indices(text: str) -> list[Quantity]:
    """Price indices written without a unit, read as 上年=100 (value as written, ``value_canonical`` the change
    in %: 104 -> 4)."""
    out = []
    for m in _PRICE_INDEX.finditer(text):
        value = to_float(m["num"])
        out.append(
            Quantity(
                start=m.start("num"),
                end=m.end(),
                value=value,
                value_high=None,
                unit="",
                value_canonical=_tidy(value - 100.0),
                value_high_canonical=None,
                unit_canonical="%",
                suffix=m["suffix"] or "",
            )
        )
    return out


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text`` (a clean text: see :func:`analysis.report.text.clean_text`).

    Calendar years (a four-digit number 1900-2100 followed by 年) and numbers without a unit
    (``12345热线``, ``2023全球工业互联网大会``) are skipped.
    """
    found = []
    for m in QUANTITY.finditer(text):
        q = quantity_from_match(m)
        if q is not None:
            found.append(q)
    if "价格" in text:
        taken = [(q.start, q.end) for q in found]
        found += [q for q in _price_indices(text) if not any(a < q.end and q.start < b for a, b in taken)]
        found.sort(key=lambda q: q.start)
    if any(ch in text for ch in "一二两三四五六七八九十百千亿"):
        taken = [(q.start, q.end) for q in found]
        for m in CN_QUANTITY.finditer(text):
            q = chinese_quantity_from_match(m, text)
            if q is not None and not any(s < q.end and q.start < e for s, e in taken):
                found.append(q)
        found.sort(key=lambda q: q.start)
    return found


def cn_number(numeral: str) -> int:
    """Value of a simple Chinese number of :data:`CN_QUANTITY`.

    Examples
    --------
    >>> [cn_number(x) for x in ("两", "十", "十五", "三十", "百", "两百", "千")]
    [2, 10, 15, 30, 100, 200, 1000]
    """
    if numeral in ("百", "千"):
        return 100 if numeral == "百" else 1000
    if numeral[-1] in "百千":
        return CN_DIGITS[numeral[0]] * (100 if numeral[-1] == "百" else 1000)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    return CN_DIGITS[numeral]


def cn_decimal(digits: str) -> float:
    """Value of the digits after 点 (``点五`` -> 0.5, ``点零五`` -> 0.05)."""
    values = {"零": "0", "〇": "0", **{k: str(v) for k, v in CN_DIGITS.items()}}
    return float("0." + "".join(values[c] for c in digits.lstrip("点")))


def growth_multiple_to_percent(value: float | None) -> float | None:
    """A growth multiple as a percentage: ``增长1.7倍`` is up 170 % (the new level is 2.7 times the
    old one, the NBS usage of 增长...倍); None stays None."""
    return None if value is None else _tidy(value * 100.0)


def chinese_quantity_from_match(m: re.Match, text: str) -> Quantity | None:
    """A :class:`Quantity` from a :data:`CN_QUANTITY` match, or None where the characters are
    part of a word or a fixed expression (see the module docstring)."""
    if m["gnum"]:  # 两万人, 五千万元: the magnitude makes it a count
        value, unit = float(cn_number(m["gnum"])), (m["gmag"] or m["ymag"]) + (m["gunit"] or m["yunit"])
        return _cn_quantity(m, text, value, unit, approx=m["gapprox"] or m["yapprox"] or "")
    if m["pnum"]:  # 百分之五点五
        value = cn_number(m["pnum"]) + (cn_decimal(m["pdec"]) if m["pdec"] else 0.0)
        return _cn_quantity(m, text, _tidy(value), "%")
    if m["money"]:
        before = text[max(0, m.start() - 2) : m.start()]
        suffix = m["msuffix"] or ""
        if not suffix and not before.endswith(CN_MONEY_CUES):
            return None
        if m["money"] == "亿" and not m["mnum"]:
            return None  # a bare 亿 is no amount
        if (
            not suffix
            and text.startswith(CN_MONEY_LABEL_NOUNS, m.end())
            and "批" not in text[max(0, m.start() - 4) : m.start()]
        ):
            return None  # 超百亿县域达到40个: a label of the counted things (一批超百亿项目 is read as a batch)
        value = float(cn_number(m["mnum"])) if m["mnum"] else 1.0
        unit = m["money"] + (m["myuan"] or "")  # 突破万亿元: the 元 is the number's, not the next word's
        value_canonical, unit_canonical = to_canonical(value, unit)
        return Quantity(
            start=m.start(),
            end=m.end(),
            value=value,
            value_high=None,
            unit=unit,
            value_canonical=value_canonical,
            value_high_canonical=None,
            unit_canonical=unit_canonical,
            suffix=suffix,
        )
    numeral, unit = m["num"], m["unit"]
    if numeral == "一" and unit not in CN_ONE_COUNTERS:
        return None
    if text.startswith(CN_FIXED_AFTER, m.end()):
        return None
    return _cn_quantity(m, text, float(cn_number(numeral)), unit, approx=m["approx"] or "")


def _cn_quantity(m: re.Match, text: str, value: float, unit: str, *, approx: str = "") -> Quantity:
    """The :class:`Quantity` of a Chinese-numeral match, with a qualifier written right after it."""
    value_canonical, unit_canonical = to_canonical(value, unit)
    end = m.end()
    suffix = next((w for w in SUFFIX_QUALIFIERS if text.startswith(w, end)), "")
    return Quantity(
        start=m.start(),
        end=end + len(suffix),
        value=value,
        value_high=None,
        unit=unit,
        value_canonical=value_canonical,
        value_high_canonical=None,
        unit_canonical=unit_canonical,
        approx=approx,
        suffix=suffix,
    )


def quantity_from_match(m: re.Match) -> Quantity | None:
    """A :class:`Quantity` from a :data:`QUANTITY` match, or None for a year or a bare number."""
    unit = m["unit"] or m["unit2"] or ""
    if not unit:
        return None
    value = to_float(m["num"])
    if unit == "年" and re.fullmatch(r"(19|20)\d\d", m["num"]):
        return None  # a calendar year (2023年, 2023—2025年), not a quantity
    value_high = to_float(m["num2"]) if m["num2"] else None
    if value_high is not None and m["unit"] and m["unit2"] and m["unit"] != m["unit2"]:
        # two quantities joined by a dash in different units: keep the first only
        value_high = None
    value_canonical, unit_canonical = to_canonical(value, unit)
    high_canonical = to_canonical(value_high, unit)[0] if value_high is not None else None
    end = m.end() if value_high is not None or not m["sep"] else m.start("sep")
    suffix = (m["suffix"] or "") if (value_high is not None or not m["sep"]) else ""
    return Quantity(
        start=m.start(),
        end=end,
        value=value,
        value_high=value_high,
        unit=unit,
        value_canonical=value_canonical,
        value_high_canonical=high_canonical,
        unit_canonical=unit_canonical,
        approx=m["approx"] or "",
        suffix=suffix,
    )
