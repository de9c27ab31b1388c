"""PDF with a text layer -> text, with lines broken by the page layout joined back into paragraphs.

pdfminer.six gives every visual line with its position. A line joins the one before when that line runs
to the right margin and this one is not indented, follows no wider gap than usual, and starts no section
heading (一、 （一）). Documents that mark paragraphs (by first-line indents or gaps) are read by layout
alone; in documents that mark none, a sentence end at the margin (。!?;:) or a list/label start (一是 ①
针对“ 整改措施:) also ends a paragraph. Page numbers (- 3 -, 第3页 共9页, 3/9) and running headers/footers
repeated on most pages are dropped. A PDF whose pages carry no text (a scan) is refused with advice to OCR
it first.
"""

from __future__ import annotations

import os
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ingest.errors import IngestError
from ingest.readers.raw import RawDocument

NO_TEXT_LAYER = "no text layer (scanned PDF?); OCR it first"

_SENTENCE_END = tuple("。！？；：!?;:")
# Lines that start a paragraph of their own. Section headings (一、 （一） 第一章) never run on from a line;
# list items and the genre's labels (一是 ① 针对“ 整改措施:) do start lines but also wrap to a line's start
# inside a paragraph, so they count only where the layout marks no paragraphs.
_SECTION_HEADING = re.compile(r"^(?:[一二三四五六七八九十百]+[、．]|[(（][一二三四五六七八九十百]+[)）]|第[一二三四五六七八九十百\d]+[章节部分])")
_ITEM_START = re.compile(
    r"^(?:[①-⑳]|[一二三四五六七八九十]是|(?:针对|关于)[“\"「]|问题\s*\d|在[“\"「][^”\"」]{1,30}[”\"」]方面"
    r"|(?:整改(?:措施|情况|进展情况|进展|时限|结果|成效|目标|责任人?)|落实情况|完成情况|责任(?:领导|单位|部门))\s*[:：])"
)
# "1." "(2)" start an item only after a sentence end: "条例(201" + "9)问答" is one number broken by the layout.
_NUMBERED = re.compile(r"^(?:\d{1,2}[、.．)）]|[(（]\d{1,2}[)）])(?!\d)")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$",
    re.IGNORECASE,
)
_CID = re.compile(r"\(cid:\d+\)")
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
_CJK_GAP = re.compile(rf"(?<={_CJK}) (?={_CJK})")
_CJK_CHAR = re.compile(_CJK)
_DIGITS = re.compile(r"\d+")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    size: float


def _text_lines(item) -> list[_Line]:
    from pdfminer.layout import LTContainer, LTTextLine

    found: list[_Line] = []
    stack = [item]
    while stack:
        node = stack.pop()
        if isinstance(node, LTTextLine):
            text = node.get_text().strip()
            if text:
                found.append(_Line(text, node.x0, node.x1, node.y1, max(node.height, 1.0)))
        elif isinstance(node, LTContainer):
            stack.extend(node)
    return found


def _unspace(text: str) -> str:
    """Drop the spaces of letter-spaced Chinese (通 知 公 告), keep spaces that separate fields."""
    gaps = len(_CJK_GAP.findall(text))
    if gaps >= 3 and gaps >= len(_CJK_CHAR.findall(text)) // 2:
        return _CJK_GAP.sub("", text)
    return text


def _page_lines(page) -> list[_Line]:
    lines = _text_lines(page)
    lines.sort(key=lambda line: (-round(line.top / 2), line.x0))
    for line in lines:
        line.text = _unspace(line.text)
    return lines


