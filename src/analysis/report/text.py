"""Reading and cleaning a work-report text, keeping the way back to the original lines.

Real report texts (copied from PDFs) are hard to read by machine: every printed line is a
line of the file, often with a blank line after it, so a number or a unit is broken across
lines (``"1.7\\n倍"``, ``"46 万\\n\\n人"``); a page footer of the site that published the copy
stands in the middle of a paragraph; digits come full-width (``５．５％``) and stray spaces
stand between numbers and units (``5.5 %``).

:func:`read_report` decodes the bytes (UTF-8 with or without BOM, UTF-16 with BOM, GB18030)
and refuses empty, binary and undecodable files with :class:`~analysis.errors.InputError`.
:func:`clean_text` turns the text into logical paragraphs (one per line of the clean text)
and keeps, for every character of the clean text, the 1-based line of the original file it
came from (:meth:`CleanText.line_of`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import InputError
from analysis.report.numbers import _UNIT

#: Lines that are page furniture, not report text: the footer of the site the copy came from,
#: page numbers ("12", "- 12 -", "第 12 页", "12/40").
FOOTER_PATTERNS: tuple[str, ...] = (
    r"本文内容来自网络",
    r"由EESIA搜集整理",
    r"如有任何异议请联系我们",
    r"^[-—–·•\s]*\d{1,3}[-—–·•\s]*$",
    r"^第\s*\d{1,3}\s*页(\s*[/，,]?\s*共\s*\d{1,3}\s*页)?$",
    r"^\d{1,3}\s*/\s*\d{1,3}$",
)
_FOOTER = re.compile("|".join(f"(?:{p})" for p in FOOTER_PATTERNS))

# full-width ASCII (！ to ～) -> half-width for digits, Latin letters and the number punctuation;
# Chinese punctuation （，。：；） is kept as written.
_FULLWIDTH = {
    ord(c): ord(c) - 0xFEE0
    for c in "０１２３４５６７８９％．＋－～／"
    + "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
}
_FULLWIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0xFEFF: None, 0x200B: None})

# whitespace is dropped unless it stands between two Latin letters/digits-and-letters ("CBA 联赛" ->
# "CBA联赛", but "Liaoning Province" keeps its space)
_SPACE = re.compile(r"(?<![A-Za-z])[ \t\f\v]+|[ \t\f\v]+(?![A-Za-z])")
# a heading of a main part: 一、 二、 ... on its own line (short, no sentence-final punctuation)
_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}[、，]")
#: a heading of a main part printed without a numeral (2023年工作回顾, 过去五年工作回顾, 2024年工作安排):
#: a short line without sentence punctuation that names a part of a report
UNNUMBERED_HEADING_BODY = (
    r"(?:(?:19|20)\d\d年|过去一年|过去五年|本届政府|今后五年|“十[一二三四五]{0,2}五”(?:时期)?|今年|新的一年)?"
    r"[^，。；：！？,;:!?\n]{0,16}(?:工作回顾|回顾|工作安排|工作任务|主要任务|重点工作|总体要求|工作建议|政府自身建设|"
    r"总体部署|工作部署|主要目标任务|主要目标)|(?:19|20)\d\d年的?(?:政府)?工作"
)
UNNUMBERED_HEADING = re.compile(rf"^(?:{UNNUMBERED_HEADING_BODY})$")
#: control characters other than line breaks and tabs: a report text holds none
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_PARAGRAPH_END = ("。", "！", "？", "!", "?")
_PAGE_NUMBER = re.compile(r"^[-—–·•\s]*\d{1,3}[-—–·•\s]*$")
# a lone number line followed by a unit (or a digit) is a number broken across lines, not a page number;
# a number between dashes or dots ("— 3 —", "·3·") is always a page number, whatever follows it;
# a line starting with a magnitude (万/亿, as in "46\n万\n人") continues the number too
_DECORATED_PAGE_NUMBER = re.compile(r"^[-—–·•]+\s*\d{1,3}\s*[-—–·•]+$")
_CONTINUES_NUMBER = re.compile(rf"^(?:[.\d]|[万亿](?!众)|{_UNIT})")


@dataclass
class CleanText:
    """A cleaned report text and its map back to the original lines.

    Attributes
    ----------
    text : the clean text; one logical paragraph (or heading) per line.
    starts : clean-text offsets where a piece of an original line begins (sorted).
    lines : the 1-based original line number of each piece in ``starts``.
    dropped : original line numbers dropped as page furniture (footers, page numbers).
    """

    text: str
    starts: list[int] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)

    def line_of(self, offset: int) -> int:
        """1-based line of the original file holding clean-text character ``offset``."""
        if not self.starts:
            return 0
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[max(i, 0)]


#: words every work report uses, simplified and as Big5 text (traditional) writes them: a GB18030
#: reading of Big5 bytes decodes without error into nonsense, so their absence tells the two apart
_REPORT_WORDS = ("发展", "经济", "增长", "建设")
_REPORT_WORDS_TRADITIONAL = ("發展", "經濟", "增長", "建設")


def _refuse_big5(data: bytes, text: str, file) -> None:
    """InputError when GB18030-decoded ``text`` reads as nonsense but the bytes are Big5 Chinese."""
    if any(w in text for w in _REPORT_WORDS):
        return
    try:
        big5 = data.decode("big5")
    except UnicodeDecodeError:
        return
    if any(w in big5 for w in _REPORT_WORDS_TRADITIONAL):
        raise InputError(
            "Big5-encoded text (traditional characters): the indicator vocabulary is simplified "
            "Chinese; convert the file to simplified Chinese in UTF-8 or GB18030",
            file=file,
            field="encoding",
            value="big5",
        )


def decode_report(data: bytes, file: str | Path | None = None) -> str:
    """Decode report bytes: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 (Big5 is refused).

    Raises
    ------
    InputError
        empty input, binary data (NUL bytes or control characters), bytes that are neither UTF-8
        nor GB18030, or Big5 text (traditional characters, which GB18030 would misread without
        an error). The message names ``file``.
    """
    if not data.strip():
        raise InputError("empty report: the file holds no text", file=file)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(f"undecodable UTF-16 text at byte {err.start}", file=file) from None
    if b"\x00" in data:
        raise InputError("binary file, not a report text (it holds NUL bytes)", file=file)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_err:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(
                f"undecodable bytes: neither UTF-8 (bad byte at {utf8_err.start}) nor GB18030",
                file=file,
                value=data[utf8_err.start : utf8_err.start + 4],
            ) from None
        _refuse_big5(data, text, file)
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 100):
        raise InputError(f"binary file, not a report text ({controls} control characters)", file=file)
    return text


def read_report(path: str | Path) -> str:
    """Read and decode a report file (see :func:`decode_report`); missing file -> InputError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such report file", file=path) from None
    except IsADirectoryError:
        raise InputError("a folder, not a report file", file=path) from None
    return decode_report(data, file=path)


