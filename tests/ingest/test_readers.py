"""read_document on real-report fixtures built at test time: encodings, web page, Word, PDF, and bad input."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.normalize import normalize_text
from ingest.readers import read_document

REPORT = Path(__file__).resolve().parents[2] / "data" / "samples" / "dalian-kjj-2023-05-15.txt"


@pytest.fixture(scope="module")
def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report_lines(report_text: str) -> list[str]:
    return [line.strip() for line in report_text.splitlines() if line.strip()]


def _error(path: Path) -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert str(path) in str(caught.value), "the error must name the file"
    assert caught.value.path == str(path)
    return caught.value


# --- plain text and encodings ----------------------------------------------------------------

def test_utf8_report_reads_unchanged(report_text: str) -> None:
    document = read_document(REPORT)
    assert (document.text, document.encoding, document.format) == (report_text, "utf-8", "txt")


@pytest.mark.parametrize(
    ("name", "encode", "encoding"),
    [
        ("gb18030.txt", lambda text: text.encode("gb18030"), "gb18030"),
        ("utf16.txt", lambda text: text.encode("utf-16"), "utf-16"),
        ("utf16be.text", lambda text: b"\xfe\xff" + text.encode("utf-16-be"), "utf-16"),
        ("utf8-bom.txt", lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), "utf-8-sig"),
        ("utf16-no-bom", lambda text: text.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, report_text: str, name, encode, encoding) -> None:
    path = tmp_path / name
    path.write_bytes(encode(report_text))
    document = read_document(path)
    assert document.format == "txt"
    assert document.encoding == encoding
    assert document.text == report_text


def test_gbk_traditional_and_big5_copies_normalise_to_the_simplified_report(tmp_path: Path, report_text: str) -> None:
    from opencc import OpenCC

    traditional = OpenCC("s2t").convert(report_text)
    simplified = normalize_text(report_text).text
    for name, data, encoding in (
        ("trad-gbk.txt", traditional.encode("gb18030"), "gb18030"),
        ("trad-big5.txt", traditional.encode("cp950", errors="replace"), "cp950"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        document = read_document(path)
        assert document.encoding == encoding
        assert "大連市科學技術局" in document.text
        normalised = normalize_text(document.text)
        assert any("traditional" in warning for warning in normalised.warnings)
        assert len(normalised.text) == len(simplified)
        same = sum(a == b for a, b in zip(normalised.text, simplified))
        assert same / len(simplified) > 0.995


def test_utf8_with_a_damaged_byte_is_still_utf8(tmp_path: Path, report_text: str) -> None:
    data = report_text.encode("utf-8")
    path = tmp_path / "damaged.txt"
    path.write_bytes(data[:3000] + b"\xff" + data[3000:])
    document = read_document(path)
    assert document.encoding == "utf-8"
    assert document.warnings and "U+FFFD" in document.warnings[0]
    assert document.text.startswith("中共大连市科学技术局党组关于市委常规巡察整改情况的通报")


def test_file_without_extension_or_with_dotted_name_is_text(tmp_path: Path, report_text: str) -> None:
    for name in ("report", "通报.2023.05"):
        path = tmp_path / name
        path.write_bytes(report_text.encode("gb18030"))
        document = read_document(path)
        assert (document.format, document.encoding) == ("txt", "gb18030")
        assert document.text == report_text


# --- web page --------------------------------------------------------------------------------

JUNK = ("当前位置", "网站首页", "机构概况", "分享到", "【打印】", "【关闭】", "版权所有", "ICP备", "var _hmt",
        "font-size", "上一篇", "字体", "浏览次数", "网站地图", "相关链接", "政务公开", "作风建设年", "2022年度工作总结")


def _government_page(report_lines: list[str], charset: str) -> str:
    title, body = report_lines[0], report_lines[2:]
    paragraphs = "\n".join(f'<p style="text-indent:2em;">{html.escape(line)}</p>' for line in body)
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_大连市科学技术局</title>
<style>.nav {{ font-size: 14px; }}</style>
<script>var _hmt = _hmt || []; document.write("政务公开");</script>
</head><body>
<div class="top-header"><div class="logo">大连市科学技术局</div>
  <ul class="nav"><li><a href="/">网站首页</a></li><li><a href="/jggk">机构概况</a></li><li><a>政务公开</a></li></ul>
</div>
<div class="location">当前位置:<a href="/">网站首页</a> &gt; <a>政务公开</a> &gt; 通知公告</div>
<div class="main">
  <div class="article">
    <h1 class="title">{title}</h1>
    <div class="info">发布时间:2023-05-15 &nbsp; 来源:大连市科技局 &nbsp; 浏览次数:1024
      【字体:<a>大</a> <a>中</a> <a>小</a>】</div>
    <div id="zoom">
{paragraphs}
      <div class="xglj"><ul><li><a href="/a1">关于印发科技计划项目管理办法的通知</a></li>
        <li><a href="/a2">市科技局2022年度工作总结</a></li><li><a href="/a3">关于开展作风建设年活动的通知</a></li></ul></div>
    </div>
    <div class="share-bar">分享到:<a class="weixin"></a><a class="weibo"></a></div>
    <div class="print-close">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>
    <div class="prev-next"><p>上一篇:关于开展科技特派员工作的通知</p><p>下一篇:无</p></div>
  </div>
  <div class="sidebar"><h3>相关链接</h3><ul><li>关于举办科技成果对接会的通知</li><li>2023年大连市科技计划项目申报指南</li></ul></div>
</div>
<div class="footer"><p>版权所有:大连市科学技术局 <a>网站地图</a></p><p>辽ICP备05001234号</p></div>
<script>console.log("footer");</script>
</body></html>"""


