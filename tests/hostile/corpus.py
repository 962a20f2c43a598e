"""Hostile and broken handbook files, one small function per case.

Each `make_*` function writes its file into the folder it is given and returns the path.
Files are byte literals or built in code (reportlab, python-docx, zipfile); the large ones
(zip bomb, multi-megabyte text) are generated at test time and never committed.

Run `python tests/hostile/corpus.py DIR` to write the whole corpus into DIR for a look.
"""
from __future__ import annotations

import base64
import codecs
import io
import re
import sys
import zipfile
from pathlib import Path

# A handbook the rules recognize: one service, a usage limit, a hotline.
HANDBOOK = "## 就医陪诊服务\n\n整个保单年度内限2次，客户可拨打客服电话10109955申请。\n"
CHINESE_WORD = "陪诊"  # appears in HANDBOOK; what `ingest read` must show for re-encoded text
PNG_1PX = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAC"
                           "hwGA60e6kgAAAABJRU5ErkJggg==")
CJK_FONT = "STSong-Light"  # reportlab's built-in CID font: Chinese PDFs without font files


# --- PDF helpers ---------------------------------------------------------------------------


def _pdf(path: Path, pages: list[list[str]], font: str = CJK_FONT, **canvas_args) -> Path:
    """A PDF with one page per list of lines, drawn top down at 12 pt."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if font == CJK_FONT:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    c = canvas.Canvas(str(path), pagesize=A4, **canvas_args)
    for lines in pages:
        c.setFont(font, 12)
        for i, line in enumerate(lines):
            c.drawString(72, 740 - 18 * i, line)
        c.showPage()
    c.save()
    return path


def _handbook_pdf(path: Path) -> Path:
    return _pdf(path, [["就医陪诊服务", "整个保单年度内限2次，客户可拨打客服电话10109955申请。"]])


def _encryption(user: str):
    from reportlab.lib.pdfencrypt import StandardEncryption

    return StandardEncryption(user, ownerPassword="owner")


# --- Word helpers --------------------------------------------------------------------------


def _handbook_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("就医陪诊服务", level=1)
    document.add_paragraph("整个保单年度内限2次，客户可拨打客服电话10109955申请。")
    document.save(str(path))
    return path


def text_box_run(text: str) -> str:
    """A floating text box as Word writes it: a DrawingML shape with a VML fallback copy."""
    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return ('<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
            'xmlns:v="urn:schemas-microsoft-com:vml">'
            '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
            f'<a:graphicData><wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData>'
            '</a:graphic></wp:anchor></w:drawing></mc:Choice>'
            f'<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict>'
            '</mc:Fallback></mc:AlternateContent></w:r>')


# --- Empty, truncated and damaged files ----------------------------------------------------


def make_empty(folder: Path) -> Path:
    path = folder / "empty.txt"
    path.write_bytes(b"")
    return path


def make_truncated_pdf(folder: Path) -> Path:
    whole = _handbook_pdf(folder / "whole.pdf.part")
    path = folder / "truncated.pdf"
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    whole.unlink()
    return path


def make_pdf_bad_startxref(folder: Path) -> Path:
    """`startxref` points nowhere: pdfminer rebuilds the cross-reference table by scanning
    the objects, so this file is READ fine (the acceptable recovery)."""
    path = _handbook_pdf(folder / "bad_startxref.pdf")
    data = path.read_bytes()
    tail = data.rindex(b"startxref")
    path.write_bytes(data[:tail] + b"startxref\n999999\n%%EOF\n")
    return path


def make_pdf_bad_xref_entries(folder: Path) -> Path:
    """Every xref entry points 7 bytes past its object: the table parses, so pdfminer did not
    fall back to scanning and found no page; pdfium rebuilds the table and reads it."""
    path = _handbook_pdf(folder / "bad_xref_entries.pdf")
    data = path.read_bytes()
    xref = data.rindex(b"\nxref")
    shifted = re.sub(rb"(\d{10}) 00000 n",
                     lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), data[xref:])
    path.write_bytes(data[:xref] + shifted)
    return path


def make_pdf_page_without_mediabox(folder: Path) -> Path:
    """The page's /MediaBox key is damaged: pdfplumber failed with a TypeError; pdfium takes
    the default page size and reads it (no repair log reaches the user's terminal)."""
    path = _handbook_pdf(folder / "damaged_page.pdf")
    path.write_bytes(path.read_bytes().replace(b"/MediaBox", b"/MediaBxx"))
    return path


def make_pdf_damaged_font_descriptor(folder: Path) -> Path:
    """A font descriptor without its /FontBBox: pdfminer logs a warning and reads on."""
    path = _handbook_pdf(folder / "damaged_font.pdf")
    data = path.read_bytes()
    assert b"/FontBBox" in data
    path.write_bytes(data.replace(b"/FontBBox", b"/FontBxox"))
    return path


# --- Encryption, scans and undecodable fonts ------------------------------------------------


def make_pdf_user_password(folder: Path) -> Path:
    return _pdf(folder / "locked.pdf", [["Secret handbook."]], font="Helvetica",
                encrypt=_encryption("secret"))


def make_pdf_empty_user_password(folder: Path) -> Path:
    """Encrypted, but anyone may open it (only an owner password): must be read."""
    return _pdf(folder / "restricted.pdf", [["MDT Service", "Open to all readers."]], font="Helvetica",
                encrypt=_encryption(""))


def make_pdf_image_only(folder: Path) -> Path:
    """A scan: one image per page and no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = folder / "scanned.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(io.BytesIO(PNG_1PX)), 72, 400, 300, 300)
    c.showPage()
    c.save()
    return path


def make_pdf_cid_garbage(folder: Path) -> Path:
    """STSong-Light is not embedded; its Unicode map is named by strings in the font
    dictionary, which pdfminer left encrypted ((cid:N) for every character); pdfium reads it."""
    return _pdf(folder / "cid_garbage.pdf",
                [["就医陪诊服务", "整个保单年度内限2次，客户可拨打客服电话申请。"]],
                encrypt=_encryption(""))


# --- Word files that are not what they claim -----------------------------------------------


def make_docx_not_zip(folder: Path) -> Path:
    path = folder / "not_a_zip.docx"
    path.write_bytes("这是一段纯文本，不是 Word 文件。\n".encode("utf-8") + bytes(range(1, 9)) * 40)
    return path


def make_docx_truncated(folder: Path) -> Path:
    """A real DOCX cut after 2000 bytes: a ZIP signature but no central directory."""
    whole = _handbook_docx(folder / "whole.docx.part")
    path = folder / "truncated.docx"
    path.write_bytes(whole.read_bytes()[:2000])
    whole.unlink()
    return path


def make_docx_without_document(folder: Path) -> Path:
    """An Office-like package (content types, styles) that lacks word/document.xml."""
    path = folder / "no_document.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<w:styles/>")
    return path


def make_plain_zip_as_docx(folder: Path) -> Path:
    """A ZIP of unrelated files named .docx."""
    path = folder / "photos.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "holiday photos")
    return path


ZIP_BOMB_MB = 300


def make_zip_bomb_docx(folder: Path) -> Path:
    """One deflated entry of 300 MB of zeros (about 0.3 MB on disk), written by streaming."""
    path = folder / "bomb.docx"
    chunk = bytes(2**20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            for _ in range(ZIP_BOMB_MB):
                entry.write(chunk)
    return path


TEXT_BOX_TITLE = "就医陪诊服务"
TEXT_BOX_TEXT = "专属健康顾问全年无限次咨询"


def make_docx_image_and_text_box(folder: Path) -> Path:
    """No body text at all: one picture and two floating text boxes (a service and its words)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_picture(io.BytesIO(PNG_1PX))
    for text in (TEXT_BOX_TITLE, TEXT_BOX_TEXT):
        document.add_paragraph()._p.append(parse_xml(text_box_run(text)))
    path = folder / "image_and_text_box.docx"
    document.save(str(path))
    return path


# --- Text in every encoding, and bytes that are no text -------------------------------------


def make_text_gb18030(folder: Path) -> Path:
    path = folder / "gb18030.txt"
    path.write_bytes(HANDBOOK.encode("gb18030"))
    return path


def make_text_gbk(folder: Path) -> Path:
    path = folder / "gbk.txt"
    path.write_bytes(HANDBOOK.encode("gbk"))
    return path


def make_text_utf16_bom(folder: Path) -> Path:
    path = folder / "utf16_bom.txt"
    path.write_bytes(HANDBOOK.encode("utf-16"))  # Python writes the BOM
    assert path.read_bytes()[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    return path


def make_text_utf8_bom(folder: Path) -> Path:
    path = folder / "utf8_bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + HANDBOOK.encode("utf-8"))
    return path


def make_text_invalid_bytes(folder: Path) -> Path:
    """Valid in no encoding the reader accepts: UTF-8 broken mid-character, stray C1/0xFF."""
    path = folder / "invalid_bytes.txt"
    path.write_bytes(HANDBOOK.encode("utf-8")[:10] + b"\xff\xfe\xfd\x80\x81" * 20
                     + b"\x00\x01\x02\x03" * 10)
    return path


def make_text_invalid_late(folder: Path) -> Path:
    """Clean UTF-8 for the first 16 KB (so the format sniffer sees text), then broken bytes."""
    path = folder / "invalid_late.md"
    clean = HANDBOOK.encode("utf-8")
    assert len(clean) * 250 > 8192  # what detect_format sniffs
    path.write_bytes(clean * 250 + b"\xff\xfe\x80" * 8 + clean)
    return path


def make_text_bom_only(folder: Path) -> Path:
    """A byte-order mark and blank lines: no text once decoded."""
    path = folder / "bom_only.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"\r\n   \r\n\t\r\n")
    return path


# --- Wrong names and unsupported formats -----------------------------------------------------


def make_pdf_named_txt(folder: Path) -> Path:
    return _handbook_pdf(folder / "really_a_pdf.txt")


def make_docx_named_pdf(folder: Path) -> Path:
    return _handbook_docx(folder / "really_a_docx.pdf")


def make_text_named_docx(folder: Path) -> Path:
    """Plain text saved under a .docx name: read as the text it is."""
    path = folder / "really_text.docx"
    path.write_text(HANDBOOK, encoding="utf-8")
    return path


def make_xlsx(folder: Path) -> Path:
    path = folder / "services.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    return path


def make_png(folder: Path) -> Path:
    path = folder / "scan.png"
    path.write_bytes(PNG_1PX)
    return path


# --- Readable handbooks with surprising content ----------------------------------------------


def make_no_services(folder: Path) -> Path:
    path = folder / "no_services.txt"
    path.write_text("公司简介\n\n本公司成立于一九九八年，总部位于上海，致力于为客户创造价值。\n",
                    encoding="utf-8")
    return path


SCRIPT = "<script>alert(1)</script>"
TEMPLATE_EXPR = "{{ 7*7 }}"
TEMPLATE_TAG = "{% if %}"
MARKUP_LINE = f"服务内容：{SCRIPT}陪同就医{TEMPLATE_EXPR}{TEMPLATE_TAG}。"


def make_script_and_templates(folder: Path) -> Path:
    path = folder / "markup.txt"
    path.write_text(f"## 就医陪诊服务\n\n{MARKUP_LINE}\n"
                    f"整个保单年度内限2次，{TEMPLATE_EXPR}客户可拨打客服电话10109955申请。"
                    f"{TEMPLATE_TAG}{SCRIPT}\n", encoding="utf-8")
    return path


def make_good_text(folder: Path, name: str = "good.txt") -> Path:
    path = folder / name
    path.write_text(HANDBOOK, encoding="utf-8")
    return path


def make_good_pdf(folder: Path, name: str = "good.pdf") -> Path:
    return _handbook_pdf(folder / name)


def make_good_docx(folder: Path, name: str = "good.docx") -> Path:
    return _handbook_docx(folder / name)


# --- Limits ----------------------------------------------------------------------------------


def make_text_over_size(folder: Path) -> Path:
    """About 20 KB: over `--max-file-mb 0.01`."""
    path = folder / "over_size.txt"
    path.write_text(HANDBOOK * 250, encoding="utf-8")
    return path


def make_pdf_three_pages(folder: Path) -> Path:
    """Three small pages: over `--max-pages 2` (but under 10 KB, so only the page limit hits)."""
    return _pdf(folder / "three_pages.pdf", [[f"Page {n} text."] for n in (1, 2, 3)],
                font="Helvetica")


def make_text_slow(folder: Path, megabytes: float = 3) -> Path:
    """A valid but pathological handbook: megabytes of one repeated service line."""
    line = "整个保单年度内限2次，客户可拨打客服电话10109955申请就医陪诊服务。\n"
    path = folder / "slow.txt"
    path.write_text(line * int(megabytes * 2**20 / len(line.encode("utf-8"))), encoding="utf-8")
    return path


# Every case that must fail, with the error code and words its one-line message must hold.
FAILING = {
    "empty": (make_empty, "empty_file", ["empty"]),
    "text_bom_only": (make_text_bom_only, "empty_file", ["empty"]),
    "truncated_pdf": (make_truncated_pdf, "broken_file", ["damaged", "truncated"]),
    "pdf_user_password": (make_pdf_user_password, "encrypted", ["password"]),
    "pdf_image_only": (make_pdf_image_only, "ocr_needed", ["OCR", "no text layer"]),
    "docx_not_zip": (make_docx_not_zip, "unsupported_format",
                     ["not a Word document", "binary data"]),
    "docx_truncated": (make_docx_truncated, "broken_file", ["not a Word document", "damaged"]),
    "docx_without_document": (make_docx_without_document, "broken_file",
                              ["not a Word document", "word/document.xml"]),
    "plain_zip_as_docx": (make_plain_zip_as_docx, "unsupported_format", ["ZIP archive"]),
    "zip_bomb_docx": (make_zip_bomb_docx, "too_large", ["zip bomb", "inflate"]),
    "text_invalid_bytes": (make_text_invalid_bytes, "undecodable_text", ["not readable text"]),
    "text_invalid_late": (make_text_invalid_late, "undecodable_text", ["not readable text"]),
    "xlsx": (make_xlsx, "unsupported_format", ["Excel"]),
    "png": (make_png, "unsupported_format", ["PNG"]),
}

# Every case that must be read, with a piece of text `ingest read` must show.
READABLE = {
    "pdf_bad_startxref": (make_pdf_bad_startxref, "客服电话10109955"),
    "pdf_damaged_font_descriptor": (make_pdf_damaged_font_descriptor, "客服电话10109955"),
    "pdf_bad_xref_entries": (make_pdf_bad_xref_entries, "客服电话10109955"),
    "pdf_page_without_mediabox": (make_pdf_page_without_mediabox, "客服电话10109955"),
    "pdf_cid_garbage": (make_pdf_cid_garbage, "就医陪诊服务"),
    "pdf_empty_user_password": (make_pdf_empty_user_password, "Open to all readers."),
    "docx_image_and_text_box": (make_docx_image_and_text_box, TEXT_BOX_TEXT),
    "text_gb18030": (make_text_gb18030, CHINESE_WORD),
    "text_gbk": (make_text_gbk, CHINESE_WORD),
    "text_utf16_bom": (make_text_utf16_bom, CHINESE_WORD),
    "text_utf8_bom": (make_text_utf8_bom, CHINESE_WORD),
    "pdf_named_txt": (make_pdf_named_txt, "客服电话10109955"),
    "docx_named_pdf": (make_docx_named_pdf, "客服电话10109955"),
    "text_named_docx": (make_text_named_docx, "客服电话10109955"),
    "script_and_templates": (make_script_and_templates, MARKUP_LINE),
}


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for name, (make, *_) in {**FAILING, **READABLE, "no_services": (make_no_services,)}.items():
        (out / name).mkdir(parents=True, exist_ok=True)
        print(make(out / name))