#: a footnote mark (国内生产总值[2]1349084亿元, 注①) or an abbreviation in brackets (全省生产总值（GDP）增长9%):
#: not part of the sentence
_FOOTNOTE = re.compile(r"\[\d{1,2}\]|[①②③④⑤⑥⑦⑧⑨⑩]|[（(](?:GDP|CPI|PPI|M2|GNP)[）)]")


#: a per-mille sign damaged into ``%。`` before a bound word (人口自然增长率控制在6.5%。以内): restored to ‰
_DAMAGED_PERMILLE = re.compile(
    r"(?P<lead>(?:自然增长率|出生率|死亡率|生育率)[^，；。]{0,12}?\d+(?:\.\d+)?)%。"
    r"(?=以内|以下|左右)"
)


def normalise_line(line: str) -> str:
    """Full-width digits/letters/％ to half-width, footnote marks and stray spaces removed, a damaged
    per-mille sign restored (``6.5%。以内`` -> ``6.5‰以内``), for one line."""
    return _DAMAGED_PERMILLE.sub(r"\g<lead>‰", _FOOTNOTE.sub("", _SPACE.sub("", line.translate(_FULLWIDTH))))


def is_footer(line: str) -> bool:
    """True for page furniture: the copy site's footer, page numbers."""
    return bool(_FOOTER.search(line.strip()))


def clean_text(raw: str) -> CleanText:
    """Join a report's printed lines into logical paragraphs, keeping the line map.

    Steps, in order: normalise each line (:func:`normalise_line`); drop blank lines and page
    furniture (:func:`is_footer`); join the remaining lines without separator (Chinese has no
    spaces, so a number or unit broken across lines is whole again); start a new paragraph after
    sentence-final punctuation and around headings (``一、2023年工作回顾``).

    Returns
    -------
    CleanText
    """
    pieces: list[str] = []
    starts: list[int] = []
    lines: list[int] = []
    dropped: list[int] = []
    offset = 0
    prev_end_break = True
    normalised = [normalise_line(x) for x in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    following = [""] * len(normalised)  # the next non-blank line after each line
    nxt = ""
    for i in range(len(normalised) - 1, -1, -1):
        following[i] = nxt
        if normalised[i]:
            nxt = normalised[i]
    for number, line in enumerate(normalised, start=1):
        if not line:
            continue
        broken_number = (
            _PAGE_NUMBER.match(line)
            and not _DECORATED_PAGE_NUMBER.match(line)
            and (_CONTINUES_NUMBER.match(following[number - 1]) or (pieces and pieces[-1][-1:] in ".0123456789"))
        )
        if is_footer(line) and not broken_number:
            dropped.append(number)
            continue
        heading = (bool(_HEADING.match(line)) and len(line) <= 40 and not line.endswith(_PARAGRAPH_END)) or (
            len(line) <= 30 and bool(UNNUMBERED_HEADING.match(line))
        )
        if (heading or prev_end_break) and pieces:
            if not pieces[-1].endswith("\n"):
                pieces.append("\n")
                offset += 1
        starts.append(offset)
        lines.append(number)
        pieces.append(line)
        offset += len(line)
        prev_end_break = heading or line.endswith(_PARAGRAPH_END)
    text = "".join(pieces)
    return CleanText(text=text, starts=starts, lines=lines, dropped=dropped)


def before_after(raw: str, first_line: int, last_line: int) -> tuple[str, str]:
    """An excerpt of the original lines ``first_line..last_line`` and its clean text.

    For showing the cleaning steps (notebook 10_indicators).
    """
    original = "\n".join(raw.replace("\r\n", "\n").split("\n")[first_line - 1 : last_line])
    clean = clean_text(raw)
    keep = [i for i, ln in enumerate(clean.lines) if first_line <= ln <= last_line]
    if not keep:
        return original, ""
    start = clean.starts[keep[0]]
    end = clean.starts[keep[-1] + 1] if keep[-1] + 1 < len(clean.starts) else len(clean.text)
    return original, clean.text[start:end].strip("\n")
