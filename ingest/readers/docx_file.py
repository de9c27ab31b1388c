"""Word .docx -> text: body paragraphs and table cells in document order, one a line."""

from __future__ import annotations

import os

from ingest.errors import IngestError
from ingest.readers.raw import RawDocument

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _block_lines(container, parent) -> list[str]:
    """Lines of a body, cell or content control: paragraphs, tables (row by row, merged cells once), nested."""
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in container.iterchildren():
        if child.tag == _W + "p":
            lines.append(Paragraph(child, parent).text)
        elif child.tag == _W + "tbl":
            table = Table(child, parent)
            for row in table.rows:
                seen: set[int] = set()
                cells = row.cells  # kept alive, so ids of their elements stay unique
                for cell in cells:
                    if id(cell._tc) in seen:  # a merged cell repeats in every grid column it spans
                        continue
                    seen.add(id(cell._tc))
                    lines.extend(_block_lines(cell._tc, _Cell(cell._tc, table)))
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                lines.extend(_block_lines(content, parent))
    return lines


def read_docx(path: str | os.PathLike[str]) -> RawDocument:
    """Read a .docx file into a RawDocument of format ``"docx"``."""
    import docx

    try:
        document = docx.Document(os.fspath(path))
    except Exception as error:  # python-docx raises PackageNotFoundError, BadZipFile, KeyError, lxml errors
        raise IngestError(path, f"not a valid .docx file ({type(error).__name__}: {error})") from None
    lines = []
    for line in _block_lines(document.element.body, document):
        lines.extend(part.strip() for part in line.split("\n"))
    lines = [line for line in lines if line]
    if not lines:
        raise IngestError(path, "no text in the document")
    return RawDocument("\n".join(lines), None, "docx")
