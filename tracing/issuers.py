"""One name per issuing body, however a report writes it, so that reports of the same body are compared.

>>> normalise_issuer("中共澜川市卫生健康委员会党组") == normalise_issuer("澜川市卫生健康委员会党组（回头看）")
True
>>> normalise_issuer("中共澜川市卫生健康委员会党组") == normalise_issuer("中共北沅县住房和城乡建设局党组")
False
>>> normalise_issuer("中國共產黨澜川市青岚区委员会")
'澜川市青岚区委员会'
>>> normalise_issuer("中共北沅县住建局党组") == normalise_issuer("中共北沅县住房和城乡建设局党组")
True
"""

from __future__ import annotations

import re

from ingest.organizations import BODY_ABBREVIATIONS
from search.text import normalise

_PREFIX = re.compile(r"^(?:中国共产党|中共)")
_BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_SUFFIX = re.compile(r"(?:党组|党委|党工委|党总支|党支部)$")
#: Longest first, so 政府办 is read before 政府.
_ABBREVIATIONS = sorted(BODY_ABBREVIATIONS.items(), key=lambda item: -len(item[0]))


def normalise_issuer(name: str | None) -> str:
    """The issuer without 中共/中国共产党, bracketed notes, spaces and a trailing 党组/党委, with common short
    forms of body names spelled out (住建局 -> 住房和城乡建设局), empty if unknown.

    A body writes its own name in full one year and short the next, and its reports must still meet.
    """
    text = normalise(name or "")
    text = _BRACKETS.sub("", text)
    text = re.sub(r"\s+", "", text)
    text = _PREFIX.sub("", text)
    if len(text) > 4:
        text = _SUFFIX.sub("", text)
    for short, full in _ABBREVIATIONS:
        if short in text and full not in text:
            text = text.replace(short, full)
    return text
