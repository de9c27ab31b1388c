"""People named in a report, with their roles.

Reports name officials in two shapes: role then name (``党组书记、局长原驰同志``, ``区委书记顾明哲``) and
name then role (``市委胡玉亭书记``, ``陈绍旺市长``). A name is a common Chinese surname plus one or two
characters; whether the third character still belongs to the name is decided by what follows it
(同志, 任, 主持, 作 … start the rest of the sentence). Once a full name is known, every other occurrence of
it is a mention too.

>>> [(p.name, p.role) for p in extract_people("局党组书记、局长原驰同志带头。市委胡玉亭书记、陈绍旺市长肯定")]
[('原驰', '党组书记、局长'), ('胡玉亭', '市委书记'), ('陈绍旺', '市长')]
"""

from __future__ import annotations

import re

from rectigraph.model import PersonMention, Span

__all__ = ["extract_people", "SURNAMES"]

#: Common surnames (single and compound); ambiguous function characters (和, 党, 区, 单 …) left out.
SURNAMES = frozenset(
    "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 "
    "蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 沈 任 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 "
    "薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤 常 温 康 施 文 牛 樊 葛 邢 安 齐 易 "
    "乔 伍 庞 颜 倪 庄 聂 章 鲁 岳 翟 殷 詹 申 欧 耿 关 兰 焦 俞 左 柳 甘 祝 包 宁 尚 符 舒 阮 柯 纪 梅 童 凌 毕 单 "
    "季 裴 霍 涂 成 苗 谷 盛 曲 翁 冉 骆 蓝 路 游 辛 靳 管 柴 蒙 鲍 华 喻 祁 蒲 房 滕 屈 饶 解 牟 艾 尤 阳 时 穆 农 "
    "司 卓 古 吉 缪 简 车 项 连 芦 麦 褚 娄 窦 戚 岑 景 党 宫 费 卜 冷 晏 席 卫 米 柏 宗 瞿 桂 全 佟 应 臧 闵 苟 邬 "
    "边 卞 姬 师 和 仇 栾 隋 商 刁 沙 荣 巫 寇 桑 郎 甄 丛 仲 虞 敖 巩 明 佘 池 查 麻 苑 迟 邝 原 于 "
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 夏侯 令狐".split()
) - frozenset("和 党 单 全 成 时 明 文 安 方 向 高 常 车 项 连 查 解 管 应 商 景 路 农".split())

_ROLES = (
    "纪检监察组组长 总书记 党组副书记 党委副书记 党工委书记 纪委副书记 纪委书记 党组书记 党委书记 党组成员 党委委员 副董事长 董事长 "
    "副总经理 总经理 总会计师 监事会主席 秘书长 副书记 书记 副局长 局长 副主任 主任 副校长 校长 副院长 院长 副区长 区长 "
    "副县长 县长 副市长 市长 副省长 省长 副部长 部长 副处长 处长 副厅长 厅长 副组长 组长 主席 科长 所长 站长"
).split()
_ROLE_ALT = "|".join(_ROLES)
# Anchored on the role word (a branch of literals, which the regex engine scans for quickly); the name
# after the role chain is read by :func:`_name_at`, an organisation before it (区委) by looking back.
_ROLE_CHAIN_RE = re.compile(rf"(?:{_ROLE_ALT})(?:[、和兼](?:{_ROLE_ALT}))*")
_ORG_BEFORE_RE = re.compile(r"[省市县区]委$|[省市县区]$")
_NAME_BEFORE_RE = re.compile(r"(?:[省市县区]委|[,、。:;\n(]|^)([\u4e00-\u9fff]{2,3})$")
_NAME_ROLES = frozenset("书记 市长 区长 县长 局长 主任 董事长 校长 院长 部长 省长".split())
# What may follow a name: if the character after a two-character name starts one of these, the name
# has two characters.
_FOLLOW_RE = re.compile(
    "同志|任|主持|作|带头|担任|为|在|等|给|被|受|因|违|亲自|切实|深入|要求|强调|指出|召开|多次|率先|先后|牵头|同|和|与|对|到|"
    "分别|也|就|是|的|及|以|于|组织|听取|审定|签订|主动|带队|带领|既|向|把|将|从|第一|专门|坚持|认真|结合|定期|"
    "部署|督导|调研|批示|讲话|出席|参加|表示|介绍|检查|走访|约谈|负责|分管|兼|、|,|。|;|:"
)
_NOT_NAMES = frozenset(
    "成员 负责 单位 于是 严格 向上 万元 任务 任职 同志 牵头 高度 周期 周年 金额 江海 林业 黄海 陈述 程序 "
    "组长 主任 书记 局长 方面 常务 武装 孔子 齐抓 任组 唐山 毛泽 石油 龙头 邵阳 曲线 宁波 江苏 关于 关心 关注 "
    "包联 包保 包抓 关键 关系 于此 余额 严肃 严重 严管 董事 孙子 任期 任用 任命 任免 钟点 金融 田间 石化 宋体 黄金 马上".split()
)


