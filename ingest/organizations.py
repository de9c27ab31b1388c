"""Organisations named in a report, resolved to canonical names in the report's own context.

The issuer's name fixes the context: ``中共大连市科学技术局党组`` says the region chain is 大连市, the
administrative body is 大连市科学技术局 and the party organisation is the issuer itself. From that
:class:`IssuerProfile` derives the aliases a report uses (市科学技术局, 市科技局, 大连市科技局, 科技局,
局党组, 市科技局党组 …) and reads explicit ones (``(以下简称市卫健委党组)``). Other bodies are found by
patterns anchored on what starts a Chinese organisation name (a level character 市/县/区/省 after a word
boundary, a known region name, a bank or university name) and ending in an organisation suffix
(局, 委员会, 办公室, 巡察组, 大学, 银行 …); short forms are expanded with the report's region
(市财政局 -> 大连市财政局, 市委第五巡察组 -> 中共大连市委第五巡察组).

>>> p = IssuerProfile.from_issuer("中共大连市科学技术局党组")
>>> p.body, p.regions, p.resolve("市科技局"), p.resolve("局党组")
('大连市科学技术局', ('大连市',), '大连市科学技术局', '中共大连市科学技术局党组')
>>> [(o.canonical, o.raw) for o in extract_organizations("会同市财政局、市科技局制定。", p)]
[('大连市财政局', ['市财政局']), ('大连市科学技术局', ['市科技局'])]
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.wordtrie import trie_pattern
from rectigraph.model import OrganizationMention, Span

__all__ = ["IssuerProfile", "canonical_issuer", "extract_organizations", "abbreviations", "trie_pattern"]

_HAN = "\u4e00-\u9fff"
_LEVELS = "省市县区"
# What may stand right before the first character of an organisation name inside running text.
_LEFT_OK = "对向由与和及同经在从为将把被给了、的至到以据请会属报交送"
_BOUNDARY = rf"(?:(?<![{_HAN}])|(?<=[{_LEFT_OK}]))"

_PARTY_SUFFIX_RE = re.compile(r"(?:机关党委|党工委|党组|党委|委员会|(?<=[省市县区州旗])委)$")
_REGION_RE = re.compile(rf"[{_HAN}]{{2,4}}?(?:自治区|省|市|县|区|州|旗)")
_BODY_SUFFIXES = (
    "委员会", "管委会", "办公室", "领导小组", "有限公司", "股份公司", "研究院", "研究所", "实验室",
    "大学", "学院", "医院", "集团", "公司", "银行", "中心", "局", "委", "厅", "办", "院", "所", "部", "处",
    "站", "队", "社", "组",
)
_SUFFIX_ABBREV = {"委员会": "委", "办公室": "办", "管理局": "局"}

#: Common short forms of government bodies (the part after the region), expanded for canonical names.
BODY_ABBREVIATIONS: dict[str, str] = {
    "科技局": "科学技术局",
    "发改委": "发展和改革委员会",
    "工信局": "工业和信息化局",
    "人社局": "人力资源和社会保障局",
    "住建局": "住房和城乡建设局",
    "卫健委": "卫生健康委员会",
    "市场监管局": "市场监督管理局",
    "国资委": "人民政府国有资产监督管理委员会",
    "国资办": "国有资产监督管理办公室",
    "金融局": "地方金融监督管理局",
    "文旅局": "文化和旅游局",
    "应急局": "应急管理局",
    "医保局": "医疗保障局",
    "交通局": "交通运输局",
    "保密局": "国家保密局",
    "政府办公室": "人民政府办公室",
    "政府办": "人民政府办公室",
    "疾控中心": "疾病预防控制中心",
    "检察院": "人民检察院",
    "法院": "人民法院",
    "政府": "人民政府",
    "机关工委": "直属机关工作委员会",
    "委巡察办公室": "委巡察工作领导小组办公室",
    "委巡察办": "委巡察工作领导小组办公室",
    "委人才办": "委人才工作领导小组办公室",
    "委保密办": "委保密委员会办公室",
    "委督查室": "委办公室督查室",
}

_PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 "
    "四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
).split()

_BANKS = (
    "工商 农业 建设 交通 中信 招商 浦发 民生 光大 兴业 华夏 广发 平安 邮政储蓄 进出口 国家开发 人民 农商 盛京 "
    "锦州 大连 北京 上海"
).split()

# Core characters of a body name: Chinese, but not the function words that glue a sentence together.
_CORE_CH = rf"(?:(?![及的了在对向为是等把被将从到由于而或之其这那个各每省县区市全本我该原])[{_HAN}])"
_VERBS_RE = re.compile(
    "召开|研究(?![院所中会])|共建|签订|推动|支持|争取|获批|认定|制定|印发|推进|落实|开展|建立|完善|加强|反馈|整改|问题|意见|要求|名义|批准|同意|上报|审议|"
    "组织(?!部)|工作(?=[^委组部领])|报告|部署|督促|指导|参加|举办|负责|分管|相关|有关|所属|下属|其他|部分"
)


def abbreviations(core: str) -> list[str]:
    """Candidate short forms of a body name's core (科学技术 -> 科技; 卫生健康 -> 卫健; 住房和城乡建设 -> 住建).

    >>> abbreviations("科学技术"), abbreviations("住房和城乡建设")
    (['科技'], ['住城建', '住建'])
    """
    words = [w for w in re.split("和|与|及", core) if w]
    chunks = [w[i : i + 2] for w in words for i in range(0, len(w), 2)]
    if len(chunks) < 2 or any(len(c) < 2 for c in chunks):
        return []
    out = ["".join(c[0] for c in chunks)]
    if len(chunks) > 2:
        out.append(chunks[0][0] + chunks[-1][0])
    return list(dict.fromkeys(out))


@dataclass
class IssuerProfile:
    """The issuer of a report and every way the report refers to it."""

    issuer: str | None = None
    party: str | None = None  # canonical name of the issuing party organisation
    body: str | None = None  # canonical name of the administrative body (大连市科学技术局)
    regions: tuple[str, ...] = ()  # region chain, outermost first (澜川市, 青岚区)
    body_aliases: set[str] = field(default_factory=set)
    party_aliases: set[str] = field(default_factory=set)
    _alias_re: re.Pattern[str] | None = field(default=None, repr=False, compare=False)
    #: Memo for work keyed by this profile's aliases (cleared when aliases change).
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_issuer(cls, issuer: str | None) -> IssuerProfile:
        """Parse an issuer name (``中共澜川市卫生健康委员会党组``) into body, region chain and aliases."""
        if not issuer:
            return cls()
        written = issuer.strip()
        issuer = _spell_out(written)
        name = re.sub(r"^(?:中共|中国共产党)", "", issuer)
        stem = _PARTY_SUFFIX_RE.sub("", name) or name
        party_suffix = name[len(stem):]
        regions: list[str] = []
        rest = stem
        while True:
            m = _REGION_RE.match(rest)
            if not m:
                break
            regions.append(m.group(0))
            rest = rest[m.end():]
            if not rest:
                break
        profile = cls(issuer=issuer, regions=tuple(regions))
        if not rest:  # the issuer is a regional party committee (中共澜川市青岚区委员会)
            profile.party = "中共" + name  # 中国共产党X委员会 too: the party is named 中共X
            profile.body = stem
            region = regions[-1]
            level = region[-1]
            profile.party_aliases |= {region + "委", level + "委", "中共" + region + "委", "".join(regions) + "委"}
            profile.body_aliases |= {region, "".join(regions)}
            return profile
        profile.body = stem
        if issuer.startswith("中共") or not party_suffix:
            profile.party = issuer
        else:  # 澜川城投集团有限公司党委 -> 中共澜川城投集团有限公司委员会
            profile.party = "中共" + stem + ("委员会" if party_suffix == "党委" else party_suffix)
        short = rest  # 科学技术局 / 东钧大学 / 澜川城投集团有限公司
        level = regions[-1][-1] if regions else ""
        forms = {short}
        suffix = next((s for s in _BODY_SUFFIXES if short.endswith(s) and len(short) > len(s)), "")
        core = short[: len(short) - len(suffix)] if suffix else short
        suffixes = {suffix, _SUFFIX_ABBREV.get(suffix, suffix)} if suffix else {""}
        short_forms = abbreviations(core) if suffix in ("局", "委员会", "委", "厅") else []
        for abbr in [core, *short_forms]:
            for suf in suffixes:
                forms.add(abbr + suf)
        if not regions:  # 东钧大学 / 澜川城投集团有限公司: drop the legal form, keep the brand
            for legal in ("集团有限公司", "股份有限公司", "有限责任公司", "有限公司"):
                if short.endswith(legal):
                    forms.add(short[: -len(legal)] + ("集团" if legal.startswith("集团") else ""))
        body_aliases = {stem}
        for form in forms:
            if level:
                body_aliases.add(level + form)
                body_aliases.add("".join(regions) + form)
                body_aliases.add(regions[-1] + form)
            if len(form) >= 3:
                body_aliases.add(form)
        profile.body_aliases = {a for a in body_aliases if len(a) >= 3}
        unit = _SUFFIX_ABBREV.get(suffix, suffix)[-1:] if suffix else ""
        generic_party = {"学校党委", "校党委"} if short.endswith(("大学", "学院")) else set()
        if short.endswith(("公司", "集团")):
            generic_party |= {"集团党委", "公司党委"}
        party_words = ("党组", "党委", "党工委") if not party_suffix else (party_suffix, "党组", "党委")
        profile.party_aliases = {a + w for a in profile.body_aliases for w in party_words} | generic_party
        if unit in ("局", "委", "厅", "办", "院"):
            profile.party_aliases.add(unit + (party_suffix if party_suffix in ("党组", "党委") else "党组"))
        profile.party_aliases.add(issuer)
        profile.party_aliases.add(name)
        if written != issuer:  # the name as the report wrote it, short form and all
            profile.party_aliases.add(written)
            profile.party_aliases.add(re.sub(r"^(?:中共|中国共产党)", "", written))
        return profile

    # -- aliases ------------------------------------------------------------------------------------

    def learn_aliases(self, text: str) -> None:
        """Add explicit short forms declared in the text: ``市卫生健康委员会党组(以下简称市卫健委党组)``."""
        if not self.issuer:
            return
        for full, short in _short_forms(text):
            target = self._match_alias_suffix(full)
            if target is None:
                continue
            if target == "party":
                self.party_aliases.add(short)
                base = _PARTY_SUFFIX_RE.sub("", short)
                if len(base) >= 2 and base != short and base not in ("局", "委", "集团"):
                    self.body_aliases.add(base)
            else:
                self.body_aliases.add(short)
        self._alias_re = None
        self.memo.clear()

    def _match_alias_suffix(self, full: str) -> str | None:
        """Whether the text right before ``(以下简称…)`` ends with a name of the issuer: 'party', 'body' or None."""
        for alias in sorted(self.party_aliases, key=len, reverse=True):
            if full.endswith(alias):
                return "party"
        for alias in sorted(self.body_aliases, key=len, reverse=True):
            if full.endswith(alias):
                return "body"
        return None

    def learn_region(self, text: str) -> None:
        """The region of a company issuer that names none, from who inspected it (``市委第二巡察组``).

        A city's own enterprise (澜川城投集团有限公司) is inspected by that city's 市委 and writes 市财政局 for
        the city's finance bureau. The region is the one of that level the text names (澜川市), or else the
        company's brand stem with that level (澜川 + 市), so short forms expand as for any other issuer.

        >>> p = IssuerProfile.from_issuer("澜川城投集团有限公司党委")
        >>> p.learn_region("市委第二巡察组对澜川城投集团有限公司党委开展了常规巡察。")
        >>> p.regions, p.expand("市财政局")
        (('澜川市',), '澜川市财政局')
        """
        body = self.body or ""
        if self.regions or not body.endswith(("公司", "集团")):
            return
        levels = re.findall(r"(?<![省市县区])([市县区])委第?[一二三四五六七八九十\d]{0,3}巡察组", text)
        if not levels:
            return
        level = max(set(levels), key=levels.count)
        named = re.findall(rf"(?<![{_HAN}])([{_HAN}]{{2,3}}?{level})(?=[{_HAN}])", text)
        stem = body[:2]
        region = next((r for r in named if r.startswith(stem)), None)
        if region is None and (stem in ("中国", "国家", "中华") or not re.fullmatch(rf"[{_HAN}]{{2}}", stem)
                               or stem in _PROVINCES):
            return
        self.regions = (region or stem + level,)
        self.memo.clear()

    def unit_heads(self) -> tuple[str, ...]:
        """Words a report puts before the issuer's own departments: 集团工程管理部, 局属测绘队, 学校审计处."""
        body = self.body or ""
        if not body or self.is_regional():
            return ()
        if body.endswith(("公司", "集团")):
            return ("集团", "公司")
        if body.endswith(("大学", "学院")):
            return ("学校", "校")
        unit = body[-1]
        if body.endswith("委员会"):
            unit = "委"
        return (unit + "属", unit + "机关", unit) if unit in "局委厅办院" else ()

    def alias_pattern(self) -> re.Pattern[str] | None:
        """One regex matching every alias, longest match first (None without an issuer)."""
        if self._alias_re is None and (self.body_aliases or self.party_aliases):
            self._alias_re = _compiled_trie(frozenset(self.body_aliases | self.party_aliases))
        return self._alias_re

    def resolve(self, name: str) -> str | None:
        """Canonical name when ``name`` is an alias of the issuer's body or party organisation."""
        if name in self.party_aliases:
            return self.party
        if name in self.body_aliases:
            return self.body
        return None

    def is_regional(self) -> bool:
        """Whether the issuer is the party committee of a region (中共澜川市青岚区委员会)."""
        return bool(self.regions) and self.body == "".join(self.regions)

    def is_issuer_alias(self, name: str) -> bool:
        return name in self.party_aliases or name in self.body_aliases

    # -- region expansion ---------------------------------------------------------------------------

    def region_for(self, level: str) -> str | None:
        """The region chain up to the region of that level (``区`` -> 澜川市青岚区), None if unknown."""
        for i, region in enumerate(self.regions):
            if region.endswith(level):
                return "".join(self.regions[: i + 1])
        return None

    def expand(self, name: str) -> str:
        """Canonical form of a body name: issuer aliases resolved, leading 市/县/区 replaced by the region,
        common short forms spelt out, 中共 added to party committees (市委… -> 中共大连市委…).

        >>> IssuerProfile.from_issuer("中共澜川市青岚区委员会").expand("区市场监管局")
        '澜川市青岚区市场监督管理局'
        """
        resolved = self.resolve(name)
        if resolved:
            return resolved
        region = ""
        rest = name
        if name and name[0] in _LEVELS:
            full = self.region_for(name[0])
            if full:
                region, rest = full, name[1:]
        else:
            for r in sorted(self.regions, key=len, reverse=True):
                if name.startswith(r):
                    idx = self.regions.index(r)
                    region, rest = "".join(self.regions[: idx + 1]), name[len(r):]
                    break
        for short, long in BODY_ABBREVIATIONS.items():
            if rest.startswith(short) and (len(rest) == len(short) or short.endswith(("局", "委", "办", "室", "院"))):
                rest = long + rest[len(short):]
                break
        if region and rest == "纪委监委":  # one office of two bodies (合署办公): both named
            return f"{region}纪律检查委员会、{region}监察委员会"
        if region and rest.endswith("集团"):  # 区城市发展集团: a state company, named with its legal form
            rest += "有限公司"
        if not region and name.startswith("省委"):  # a province the report does not name
            return "中共（本省）" + name
        expanded = region + rest
        if region and rest == "委":  # 县委: the committee itself, named as the annotations name it
            expanded = region + "委员会"
        if region and (rest.startswith("委") or rest.endswith(("党组", "党委"))) and not rest.startswith("委员会"):
            expanded = "中共" + expanded  # 县委 / 市委组织部 / 市财政局党组: bodies of the Party
        return self.resolve(expanded) or expanded


