"""The phrases that frame a problem statement, label a field, or state a status.

>>> [(f.kind, f.text) for f in find_frames("关于“科技政策支持不到位”的问题。针对“政策制定缺乏系统思考”问题")]
[('main', '科技政策支持不到位'), ('specific', '政策制定缺乏系统思考')]
>>> read_field("整改进展情况:已完成。").kind
'status'
>>> normalise_status("正在推进")
('正在推进中', 'in_progress')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.wordtrie import trie_pattern

OPEN_QUOTES = {"“": "”", "「": "」", '"': '"', "『": "』", "‘": "’"}


@dataclass(frozen=True)
class Frame:
    kind: str  # "main" (关于…的问题) or "specific" (针对…问题)
    text: str  # the statement, without quotes and frame
    start: int  # offsets of ``text`` within the searched string
    end: int


def _closing_quote(s: str, i: int) -> int | None:
    """Index of the quote closing the one opened at ``s[i]``, honouring nesting of the same pair."""
    open_q = s[i]
    close_q = OPEN_QUOTES[open_q]
    depth = 0
    for j in range(i + 1, len(s)):
        c = s[j]
        if c == close_q and (depth == 0 or open_q == close_q):
            if open_q == close_q or depth == 0:
                return j
        if c == open_q and open_q != close_q:
            depth += 1
        elif c == close_q:
            depth -= 1
    return None


_PROBLEM_TAIL = re.compile(r"^\s*(?:的)?(?:问题|方面的问题)(?:的整改(?:情况)?|整改情况)?")
_MIN_STATEMENT = 6  # shorter quoted phrases are slogans (“两个维护”), not problem statements


def _quoted_frame(s: str, at: int, kind: str) -> Frame | None:
    """A quoted statement opening at ``s[at]``, followed by (的)问题 or (for 针对) the end of the sentence."""
    if at >= len(s) or s[at] not in OPEN_QUOTES:
        return None
    end = _closing_quote(s, at)
    # Several closing candidates: the statement ends at the first closing quote followed by (的)问题.
    while end is not None:
        tail = s[end + 1 :]
        if _PROBLEM_TAIL.match(tail) or (kind == "specific" and re.match(r"^\s*(?:[。.;;]|$)", tail)):
            text = s[at + 1 : end].strip()
            if len(text) >= _MIN_STATEMENT:
                return Frame(kind, text, at + 1, end)
            return None
        nxt = s.find(OPEN_QUOTES[s[at]], end + 1)
        end = nxt if nxt != -1 else None
    return None


_ABOUT_UNQUOTED = re.compile(r"^关于(?P<text>.{6,}?)(?:的问题|问题的整改(?:情况)?|问题)(?:[。.;;]|$)")
_SKIP = re.compile(r"^[\s。.;;,,:]*")


def find_frames(body: str) -> list[Frame]:
    """Problem frames that open a heading body: 关于“X”的问题 (main) and 针对“Y”问题 (specific).

    Frames count only at the start of the body or chained right after another frame (关于“X”问题。针对“Y”问题),
    so a measure that merely begins 针对巡察指出的… is not taken for a problem.
    """
    frames: list[Frame] = []
    pos = 0
    while pos < len(body):
        if body.startswith("关于", pos) and not frames:
            frame = _quoted_frame(body, pos + 2, "main")
            if frame is None and pos == 0:
                u = _ABOUT_UNQUOTED.match(body)
                if u and u.group("text").rstrip().endswith(("方面", "方面存在")):
                    u = None  # 关于党的建设方面的问题 names an aspect (a category), not a problem
                if u:
                    frame = Frame("main", u.group("text").strip(), u.start("text"), u.end("text"))
        elif body.startswith("针对", pos):
            frame = _quoted_frame(body, pos + 2, "specific")
        else:
            break
        if frame is None:
            break
        frames.append(frame)
        tail = _PROBLEM_TAIL.match(body[frame.end + 1 :])
        pos = frame.end + 1 + (tail.end() if tail else 0)
        pos += _SKIP.match(body[pos:]).end()
    return frames


# A problem stated without quotes in a sentence of its own, what was done following it:
# 1.理论学习不够深入的问题。党委修订… (after a marker) / 针对理论学习不够深入的问题,党委修订… (unmarked).
_NUMBERED_STATEMENT = re.compile(r"^(?P<text>[^。;:]{4,80}?)(?:的)?问题(?:的整改情况)?(?:[。;:,]|$)")
_ZHENDUI_STATEMENT = re.compile(r"^针对(?P<text>[^。;:,]{4,60}?)(?:的)?问题(?:[。;:,]|$)")
# 1.X。针对该问题,一是…: a sentence answered by the next one's reference back to it states the problem
_ANSWERED_STATEMENT = re.compile(r"^(?P<text>[^。;:]{4,120}?)。(?=(?:针对|对于?)(?:该|此|这一|这个|上述)问题|对此[,,])")
# …that refer back (针对上述问题 / 针对巡察指出的问题) or name an aspect are no statement
_REFERS_BACK = re.compile(r"上述|以上|这些|该|此类|有关|相关|巡[视察]|反馈|指出|存在的|方面|整改")


def problem_statement(body: str, numbered: bool) -> Frame | None:
    """The problem an unquoted statement sentence opening ``body`` names, if it is one.

    >>> problem_statement("理论学习不够深入的问题。党委修订学习规则。", numbered=True).text
    '理论学习不够深入'
    >>> problem_statement("针对上述问题,党委开展自查。", numbered=False) is None
    True
    >>> problem_statement("河道保洁不及时。针对该问题,一是建制度。", numbered=True).text
    '河道保洁不及时'
    """
    m = (_NUMBERED_STATEMENT if numbered else _ZHENDUI_STATEMENT).match(body)
    if m is None and numbered:
        m = _ANSWERED_STATEMENT.match(body)
        if m is not None:  # 1.X。针对该问题,…: any wording of X, even 整改/方面
            return Frame("specific", m.group("text"), m.start("text"), m.end("text"))
    if m is None or _REFERS_BACK.search(m.group("text")):
        return None
    return Frame("specific", m.group("text"), m.start("text"), m.end("text"))


def after_frames(body: str, frames: list[Frame]) -> int:
    """Where the text following the last of ``frames`` starts (after its 的问题 and punctuation).

    >>> body = "关于科技政策支持不到位的问题。一是建立台账。"
    >>> body[after_frames(body, find_frames(body)):]
    '一是建立台账。'
    """
    end = frames[-1].end
    if body[end : end + 1] in OPEN_QUOTES.values() and body[end : end + 1]:
        end += 1
    tail = _PROBLEM_TAIL.match(body[end:])
    end += tail.end() if tail else 0
    return end + _SKIP.match(body[end:]).end()


# Field labels that open a problem's measures, actions or status.
FIELD_LABELS: dict[str, str] = {
    "整改措施": "measures",
    "主要措施": "measures",
    "整改举措": "measures",
    "主要整改措施": "measures",
    "具体措施": "measures",
    "措施": "measures",
    "整改落实情况": "actions",
    "整改落实": "actions",
    # compounds naming measures and what came of them narrate what was done
    "整改措施及成效": "actions",
    "整改措施及进展": "actions",
    "措施及成效": "actions",
    "整改情况及成效": "actions",
    "整改落实情况及成效": "actions",
    "整改进展及成效": "actions",
    "落实情况": "actions",
    "整改情况": "actions",
    "整改成效": "actions",
    "整改效果": "actions",
    "成效": "actions",
    "整改成果": "actions",
    "取得成效": "actions",
    "完成情况": "actions",
    "整改结果": "actions",
    "办结情况": "actions",
    "目前进展": "actions",
    "进展": "actions",
    "整改进展情况": "status",
    "整改进展": "status",
    "进展情况": "status",
    "整改状态": "status",
    "完成状态": "status",
    "整改进度": "status",
    "目前状态": "status",
    "状态": "status",
    "进度": "status",
    "目前进度": "status",
    "完成进度": "status",
    "整改完成进度": "status",
    "整改完成情况": "actions",
    "是否完成整改": "status",  # answered 是 / 否
    "是否完成": "status",
    "是否整改到位": "status",
    "是否销号": "status",
    "是否办结": "status",
    "销号情况": "status",
    "存在问题": "problem",
    "具体问题": "problem",
    "问题表现为": "problem",
    "问题表现": "problem",
    "问题描述": "problem",
    "反馈问题": "problem",
    "问题": "problem",
    "巡察指出": "problem",
    "巡视指出": "problem",
    # 中央/省委巡视 feedback: (一)反馈意见指出:X。/ 整改落实情况:…
    "反馈意见指出": "problem",
    "巡视反馈意见指出": "problem",
    "巡察反馈意见指出": "problem",
    "反馈指出": "problem",
    "巡视组指出": "problem",
    "巡察组指出": "problem",
    "具体表现为": "problem",
    "具体表现": "problem",
    "主要表现为": "problem",
    "主要表现": "problem",
    "表现为": "problem",
    "整改时限": "deadline",
    "完成时限": "deadline",
    "整改期限": "deadline",
    "完成时间": "deadline",
    "整改时间": "deadline",
    # who is responsible: closes the open list, kept out of measures and actions
    "责任单位": "meta",
    "责任部门": "meta",
    "牵头单位": "meta",
    "配合单位": "meta",
    "责任领导": "meta",
    "牵头领导": "meta",
    "督办领导": "meta",
    "分管领导": "meta",
    "责任人": "meta",
    "整改责任人": "meta",
    "责任科室": "meta",
    "责任处室": "meta",
    "责任股室": "meta",
    "牵头科室": "meta",
    "牵头部门": "meta",
    "责任主体": "meta",
    "整改责任单位": "meta",
    "整改目标": "meta",
    "序号": "meta",  # 序号:2 opens a ledger's next row
    "原整改情况": "meta",  # a 回头看 report's account of the earlier round, and what it found: about the problem
    "回头看发现": "meta",
    "再整改措施": "measures",
    "进一步整改措施": "measures",
    "整改责任": "meta",
    "原因分析": "meta",  # why the problem arose: no measure, no action
    "问题原因": "meta",
    "产生原因": "meta",
    "举一反三": "actions",  # the same rectification carried to like cases: work done
    "落实成效": "actions",
}
_LABEL_ALT = trie_pattern(list(FIELD_LABELS))
# 整改措施: … or, on web pages, 【整改措施】… / [整改情况]…
_COUNT_NOTE = r"(?:\(共?\d{1,3}\s*[条项个点]\)\s*)?"  # 整改措施(3条): a label may say how many items follow
_FIELD = re.compile(
    r"^(?:(?P<label>" + _LABEL_ALT + r")\s*" + _COUNT_NOTE + r"(?::+|——?(?!—)|$)"
    r"|[【\[〔](?P<blabel>" + _LABEL_ALT + r")\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3}|[①-⑳])?[】\]〕]\s*:*)\s*(?P<rest>.*)$"
)


@dataclass(frozen=True)
class Field:
    kind: str  # measures | actions | status | deadline
    label: str
    rest: str
    rest_offset: int  # offset of ``rest`` within the line


# 整 改 措 施: a label spaced out by Word's distributed alignment
_SPACED_LABEL = re.compile(r"^(?:[\u4e00-\u9fff] ){1,6}[\u4e00-\u9fff](?=\s*(?::|—|$))")


def read_field(line: str) -> Field | None:
    """The field a line opens (整改措施: … / 整改措施——… / 整 改 措 施: …), if any.

    >>> read_field("整 改 进 展:已完成").rest_offset
    8
    """
    m = _FIELD.match(line)
    if not m:
        spaced = _SPACED_LABEL.match(line) if line[1:2] == " " else None
        if spaced is None:
            return None
        label = spaced.group().replace(" ", "")
        f = read_field(label + line[spaced.end() :])
        shift = spaced.end() - len(label)
        return Field(f.kind, f.label, f.rest, f.rest_offset + shift) if f else None
    label = m.group("label") or m.group("blabel")
    kind = FIELD_LABELS[label]
    rest = m.group("rest")
    if kind == "measures" and label == "措施" and not line.startswith(("措施:", "【措施】")):
        return None
    if kind in ("actions", "status", "deadline"):
        stated = states_status(rest)
        if kind == "actions" and stated:
            kind = "status"  # 整改情况:已完成。
        elif kind == "status" and not stated and len(rest) > 12:
            kind = "actions"  # 进展情况:已完成9处房产的登记… is a narrative of what was done
    return Field(kind, label, rest, m.start("rest"))


def states_status(rest: str) -> bool:
    """``rest`` states a status (已完成。 / 正在推进中,预计6月底前完成) rather than narrating work done."""
    m = status_in(rest)
    if not m or m.start() > 2:
        return False
    after = rest[m.end() :].lstrip()
    return not after or after[0] in "。.,;(" or len(rest.strip("。. ")) <= 8


# Status phrases, longest first; value: (status as reported, status_code)
_STATUS_TABLE: list[tuple[str, str, str]] = [
    # not (yet) done, in part, or only in the main: read whole, before the 完成 / 整改到位 inside them
    ("尚未整改到位", "未完成", "in_progress"),
    ("未整改到位", "未完成", "in_progress"),
    ("尚未完成", "未完成", "in_progress"),
    ("未按期完成", "未完成", "in_progress"),
    ("未按时完成", "未完成", "in_progress"),
    ("尚未整改", "未完成", "in_progress"),
    ("部分完成", "基本完成", "partial"),
    ("已基本整改到位", "基本完成", "partial"),
    ("基本整改到位", "基本完成", "partial"),
    ("基本整改完成", "基本完成", "partial"),
    ("取得阶段性成效", "基本完成", "partial"),
    ("长期坚持并持续推进", "长期坚持", "long_term"),
    ("已整改销号", "已完成", "completed"),
    ("整改销号", "已完成", "completed"),
    ("正在按序时推进", "正在推进中", "in_progress"),
    ("按序时进度推进", "正在推进中", "in_progress"),
    ("按序时推进", "正在推进中", "in_progress"),
    ("按计划推进中", "正在推进中", "in_progress"),
    ("有序推进中", "正在推进中", "in_progress"),
    ("持续整改中", "长期坚持", "long_term"),
    ("已落实到位", "已完成", "completed"),
    ("落实到位", "已完成", "completed"),
    ("已落实", "已完成", "completed"),
    ("已解决", "已完成", "completed"),
    ("已整改完成", "已完成", "completed"),
    ("已全部完成", "已完成", "completed"),
    ("已完成阶段性目标任务", "基本完成", "partial"),
    ("已完成阶段性", "基本完成", "partial"),
    ("已基本完成", "基本完成", "partial"),
    ("基本完成", "基本完成", "partial"),
    ("阶段性完成", "基本完成", "partial"),
    ("已完成", "已完成", "completed"),
    ("已销号", "已完成", "completed"),
    ("完成整改", "已完成", "completed"),
    ("已整改到位", "已完成", "completed"),
    ("已整改完毕", "已完成", "completed"),
    ("整改到位", "已完成", "completed"),
    ("整改完毕", "已完成", "completed"),
    ("已办结", "已完成", "completed"),
    ("已整改", "已完成", "completed"),
    ("整改完成", "已完成", "completed"),
    ("正在推进中", "正在推进中", "in_progress"),
    ("正在推进", "正在推进中", "in_progress"),
    ("正在整改中", "正在推进中", "in_progress"),
    ("正在整改", "正在推进中", "in_progress"),
    ("持续推进中", "持续推进", "in_progress"),
    ("持续推进", "持续推进", "in_progress"),
    ("推进中", "正在推进中", "in_progress"),
    ("按计划推进", "正在推进中", "in_progress"),
    ("有序推进", "正在推进中", "in_progress"),
    ("整改中", "正在推进中", "in_progress"),
    ("需长期坚持", "长期坚持", "long_term"),
    ("长期坚持", "长期坚持", "long_term"),
    ("持续整改", "长期坚持", "long_term"),
    ("未完成", "未完成", "in_progress"),  # not yet done (尚未完成,预计年底前完成 / 是否完成:否): under way, not 未启动
    ("未启动", "未启动", "not_started"),
    ("已完結", "已完成", "completed"),
    ("已立行立改", "已完成", "completed"),
    ("已建立长效机制", "已完成", "completed"),  # rectified, and a standing mechanism keeps it so  # 立行立改 alone is a deadline (at once), not a status
    ("完成", "已完成", "completed"),  # a status cell or field saying just 完成; shorter phrases come last
]
_STATUS_RE = re.compile("|".join(re.escape(s) for s, _, _ in _STATUS_TABLE))
_STATUS_MAP = {s: (label, code) for s, label, code in _STATUS_TABLE}


def status_in(text: str) -> re.Match[str] | None:
    """The first status phrase in ``text``."""
    return _STATUS_RE.search(text)


# A sentence that only states where a problem's rectification stands, closing a narrative of work done:
# 目前已完成整改。/ 该问题已整改到位。/ 目前,该问题整改工作正在推进中,预计…前完成。/ 此项工作需长期坚持。
# Its subject is at most a time word and 该/此 问题/事项/工作; what follows the status is the sentence end or a
# clause after a comma (a forecast), so 已完成12个科室的档案移交 (work done) is not a status.
_STATUS_SUBJECT = re.compile(
    r"^(?:目前|当前|现|截至目前|至此)?[,]?(?:该|此|这|上述|本)?(?:项|个|类)?(?:整改)?(?:问题|事项|工作|任务)?"
    r"(?:的)?(?:整改)?(?:工作)?(?:已经?|均|全部|基本|正在|仍在){0,3}$"
)
_STATUS_REST = re.compile(r"^(?:整改)?(?:工作)?\s*(?:[。.!;]|,|$)")


def closing_status(sentence: str) -> re.Match[str] | None:
    """The status a status-only sentence states, if ``sentence`` is one.

    >>> closing_status("目前,该问题整改工作正在推进中,预计6月底前完成。").group()
    '正在推进中'
    >>> closing_status("已完成12个科室的档案移交。") is None
    True
    """
    m = status_in(sentence)
    if m is None or m.start() > 16:
        return None
    if not _STATUS_SUBJECT.match(sentence[: m.start()]) or not _STATUS_REST.match(sentence[m.end() :]):
        return None
    return m


_YES_NO = {"是": "已完成", "√": "已完成", "✓": "已完成", "否": "未完成", "×": "未完成", "✗": "未完成"}


def yes_no_status(label: str, value: str) -> str | None:
    """The status phrase a 是 / 否 answering a 是否完成整改 label stands for.

    >>> yes_no_status("是否完成整改", "是"), yes_no_status("是否销号", "否。"), yes_no_status("整改状态", "是")
    ('已完成', '未完成', None)
    """
    return _YES_NO.get(value.strip().rstrip("。.")) if label.startswith("是否") else None


def normalise_status(phrase: str) -> tuple[str, str]:
    """``(status, status_code)`` for a status phrase as written."""
    return _STATUS_MAP.get(phrase, (phrase, "in_progress"))


# (已完成) at the end of a heading, or a whole section grouped by status: 二、已完成的整改事项(6个)
# The bracket may name the field: (整改状态:已完成) / 【进展情况:持续推进】
_BRACKET_LABEL = r"(?:(?:整改)?(?:完成|进展)?(?:状态|进度|情况|进展)\s*:\s*)?(?:目前|现|当前)?"  # (目前已完成)
# …(已完成) / …【整改状态:已完成】 / …——已完成 / …,已完成整改 closing a heading
HEADING_STATUS = re.compile(
    r"(?:[(（【\[〔]|(?P<dash>—{1,2}|-{2}|(?P<comma>,)))" + _BRACKET_LABEL + r"(?:整改)??(?P<s>" + _STATUS_RE.pattern + r")"
    r"(?:整改)?(?(dash)|[)）】\]〕])\s*[。.]?$"
)
_STATUS_TAIL = 24  # a closing status, even 【整改完成情况:已整改到位】。, is shorter


def heading_status(text: str) -> re.Match[str] | None:
    """The status closing a heading, …(已完成) / …——已整改; only the tail is searched (offsets are the text's).

    >>> heading_status("1.党费收缴不及时(整改状态:已完成)").group("s"), heading_status("1.党费收缴不及时,已整改").group("s")
    ('已完成', '已整改')
    """
    m = HEADING_STATUS.search(text, max(0, len(text) - _STATUS_TAIL))
    if m and m.group("comma") and text.endswith(("。", ".")):
        return None  # …,已完成。 closes a sentence of what was done, not a heading
    return m


# 【已完成】 opening a heading: 3)【已完成】下基层调研指导不够
LEADING_STATUS = re.compile(
    r"^[(（【\[〔]" + _BRACKET_LABEL + r"(?:整改)??(?P<s>" + _STATUS_RE.pattern + r")(?:整改)?[)）】\]〕]\s*"
)
# 已销号:1.X / 【已完成】1.X: a status opening the line, before the problem's number (STATUS_FIRST: its first characters)
STATUS_FIRST = frozenset("(（【[〔" + "".join(s[0] for s, _, _ in _STATUS_TABLE))
STATUS_BEFORE_NUMBER = re.compile(
    r"^(?:[(（【\[〔]" + _BRACKET_LABEL + r"(?:整改)??(?P<s>" + _STATUS_RE.pattern + r")(?:整改)?[)）】\]〕]\s*"
    r"|(?P<s2>" + _STATUS_RE.pattern + r")(?:整改)?\s*[:：]\s*)"
)
# 已完成的整改事项 / 基本完成整改的问题 / 需长期坚持整改的问题
# how a group of problems was rectified, beside its status: 立行立改、已整改到位的问题 / 需长期坚持、持续整改的问题
_GROUP_WAY = r"(?:立行立改|即知即改|限期整改|集中整改|长期整改|持续整改|持续推进|长期坚持)"
_GROUP_STATUS = re.compile(
    r"^(?:" + _GROUP_WAY + r"[、和])?(?:已经?|正在|需要?)?(?P<s>" + _STATUS_RE.pattern + r")(?:[、和]" + _GROUP_WAY
    + r")?(?:整改)?(?:的|和)?(?:整改)?(?:事项|问题|任务|类)"
)


def group_status(heading_body: str) -> str | None:
    """The status a heading groups its problems under (已完成的整改事项 → 已完成), if it is such a heading.

    >>> group_status("立行立改、已整改到位的问题(共5项)"), group_status("需长期坚持、持续整改的问题")
    ('整改到位', '长期坚持')
    """
    m = _GROUP_STATUS.match(heading_body)
    if not m:
        # 二、正在推进的整改事项: the table holds 正在推进, matched after the optional 正在 prefix is consumed
        m2 = re.match(r"^(?P<s>" + _STATUS_RE.pattern + r")", heading_body)
        if m2 and re.match(r"^(?:整改)?(?:的|和)?(?:整改)?(?:事项|问题|任务|类)", heading_body[m2.end() :]):
            return m2.group("s")
        return None
    return m.group("s")