def test_government_web_page_keeps_title_and_body_and_drops_junk(tmp_path: Path, report_lines: list[str]) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(_government_page(report_lines, "gb2312").encode("gb18030"))
    document = read_document(path)
    assert document.format == "html"
    assert document.encoding == "gb18030"
    lines = document.text.split("\n")
    assert lines[0] == report_lines[0]
    assert lines[1].startswith("发布时间:2023-05-15") and "来源:大连市科技局" in lines[1]
    assert lines[2:] == [line.replace("\u3000", " ").strip() for line in report_lines[2:]]
    for junk in JUNK:
        assert junk not in document.text, junk


def test_html_saved_as_txt_is_sniffed(tmp_path: Path, report_lines: list[str]) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_text(_government_page(report_lines, "utf-8"), encoding="utf-8")
    document = read_document(path)
    assert document.format == "html"
    assert document.text.split("\n")[0] == report_lines[0]
    assert "当前位置" not in document.text and "var _hmt" not in document.text
    assert any("web page" in warning for warning in document.warnings)


def test_page_without_known_container_uses_the_div_with_most_chinese(tmp_path: Path, report_lines: list[str]) -> None:
    body = "".join(f"<div>{html.escape(line)}<br></div>\n" for line in report_lines[2:60])
    page = (
        "<html><head><title>市科技局-" + report_lines[0] + "</title></head><body>"
        "<table><tr><td><a>首页</a> | <a>新闻中心</a> | <a>政务公开</a></td></tr></table>"
        f"<div><div>{body}</div></div><div class='bottom'>主办单位:某市人民政府办公室</div></body></html>"
    )
    path = tmp_path / "page.htm"
    path.write_text(page, encoding="utf-8")
    lines = read_document(path).text.split("\n")
    assert lines[0] == report_lines[0]
    assert lines[1:] == report_lines[2:60]


def test_html5_article_keeps_its_header_date_not_the_footer_date(tmp_path: Path, report_lines: list[str]) -> None:
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in report_lines[2:40])
    page = f"""<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>通知公告</title></head><body>
<header><nav><a>首页</a><a>机构设置</a><a>政务公开</a></nav></header>
<main><article>
  <header><h1>{report_lines[0]}</h1><p class="meta"><time>2023-05-15</time> 来源:大连市科学技术局</p></header>
  <section>{paragraphs}</section>
  <footer>【打印】【关闭】</footer>
</article></main>
<footer><p>网站更新时间:2024-01-01 技术支持:某某网络公司</p></footer></body></html>"""
    path = tmp_path / "html5.html"
    path.write_text(page, encoding="utf-8")
    lines = read_document(path).text.split("\n")
    assert lines[:2] == [report_lines[0], "2023-05-15 来源:大连市科学技术局"]
    assert lines[2:] == report_lines[2:40]


# --- Word --------------------------------------------------------------------------------------

