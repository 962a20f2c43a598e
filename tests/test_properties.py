"""Property tests (hypothesis): the normalizers on any input, the readers on any bytes."""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ingest.errors import IngestError
from ingest.numbers import normalize_hotline, parse_number, parse_range, parse_unit
from ingest.readers import read_document
from ingest.readers.docx import DocxReader
from ingest.readers.pdf import PdfReader
from ingest.readers.text import TextReader
from ingest.textnorm import join_lines, normalize_chars, to_simplified

# --- An independent integer → Chinese numeral writer -------------------------------------

_DIGITS = "零一二三四五六七八九"


def _below_10000(n: int, two: str) -> str:
    """1..9999 as written: `一千零一十`, `三百`, zeros between digits read once as 零."""
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if not digit:
            zero = zero or bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += (two if digit == 2 and unit in "百千" and unit else _DIGITS[digit]) + unit
    return out


def chinese(n: int, two: str = "二", short_ten: bool = True) -> str:
    """0..99999 in Chinese numerals; `two` may be 两 before 百/千/万; `十五` or `一十五`."""
    if n == 0:
        return "零"
    high, low = divmod(n, 10000)
    text = ""
    if high:
        text = (two if high == 2 else _below_10000(high, two)) + "万"
    if low:
        text += ("零" if high and low < 1000 else "") + _below_10000(low, two)
    if short_ten and text.startswith("一十"):
        text = text[1:]
    return text


def test_the_chinese_writer_itself():
    assert [chinese(n) for n in (0, 10, 15, 108, 1010, 10010, 20000, 99999)] == [
        "零", "十", "十五", "一百零八", "一千零一十", "一万零一十", "二万", "九万九千九百九十九"]
    assert chinese(2200, two="两") == "两千两百" and chinese(12, short_ten=False) == "一十二"


# --- Numbers, ranges, units, hotlines ------------------------------------------------------


@given(st.integers(0, 99999), st.sampled_from("二两"), st.booleans())
def test_parse_number_reads_chinese_numerals(n, two, short_ten):
    assert parse_number(chinese(n, two, short_ten)) == n


@given(st.integers(0, 10**12), st.booleans())
def test_parse_number_reads_arabic_numerals(n, grouped):
    assert parse_number(f"{n:,}" if grouped else str(n)) == n


_NUMERAL = st.one_of(st.integers(0, 99999).map(str), st.integers(0, 99999).map(chinese),
                     st.decimals(0, 1000, places=2).map(str))


@given(_NUMERAL, st.sampled_from(["-", "~", "至", "到", " - ", " ~ "]), _NUMERAL)
def test_parse_range_gives_both_ends_upper_first(low, separator, high):
    value, minimum = parse_range(f"{low}{separator}{high}")
    assert value is not None and minimum is not None and value >= minimum
    assert sorted([value, minimum]) == sorted([parse_number(low), parse_number(high)])


@given(st.text(alphabet="0123456789一二两三十百千万零-~至到 ,."))
def test_parse_range_value_is_never_below_its_minimum(text):
    value, minimum = parse_range(text)
    if value is not None and minimum is not None:
        assert value >= minimum


_UNIT_WORDS = {
    "个工作日": "working_day", "工作日": "working_day", "个自然日": "natural_day",
    "自然日": "natural_day", "天": "natural_day", "日": "natural_day", "个小时": "hour",
    "小时": "hour", "h": "hour", "H": "hour", "分钟": "minute", "min": "minute", "MIN": "minute",
    "秒": "second", "周": "week", "星期": "week", "个月": "month",
}


@given(st.sampled_from(sorted(_UNIT_WORDS)), st.text(" \t", max_size=2), st.text(" \t", max_size=2))
def test_parse_unit_knows_every_word_of_its_vocabulary(word, before, after):
    assert parse_unit(before + word + after) == _UNIT_WORDS[word]


@given(st.text(max_size=12))
def test_parse_unit_gives_a_code_or_none(text):
    assert parse_unit(text) in {None, *_UNIT_WORDS.values()}


_HOTLINE_TEXT = st.one_of(st.text(max_size=30),
                          st.text(alphabet="0123456789-# 转()+\u3000", max_size=30))


@given(_HOTLINE_TEXT)
@example("95511-#-9")
@example("95511转9#2")
def test_normalize_hotline_is_digits_with_an_optional_extension(text):
    number = normalize_hotline(text)
    assert re.fullmatch(r"\d*(#\d+)?", number)
    assert normalize_hotline(number) == number


@given(_HOTLINE_TEXT)
@example("95١١١")
def test_normalize_hotline_gives_the_ascii_digits_the_schema_requires(text):
    assert re.fullmatch(r"[0-9]*(#[0-9]+)?", normalize_hotline(text))


# --- Text normalization --------------------------------------------------------------------

_INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_MIXED = st.text(alphabet=st.one_of(
    st.sampled_from("０１２３４５６７８９ＡＺａｚ：．／＊—―－–～〜＃％＋\u3000\u00a0"
                    "\u200b\u200c\u200d\u2060\ufeff\u00ad 0123456789:-~服务热线陪诊"),
    st.characters()), max_size=40)


@given(_MIXED)
@example("１：\u200b２")
def test_normalize_chars_is_idempotent_and_only_drops_invisible_characters(text):
    once = normalize_chars(text)
    assert normalize_chars(once) == once
    assert len(once) == len(text) - sum(c in _INVISIBLE for c in text)
    assert not any("\uff10" <= c <= "\uff19" for c in once)  # no full-width digits


@given(st.text(alphabet=st.one_of(st.characters(min_codepoint=0x3400, max_codepoint=0x9fff),
                                  st.characters()), max_size=40))
