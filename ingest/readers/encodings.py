"""Bytes -> text for plain-text reports: BOMs, UTF-8, UTF-16, GB18030 (GBK/GB2312), Big5, then a guess.

Chinese government text files come as UTF-8 (with or without BOM), GBK/GB2312 (decoded here as GB18030,
their superset), UTF-16 from Windows Notepad, now and then Big5. Every byte sequence that is valid GB18030
is not necessarily GB18030 (Big5 bytes decode "successfully" into nonsense), so a GB18030 or Big5 reading is
only accepted when its characters are plausible Chinese; charset-normalizer is the last resort.

>>> decode_text("整改情况".encode("gb18030"), "a.txt").encoding
'gb18030'
"""

from __future__ import annotations

import codecs
import functools
import os
import re
from dataclasses import dataclass, field

from ingest.errors import IngestError

BINARY_REASON = "binary file, not a text report"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Bytes that never occur in text in any of the encodings above (tab, newlines, form feed and ESC excepted).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])

_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP package (.docx/.xlsx/.zip?)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc/.xls?)"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
)

PLAUSIBLE_SHARE = 0.9


@dataclass
class DecodedText:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def describe_binary(data: bytes) -> str | None:
    """What a binary file looks like by its magic number (``"a PNG image"``), or None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def binary_error(path: str | os.PathLike[str], data: bytes) -> IngestError:
    kind = describe_binary(data)
    return IngestError(path, BINARY_REASON + (f" (looks like {kind})" if kind else ""))


@functools.cache
def _common_chinese() -> frozenset[str]:
    """Characters of GB2312 (common simplified + CJK punctuation) and Big5 level 1 (common traditional)."""
    chars: set[str] = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA1, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                chars.add(bytes((lead, trail)).decode("cp950"))
            except UnicodeDecodeError:
                pass
    chars.update("\u2018\u2019\u201c\u201d\u2026\u2014\u00b7\ufffd")
    return frozenset(chars)


_ASCII_OR_SPACE = re.compile(r"[\x00-\x7f\s]+")
_CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff]")


def plausible_share(text: str, sample: int = 4000) -> float:
    """Share of the non-ASCII characters (in the first ``sample``) that are common Chinese characters."""
    wide = _ASCII_OR_SPACE.sub("", text[:sample])
    if not wide:
        return 1.0
    # Fast path, in C: GB2312 encodes every common simplified character (in two bytes).
    simplified = len(wide.encode("gb2312", errors="ignore")) // 2
    if simplified >= PLAUSIBLE_SHARE * len(wide):
        return simplified / len(wide)
    return sum(map(_common_chinese().__contains__, wide)) / len(wide)


def _control_share(data: bytes) -> float:
    head = data[:65536]
    return (len(head) - len(head.translate(None, _CONTROL_BYTES))) / max(len(head), 1)


def _utf16_without_bom(data: bytes) -> DecodedText | None:
    """UTF-16 without a BOM shows as NUL bytes on one side of (ASCII) code units."""
    if len(data) % 2:
        return None
    head = data[:65536]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for encoding, nuls, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls and others * 2 <= nuls:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            controls = sum(1 for char in text[:20000] if char < " " and char not in "\t\n\r\x0c")
            if controls <= len(text[:20000]) // 1000 and plausible_share(text) >= PLAUSIBLE_SHARE:
                return DecodedText(text, encoding, [f"no byte-order mark; read as {encoding}"])
    return None


def decode_text(data: bytes, path: str | os.PathLike[str]) -> DecodedText:
    """Decode a text file's bytes; raise IngestError for binary or undecodable content."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data.decode(encoding), encoding)
            except UnicodeDecodeError as error:
                raise IngestError(path, f"starts with a {encoding} byte-order mark but is not valid {encoding} ({error.reason} at byte {error.start})") from None

    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise binary_error(path, data)
    if _control_share(data) > 0.01:
        raise binary_error(path, data)

    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # A UTF-8 file with a few damaged bytes (a truncated download) is still UTF-8; a sample tells quickly.
    if data[:8192].decode("utf-8", errors="replace").count("\ufffd") <= 8:
        repaired = data.decode("utf-8", errors="replace")
        damaged = repaired.count("\ufffd")
        if damaged <= max(3, len(repaired) // 2000) and plausible_share(repaired) >= PLAUSIBLE_SHARE:
            return DecodedText(repaired, "utf-8", [f"{damaged} invalid UTF-8 byte sequences replaced by U+FFFD"])

    for encoding in ("gb18030", "cp950"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if plausible_share(text) >= PLAUSIBLE_SHARE:
            return DecodedText(text, encoding)

    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = str(best)
        # Trust the guess for Chinese that reads as Chinese, and for text with no CJK at all (Latin-1, ...).
        if plausible_share(text) >= 0.5 or not _CJK.search(text):
            return DecodedText(text, best.encoding, [f"encoding guessed by charset-normalizer: {best.encoding}"])
    raise IngestError(path, "cannot decode the text (not UTF-8, UTF-16, GB18030/GBK or Big5)")