def test_docx_paragraphs_and_table_cells_in_order(tmp_path: Path, report_lines: list[str]) -> None:
    import docx

    document = docx.Document()
    document.add_heading(report_lines[0], level=1)
    for line in report_lines[1:30]:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "问题", "整改措施", "整改进展情况"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "针对“科技项目管理不规范”问题"
    table.cell(1, 2).text = "已完成"
    document.add_paragraph(report_lines[30])
    path = tmp_path / "report.docx"
    document.save(path)

    raw = read_document(path)
    assert (raw.format, raw.encoding) == ("docx", None)
    assert raw.text.split("\n") == [
        *report_lines[:30], "问题", "整改措施", "整改进展情况", "针对“科技项目管理不规范”问题", "已完成", report_lines[30],
    ]


def test_docx_automatic_chinese_numbering_is_rendered(tmp_path: Path) -> None:
    """Headings numbered by Word (numbering.xml), not typed: 一、 (一) 1. must still reach the parser."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."))
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90">'
        + "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
            for level, (fmt, text) in enumerate(levels)
        )
        + "</w:abstractNum>"
    ))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
        ))

    numbered("集中整改工作开展情况", 0)
    numbered("关于“理论学习不深入”的问题", 1)
    numbered("制定学习计划", 2)
    numbered("开展专题研讨", 2)
    numbered("关于“制度执行不严格”的问题", 1)
    numbered("修订制度", 2)
    numbered("下一步工作打算", 0)
    path = tmp_path / "numbered.docx"
    document.save(path)
    assert read_document(path).text.split("\n") == [
        "一、集中整改工作开展情况", "（一）关于“理论学习不深入”的问题", "1.制定学习计划", "2.开展专题研讨",
        "（二）关于“制度执行不严格”的问题", "1.修订制度", "二、下一步工作打算",
    ]


def test_docx_tracked_changes_read_as_accepted(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    paragraph = document.add_paragraph("整改进展情况:")
    paragraph._p.append(parse_xml(
        f'<w:del {w} w:id="1" w:author="a"><w:r><w:delText>正在推进中</w:delText></w:r></w:del>'
    ))
    paragraph._p.append(parse_xml(f'<w:ins {w} w:id="2" w:author="a"><w:r><w:t>已完成</w:t></w:r></w:ins>'))
    path = tmp_path / "tracked.docx"
    document.save(path)
    assert read_document(path).text == "整改进展情况:已完成"


# --- PDF ---------------------------------------------------------------------------------------

def _pdf_with_text_layer(path: Path, paragraphs: list[str], size: float = 11) -> None:
    """An A4 PDF in STSong-Light: wrapped lines, first-line indent, page numbers - N - at the bottom."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page_width, page_height = A4
    left, width = 72, page_width - 144
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("STSong-Light", size)
    y, page = page_height - 72, 1

    def wrap(text: str) -> list[str]:
        lines, current, room = [], "", width - 2 * size
        for char in text:
            if pdfmetrics.stringWidth(current + char, "STSong-Light", size) > room:
                lines.append(current)
                current, room = char, width
            else:
                current += char
        return [*lines, current]

    for paragraph in paragraphs:
        for index, line in enumerate(wrap(paragraph)):
            if y < 72:
                pdf.drawCentredString(page_width / 2, 40, f"- {page} -")
                pdf.showPage()
                pdf.setFont("STSong-Light", size)
                y, page = page_height - 72, page + 1
            pdf.drawString(left + (2 * size if index == 0 else 0), y, line)
            y -= size * 1.6
    pdf.drawCentredString(page_width / 2, 40, f"- {page} -")
    pdf.save()


def test_pdf_text_layer_comes_back_as_the_report_paragraphs(tmp_path: Path, report_lines: list[str]) -> None:
    paragraphs = report_lines[:40]
    path = tmp_path / "report.pdf"
    _pdf_with_text_layer(path, paragraphs)
    document = read_document(path)
    assert (document.format, document.encoding) == ("pdf", None)
    lines = document.text.split("\n")
    assert lines[0] == "中共大连市科学技术局党组关于市委常规巡察整改情况的通报"
    assert not any(line.startswith("- ") and line.endswith(" -") for line in lines), "page numbers must go"
    assert lines == paragraphs


