"""Number-and-unit grammar and text cleaning: property-based and closed-form cases."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.report.numbers import cn_number, find_quantities, to_canonical
from analysis.report.text import clean_text, normalise_line

UNITS = ["%", "万人", "亿元", "万亿元", "亿斤", "万吨", "个", "项", "家", "公里", "万亩", "倍", "个百分点", "亿美元"]
FULLWIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")

decimals = (
    st.sampled_from([0, 1, 2])
    .flatmap(
        lambda places: st.decimals(min_value=0, max_value=99999, places=places, allow_nan=False, allow_infinity=False)
    )
    .map(lambda d: format(d, "f"))
)


def _scatter(text: str, cuts: list[int], separators: list[str]) -> str:
    """Insert separators (spaces, newlines, blank lines) at the given positions of ``text``."""
    out, last = [], 0
    for cut, sep in sorted(zip(cuts, separators)):
        out.append(text[last:cut] + sep)
        last = cut
    return "".join(out) + text[last:]


@settings(max_examples=300, deadline=None)
@given(
    number=decimals,
    unit=st.sampled_from(UNITS),
    cuts=st.lists(st.integers(min_value=1, max_value=30), max_size=3),
    seps=st.lists(st.sampled_from([" ", "\n", "\n\n", " \n\n", "\u3000"]), min_size=3, max_size=3),
    fullwidth=st.booleans(),
)
def test_number_with_unit_survives_breaks_and_spaces(number, unit, cuts, seps, fullwidth):
    """Format a decimal with a unit, break it with spaces/newlines, parse it back."""
    phrase = f"新增指标{number}{unit}，"
    if fullwidth:
        phrase = phrase.translate(FULLWIDTH)
    start = len("新增指标")
    cuts = [start + c % (len(phrase) - start - 1) for c in cuts]
    text = _scatter(phrase, cuts, seps)
    found = find_quantities(clean_text(text).text)
    assert len(found) == 1, (text, found)
    assert found[0].value == float(number)
    assert found[0].unit == unit


@settings(max_examples=200, deadline=None)
@given(
    low=st.integers(1, 200),
    width=st.integers(1, 50),
    sep=st.sampled_from(["-", "—", "～", "~", "至", "——"]),
    first_unit=st.booleans(),
)
def test_ranges(low, width, sep, first_unit):
    lo, hi = low / 10, (low + width) / 10
    text = f"增长{lo:g}{'%' if first_unit else ''}{sep}{hi:g}%"
    (q,) = find_quantities(text)
    assert (q.value, q.value_high, q.unit) == (lo, hi, "%")


@given(value=st.floats(min_value=0, max_value=1e5, allow_nan=False).map(lambda x: round(x, 2)))
def test_canonical_units_closed_form(value):
    assert to_canonical(value, "亿斤") == (pytest.approx(value * 5), "万吨")  # 1亿斤 = 5e7 kg = 5万吨
    assert to_canonical(value, "万亿元") == (pytest.approx(value * 1e4), "亿元")
    assert to_canonical(value, "万亿") == (pytest.approx(value * 1e4), "亿元")
    assert to_canonical(value, "万人") == (value, "万人")
    assert to_canonical(value, "个百分点") == (value, "百分点")
    assert to_canonical(value, "%") == (value, "%")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2023年", []),  # a calendar year
        ("2023—2025年", []),
        ("PM2.5年平均浓度", []),  # glued to letters
        ("推进5G工厂", []),
        ("第3届", []),  # ordinal
        ("12345政务服务便民热线", []),  # no unit
        ("40余万名", [(40.0, "万名", "余")]),
        ("近400亿元", [(400.0, "亿元", "")]),
        ("提高0.5个百分点", [(0.5, "个百分点", "")]),
        ("1,200万人以上", [(1200.0, "万人", "")]),
    ],
)
def test_grammar_cases(text, expected):
    assert [(q.value, q.unit, q.approx) for q in find_quantities(text)] == expected


def test_suffix_qualifiers():
    (q,) = find_quantities("粮食产量500亿斤左右")
    assert (q.suffix, q.value_canonical, q.unit_canonical) == ("左右", 2500.0, "万吨")
    (q,) = find_quantities("控制在5.5%以内")
    assert q.suffix == "以内"


def test_normalise_line_fullwidth_and_spaces():
    assert normalise_line("增长 ５．５ ％ 左右") == "增长5.5%左右"
    assert normalise_line("辽宁男篮卫冕 CBA 联赛") == "辽宁男篮卫冕CBA联赛"


def test_clean_text_joins_broken_numbers_and_drops_footers():
    raw = (
        "城镇新增就业 46 万\n\n人、城镇调查失业率5.5%以内，居民人均可\n\n"
        "本文内容来自网络，由EESIA搜集整理，如有任何异议请联系我们，我们将酌情处理！\n\n\n\n"
        "支配收入增长与经济增长基本同步，旅游总收入同比增长 1.7\n倍\n- 12 -\n第 3 页\n。"
    )
    clean = clean_text(raw)
    assert clean.text == (
        "城镇新增就业46万人、城镇调查失业率5.5%以内，居民人均可支配收入增长与经济增长基本同步，"
        "旅游总收入同比增长1.7倍。"
    )
    assert clean.dropped == [5, 11, 12]  # the footer, "- 12 -", "第 3 页"
    assert clean.line_of(clean.text.index("46")) == 1
    assert clean.line_of(clean.text.index("支配")) == 9
    assert clean.line_of(clean.text.index("倍")) == 10


def test_a_lone_number_line_followed_by_a_unit_is_kept():
    clean = clean_text("城镇新增就业\n\n46\n\n万人，")
    assert clean.text == "城镇新增就业46万人，"
    assert re.search(r"46万人", clean.text)


# ---- Chinese numerals (numbers.CN_QUANTITY): a small grammar, counters from an explicit list ----


@pytest.mark.parametrize(
    "text, expected",
    [
        ("辽宁自贸试验区两项创新经验在全国推广", [(2.0, "项", "", 2.0, "项")]),
        ("建成省级工业互联网平台超百个。", [(100.0, "个", "", 100.0, "个")]),
        ("确保零就业家庭至少一人实现就业", [(1.0, "人", "", 1e-4, "万人")]),
        ("三年新冠疫情防控转段后", [(3.0, "年", "", 3.0, "年")]),
        ("十年来首次超过全国增速", [(10.0, "年", "", 10.0, "年")]),
        ("新建学校十五所", [(15.0, "所", "", 15.0, "所")]),
        ("培育三十余家企业", [(30.0, "家", "", 30.0, "家")]),
        ("两百个项目", [(200.0, "个", "", 200.0, "个")]),
        ("推动沈阳、大连跨入地区生产总值过万亿城市行列", [(1.0, "万亿", "", 10000.0, "亿元")]),
        ("社会消费品零售总额万亿以上发展水平", [(1.0, "万亿", "以上", 10000.0, "亿元")]),
        ("稳步跨过万亿级台阶", [(1.0, "万亿", "", 10000.0, "亿元")]),
        ("一批超百亿项目开工建设", [(100.0, "亿", "", 100.0, "亿元")]),
        ("总量突破3万亿，两项改革", [(3.0, "万亿", "", 30000.0, "亿元"), (2.0, "项", "", 2.0, "项")]),
        # a magnitude after the numeral makes a count of any digit, 一 included
        ("城镇新增就业四十五万人以上", [(45.0, "万人", "以上", 45.0, "万人")]),
        ("吸纳两万余名高校毕业生", [(2.0, "万名", "", 2.0, "万人")]),
        ("新增经营主体三万家", [(3.0, "万家", "", 30000.0, "家")]),
        ("建设高标准农田一万亩", [(1.0, "万亩", "", 1.0, "万亩")]),
        ("安排资金五千万元", [(5000.0, "万元", "", 5e7, "元")]),
        ("经济总量突破两万亿元", [(2.0, "万亿元", "", 20000.0, "亿元")]),
        # percentages written out
        ("研发投入强度达到百分之二点五", [(2.5, "%", "", 2.5, "%")]),
        ("百分之三十以上的企业", [(30.0, "%", "以上", 30.0, "%")]),
        ("降低百分之五左右", [(5.0, "%", "左右", 5.0, "%")]),
    ],
)
def test_chinese_numerals(text, expected):
    found = [(q.value, q.unit, q.suffix, q.value_canonical, q.unit_canonical) for q in find_quantities(text)]
    assert found == [(v, u, s, pytest.approx(vs), us) for v, u, s, vs, us in expected]


FALSE_POSITIVES = [
    "一批",
    "一体化",
    "统一",
    "一些",
    "进一步",
    "第一",
    "一流",
    "三农",
    "五大安全",
    "六地",
    "一圈一带两区",
    "八大攻坚",
    "第三届",
    "第二轮",
    "十四五",
    "一年来",
    "关键一年",
    "一个中心",
    "一项一项抓",
    "一人一策",
    "中央八项规定",
    "三项制度改革",
    "以下八个方面",
    "“三个万件”行动",
    "“两个确立”",
    "百万学子",
    "万亿级产业基地",
    "千亿产业集群",
    "万亿梦",
    "十三届六次全会",
    "高效办成一件事",
    "两院院士",
    "双一流",
    "千万工程",
    "万家灯火",
    "百亿级",
    "一万年",
    "两亿人",
]


@pytest.mark.parametrize("word", FALSE_POSITIVES)
def test_chinese_numerals_inside_words_are_not_numbers(word):
    assert find_quantities(word) == []


def test_programme_names_after_a_count_add_no_money():
    """4个万亿级产业基地: one count; the 万亿 of the name is no amount (no bound verb before it)."""
    assert [(q.value, q.unit) for q in find_quantities("打造4个万亿级产业基地和3个千亿产业集群")] == [
        (4.0, "个"),
        (3.0, "个"),
    ]


@pytest.mark.parametrize(
    "numeral, value",
    [
        ("一", 1),
        ("两", 2),
        ("二", 2),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("九十九", 99),
        ("百", 100),
        ("三百", 300),
        ("千", 1000),
        ("两千", 2000),
    ],
)
def test_cn_number(numeral, value):
    assert cn_number(numeral) == value


CN = dict(zip(range(1, 10), "一二三四五六七八九"))


def _cn(n: int) -> str:
    """Closed-form writing of 2..99 in Chinese numerals (十五, 三十, 四十二)."""
    tens, ones = divmod(n, 10)
    return (CN[tens] if tens > 1 else "") + ("十" if tens else "") + (CN[ones] if ones else "")


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(2, 99),
    counter=st.sampled_from(["个", "项", "家", "所", "件", "座", "户", "条", "人", "名"]),
    before=st.sampled_from(["新建", "完成", "，", "建成超", "累计"]),
    after=st.sampled_from(["企业", "，", "。", "试点任务", ""]),
)
def test_chinese_count_round_trip(n, counter, before, after):
    """A number 2..99 written in Chinese before a counter reads back as the same number."""
    (q,) = find_quantities(f"{before}{_cn(n)}{counter}{after}")
    assert (q.value, q.unit) == (float(n), counter)


@settings(max_examples=200, deadline=None)
@given(word=st.sampled_from(FALSE_POSITIVES[:21]), number=decimals, unit=st.sampled_from(["%", "亿元", "万人"]))
def test_words_with_numerals_leave_the_real_number_alone(word, number, unit):
    """A word holding a numeral character next to a real quantity adds no quantity of its own."""
    found = find_quantities(f"推进{word}建设，投资增长{number}{unit}。")
    assert [(q.value, q.unit) for q in found] == [(float(number), unit)]
