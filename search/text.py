"""Text normalisation shared by indexing and querying: one form for every way of writing the same words.

Full-width letters, digits and punctuation become half-width (NFKC), traditional characters become simplified
(OpenCC ``t2s``, only when a traditional character is present, so plain simplified text costs nothing), and
runs of whitespace collapse.

>>> normalise("黨支部書記「雙帶頭人」比例偏低")
'党支部书记「双带头人」比例偏低'
>>> normalise("ＡＢＣ　１２３，公车")
'ABC 123,公车'
>>> is_latin("contracts awarded without tendering"), is_latin("公车私用 WeChat")
(True, False)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


@functools.lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters that OpenCC's t2s dictionary rewrites."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    chars = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets.split(" ")[0] != source:
            chars.add(source)
    return frozenset(chars)


def to_simplified(text: str) -> str:
    """Traditional → simplified, skipping texts with no traditional character (the common case)."""
    if _traditional_chars().isdisjoint(text):
        return text
    return _converter().convert(text)


def normalise(text: str) -> str:
    """NFKC, traditional → simplified, whitespace collapsed and stripped."""
    text = unicodedata.normalize("NFKC", text or "")
    text = to_simplified(text)
    return _SPACES.sub(" ", text).strip()


def is_latin(text: str) -> bool:
    """True for a query written in a Latin-script language (no CJK characters, some letters)."""
    return bool(_LATIN.search(text)) and not _CJK.search(text)


def cjk_count(text: str) -> int:
    """Number of CJK characters: a length measure for Chinese queries."""
    return len(_CJK.findall(text))