def _drop_page_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Remove page numbers and running headers/footers (first or last line repeated on most pages)."""
    edge_texts: Counter[str] = Counter()
    for lines in pages:
        for line in {id(line): line for line in (lines[:1] + lines[-1:])}.values():
            edge_texts[_DIGITS.sub("#", line.text)] += 1
    repeated = {text for text, count in edge_texts.items() if len(pages) >= 3 and count >= 0.6 * len(pages)}
    cleaned = []
    for lines in pages:
        keep = list(lines)
        for position in (0, -1):
            while keep and (
                _PAGE_NUMBER.match(keep[position].text) or _DIGITS.sub("#", keep[position].text) in repeated
            ):
                keep.pop(position)
                if position == 0:
                    break
        cleaned.append(keep)
    return cleaned


def _join(text: str, following: str) -> str:
    """Glue a line to the next: no space in Chinese or inside numbers, a space between Latin words."""
    if text[-1:].isascii() and text[-1:].isalpha() and following[:1].isascii() and following[:1].isalpha():
        return text + " " + following
    return text + following


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _paragraphs(pages: list[list[_Line]]) -> list[str]:
    # Per line: (line, indented, runs to the right margin, follows a wider vertical gap than usual).
    flagged: list[tuple[_Line, bool, bool, bool]] = []
    for lines in pages:
        if not lines:
            continue
        body = [line for line in lines if len(line.text) >= 8] or lines
        left = min(line.x0 for line in body)
        right = _percentile([line.x1 for line in body], 0.9)  # justified CJK lines end a little unevenly
        size = statistics.median(line.size for line in lines)
        steps = [a.top - b.top for a, b in zip(lines, lines[1:]) if a.top - b.top > 0.5 * size]
        pitch = _percentile(steps, 0.25) if steps else 0.0  # line spacing within a paragraph
        for index, line in enumerate(lines):
            step = lines[index - 1].top - line.top if index else 0.0
            flagged.append((
                line,
                line.x0 >= left + 0.9 * size,
                line.x1 >= right - 2.5 * size,
                bool(pitch) and step > 1.3 * pitch,
            ))

    # Does the document mark its paragraphs, by first-line indents or by wider gaps? Then the layout alone
    # tells a paragraph's end, even one that ends a sentence at the margin; otherwise a sentence end at the
    # margin is taken to end the paragraph.
    after_sentence = [after[1] or after[3] for before, after in zip(flagged, flagged[1:])
                      if before[0].text.endswith(_SENTENCE_END)]
    marked = len(after_sentence) >= 3 and sum(after_sentence) >= 0.6 * len(after_sentence)

    paragraphs: list[str] = []
    previous: _Line | None = None
    previous_full = False
    for line, indented, full, gap in flagged:
        if (
            previous is not None
            and previous_full
            and not indented
            and not gap
            and (marked or not previous.text.endswith(_SENTENCE_END))
            and not _SECTION_HEADING.match(line.text)
            and not (not marked and _ITEM_START.match(line.text))
            and not (_NUMBERED.match(line.text) and previous.text.endswith(_SENTENCE_END))
        ):
            paragraphs[-1] = _join(paragraphs[-1], line.text)
        else:
            paragraphs.append(line.text)
        previous, previous_full = line, full
    return paragraphs


def read_pdf(path: str | os.PathLike[str]) -> RawDocument:
    """Read a PDF's text layer into a RawDocument of format ``"pdf"``."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        pages = [_page_lines(page) for page in extract_pages(os.fspath(path), laparams=LAParams(all_texts=True))]
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise IngestError(path, f"encrypted PDF, cannot read its text ({type(error).__name__})") from None
    except (PDFSyntaxError, PSException) as error:
        raise IngestError(path, f"not a valid PDF ({error})") from None
    except Exception as error:  # pdfminer raises assorted errors (KeyError, TypeError...) on broken files
        raise IngestError(path, f"cannot read the PDF ({type(error).__name__}: {error})") from None

    if not pages:
        raise IngestError(path, "PDF has no pages")
    unmapped = sum(len(_CID.findall(line.text)) for lines in pages for line in lines)
    characters = sum(len(_CID.sub("", line.text).replace(" ", "")) for lines in pages for line in lines)
    if unmapped > max(characters, 1) / 8:
        raise IngestError(path, "PDF text layer has no Unicode mapping for its fonts ((cid:N) glyphs); OCR it first")
    if characters < 10 * len(pages):
        raise IngestError(path, NO_TEXT_LAYER)

    warnings = []
    if unmapped:
        warnings.append(f"{unmapped} glyphs without Unicode mapping dropped")
        for lines in pages:
            for line in lines:
                line.text = _CID.sub("", line.text)
    paragraphs = _paragraphs(_drop_page_furniture(pages))
    return RawDocument("\n".join(paragraphs), None, "pdf", warnings)
