"""Read a report file of any supported format into plain text: :func:`read_document`.

The format comes from the extension, checked against the content: a ``.txt`` (or extension-less) file that
is really a web page, a PDF or a Word document is read as what it is. Anything else gets an
:class:`~ingest.errors.IngestError` naming the file and the reason.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "report.txt"
>>> _ = path.write_bytes("关于巡察整改情况的通报\\n".encode("gb18030"))
>>> document = read_document(path)
>>> document.text.strip(), document.encoding, document.format
('关于巡察整改情况的通报', 'gb18030', 'txt')
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from ingest.errors import IngestError
from ingest.readers.encodings import binary_error, decode_text
from ingest.readers.raw import Format, RawDocument

__all__ = ["RawDocument", "read_document", "SUPPORTED_FORMATS", "MAX_BYTES"]

TEXT_SUFFIXES = frozenset((".txt", ".text", ""))
HTML_SUFFIXES = frozenset((".html", ".htm", ".shtml", ".xhtml"))
DOCX_SUFFIXES = frozenset((".docx",))
PDF_SUFFIXES = frozenset((".pdf",))
SUPPORTED_FORMATS = ".txt/.text or no extension (UTF-8, UTF-16, GB18030/GBK, Big5), .html/.htm/.shtml, .docx, .pdf with a text layer"
MAX_BYTES = 200 * 1024 * 1024

_HINTS = {
    ".doc": "old Word format; save it as .docx",
    ".wps": "WPS format; save it as .docx",
    ".rtf": "save it as .docx or .txt",
    ".mht": "save the page as HTML only",
    ".mhtml": "save the page as HTML only",
}
_EXTENSION = re.compile(r"^\.[A-Za-z][A-Za-z0-9]{0,7}$")
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(r"</?(?:p|div|br|span|table|td|h[1-6])\b[^>]*>", re.IGNORECASE)


def _suffix(path: Path) -> str:
    """The extension, lower-cased; '' for none or for a dotted name that is no extension ("通报.2023.05")."""
    suffix = path.suffix
    return suffix.lower() if _EXTENSION.match(suffix) else ""


def _is_docx_package(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as package:
            return "word/document.xml" in package.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _looks_like_html(text: str) -> bool:
    head = text[:4096]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 8


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(path, f"file too large ({size // (1024 * 1024)} MiB; the limit is {MAX_BYTES // (1024 * 1024)} MiB)")
        return path.read_bytes()
    except IngestError:
        raise
    except OSError as error:
        raise IngestError(path, f"cannot read the file ({error.strerror or error})") from None


def read_document(path: str | os.PathLike[str]) -> RawDocument:
    """Read ``path`` (.txt/.text/none, .html/.htm/.shtml, .docx, .pdf) into a :class:`RawDocument`."""
    path = Path(path)
    if not path.exists():
        raise IngestError(path, "no such file")
    if path.is_dir():
        raise IngestError(path, "is a directory, not a report file")
    suffix = _suffix(path)
    known = TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES | PDF_SUFFIXES
    if suffix not in known:
        hint = _HINTS.get(suffix)
        raise IngestError(
            path, f"unsupported format {suffix}" + (f" ({hint})" if hint else "") + f"; supported: {SUPPORTED_FORMATS}"
        )

    data = _read_bytes(path)
    if not data.strip():
        raise IngestError(path, "empty file")

    declared: Format = (
        "pdf" if suffix in PDF_SUFFIXES else
        "docx" if suffix in DOCX_SUFFIXES else
        "html" if suffix in HTML_SUFFIXES else
        "txt"
    )
    is_pdf = data[:1024].lstrip().startswith(b"%PDF-")
    is_zip = data.startswith(b"PK\x03\x04")
    warnings: list[str] = []

    if declared == "pdf" and not is_pdf:
        raise IngestError(path, "not a valid PDF (no %PDF header)")
    if declared == "docx" and not (is_zip and _is_docx_package(path)):
        raise IngestError(path, "not a valid .docx file (not a Word package)")
    if declared in ("txt", "html") and is_pdf:
        declared, warnings = "pdf", [f"content is a PDF despite the {suffix or 'missing'} extension"]
    elif declared in ("txt", "html") and is_zip:
        if not _is_docx_package(path):
            raise binary_error(path, data)
        declared, warnings = "docx", [f"content is a Word document despite the {suffix or 'missing'} extension"]

    if declared == "pdf":
        from ingest.readers.pdf_file import read_pdf

        document = read_pdf(path)
    elif declared == "docx":
        from ingest.readers.docx_file import read_docx

        document = read_docx(path)
    elif declared == "html":
        from ingest.readers.html_page import read_html

        document = read_html(data, path)
    else:
        decoded = decode_text(data, path)
        if _looks_like_html(decoded.text):
            from ingest.readers.html_page import read_html

            document = read_html(data, path)
            document.warnings.insert(0, f"content is a web page despite the {suffix or 'missing'} extension")
        else:
            document = RawDocument(decoded.text, decoded.encoding, "txt", decoded.warnings)
    document.warnings[:0] = warnings
    if not document.text.strip(" \t\r\n\u3000\ufeff\u200b\xa0"):
        raise IngestError(path, "empty file")
    return document
