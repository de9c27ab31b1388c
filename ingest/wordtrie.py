"""A regex alternation of words shaped as a trie: one shared prefix is matched once, so a mismatch fails fast.

Field labels (ingest.frames), organisation names and heads (ingest.organizations) are matched this way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` shaped as a trie: quick to compile and to scan, longest match first.

    >>> trie_pattern(["市科技局", "市科技局党组", "科技局"])
    '(?:市科技局(?:党组)?|科技局)'
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True
    return _trie_regex(trie) or ""


def _trie_regex(node: dict) -> str | None:
    if "" in node and len(node) == 1:
        return None
    alts, optional = [], "" in node
    for ch in sorted(k for k in node if k):
        sub = _trie_regex(node[ch])
        alts.append(re.escape(ch) + (sub or ""))
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if optional:
        return body + "?" if len(alts) == 1 and len(alts[0]) == 1 else "(?:" + body + ")?"
    return body