def test_to_simplified_keeps_length(text):
    assert len(to_simplified(text)) == len(text)


def _han(ch: str) -> bool:
    """Independent of ingest.textnorm: a CJK ideograph."""
    return "CJK" in unicodedata.name(ch, "")


@given(st.lists(st.text(alphabet=st.sampled_from("陪诊服务热线 abcXYZ09，。“”\u3000\t-"),
                        max_size=8), max_size=6))
def test_join_lines_never_puts_a_space_between_cjk_characters(lines):
    out = join_lines(lines)
    parts = [line.strip() for line in lines if line.strip()]
    position = 0
    for part in parts:
        if position and out[position] == " ":  # a space join_lines inserted
            assert not (_han(out[position - 1]) and _han(part[0])), (lines, out)
            position += 1
        assert out[position:position + len(part)] == part
        position += len(part)
    assert position == len(out)


# --- Readers on arbitrary bytes ------------------------------------------------------------

_VALID_PDF: bytes = b""
_VALID_DOCX: bytes = b""


def _valid_pdf() -> bytes:
    global _VALID_PDF
    if not _VALID_PDF:
        from reportlab.pdfgen import canvas

        buffer = io.BytesIO()
        c = canvas.Canvas(buffer, pageCompression=0)  # plain content: mutations hit operators
        c.setFont("Helvetica", 12)
        c.drawString(72, 740, "Service hotline 95511.")
        c.rect(72, 600, 200, 40)
        c.showPage()
        c.save()
        _VALID_PDF = buffer.getvalue()
    return _VALID_PDF


def _valid_docx() -> bytes:
    global _VALID_DOCX
    if not _VALID_DOCX:
        import docx

        document = docx.Document()
        document.add_heading("陪诊服务", level=1)
        document.add_paragraph("客户可拨打95511申请。")
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = "次数"
        buffer = io.BytesIO()
        document.save(buffer)
        _VALID_DOCX = buffer.getvalue()
    return _VALID_DOCX


@st.composite
def _mutated(draw, valid) -> bytes:
    """A valid file with a few bytes overwritten, and perhaps cut short."""
    data = bytearray(valid())
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[:draw(st.integers(1, len(data)))]
    return bytes(data)


@st.composite
def _docx_with_mutated_xml(draw) -> bytes:
    """A valid DOCX whose main part had a few characters replaced (the ZIP stays sound)."""
    with zipfile.ZipFile(io.BytesIO(_valid_docx())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = draw(st.sampled_from(["word/document.xml", "word/document.xml", "word/styles.xml",
                                 "[Content_Types].xml", "word/_rels/document.xml.rels"]))
    xml = bytearray(parts[name])
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(xml) - 1))
        xml[at:at + draw(st.integers(0, 3))] = draw(st.sampled_from(
            [b"", b"<", b">", b"/", b'"', b"w:p", b"w:tbl", b"w:val=\"99999\"", b"\xff"]))
    parts[name] = bytes(xml)
    return _zip_of(parts)


def _zip_of(parts: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_W_DOCUMENT = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
               b'main"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>')
_XML_PART = st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode),
                      st.sampled_from([b"<w:document/>", b"<?xml version='1.0'?><a><b></a>",
                                       _W_DOCUMENT]))
_ANY_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.binary(max_size=2000).map(lambda b: b"%PDF-" + b),
    st.binary(max_size=2000).map(lambda b: b"PK\x03\x04" + b),
    st.text(max_size=500).map(lambda t: t.encode("utf-8")),
    st.text(max_size=300).map(lambda t: t.encode("utf-16")),
    st.text(alphabet=st.characters(min_codepoint=0x4e00, max_codepoint=0x9fa5), max_size=300)
    .map(lambda t: t.encode("gb18030")),
    _mutated(_valid_pdf),
    _mutated(_valid_docx),
    _docx_with_mutated_xml(),
    st.fixed_dictionaries({"word/document.xml": _XML_PART},
                          optional={"[Content_Types].xml": _XML_PART,
                                    "word/_rels/document.xml.rels": _XML_PART}).map(_zip_of),
)
_READERS = {"text": lambda p: TextReader().read(p), "pdf": lambda p: PdfReader().read(p),
            "docx": lambda p: DocxReader().read(p), "any": read_document}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("properties")


def _read_or_refuse(reader: str, data: bytes, suffix: str, folder: Path) -> None:
    """The whole contract: a consistent Document, or an IngestError — nothing else."""
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    try:
        doc = _READERS[reader](path)
    except IngestError as error:
        assert error.path == str(path) and "\n" not in error.message
        return
    for block in doc.blocks:
        assert doc.text[block.start:block.end] == block.text
        for row in block.rows:
            for cell in row:
                assert block.start <= cell.start <= cell.end <= block.end
    assert len(doc.match_text) == len(doc.text)
    assert doc.page_starts == sorted(doc.page_starts)


_SETTINGS = settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("reader", sorted(_READERS))
@_SETTINGS
@given(data=_ANY_BYTES, suffix=st.sampled_from([".txt", ".pdf", ".docx", ".md", ""]))
# python-docx: [Content_Types].xml of another shape gave an AttributeError (docx.py fixed)
@example(data=_zip_of({"word/document.xml": b"", "[Content_Types].xml": _W_DOCUMENT}),
         suffix=".docx")
# pdfplumber: a page without a readable /MediaBox gave a TypeError (pdf.py fixed)
@example(data=_valid_pdf().replace(b"/MediaBox", b"\x00MediaBox"), suffix=".pdf")
def test_reader_gives_a_document_or_an_ingest_error(workdir, reader, data, suffix):
    _read_or_refuse(reader, data, suffix, workdir)
