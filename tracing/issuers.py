"""One name per issuing body, however a report writes it, so that reports of the same body are compared.

>>> normalise_issuer("中共澜川市卫生健康委员会党组") == normalise_issuer("澜川市卫生健康委员会党组（回头看）")
True
>>> normalise_issuer("中共澜川市卫生健康委员会党组") == normalise_issuer("中共北沅县住房和城乡建设局党组")
False
>>> normalise_issuer("中國共產黨澜川市青岚区委员会")
'澜川市青岚区委员会'
>>> normalise_issuer("中共北沅县住建局党组") == normalise_issuer("中共北沅县住房和城乡建设局党组")
True
>>> keys = issuer_keys(["中共岚峰县教育和体育局党组", "岚峰县教体局党组", "中共岚峰县财政局党组"])
>>> keys["岚峰县教体局党组"] == keys["中共岚峰县教育和体育局党组"] != keys["中共岚峰县财政局党组"]
True
"""

from __future__ import annotations

import re

from ingest.organizations import IssuerProfile, canonical_issuer
from search.text import normalise

_PREFIX = re.compile(r"^(?:中国共产党|中共)")
_BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_SUFFIX = re.compile(r"(?:党组|党委|党工委|党总支|党支部)$")


def normalise_issuer(name: str | None) -> str:
    """The issuer without 中共/中国共产党, bracketed notes, spaces and a trailing 党组/党委, with common short
    forms of body names spelled out (住建局 -> 住房和城乡建设局), empty if unknown.

    A body writes its own name in full one year and short the next, and its reports must still meet: short forms
    are spelled out by the same rule that names a report's publisher (:func:`ingest.organizations.canonical_issuer`).
    """
    text = normalise(name or "")
    text = _BRACKETS.sub("", text)
    text = re.sub(r"\s+", "", text)
    text = canonical_issuer(text) or ""
    text = _PREFIX.sub("", text)
    if len(text) > 4:
        text = _SUFFIX.sub("", text)
    return text


def issuer_keys(names: list[str | None]) -> dict[str | None, str]:
    """One key per body among ``names``: :func:`normalise_issuer`, and a name that another name's body is known
    by (岚峰县教体局, a short form the fixed table lacks but the full name's profile derives) takes that body's key."""
    normalised = {name: normalise_issuer(name) for name in names}
    full = {key for key in normalised.values() if key}
    alias_of: dict[str, str] = {}
    for key in sorted(full, key=len, reverse=True):  # the fuller name claims its short forms
        for alias in IssuerProfile.from_issuer(key).body_aliases:
            if alias != key and alias in full and alias not in alias_of and len(alias) >= 4:
                alias_of[alias] = key
    return {name: alias_of.get(key, key) for name, key in normalised.items()}