def test_pdf_justified_paragraphs_separated_by_space_are_rejoined(tmp_path: Path) -> None:
    """Another layout: justified CJK paragraphs with no indent, set apart by a gap (reportlab platypus)."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    sample = Path(__file__).resolve().parents[2] / "data" / "samples" / "syn-v01.txt"
    paragraphs = [line.strip() for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()][:60]
    style = ParagraphStyle(
        "body", fontName="STSong-Light", fontSize=11, leading=17, wordWrap="CJK", alignment=TA_JUSTIFY, spaceAfter=6
    )
    path = tmp_path / "justified.pdf"
    SimpleDocTemplate(str(path)).build([Paragraph(html.escape(text), style) for text in paragraphs])
    got = normalize_text(read_document(path).text).text.split("\n")
    assert got == normalize_text("\n".join(paragraphs)).text.split("\n")


def test_pdf_without_text_layer_asks_for_ocr(tmp_path: Path) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    scan = io.BytesIO()
    Image.new("L", (200, 280), color=200).save(scan, format="PNG")
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawImage(ImageReader(io.BytesIO(scan.getvalue())), 50, 50, width=400, height=560)
    pdf.showPage()
    pdf.save()
    error = _error(path)
    assert error.reason == "no text layer (scanned PDF?); OCR it first"


def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(72, 700, "关于巡察整改情况的通报")
    pdf.save()
    assert _error(path).reason.startswith("encrypted PDF")


def test_truncated_pdf_is_refused(tmp_path: Path, report_lines: list[str]) -> None:
    whole = tmp_path / "whole.pdf"
    _pdf_with_text_layer(whole, report_lines[:3])
    path = tmp_path / "truncated.pdf"
    path.write_bytes(whole.read_bytes()[:400])
    reason = _error(path).reason
    assert reason.startswith(("not a valid PDF", "cannot read the PDF", "no text layer"))


# --- bad input ---------------------------------------------------------------------------------

def test_missing_file(tmp_path: Path) -> None:
    assert _error(tmp_path / "nowhere.txt").reason == "no such file"


@pytest.mark.parametrize("content", [b"", b"   \r\n\t\n", "\u3000\u3000\n".encode("utf-8"), b"\xef\xbb\xbf\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert _error(path).reason == "empty file"


def test_binary_file_named_txt(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "photo.txt"
    Image.new("RGB", (16, 16), color=(255, 0, 0)).save(path, format="PNG")
    error = _error(path)
    assert error.reason.startswith("binary file, not a text report")
    assert "PNG" in error.reason
    controls = tmp_path / "controls"
    controls.write_bytes(bytes(range(1, 32)) * 50 + "整改".encode())
    assert _error(controls).reason.startswith("binary file, not a text report")


@pytest.mark.parametrize("name", ["figures.xlsx", "scan.png", "old.doc"])
def test_unsupported_extension_names_supported_formats(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 not really")
    error = _error(path)
    suffix = Path(name).suffix
    assert error.reason.startswith(f"unsupported format {suffix}")
    for supported in (".txt", ".html", ".docx", ".pdf"):
        assert supported in error.reason


def test_fake_pdf_and_fake_docx(tmp_path: Path, report_text: str) -> None:
    fake_pdf = tmp_path / "report.pdf"
    fake_pdf.write_text(report_text, encoding="utf-8")
    assert "not a valid PDF" in _error(fake_pdf).reason
    fake_docx = tmp_path / "report.docx"
    fake_docx.write_text(report_text, encoding="utf-8")
    assert "not a valid .docx" in _error(fake_docx).reason


def test_directory_is_refused(tmp_path: Path) -> None:
    assert "directory" in _error(tmp_path).reason


def test_ingest_error_reads_and_pickles(tmp_path: Path) -> None:
    import pickle

    error = IngestError(tmp_path / "a.xlsx", "unsupported format .xlsx")
    assert str(error) == f"{tmp_path / 'a.xlsx'}: unsupported format .xlsx"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.reason, str(copy)) == (error.path, error.reason, str(error))


def test_docx_saved_as_txt_is_read_as_word(tmp_path: Path, report_lines: list[str]) -> None:
    import docx

    document = docx.Document()
    for line in report_lines[:5]:
        document.add_paragraph(line)
    path = tmp_path / "report.txt"
    document.save(path)
    raw = read_document(path)
    assert raw.format == "docx"
    assert raw.text.split("\n") == report_lines[:5]
    assert "Word document" in raw.warnings[0]