def canonical_issuer(issuer: str | None) -> str | None:
    """The canonical name of a report's issuer: its party organisation, short forms spelled out, so that a
    body's reports share one name however each writes it (the name the graph gives the publisher).

    >>> canonical_issuer("中共北沅县住建局党组")
    '中共北沅县住房和城乡建设局党组'
    >>> canonical_issuer("澜川市卫健委党组") == canonical_issuer("中共澜川市卫生健康委员会党组")
    True
    >>> canonical_issuer("中共大连市科学技术局党组")
    '中共大连市科学技术局党组'
    """
    if not issuer or not issuer.strip():
        return issuer
    return IssuerProfile.from_issuer(issuer).party or issuer.strip()


def _spell_out(issuer: str) -> str:
    """``issuer`` with a common short form of its body spelled out (北沅县住建局党组 -> 北沅县住房和城乡建设局党组)."""
    prefix = re.match(r"(?:中共|中国共产党)?", issuer).group(0)
    name = issuer[len(prefix):]
    stem = _PARTY_SUFFIX_RE.sub("", name) or name
    party_suffix = name[len(stem):]
    rest = stem
    while (m := _REGION_RE.match(rest)) and m.end() < len(rest):
        rest = rest[m.end():]
    regions = stem[: len(stem) - len(rest)]
    for short, full in BODY_ABBREVIATIONS.items():
        if rest.startswith(short) and not rest.startswith(full) and (
                len(rest) == len(short) or short.endswith(("局", "委", "办", "室"))):
            return prefix + regions + full + rest[len(short):] + party_suffix
    return issuer


