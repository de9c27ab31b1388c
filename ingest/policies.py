"""Policies and other documents cited in 《》: one canonical title per document, and its kind.

A report cites the same document under several spellings (with or without the issuer's name in front,
with or without “” around a slogan, 和 for 、, a word such as 建设 dropped, a shortened title) and cites
different documents whose titles differ by one word (正处级 / 副处级). Resolution works on structure:

1. **Key**: quotes, spaces, 的 and version marks ((试行), (修订), a trailing (2019), 暂行) removed,
   和/与/及/、 unified.
2. **Prefix**: the issuing body at the head of the key is split off and normalised: the report's issuer
   under any of its aliases (大连市科学技术局 = 市科技局 = 大连市科技局), a region (大连市), a central body
   (中共中央 = 中央). Two spellings whose explicit prefixes differ are never merged.
3. **Rules** on the rest (the body): equal; one has 1–2 extra characters inside (建设, 科技) but not in the
   document-type word at the end and not a distinguishing one (副, 正, 实施 …); one is the tail of the
   other (干部选拔任用工作条例 ⊂ 党政领导干部选拔任用工作条例) with some non-generic content and one
   candidate only; or both are “关于<same topic>的意见/规定/决定” of the same body. A spelling without a
   prefix joins a prefixed one only when that is the only candidate. A short title the report declares
   (``《…》(以下简称《条例》)``) always joins its full title.
4. **Canonical**: the most complete spelling of the group (longest body, then with an explicit issuer, then
   the longest spelling, then the most frequent), with the issuer's alias spelt out in full and a
   well-known national regulation's short form expanded (纪律处分条例 -> 中国共产党纪律处分条例); a film
   carries what the report calls it (围猎(警示教育片)), as annotators name films.
5. **Kind** from the type word at the end and the prefix (an issuer's 办法 is an internal rule, a region's
   a local policy, a central body's a party regulation), the national list, and the words around the
   mention (观看《十年歧路》警示教育片 is a film).

>>> from ingest.organizations import IssuerProfile
>>> p = IssuerProfile.from_issuer("中共大连市科学技术局党组")
>>> ms = extract_policies("《市科技局内部审计工作暂行规定》《大连市科学技术局内部审计工作暂行规定》《十年歧路》警示教育片", p)
>>> [(m.canonical, m.kind, len(m.spans)) for m in ms]
[('大连市科学技术局内部审计工作暂行规定', 'internal_rule', 2), ('十年歧路(警示教育片)', 'film', 1)]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from rectigraph.model import PolicyMention, Span

from ingest.organizations import IssuerProfile

__all__ = [
    "POLICY_KINDS",
    "KIND_SYNONYMS",
    "comparable_kind",
    "NATIONAL_REGULATIONS",
    "extract_policies",
    "resolve_policies",
    "canonical_policy_title",
    "policy_kind",
    "policy_key",
]

#: Kinds of cited documents.
POLICY_KINDS: dict[str, str] = {
    "law": "law or administrative regulation (法, 国务院条例, local legislation)",
    "party_regulation": "party regulation or central document (中国共产党…条例, 准则, 中共中央…意见)",
    "local_policy": "policy of a local government or region (大连市…办法, 若干措施)",
    "internal_rule": "rule of the issuer itself (办法, 规则, 细则, 制度, 责任清单)",
    "plan": "plan, programme or work points (方案, 计划, 规划, 要点, 任务清单)",
    "notice": "notice, circular or decision (通知, 通报, 决定)",
    "form": "form or register (审批表, 登记表)",
    "record": "meeting record or minutes (会议记录, 纪要, 台账)",
    "film": "film shown for warning education (《十年歧路》警示教育片)",
    "compilation": "compilation of documents (汇编)",
    "book": "book or study material (摘编, 讲义, 读本)",
    "generic-reference": "a generic reference that names no document (《工作方案》)",
    "other": "anything else (问答, 解读 …)",
}

#: Other names annotators use for the same kinds (the synthetic gold says law_regulation and calls 汇编 a book).
KIND_SYNONYMS: dict[str, str] = {"law_regulation": "law", "book": "compilation"}


def comparable_kind(kind: str) -> str:
    """A kind reduced for comparison with other annotations (law_regulation = law, book = compilation).

    >>> comparable_kind("law_regulation") == comparable_kind("law"), comparable_kind("book")
    (True, 'compilation')
    """
    return KIND_SYNONYMS.get(kind, kind)


#: Well-known national party regulations and laws: full titles that short citations are expanded to.
NATIONAL_REGULATIONS: dict[str, str] = {
    "中国共产党章程": "party_regulation",
    "中国共产党纪律处分条例": "party_regulation",
    "中国共产党问责条例": "party_regulation",
    "中国共产党党内监督条例": "party_regulation",
    "中国共产党巡视工作条例": "party_regulation",
    "中国共产党廉洁自律准则": "party_regulation",
    "关于新形势下党内政治生活的若干准则": "party_regulation",
    "中国共产党重大事项请示报告条例": "party_regulation",
    "中国共产党党和国家机关基层组织工作条例": "party_regulation",
    "中国共产党普通高等学校基层组织工作条例": "party_regulation",
    "中国共产党国有企业基层组织工作条例(试行)": "party_regulation",
    "中国共产党农村基层组织工作条例": "party_regulation",
    "中国共产党支部工作条例(试行)": "party_regulation",
    "中国共产党党组工作条例": "party_regulation",
    "中国共产党党员教育管理工作条例": "party_regulation",
    "中国共产党组织工作条例": "party_regulation",
    "中国共产党宣传工作条例": "party_regulation",
    "中国共产党机构编制工作条例": "party_regulation",
    "中国共产党党员权利保障条例": "party_regulation",
    "中国共产党地方委员会工作条例": "party_regulation",
    "中国共产党党内法规制定条例": "party_regulation",
    "中国共产党纪律检查机关监督执纪工作规则": "party_regulation",
    "中国共产党纪律检查委员会工作条例": "party_regulation",
    "党政领导干部选拔任用工作条例": "party_regulation",
    "党政领导干部考核工作条例": "party_regulation",
    "干部人事档案工作条例": "party_regulation",
    "党政机关厉行节约反对浪费条例": "party_regulation",
    "党政机关国内公务接待管理规定": "party_regulation",
    "领导干部报告个人有关事项规定": "party_regulation",
    "推进领导干部能上能下规定": "party_regulation",
    "党委(党组)落实全面从严治党主体责任规定": "party_regulation",
    "党委(党组)网络意识形态工作责任制实施细则": "party_regulation",
    "中共中央政治局关于改进工作作风、密切联系群众的八项规定": "party_regulation",
    "中华人民共和国宪法": "law",
    "中华人民共和国监察法": "law",
    "中华人民共和国公职人员政务处分法": "law",
    "中华人民共和国公务员法": "law",
    "中华人民共和国政府采购法": "law",
    "中华人民共和国政府采购法实施条例": "law",
    "中华人民共和国招标投标法": "law",
    "中华人民共和国招标投标法实施条例": "law",
    "中华人民共和国预算法": "law",
    "中华人民共和国审计法": "law",
    "中华人民共和国会计法": "law",
    "中华人民共和国保守国家秘密法": "law",
    "中华人民共和国档案法": "law",
    "中华人民共和国科学技术进步法": "law",
    "中华人民共和国促进科技成果转化法": "law",
    "中华人民共和国安全生产法": "law",
    "中华人民共和国土地管理法": "law",
    "中华人民共和国城乡规划法": "law",
    "中华人民共和国建筑法": "law",
    "中华人民共和国网络安全法": "law",
    "中华人民共和国数据安全法": "law",
    "中华人民共和国个人信息保护法": "law",
    "中华人民共和国政府信息公开条例": "law",
    "行政事业性国有资产管理条例": "law",
    "事业单位工作人员处分规定": "law",
}

#: Customary short names of national regulations that are not a tail of the full title.
NATIONAL_SHORT_NAMES: dict[str, str] = {
    "党章": "中国共产党章程",
    "中央八项规定": "中共中央政治局关于改进工作作风、密切联系群众的八项规定",
    "八项规定": "中共中央政治局关于改进工作作风、密切联系群众的八项规定",
    "选拔任用条例": "党政领导干部选拔任用工作条例",
    "干部任用条例": "党政领导干部选拔任用工作条例",
    "纪律处分条例": "中国共产党纪律处分条例",
    "政府采购法": "中华人民共和国政府采购法",
    "招标投标法": "中华人民共和国招标投标法",
}

# (以下简称《条例》) / (2023年修订,以下简称《条例》) / (下称《办法》) / (以下简称为《办法》) / ,以下简称《办法》
_SHORT_TITLE_RE = re.compile(
    r"(?:\((?:[^()《》\n]{0,30}?[,;])?|,)\s*(?:以下)?(?:简称|下称)为?:?"
    r"(?:《(?P<short>[^《》\n]{1,30})》|[“\"](?P<quoted>[^”\"《》\n]{1,20})[”\"])"
)
_TITLE_RE = re.compile(r"《(?P<t>[^《》\n]{1,120}?(?:《[^《》\n]{1,100}》[^《》\n]{0,60}?)*)》")
_BROKEN_TITLE_RE = re.compile(r"《(?P<t>[^《》\n]{1,80}\n[^《》\n]{1,60})》")
_INNER_RE = re.compile(r"《([^《》\n]{1,100})》|〈([^〈〉《》\n]{1,100})〉")
# Titles in other title brackets, outside any 《》: 〈X办法〉, <<X办法>>, «X办法»
_ALT_TITLE_RE = re.compile(r"(?:〈|<<|«)(?P<t>[^〈〉<>«»《》\n]{2,120}?)(?:〉|>>|»)")
_QUOTES_RE = re.compile(r"[“”‘’\"'「」『』〈〉《》\s]")
_VERSION_RE = re.compile(
    r"\((?:试行|暂行|修订|修订稿|修订版|修正|草案|征求意见稿|(?:19|20)\d\d年?(?:修订版?|修正版?|版)?)\)$"
)
_CONJ_RE = re.compile(r"[和与及、]")
_TRAILING_PAREN_RE = re.compile(r"\([^()]*\)$")
_PROVISIONAL_RE = re.compile(r"(?:暂行|试行)(?=办法|规定|条例|细则|规则|制度)")
_SPACE_RE = re.compile(r"\s+")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
_HAN_ONLY_RE = re.compile(r"[\u4e00-\u9fff]+")
_PARTY_WORDS_RE = re.compile("党|干部|纪律|组织|巡视|巡察|监督")

#: Document-type words a title ends with, longest first.
_TYPE_WORDS = (
    "政策措施", "实施细则", "实施办法", "暂行办法", "暂行规定", "实施意见", "实施方案", "工作方案", "工作要点",
    "会议记录", "若干意见", "若干规定", "若干措施", "责任清单", "任务清单", "问题清单", "行动计划", "审批表",
    "登记表", "责任制", "细则", "办法", "规定", "规则", "条例", "准则", "制度", "规范", "规程", "程序", "守则",
    "意见", "决定", "方案", "计划", "规划", "要点", "清单", "举措", "措施", "纲要", "通知", "通报", "公告", "问答",
    "解读", "记录", "纪要", "台账", "汇编", "摘编", "选编", "讲义", "读本", "体系", "标准", "指引", "指南", "机制",
    "表", "法",
)
_TYPE_RE = re.compile("(?:" + "|".join(_TYPE_WORDS) + ")$")
_GENERIC_RE = re.compile(
    "工作|管理|实施|暂行|试行|若干|有关|关于|专项|行动|具体|相关|政策|支持|建设|发展|推进|落实|整改|年度|"
    "责任|制度|机制|措施|规定|办法|方案|计划|细则|意见|文件|我局|本局|本单位|单位"
)
# Words whose insertion makes a different document (副处级 vs 处级, 实施办法 vs 办法), and digits.
_DISTINGUISHING_RE = re.compile(
    r"[副正非不无反新旧总分上下前后内外省市县区\d一二三四五六七八九十百千]|实施|细则|补充|问答|解读|考核|评估|评价|年度"
)
_RELATED_TYPES = frozenset({"意见", "规定", "决定", "若干意见", "若干规定"})

# Central issuing bodies at the head of a title, and how they normalise.
_CENTRAL_PREFIXES = (
    ("中共中央办公厅国务院办公厅", "中办国办"), ("中共中央办公厅", "中办"), ("中办", "中办"),
    ("国务院办公厅", "国办"), ("国办", "国办"), ("中共中央组织部", "中组部"), ("中央组织部", "中组部"),
    ("中组部", "中组部"), ("中央纪委国家监委", "中纪委"), ("中共中央纪律检查委员会", "中纪委"),
    ("中央纪委", "中纪委"), ("中纪委", "中纪委"), ("中共中央国务院", "中央国务院"), ("中共中央", "中央"),
    ("党中央", "中央"), ("中央", "中央"), ("国务院", "国务院"), ("中国共产党", "中共"), ("中华人民共和国", "国家"),
)
_CENTRAL_RE = re.compile("|".join(p for p, _ in _CENTRAL_PREFIXES))
_CENTRAL_ID = dict(_CENTRAL_PREFIXES)
_REGION_PREFIX_RE = re.compile(
    r"(?P<r>[\u4e00-\u9fff]{2,3}?(?:自治区|省|市|县|区))(?P<o>委办公室|人民政府办公室|人民政府|政府办公室|政府|委)?"
    r"(?![场民级属直])"
)
_LEVEL_STOP = {"市": "场民值面级内外长", "县": "城级域长", "区": "域别分块间级长", "省": "级份内外长"}
_FILM_AFTER_RE = re.compile(r"^[^\n,。;《》]{0,8}?(?:教育片|专题片|警示片|影片|纪录片|电影|宣传片)")
_GENRE = r"(?P<genre>(?:违纪违法|保密|廉政|廉洁|反腐倡廉)?(?:警示教育片|警示片|教育片|专题片|纪录片|宣传片|影片|电影))"
_GENRE_AFTER_RE = re.compile(rf"[^\n,。;《》]{{0,8}}?{_GENRE}")
_GENRE_BEFORE_RE = re.compile(rf"{_GENRE}[^\n,。;《》]{{0,2}}$")
_FILM_BEFORE_RE = re.compile(
    r"(?:(?:观看|收看|观影|播放|放映)[^\n,。;《》]{0,10}|(?:教育片|专题片|警示片|影片|纪录片|电影|宣传片)[^\n,。;《》]{0,2})$"
)


def _strip_versions(key: str) -> str:
    while True:
        stripped = _VERSION_RE.sub("", key)
        if stripped == key:
            return key
        key = stripped


@functools.lru_cache(maxsize=8192)
def policy_key(title: str) -> str:
    """The comparison key of a title: quotes, spaces, 的 and version marks ((试行), 暂行) removed, 和/与/及/、
    unified.

    >>> policy_key("运用监督执纪“第一种形态”的办法"), policy_key("孵化器和众创空间管理办法(试行)")
    ('运用监督执纪第一种形态办法', '孵化器、众创空间管理办法')
    """
    return _norm(_stripped(title))


@functools.lru_cache(maxsize=8192)
def _stripped(title: str) -> str:
    """A title without quotes, spaces and trailing version marks (the text prefixes are read from)."""
    return _strip_versions(_QUOTES_RE.sub("", title))


def _norm(text: str) -> str:
    """和/与/及 as 、, no 的, and 暂行/试行 before the type word dropped like a (试行) mark."""
    return _PROVISIONAL_RE.sub("", _CONJ_RE.sub("、", text).replace("的", ""))


@functools.lru_cache(maxsize=8192)
def _type_word(body: str) -> str:
    """The document-type word a title ends with (方案, 办法 …), a trailing (2021—2023年) ignored."""
    m = _TYPE_RE.search(_TRAILING_PAREN_RE.sub("", body))
    return m.group(0) if m else ""


@dataclass
class _Spelling:
    """One distinct spelling of a title in a report."""

    raw: str
    key: str
    prefix: str  # normalised issuing body at the head ('' when none)
    head: str  # the head as written
    body: str  # key without the head
    kind_prefix: str  # issuer / region / central / ''
    spans: list[Span] = field(default_factory=list)
    contexts: list[tuple[str, str]] = field(default_factory=list)  # (before, after) of the first mentions


_EMPTY_PROFILE = IssuerProfile()


def _split_prefix(text: str, profile: IssuerProfile) -> tuple[str, str, str, str]:
    """(normalised prefix, head as written, normalised body, prefix kind) of a stripped title."""
    key = ("prefix", text)
    hit = profile.memo.get(key)
    if hit is None:
        if len(profile.memo) > 20_000:  # a long-lived profile (the empty one) stays bounded
            profile.memo.clear()
        hit = profile.memo[key] = _read_prefix(text, profile)
    return hit


def _read_prefix(text: str, profile: IssuerProfile) -> tuple[str, str, str, str]:
    alias = profile.alias_pattern()
    if alias is not None:
        m = alias.match(text)
        if m and len(text) - m.end() >= 2:
            head = m.group(0)
            if head in profile.body_aliases and profile.is_regional():  # 青岚区… is the region's
                return "region:" + profile.regions[-1], head, _norm(text[m.end():]), "region"
            return "issuer", head, _norm(text[m.end():]), "issuer"
    m = _CENTRAL_RE.match(text)
    if m and len(text) - m.end() >= 2:
        return _CENTRAL_ID[m.group(0)], m.group(0), _norm(text[m.end():]), "central"
    m = _REGION_PREFIX_RE.match(text)
    if m and len(text) - m.end() >= 4:
        region = m.group("r")
        for r in profile.regions:  # 澜川市青岚区 and 青岚区 are one prefix
            if region.endswith(r) or r.endswith(region):
                region = r
        return "region:" + region + (m.group("o") or ""), m.group(0), _norm(text[m.end():]), "region"
    return "", "", _norm(text), ""


@functools.lru_cache(maxsize=8192)
def _content(body: str) -> str:
    return _GENERIC_RE.sub("", body[: len(body) - len(_type_word(body))])


def _inserted(short: str, long: str) -> str | None:
    """The 1–2 characters ``long`` has inside ``short`` (not in its type word), else None."""
    k = len(long) - len(short)
    if not 1 <= k <= 2 or len(short) < 6:
        return None
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    if short[i:] != long[i + k:]:
        return None
    if i < 2 or len(short) - i < len(_type_word(short)) or len(short) - i < 2:
        return None
    if _type_word(short) != _type_word(long):
        return None
    return long[i : i + k]


def _same_document(a: _Spelling, b: _Spelling) -> bool:
    """Whether the bodies of two spellings name one document (prefixes are checked by the caller)."""
    short, long = (a, b) if len(a.body) <= len(b.body) else (b, a)
    if short.body == long.body:
        return True
    ins = _inserted(short.body, long.body)
    if ins is not None and not _DISTINGUISHING_RE.search(ins) and _HAN_ONLY_RE.fullmatch(ins):
        return True
    if short.body.startswith("关于") and long.body.startswith("关于"):
        ts, tl = _type_word(short.body), _type_word(long.body)
        if ts in _RELATED_TYPES and tl in _RELATED_TYPES:
            topic_s, topic_l = short.body[2 : len(short.body) - len(ts)], long.body[2 : len(long.body) - len(tl)]
            if topic_s == topic_l and len(topic_s) >= 8:
                return True
    return False


def _is_tail(short: _Spelling, long: _Spelling) -> bool:
    """``short`` is a shortened citation of ``long``: its proper tail, with non-generic content."""
    s, l = short.body, long.body
    if len(s) >= len(l) or not l.endswith(s) or len(s) < 5:
        return False
    extra = l[: len(l) - len(s)]
    if _DISTINGUISHING_RE.search(extra[-2:]):  # 副股级… is not 股级…
        return False
    return len(_content(s)) >= 2


class _Groups:
    """Union–find over spellings that refuses to join groups with different explicit prefixes."""

    def __init__(self, spellings: list[_Spelling]) -> None:
        self.parent = list(range(len(spellings)))
        self.prefixes = [{s.prefix} - {""} for s in spellings]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        merged = self.prefixes[ri] | self.prefixes[rj]
        if len(merged) > 1:
            return False
        self.parent[rj] = ri
        self.prefixes[ri] = merged
        return True


def _group(spellings: list[_Spelling], short_names: dict[str, str]) -> list[list[int]]:
    groups = _Groups(spellings)
    index = {s.raw: i for i, s in enumerate(spellings)}
    for short, full in short_names.items():  # declared by the report itself: always one document
        if short in index and full in index:
            groups.union(index[full], index[short])
    by_type: dict[str, list[int]] = {}
    for i, s in enumerate(spellings):
        by_type.setdefault(_type_word(s.body) or s.body[-1:], []).append(i)
    about = [i for i, s in enumerate(spellings) if s.body.startswith("关于")]
    # Phase 1: spellings with the same prefix (or both none) that name one document.
    for bucket in [*by_type.values(), about]:
        for x in range(len(bucket)):
            for y in range(x + 1, len(bucket)):
                a, b = spellings[bucket[x]], spellings[bucket[y]]
                if a.prefix == b.prefix and _same_document(a, b):
                    groups.union(bucket[x], bucket[y])
    # Phase 2: a spelling joins another group when that group is its only candidate: spellings without a
    # prefix joining prefixed ones, and shortened citations (tails).
    for bucket in [*by_type.values(), about]:
        for i in bucket:
            a = spellings[i]
            candidates = set()
            for j in bucket:
                if i == j:
                    continue
                b = spellings[j]
                if a.prefix and b.prefix and a.prefix != b.prefix:
                    continue
                if a.prefix and not b.prefix:
                    continue  # the unprefixed side looks for its candidates
                if (not a.prefix and b.prefix and _same_document(a, b)) or _is_tail(a, b):
                    candidates.add(groups.find(j))
            candidates.discard(groups.find(i))
            if len(candidates) == 1:
                groups.union(candidates.pop(), i)
    out: dict[int, list[int]] = {}
    for i in range(len(spellings)):
        out.setdefault(groups.find(i), []).append(i)
    return list(out.values())


def _expand_head(s: _Spelling, profile: IssuerProfile) -> str:
    """The spelling with a short issuer name at its head spelt out (市科技局… -> 大连市科学技术局…,
    局党组… -> 中共大连市科学技术局党组…) and a leading 市/县/区 replaced by the region (市属… -> 澜川市市属…).
    A head already in full, or the party committee of a region (青岚区委), stays as written."""
    raw = s.raw
    if s.kind_prefix == "issuer" and s.head and profile.body:
        head = s.head
        party_word = next((w for w in ("党工委", "党组", "党委") if head.endswith(w)), "")
        base = head[: len(head) - len(party_word)]
        if base == profile.body or head == profile.issuer or profile.is_regional():
            return raw
        full = profile.body + party_word
        if party_word and (profile.issuer or "").startswith("中共"):
            full = "中共" + full
        return full + raw[_raw_index(raw, len(head)) :]
    if not s.prefix and raw[:1] in _LEVEL_STOP and raw[1:2] not in _LEVEL_STOP[raw[0]]:
        region = profile.region_for(raw[0])
        if region:  # 市委… -> 澜川市委…, but 市属… (city-owned) -> 澜川市市属…
            return region + (raw if raw[1:2] in "属直级管" else raw[1:])
    return raw


def _raw_index(raw: str, key_chars: int) -> int:
    """Index in ``raw`` just after its first ``key_chars`` key characters (quotes and spaces skipped)."""
    seen = 0
    for i, ch in enumerate(raw):
        if seen == key_chars:
            return i
        if not _QUOTES_RE.match(ch):
            seen += 1
    return len(raw)


@functools.cache
def _national_keys() -> tuple[dict[str, str], tuple[tuple[str, str, str, str], ...]]:
    """Exact key -> title, and (body key, prefix, full key, title) of every national regulation."""
    empty = IssuerProfile()
    exact, rows = {}, []
    for title in NATIONAL_REGULATIONS:
        key = policy_key(title)
        prefix, _, body, _ = _split_prefix(_stripped(title), empty)
        exact[key] = title
        rows.append((body, prefix, key, title))
    return exact, tuple(rows)


@functools.lru_cache(maxsize=4096)
def _national(stripped: str) -> str | None:
    """The full title of a well-known national regulation a stripped title names (exactly or as its tail)."""
    exact, rows = _national_keys()
    key = _norm(stripped)
    if key in exact:
        return exact[key]
    if key in NATIONAL_SHORT_NAMES:
        return NATIONAL_SHORT_NAMES[key]
    prefix, _, body, _ = _split_prefix(stripped, _EMPTY_PROFILE)
    tail_ok = len(body) >= 5 and len(_content(body)) >= 2
    hits = []
    for nbody, nprefix, nkey, title in rows:
        if prefix and prefix != nprefix:
            continue
        if body == nbody or (tail_ok and (nbody.endswith(body) or nkey.endswith(body))):
            hits.append(title)
    return hits[0] if len(hits) == 1 else None


def canonical_policy_title(raw: str, *, issuer_aliases: IssuerProfile | str | None = None) -> str:
    """Canonical title of one cited title on its own (no other spellings to compare with).

    ``issuer_aliases`` is the report's :class:`IssuerProfile` or its issuer name.

    >>> canonical_policy_title("市科技局内部审计工作暂行规定", issuer_aliases="中共大连市科学技术局党组")
    '大连市科学技术局内部审计工作暂行规定'
    >>> canonical_policy_title("纪律处分条例")
    '中国共产党纪律处分条例'
    """
    profile = _profile(issuer_aliases)
    spelling = _spelling(_clean(raw), profile)
    return _canonical([spelling], profile)


def _profile(issuer: IssuerProfile | str | None) -> IssuerProfile:
    if isinstance(issuer, IssuerProfile):
        return issuer
    return IssuerProfile.from_issuer(issuer)


def _clean(title: str) -> str:
    return _SPACE_RE.sub("", title).replace("（", "(").replace("）", ")")


# Joint central issuers written with 、 (中共中央、国务院关于…) name the same issuers as with a space.
_JOINT_ISSUERS_RE = re.compile(r"^(中共中央(?:办公厅)?)、(国务院(?:办公厅)?)")


def _spelling(raw: str, profile: IssuerProfile) -> _Spelling:
    key = policy_key(raw)
    prefix, head, body, kind_prefix = _split_prefix(_JOINT_ISSUERS_RE.sub(r"\1\2", _stripped(raw)), profile)
    return _Spelling(raw=raw, key=key, prefix=prefix, head=head, body=body, kind_prefix=kind_prefix)


def _best(spellings: list[_Spelling]) -> _Spelling:
    """The most complete spelling: longest body, then with a prefix, then longest, most frequent, first."""
    first = {id(s): min(s.spans)[0] if s.spans else 0 for s in spellings}
    return max(
        spellings,
        key=lambda s: (len(s.body), bool(s.prefix), len(s.raw), len(s.spans), -first[id(s)]),
    )


def _canonical(spellings: list[_Spelling], profile: IssuerProfile) -> str:
    best = _best(spellings)
    national = None
    for s in sorted(spellings, key=lambda s: -len(s.key)):
        national = _national(_stripped(s.raw))
        if national:
            break
    if national and len(policy_key(national)) >= len(best.key):
        return national
    return _expand_head(best, profile)


def policy_kind(
    title: str,
    *,
    before: str = "",
    after: str = "",
    profile: IssuerProfile | None = None,
) -> str:
    """Kind of a cited document (see :data:`POLICY_KINDS`) from its title and the words around it.

    >>> policy_kind("十年歧路", after="警示教育片"), policy_kind("干部人事档案查(借)阅审批表")
    ('film', 'form')
    >>> policy_kind("中国共产党纪律处分条例"), policy_kind("大连市科技孵化体系高质量发展三年行动计划")
    ('party_regulation', 'plan')
    """
    profile = profile or IssuerProfile()
    stripped = _stripped(_clean(title))
    prefix, _, body, kind_prefix = _split_prefix(stripped, profile)
    tw = _type_word(body)
    if (_FILM_AFTER_RE.search(after) or _FILM_BEFORE_RE.search(before)) and not tw:
        return "film"
    national = _national(stripped)
    if national:
        return NATIONAL_REGULATIONS[national]
    if tw and not _content(body) and len(body) <= 6:
        return "generic-reference"
    if tw in ("审批表", "登记表", "表"):
        return "form"
    if tw in ("会议记录", "记录", "纪要", "台账"):
        return "record"
    if tw == "汇编":
        return "compilation"
    if (tw in ("摘编", "选编", "讲义", "读本") or body.endswith(("论述", "文选", "文集", "史"))
            or stripped.startswith(("习近平", "毛泽东", "邓小平", "江泽民", "胡锦涛"))):
        return "book"  # …文选, 中国共产党简史: a book, whoever its author
    if not tw and body.endswith("报告"):
        return "other"  # 政府工作报告
    if tw in ("问答", "解读"):
        return "other"
    if tw in ("通知", "通报", "公告"):
        return "notice"
    central = kind_prefix == "central"
    if tw == "法" and not body.endswith(("办法", "方法", "做法", "工作法")):  # “马上就办”工作法: a way of working
        return "law"
    if tw in ("条例", "准则"):
        if kind_prefix == "issuer":
            return "internal_rule"
        if kind_prefix == "region":
            return "law"
        if central or tw == "准则" or _PARTY_WORDS_RE.search(body):
            return "party_regulation"
        return "law"
    if tw == "决定":
        return "party_regulation" if central else "notice"
    if central:
        return "law" if prefix in ("国务院", "国办", "国家") else "party_regulation"
    if tw in ("方案", "实施方案", "工作方案", "计划", "行动计划", "规划", "要点", "工作要点", "纲要", "举措",
              "任务清单", "问题清单"):
        return "plan"
    regional_issuer = profile.is_regional()
    if tw in ("措施", "若干措施", "政策措施"):
        return "internal_rule" if kind_prefix == "issuer" else "local_policy"
    if tw:
        if kind_prefix == "region" or (not kind_prefix and regional_issuer):
            return "local_policy"
        return "internal_rule"
    return "other"


def _film_context(s: _Spelling) -> bool:
    if _type_word(s.body):
        return False
    return any(_FILM_AFTER_RE.search(after) or _FILM_BEFORE_RE.search(before) for before, after in s.contexts)


def _film_genre(group: list[_Spelling]) -> str | None:
    """What the report calls the film (警示教育片, 保密警示教育片): the most frequent, then longest, phrase."""
    counts: dict[str, int] = {}
    for s in group:
        for before, after in s.contexts:
            for m in (_GENRE_AFTER_RE.match(after), _GENRE_BEFORE_RE.search(before)):
                if m:
                    counts[m.group("genre")] = counts.get(m.group("genre"), 0) + 1
    return max(counts, key=lambda g: (counts[g], len(g))) if counts else None


def extract_policies(text: str, profile: IssuerProfile | None = None) -> list[PolicyMention]:
    """Documents cited in 《》 (nested titles too), one :class:`PolicyMention` per document."""
    profile = profile or IssuerProfile()
    spellings: dict[str, _Spelling] = {}
    short_names: dict[str, str] = {}  # 《条例》 -> 中国共产党纪律处分条例, from (以下简称《条例》)
    titled: list[tuple[int, int]] = []
    for m in _TITLE_RE.finditer(text):
        titled.append((m.start(), m.end()))
        _note(spellings, text, m.group("t"), m.start(), m.end(), profile)
        declared = _SHORT_TITLE_RE.match(text, m.end())
        if declared:
            short_names[_clean(declared.group("short") or declared.group("quoted"))] = _clean(m.group("t"))
        if "《" in m.group("t") or "〈" in m.group("t"):  # 《关于印发《X办法》的通知》: X is cited too
            base = m.start("t")
            for inner in _INNER_RE.finditer(m.group("t")):
                _note(spellings, text, inner.group(1) or inner.group(2), base + inner.start(), base + inner.end(), profile)
    if "《" in text:
        for m in _BROKEN_TITLE_RE.finditer(text):  # 《中国共产党纪律\n处分条例》: a title a line break cut
            if not any(a <= m.start() < b for a, b in titled):
                titled.append((m.start(), m.end()))
                _note(spellings, text, m.group("t"), m.start(), m.end(), profile)
    if "〈" in text or "<<" in text or "«" in text:
        for m in _ALT_TITLE_RE.finditer(text):
            if not any(a <= m.start() < b for a, b in titled):
                _note(spellings, text, m.group("t"), m.start(), m.end(), profile)
    return resolve_policies(list(spellings.values()), profile, short_names)


def _note(spellings: dict[str, _Spelling], text: str, title: str, start: int, end: int,
          profile: IssuerProfile) -> None:
    raw = _clean(title)
    if not raw or not _HAN_RE.search(raw):
        return
    s = spellings.get(raw)
    if s is None:
        s = spellings[raw] = _spelling(raw, profile)
    if len(s.contexts) < 4:
        s.contexts.append((text[max(0, start - 14) : start], text[end : end + 12]))
    s.spans.append((start, end))


def resolve_policies(
    spellings: list[_Spelling], profile: IssuerProfile, short_names: dict[str, str] | None = None
) -> list[PolicyMention]:
    """Group spellings into documents; canonical title and kind per document, in order of first mention.

    ``short_names`` maps a short title the report declares (``(以下简称《条例》)``) to the full one.
    """
    out = []
    for members in _group(spellings, short_names or {}):
        group = [spellings[i] for i in members]
        canonical = _canonical(group, profile)
        if any(_film_context(s) for s in group):
            kind = "film"
            genre = _film_genre(group)  # 《围猎》 -> 围猎(警示教育片), as annotators name films
            if genre:
                canonical = f"{canonical}({genre})"
        else:
            best = _best(group)
            kind = policy_kind(best.raw, profile=profile)
            national = _national(_stripped(canonical))
            if national:
                kind = NATIONAL_REGULATIONS[national]
        first = min(min(s.spans)[0] for s in group)
        raws = [s.raw for s in sorted(group, key=lambda s: min(s.spans))]
        spans = sorted(span for s in group for span in s.spans)
        out.append((first, PolicyMention(raw=raws, canonical=canonical, kind=kind, spans=spans)))
    out.sort(key=lambda x: x[0])
    # spellings grouped apart that still name one document (《党章》 and 《中国共产党章程》 by the well-known short
    # names): one mention per document
    merged: dict[str, PolicyMention] = {}
    for _, m in out:
        same = merged.get(m.canonical)
        if same is None:
            merged[m.canonical] = m
        else:
            same.raw = [*same.raw, *(r for r in m.raw if r not in same.raw)]
            same.spans = sorted({*same.spans, *m.spans})
    return list(merged.values())