def _name_at(text: str, start: int) -> str | None:
    """Two or three characters from ``start``: three unless what follows the second starts the rest of
    the sentence (同志, 任, 主持 …)."""
    cand = text[start : start + 3]
    if cand[:2] in SURNAMES:  # compound surname: 欧阳X
        name = cand
    elif (len(cand) < 3 or not "\u4e00" <= cand[2] <= "\u9fff" or cand[1] == "某"
          or _FOLLOW_RE.match(text, start + 2)):
        name = cand[:2]
    else:
        name = cand
    if len(name) < 2 or name[:2] in _NOT_NAMES:
        return None
    return name


def extract_people(text: str) -> list[PersonMention]:
    """People with their roles, in order of first mention; every occurrence of a found name is a span."""
    found: dict[str, PersonMention] = {}
    for m in _ROLE_CHAIN_RE.finditer(text):
        start, end = m.span()
        org = _ORG_BEFORE_RE.search(text, max(0, start - 2), start)
        role = (org.group(0) if org and org.group(0).endswith("委") else "") + m.group(0)
        if end < len(text) and text[end : end + 1] in _SURNAME_FIRST or text[end : end + 2] in SURNAMES:
            name = _name_at(text, end)
            if name and _plausible_name(name, text, end):
                _add(found, name, role, (end, end + len(name)))
                continue
        if m.group(0) in _NAME_ROLES and text[end : end + 1] not in _ROLE_FOLLOW:  # 市委胡玉亭书记
            before = _NAME_BEFORE_RE.search(text, max(0, start - 5), start)
            if before:
                name = before.group(1)
                if _plausible_name(name, text, start - len(name)):
                    prefix = before.group(0)[: -len(name)]
                    role = (prefix if prefix.endswith("委") else "") + m.group(0)
                    _add(found, name, role, (start - len(name), start))
    for name, person in found.items():  # every other occurrence of a known name
        known = set(person.spans)
        pos = text.find(name)
        while pos != -1:
            span = (pos, pos + len(name))
            if span not in known and not any(pos < b and a < span[1] for a, b in known):
                person.spans.append(span)
            pos = text.find(name, pos + len(name))
    people = list(found.values())
    for p in people:
        p.spans.sort()
    people.sort(key=lambda p: p.spans[0])
    return people


_SURNAME_FIRST = frozenset(s for s in SURNAMES if len(s) == 1)
_ROLE_FOLLOW = frozenset("会处办室部组")


_ROLE_START_RE = re.compile(rf"(?:{_ROLE_ALT})")


def _plausible_name(name: str, text: str = "", start: int = 0) -> bool:
    if name in _NOT_NAMES or name[:2] in _NOT_NAMES:
        return False
    if _ROLE_START_RE.match(text or name, start + 1):  # 任副组长: a verb and a role, not a name
        return False
    return name[:1] in _SURNAME_FIRST or name[:2] in SURNAMES


def _add(found: dict[str, PersonMention], name: str, role: str, span: Span) -> None:
    person = found.get(name)
    if person is None:
        found[name] = PersonMention(name=name, role=role, spans=[span])
        return
    if span not in person.spans:
        person.spans.append(span)
    if role and (person.role is None or len(role) > len(person.role)):
        person.role = role