@functools.lru_cache(maxsize=256)
def _compiled_trie(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(trie_pattern(words))


# Anchored on 简称 (rare) and read backwards: a pattern that starts with a run of Chinese characters would
# be tried at every character of the text.
_SHORT_FORM_RE = re.compile(r"\((?:以下)?简称[:“\"「]?(?P<short>[\u4e00-\u9fff]{2,12})[”\"」]?\)")
_FULL_BEFORE_RE = re.compile(r"[\u4e00-\u9fff]{2,30}$")


def _short_forms(text: str) -> Iterable[tuple[str, str]]:
    """(full name, short form) of every ``X(以下简称Y)`` in the text."""
    pos = text.find("简称")
    while pos != -1:
        open_at = text.rfind("(", max(0, pos - 4), pos)
        if open_at != -1:
            m = _SHORT_FORM_RE.match(text, open_at)
            full = _FULL_BEFORE_RE.search(text, max(0, open_at - 30), open_at)
            if m and full:
                yield full.group(0), m.group("short")
        pos = text.find("简称", pos + 2)

# -- patterns for bodies ----------------------------------------------------------------------------

# Organisation suffixes; a one-character suffix carries the characters that, right after it, show it
# was the start of another word (部署, 组织, 处理, 委员, 所有 …).
_SUFFIX_ALT = (
    "纪委监委|委员会|管委会|常委会|办公室|督查室|领导小组办公室|领导小组|工作组|纪检监察组|检察院|法院|研究院|研究所|"
    "实验室|医院|学院|大学|中心(?!组|工作)|集团有限公司|有限公司|集团|公司|银行|平台|(?<![格当全大布结开])局(?![面势限])|"
    "委(?![员托])|厅|办(?![理法])|"
    "院(?![校])|所(?![有在属得以])|部(?![署门分])|处(?![理置分])|站(?![位])|队(?![伍])|组(?![织成建])"
)
_NOT_AFTER_SUFFIX = ""
_PARTY_TAIL = r"(?:党组|党委|机关党委)?"
# Words whose characters would otherwise stop a name: 市场监督管理局, 县市政设施维护中心, 质量安全监督站, 区城市发展集团.
_CORE = rf"(?:{_CORE_CH}|市场|市政(?!府)|城市|安全|和(?=城乡|信息|改革|旅游|社会))"
# Every pattern below starts with a literal or a character class, so the regex engine scans for its first
# character in C; lookbehind-style boundary checks are done on the (few) matches in Python.
_LEVEL_RE = re.compile(
    rf"[{_LEVELS}州](?:"
    rf"(?P<inspect>委(?:第[一二三四五六七八九十\d]{{1,3}})?(?:巡视|巡察)(?:组|办)"
    rf"|纪委(?:监委)?(?:派驻|驻)(?:[{_HAN}]{{0,12}}?)纪检监察组)"
    rf"|(?P<level>(?:纪委监委|人大常委会|人民政府办公室|人民政府|政府办公室|委办公室"
    rf"|(?![场民值面级属内外域份县区省常]|市(?!场|政)){_CORE}{{1,10}}?(?:{_SUFFIX_ALT}){_NOT_AFTER_SUFFIX}"
    rf"|委(?![员托])|政府办(?![理法])|政府|人大|政协){_PARTY_TAIL}))"
)
_CENTRAL_ORG_RE = re.compile(
    rf"中共中央|中央(?:第[一二三四五六七八九十\d]{{1,3}})?巡视组|中央(?:纪委国家监委|纪委)(?:派驻|驻)(?:[{_HAN}]{{0,12}}?)纪检监察组"
)
_TAIL = rf"(?:省|市|县|区)?{_CORE}{{0,10}}?(?:{_SUFFIX_ALT}|化物所){_NOT_AFTER_SUFFIX}"
_LEGAL_FORM = r"(?:股份有限公司|有限责任公司|有限公司)?"
_TAIL_RE = re.compile(_TAIL + _LEGAL_FORM + _PARTY_TAIL)
_BANK_RE = re.compile(
    "(?:" + trie_pattern([*_BANKS, *("中国" + b for b in _BANKS)]) + rf")银行(?:股份有限公司)?"
    rf"(?:[{_HAN}]{{2,3}}?(?:分行|支行))?"
)
_UNIT_RE = re.compile(
    trie_pattern(["机关纪委", "机关党委", "机关党办", "机关工会", "机关服务中心", "纪委办公室", "党委组织部",
                  "党委宣传部", "党委办公室", "党委巡察办"])
)
_BAD_NAME_RE = re.compile(r"(?:干部|全部|局部|内部|外部|网站|常委)$")
#: A university's own office named without the university: 审计处, 基建处, 技术转移中心 (not 处长, 处分, 中心组).
_BARE_UNIT_RE = re.compile(
    rf"(?:处(?![理置分罚长室])|中心(?![组任])|学院)(?![{_HAN}]?(?:长|主任|书记|负责人|人员|干部))"
)
_BARE_STEM_RE = re.compile(rf"{_CORE_CH}{{2,5}}")
_BUREAU_UNIT_RE = re.compile(rf"{_CORE_CH}{{1,8}}?(?:大队|支队|中队|派出所|分局|稽查局)")
# Named institutions are found from their suffix backwards (see _named_institutions).
_NAMED_SUFFIX_RE = re.compile(r"大学|学院|研究院|研究所|实验室|医院|有限公司")
_NAMED_BEFORE_RE = re.compile(rf"{_CORE_CH}{{2,8}}$")
_LEFT_STOP = frozenset(_LEFT_OK)
_REGION_STEM_RE = re.compile(rf"{_CORE_CH}{{2}}")
#: Two-character verbs that often stand right before an organisation's name.
_VERBS_BEFORE_ORG = frozenset(
    "按照 依照 根据 责令 委托 协调 成立 发挥 推动 督促 会同 配合 联合 邀请 报请 提请 移交 移送 报送 上报 要求 指导 "
    "组织 牵头 通过 经过 依托 联系 商请 争取 协助 提交 抄送 接受 听取 向上 报经 经由 组建 设立 召开 参加 派出 "
    "支持 协同 联合 呈报 函告 通报 汇报 反馈 转交 交由 交给 报告 请示 对接 进入 纳入 "
    "约谈 致函 会商 走访 围绕 贯彻 落实 研究 提醒 函询 督办 检查 协商 沟通 衔接 征求 咨询 邀约 抽调 选派 推荐 "
    "服从 执行 完成 承接 配合 依据 遵照 参照 结合 针对 面向 接受 出台 印发".split()
)
_LEAD_VERB_RE = re.compile(
    r"^(?:深入|推动|支持|鼓励|依托|联合|会同|组织|推荐|指导|督促|协调|邀请|走访|赴)+"
)
_GENERIC_START_RE = re.compile(
    "(?:重点|国家|省级|市级|全国|形成|建设|新型|相关|有关|各类|高校|建成|获批|组建|成立|筹建|新建|依托|设立|打造|"
    "培育|认定|申报|其他|所属|下属|直属|部分|多家|该|本|各|家|个|所|级|二级|分|子|这)"
)
_TITLE_SPAN_RE = re.compile(r"《[^《》\n]{1,120}》")


def _is_boundary(text: str, pos: int) -> bool:
    if pos == 0:
        return True
    prev = text[pos - 1]
    if prev == "委" and text.startswith(("政府", "人民政府"), pos + 1) and text[pos] in _LEVELS:
        return True  # 市委市政府 / 区委区政府: two bodies written together
    return not "\u4e00" <= prev <= "\u9fff" or prev in _LEFT_STOP


def _bureau_unit_end(text: str, end: int) -> int:
    """Where a bureau's name ends when a unit of it follows: 县公安局|出入境管理大队, 市税务局|第一分局."""
    if text.endswith("局", 0, end):
        unit = _BUREAU_UNIT_RE.match(text, end)
        if unit:
            return unit.end()
    return end


def _own_stems(profile: IssuerProfile) -> set[str]:
    stems = {r[:-1] for r in profile.regions if len(r) >= 3}
    if profile.body and not profile.regions:
        stems.add(profile.body[:2])
    return stems


def _profile_patterns(profile: IssuerProfile) -> tuple[re.Pattern[str] | None, re.Pattern[str]]:
    """Regexes for the issuer's aliases (None without an issuer) and for the names other bodies start
    with: region names (大连, 辽宁 …), or the issuer's brand when it has no region (澜川 of 澜川城投集团)."""
    stems = frozenset(_own_stems(profile) | set(_PROVINCES))
    regex = _compiled_trie(stems)
    _STEM_WORDS[regex.pattern] = stems
    return profile.alias_pattern(), regex


_STEM_WORDS: dict[str, frozenset[str]] = {}


_SUBUNIT_RE = re.compile(rf"{_CORE_CH}{{1,6}}?(?:学院|医院|研究院|研究所|实验室|有限公司)")


def _stems_regex(profile: IssuerProfile, learned: frozenset[str]) -> re.Pattern[str]:
    base = _profile_patterns(profile)[1]
    return _compiled_trie(_stem_words(base.pattern) | learned) if learned else base


def _stem_words(pattern: str) -> frozenset[str]:
    return _STEM_WORDS.get(pattern, frozenset())


def _named_institutions(text: str, taken: list[Span], stems: re.Pattern[str]) -> Iterable[tuple[str, Span]]:
    """Universities, institutes, hospitals, companies: read back from the suffix to where the name starts
    (a region name such as 大连/辽宁, else a word boundary, after a leading verb)."""
    last_end = 0
    for m in _NAMED_SUFFIX_RE.finditer(text):
        if m.start() < last_end or (taken and _inside(taken, m.start())):
            continue
        before = _NAMED_BEFORE_RE.search(text, max(0, m.start() - 8), m.start())
        if not before:
            continue
        run, start = before.group(0), before.start()
        if run[-1] in "经由对向在到被将把从给":  # 录取结果经学院(审核): a verb, not a name
            continue
        stem = stems.search(run)
        if stem:
            start += stem.start()
        else:
            cut = max(run.rfind(ch) for ch in "与和同及")
            if cut >= 0:
                start += cut + 1
            else:
                verb = _LEAD_VERB_RE.match(run)
                if verb:
                    start += verb.end()
                elif not _is_boundary(text, start):
                    continue
            if _GENERIC_START_RE.match(text, start) or "重点" in text[start : m.start()]:
                continue
        if not 2 <= m.start() - start <= 6 or (taken and _inside(taken, start)):
            continue
        end = m.end()
        if m.group(0) in ("大学", "研究院"):  # 东钧大学医学院
            sub = _SUBUNIT_RE.match(text, end)
            if sub:
                end = sub.end()
        last_end = end
        yield text[start:end], (start, end)


def _plausible(name: str, kind: str) -> bool:
    if kind in ("alias", "inspect", "bank"):
        return True
    if _VERBS_RE.search(name) or _BAD_NAME_RE.search(name):
        return False
    return True


@functools.lru_cache(maxsize=64)
def _own_unit_regex(heads: tuple[str, ...]) -> re.Pattern[str] | None:
    if not heads:
        return None
    return re.compile(
        rf"(?P<head>{trie_pattern(heads)})(?P<rest>(?:党委|纪委)(?:办公室|组织部|宣传部|统战部|巡察办)?"
        rf"|(?!党组|长|领导|内|主要|本)"
        rf"{_CORE_CH}{{1,8}}?(?:(?<!支)部(?![署门分])|处(?![理置分])|室|中心|队(?![伍])|办公室|科(?![技学研])|股(?![份权]))"
        rf"(?![{_HAN}]{{0,1}}(?:长|主任|书记|负责人|人员|干部)))"
    )


def _candidates(text: str, profile: IssuerProfile) -> list[tuple[int, int, int, str, str]]:
    """(start, -length, priority, kind, raw) of every organisation-like match, overlapping ones included."""
    out = []
    aliases, stems = _profile_patterns(profile)
    alias_ends: dict[int, int] = {}
    if aliases is not None:
        for m in aliases.finditer(text):
            out.append((m.start(), m.start() - m.end(), 0, "alias", m.group(0)))
            alias_ends[m.start()] = m.end()
    own_stems = _own_stems(profile)
    for m in stems.finditer(text):
        # the issuer's own region or brand starts a name wherever it stands; a province only at a boundary
        if m.group(0) in own_stems or _is_boundary(text, m.start()):
            tail = _TAIL_RE.match(text, m.end())
            if tail and alias_ends.get(m.start(), 0) < tail.end():  # else 大连市科学技术局: an alias
                end = tail.end()
                if text.endswith(("大学", "研究院"), m.start(), end):  # 江州大学环境学院
                    sub = _SUBUNIT_RE.match(text, end)
                    end = sub.end() if sub else end
                out.append((m.start(), m.start() - end, 2, "region", text[m.start() : end]))
    for m in _LEVEL_RE.finditer(text):
        start, end = m.start(), _bureau_unit_end(text, m.end())
        if text.startswith("委", start + 1) and not _plausible(text[start:end], "level"):
            end = start + 2  # 县委召开常委会: the committee, not a name running on through its verb
        if m.group("inspect") or _is_boundary(text, start):
            kind = "inspect" if m.group("inspect") else "level"
            out.append((start, start - end, 1, kind, text[start:end]))
        elif start >= 2 and text[start - 2 : start] in _VERBS_BEFORE_ORG:  # 按照市委…, 委托县审计局
            kind = "inspect" if m.group("inspect") else "level"
            out.append((start, start - end, 1, kind, text[start:end]))
        elif start >= 2 and (_is_boundary(text, start - 2) or text[start - 4 : start - 2] in _VERBS_BEFORE_ORG) \
                and _REGION_STEM_RE.fullmatch(text, start - 2, start) and not _GENERIC_START_RE.match(text, start - 2):
            # 与澜川市人民政府 / 通过澜川市公共资源交易中心: a region this report names that the issuer does not
            # tell us about
            out.append((start - 2, start - 2 - end, 2, "region", text[start - 2 : end]))
    own = _own_unit_regex(profile.unit_heads())
    if own is not None:
        for m in own.finditer(text):
            if _is_boundary(text, m.start()) and m.group("rest"):
                out.append((m.start(), m.start() - m.end(), 1, "own", m.group(0)))
    if profile.body and profile.body.endswith(("大学", "学院")):
        # a university names its own offices bare: 审计处对…开展专项审计, 组建技术转移中心
        for m in _BARE_UNIT_RE.finditer(text):  # from the office word back to where the name starts
            if m.start() and text[m.start() - 1] in "经由对向在到被将把从给":  # 录取结果经学院审核: a verb's object
                continue
            for start in range(max(0, m.start() - 5), m.start() - 1):
                if _BARE_STEM_RE.fullmatch(text, start, m.start()) and not _GENERIC_START_RE.match(text, start) \
                        and (_is_boundary(text, start) or text[start - 2 : start] in _VERBS_BEFORE_ORG):
                    out.append((start, start - m.end(), 3, "bare", text[start : m.end()]))
                    break
    for regex, kind in ((_CENTRAL_ORG_RE, "inspect"), (_BANK_RE, "bank"), (_UNIT_RE, "unit")):
        for m in regex.finditer(text):
            if kind != "unit" or _is_boundary(text, m.start()):
                out.append((m.start(), m.start() - m.end(), 1, kind, m.group(0)))
    out.sort()
    return out


def _canonical(raw: str, kind: str, profile: IssuerProfile) -> str:
    if kind == "alias":
        return profile.resolve(raw) or raw
    if kind == "own":  # 集团工程管理部 / 局属测绘队 / 集团纪委 / 集团党委组织部
        head = next(h for h in sorted(profile.unit_heads(), key=len, reverse=True) if raw.startswith(h))
        rest = raw[len(head):]
        if head.endswith("机关"):  # 局机关纪委 / 委机关党委: bodies of the organ itself
            return (profile.body or "") + raw[len(head) - 2 :]
        if rest.startswith("纪委"):
            return "中共" + (profile.body or "") + "纪律检查委员会" + rest[2:]
        if rest.startswith("党委"):
            party = profile.party or ""
            return party + rest[2:] if party.endswith("委员会") else party + rest
        return (profile.body or "") + rest
    if kind == "bare":
        return (profile.body or "") + raw
    if raw.endswith("党委巡察办"):  # a unit's or the issuer's own party committee: 巡察工作办公室
        raw = raw[:-3] + "巡察工作办公室"
    if kind == "unit":
        if not profile.body:
            return raw
        if raw.startswith("机关"):
            return profile.body + raw
        party = profile.party or ""
        if raw.startswith("纪委"):
            return "中共" + profile.body + "纪律检查委员会" + raw[2:]
        if raw.startswith("党委") and party.endswith("委员会"):
            return party + raw[2:]
        return party + raw
    return profile.expand(raw)


def extract_organizations(text: str, profile: IssuerProfile | None = None) -> list[OrganizationMention]:
    """Organisation mentions grouped by canonical name, in order of first mention.

    Names inside 《》 titles are left to the policies (大连市科技企业孵化器、众创空间管理办法 names no body).
    """
    profile = profile or IssuerProfile()
    expanded: dict[tuple[str, str], str] = {}
    text = _blank_titles(text)
    found: dict[str, OrganizationMention] = {}
    inspections: dict[str, set[str]] = {}  # level prefix (市委/省委) -> numbered group canonicals
    pending: list[tuple[str, str, Span]] = []
    last_end = 0
    for start, neg_len, _, kind, raw in _candidates(text, profile):
        end = start - neg_len
        if start < last_end or not _plausible(raw, kind):
            continue
        if kind == "alias" and profile.resolve(raw) == profile.body:
            sub = _SUBUNIT_RE.match(text, end)  # 东钧大学资产经营有限公司: a body of the issuer's own
            if sub and not _GENERIC_START_RE.match(text, end):
                raw, end, kind = text[start : sub.end()], sub.end(), "named"
                _add(found, profile.body + text[start + len(raw) - (sub.end() - sub.start()) : sub.end()], raw,
                     (start, end))
                last_end = end
                continue
        last_end = end
        canonical = expanded.get((raw, kind))
        if canonical is None:
            canonical = expanded[(raw, kind)] = _canonical(raw, kind, profile)
        if kind == "inspect" and "巡" in raw:
            bare = raw[2:] if raw.startswith("中共") else raw
            level = bare[: bare.index("委") + 1] if "委" in bare else bare[:2]
            if "第" in raw and raw.endswith("组"):
                inspections.setdefault(level, set()).add(canonical)
            elif raw.endswith("组"):
                pending.append((level, raw, (start, end)))
                continue
        _add(found, canonical, raw, (start, end))
    taken = sorted(span for o in found.values() for span in o.spans)
    learned = frozenset(r[:2] for o in found.values() for r in o.raw if len(r) > 3 and r[2] in "市县区")
    for raw, span in _named_institutions(text, taken, _stems_regex(profile, learned)):
        if _plausible(raw, "named"):
            _add(found, profile.expand(raw), raw, span)
    for level, raw, span in pending:  # 市委巡察组 -> the one numbered 市委 group of this report
        groups = inspections.get(level, set())
        canonical = next(iter(groups)) if len(groups) == 1 else profile.expand(raw)
        _add(found, canonical, raw, span)
    _declared_short_forms(text, found, profile)
    for mention in found.values():
        mention.spans.sort()
    return sorted(found.values(), key=lambda o: o.spans[0])


def _declared_short_forms(text: str, found: dict[str, OrganizationMention], profile: IssuerProfile) -> None:
    """``市纪委监委驻市科技局纪检监察组(以下简称驻局纪检组)``: the short form names that body wherever it appears."""
    if "简称" not in text:
        return
    ends = {span[1]: mention for mention in found.values() for span in mention.spans}
    for match in _SHORT_FORM_RE.finditer(text):
        short = match.group("short")
        mention = ends.get(match.start())
        if mention is None or profile.is_issuer_alias(short) or len(short) < 2:
            continue
        known = set(mention.spans)
        pos = text.find(short, match.end())
        while pos != -1:
            span = (pos, pos + len(short))
            if span not in known and not any(a <= pos < b for o in found.values() for a, b in o.spans):
                _add(found, mention.canonical, short, span)
            pos = text.find(short, span[1])


def _blank_titles(text: str) -> str:
    """The text with every 《…》 title replaced by spaces of the same length (offsets unchanged)."""
    if "《" not in text:
        return text
    parts, last = [], 0
    for m in _TITLE_SPAN_RE.finditer(text):
        parts.append(text[last : m.start()])
        parts.append(" " * (m.end() - m.start()))
        last = m.end()
    parts.append(text[last:])
    return "".join(parts)


def _inside(spans: list[Span], pos: int) -> bool:
    """Whether ``pos`` falls inside one of the sorted, non-overlapping ``spans``."""
    i = bisect_right(spans, (pos, _FAR)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


_FAR = 1 << 62


def _add(found: dict[str, OrganizationMention], canonical: str, raw: str, span: Span) -> None:
    mention = found.get(canonical)
    if mention is None:
        found[canonical] = OrganizationMention(raw=[raw], canonical=canonical, spans=[span])
        return
    if raw not in mention.raw:
        mention.raw.append(raw)
    mention.spans.append(span)
