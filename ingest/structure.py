"""Read the per-problem part of a report: categories, problems, measures, actions and statuses.

The reader walks the lines once, keeping a stack of category headings. A line starts a problem when it
frames one (关于“X”的问题 / 针对“Y”问题 / 问题1.关于…) or when it is a heading directly followed by a
整改措施 field; fields (整改措施 / 整改落实情况 / 整改进展情况 …) then fill the open problem until the next
problem or heading. Statuses come from status fields, from a status at the end of the heading
((已完成)), or from a heading that groups problems by status (二、已完成的整改事项).

>>> text = "(一)在“组织建设”方面\\n1.关于“选人用人不规范”的问题\\n针对“公示期不足五个工作日”问题\\n整改措施:\\n①严格公示。\\n整改落实情况:\\n①已规范。\\n整改进展情况:已完成。"
>>> [(p.text, p.parent, p.status, len(p.measures)) for p in read_problems(text)]
[('选人用人不规范', None, None, 0), ('公示期不足五个工作日', 'P01', '已完成', 1)]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ingest.figures import claimed_figures
from ingest.frames import (
    FIELD_LABELS,
    LEADING_STATUS,
    STATUS_BEFORE_NUMBER,
    STATUS_FIRST,
    after_frames,
    closing_status,
    find_frames,
    group_status,
    heading_status,
    normalise_status,
    problem_statement,
    read_field,
    states_status,
    status_in,
    yes_no_status,
)
from ingest.lines import Line, Marker, heading_marker, split_items, split_lines, starts_with_item_marker, strip_item_marker
from ingest.tables import Column, Table, read_table_header, status_cell
from ingest.wordtrie import trie_pattern
from rectigraph.model import Problem, Span, TextItem

# Labels that describe the problem of the heading above them rather than state a problem of their own
# Labels that, on the line after a numbered heading, describe the problem the heading names (1.X / 反馈指出:…).
_DESCRIBES = frozenset(("问题描述", "问题表现", "问题表现为", "反馈指出", "巡察指出", "巡视指出", "巡察组指出", "巡视组指出"))
_RATE_SENTENCE = re.compile(r"^(?:目前)?(?:整改率|整改完成率|完成率|整改进度|完成进度)(?:为|达)?[:]?\s*(?P<v>\d{1,3}(?:\.\d+)?%)[。.]?$")
_PLACEHOLDER = re.compile(r"^(?:无|暂无|空|\(空\)|\(无\)|/|-|—)[。.]?$")
_PERCENT_DONE = re.compile(r"^\d{1,3}(?:\.\d+)?%[。.]?$")


def _percent_status(value: str) -> str:
    """The status code of a share done (80%): completed at 100%, under way below it."""
    return "completed" if float(value.rstrip("%")) >= 100 else "in_progress"
_BOILERPLATE = re.compile(r"^(欢迎|联系电话|联系方式|电子邮箱|邮政地址|通讯地址|来源|附件)")
_UNMARKED_RANK = 6
# A ledger's problem number opening a problem line: W-01 / XC05 / 2023-XC-05, then a space, colon or 、
_PROBLEM_CODE = re.compile(r"^(?:\d{4}-)?[A-Z]{1,5}-?\d{1,4}(?:-\d{1,3})?(?:\s*[:、]\s*|\s+)(?=[\u4e00-\u9fff“(【])")
_PROBLEM_LABEL_FIRST = {label[0] for label, kind in FIELD_LABELS.items() if kind == "problem"} | {"【", "["}
_FRAME_STARTS = ("关于", "针对")
_BRACKET_ENDS = (")", "）", "】", "]", "〕", ").", ")。", "】。", "〕。")
# An unnumbered category line: 在“贯彻落实党的路线方针政策”方面 / 党风廉政建设方面存在的问题:
_ASPECT_LINE = re.compile(r"^(?:在)?.{2,40}方面(?:存在的?问题|的问题|问题)?[::]?(?:\(共?\d{1,3}[个项条]\))?$")  # an unmarked main problem is closed by any heading


@dataclass
class _State:
    problems: list[Problem] = field(default_factory=list)
    # (rank, text, groups by status, rank problems compare with: below the first problem directly under it)
    categories: list[tuple[int, str, bool, float]] = field(default_factory=list)
    fresh_category: bool = False  # no problem since the last category heading
    group: tuple[int, str] | None = None  # (rank, status phrase)
    main: Problem | None = None
    main_rank: int = 0
    current: Problem | None = None
    section: str | None = None  # "measures" | "actions" while a field is open
    section_inline: bool = False  # the field's items were on its own line
    item_style: str | None = None
    item_number: int | None = None  # the number of the open list's last numbered item
    group_of: dict[str, str] = field(default_factory=dict)  # problem id -> status phrase of its group
    deadline_status: set[str] = field(default_factory=set)  # problems whose status is their deadline's (长期坚持)
    legend: dict[str, str] = field(default_factory=dict)  # a table's marks and what they stand for (√ -> 已完成整改)
    table: Table | None = None  # the problem table whose rows are being read
    narrative: Problem | None = None  # a problem still without fields, whose narrative lines are its actions
    narrative_rank: int = 0
    last_marker: tuple[str, Marker | None] = ("", None)  # (problem id, its heading's marker), see _last_marker
    last_row: list | None = None  # the cells of the table row read last
    lead_status: tuple[str, Span] | None = None  # a status opening this line before its number (已销号:1.X)

    def category_path(self) -> list[str]:
        # 一、X方面 is an aspect too; other top-level headings (二、整改落实情况) are the report's own sections
        return [text for rank, text, grouping, _ in self.categories
                if rank >= 2 or grouping or _ASPECT_LINE.match(text)]


# Where a collapsed line holds what should be several: a field, a framed problem or a top-level heading
# running on after a sentence end (the pattern starts with the sentence end, not a lookbehind, so the regex
# engine skips ahead to sentence ends instead of trying every position).
_RUN_IN_FIELD = re.compile(
    r"[。;!?]\s*(?=【?(?:" + trie_pattern(list(FIELD_LABELS)) + r")(?:\s*:|】)"
    r"|针对[“\"「]|关于[“\"「][^”\"」]{6,}[”\"」]的?问题"
    r"|[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\))"
)


# Fields side by side on one line, a space between them (责任单位:组织人事科　整改时限:2023年10月底), as Word forms lay
# them out; problem labels are left out (一、 存在问题:… is a heading, not two fields)
_SIDE_BY_SIDE_FIELD = re.compile(
    r" (?=(?:" + trie_pattern([k for k, kind in FIELD_LABELS.items() if kind != "problem"]) + r") ?:)"
)


def _split_run_in(text: str, lines: list[Line]) -> list[Line]:
    """Split lines where a field runs on after a sentence, or after another field's short value and a space:
    1.X。整改措施:… 整改情况:… / 责任单位:X 整改时限:Y → separate lines."""
    cut_at = [m.end() for m in _RUN_IN_FIELD.finditer(text)]  # one pass over the text, not one per line
    side = [m.end() for m in _SIDE_BY_SIDE_FIELD.finditer(text) if text[m.start() - 1] not in "、.:\n"]
    if side:
        cut_at = sorted({*cut_at, *side})
    if not cut_at:
        return lines
    out: list[Line] = []
    for line in lines:
        lo, hi = bisect.bisect_right(cut_at, line.start), bisect.bisect_left(cut_at, line.end)
        cuts = [c - line.start for c in cut_at[lo:hi]]
        if not cuts:
            out.append(line)
            continue
        for a, b in zip([0, *cuts], [*cuts, len(line.text)]):
            piece = line.text[a:b]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append(Line(piece.strip(), line.start + a + lead))
    return out


def read_problems(text: str) -> list[Problem]:
    """All main and specific problems of a normalised report, in order."""
    lines = _split_run_in(text, split_lines(text))
    lines = lines[: _signature_start(lines)]
    fields = [read_field(line.text) for line in lines]
    st = _State()
    st.legend = {m.group("sym"): m.group("s") for m in _LEGEND.finditer(text)}
    value_lines: set[int] = set()  # lines read as the value of the label on the line before
    for i, line in enumerate(lines):
        if i in value_lines:
            continue
        fld = fields[i]
        if fld is not None and not fld.rest.strip() and fld.kind in ("status", "deadline") and i + 1 < len(lines):
            value = _value_on_next_line(fld, lines[i + 1], fields[i + 1])
            if value is not None:  # 整改进展 / 已完成 on two lines
                line, fld = value
                value_lines.add(i + 1)
        if st.table is not None:
            row = st.table.read_row(line.text)
            if row is None and not st.table.pipes:
                wrapped = _wrapped_row(st.table, text, lines, i)
                if wrapped is not None:  # a row whose cells hold line breaks
                    line, row, last = wrapped
                    value_lines.update(range(i + 1, last + 1))
            if row is not None:
                _add_row(st, line, row)
                continue
            if not st.table.pipes and fld is None and i + 1 < len(lines) and _wraps_cell_above(st, line, lines[i + 1]):
                continue
            section = heading_marker(line.text) if fld is None else None
            if section is not None and not section.body.startswith(_FRAME_STARTS):
                table = st.table
                _push_category(st, section, section.body)  # a heading row between the rows: (一)食品安全方面
                st.table = table
                continue
            st.table = None
        if fld is None and (" " in line.text or "|" in line.text):
            st.table = read_table_header(line.text)
            if st.table is not None:
                st.last_row = None
                st.section = None
                st.current = None
                continue
        if fld is not None and fld.label in _DESCRIBES and st.current is not None and st.section is None \
                and st.current.heading == lines[i - 1].text and not st.current.measures and not st.current.status:
            continue  # 问题一:X / 问题描述:… describes the problem just opened
        if fld is not None and fld.kind == "problem" and fld.rest.strip():
            rest, offset = fld.rest, fld.rest_offset
            inner = read_field(rest)
            if inner is not None and inner.kind == "problem" and inner.rest.strip():  # 【问题一】巡察指出:X
                rest, offset = inner.rest, offset + inner.rest_offset
            _open_problem(st, _UNMARKED_RANK, rest, line.start + offset, line)
            continue
        if fld is not None:
            _on_field(st, line, fld)
            continue
        if _BOILERPLATE.match(line.text):
            st.section = None
            continue
        mk, st.lead_status = _marker_after_status(line)
        body = mk.body if mk else line.text
        body_offset = line.start + (len(line.text) - len(body))
        labelled = read_field(body) if mk is not None and body[:1] in _PROBLEM_LABEL_FIRST else None
        if labelled is not None and labelled.kind == "problem" and labelled.rest.strip():  # 1.存在问题:…
            _open_problem(st, mk.rank, labelled.rest, body_offset + labelled.rest_offset, line)
            continue
        frames = find_frames(body) if body.startswith(_FRAME_STARTS) else []
        if frames:
            _on_frames(st, line, mk, body, body_offset, frames)
            continue
        if mk is None and body.startswith("针对") and st.section is None:
            statement = problem_statement(body, numbered=False)
            if statement is not None:  # 针对X的问题,<what was done>
                _open_statement(st, line, _UNMARKED_RANK, body, body_offset, statement)
                continue
        nxt = fields[i + 1] if i + 1 < len(lines) else None
        if st.current is not None and st.section == "actions" and st.section_inline and mk is not None \
                and mk.rank == 5 and mk.number == len(st.current.actions) + 1 and lines[i - 1].text.endswith(";"):
            _add_items(st.current.actions, line.text, line.start)  # 整改情况:一是…; / 二是…。: more actions
            continue
        run = _unlabelled_measures_after(lines, fields, i, mk, body)
        if run:  # 2、X。 / 1.甲; 2.乙; 3.丙。 / 整改情况:…: the problem, then its measures without their label
            _open_problem(st, _problem_rank(st, mk), body, body_offset, line)
            for j in run:
                item, cut = strip_item_marker(lines[j].text)
                item = item.rstrip(";;。")
                a = lines[j].start + cut
                st.current.measures.append(TextItem(item, (a, a + len(item)), len(st.current.measures) + 1))
                value_lines.add(j)
            st.section = None
            continue
        if _is_item(st, line, mk) and getattr(nxt, "kind", None) != "measures":  # a heading over 整改措施 is a problem
            _add_line_item(st, line)
            continue
        if st.section is not None and mk is None and i and lines[i - 1].text.endswith(";"):
            _add_line_item(st, line)  # 整改措施:A;<br>B。: the list goes on after its semicolon
            continue
        if getattr(_field_after_meta(fields, i), "kind", None) in ("actions", "status") \
                and _continues_inline_measures(st, mk, body):
            _add_items(st.current.measures, line.text, line.start)  # 二是A;三是B。: more measures
            continue
        if _starts_problem(st, mk, body, _field_after_meta(fields, i)):
            _open_problem(st, _problem_rank(st, mk), body, body_offset, line)
            continue
        if mk is not None and st.current is not None and i + 1 < len(lines) \
                and _continues_problems(st, mk, body, same_style=True) and _is_prose(lines[i + 1], nxt):
            _open_problem(st, mk.rank, body, body_offset, line)  # (二)Y / 学校党委一是…。: told without fields
            continue
        if _is_narrative(st, line, mk):
            _add_narrative(st, line.text, line.start)
            continue
        statement = problem_statement(body, numbered=True) if mk is not None and not mk.circled else None
        if statement is not None and after_frames(body, [statement]) < len(body):  # 1.X的问题。<what was done>
            _open_statement(st, line, mk.rank, body, body_offset, statement)
        elif mk is not None and not mk.circled and mk.rank > 1 and i + 1 < len(lines) and fields[i + 1] is None \
                and _ANSWER_OPENER.match(lines[i + 1].text) and not _ASPECT_LINE.match(body):
            _open_problem(st, _problem_rank(st, mk), body, body_offset, line)  # 1.X。 / 对此,局党组…: told below it
            st.narrative = st.current
            _add_narrative(st, lines[i + 1].text, lines[i + 1].start)
            value_lines.add(i + 1)
        elif mk is not None:
            _push_category(st, mk, body)
        elif _ASPECT_LINE.match(line.text):
            _push_category(st, Marker(2, "", line.text), line.text)
        elif st.current is not None and st.section is not None and _closes_fields(st, line):
            st.section = None
        elif st.section is not None:
            _add_line_item(st, line)
    if not st.problems:
        st.problems = _listed_then_answered(lines)
    parents = {p.parent for p in st.problems}
    for p in st.problems:
        if p.id in parents:
            p.level = "main"
        if p.actions:  # what is still to come goes first: the status may close what was done before it
            _drop_closing_plans(p)
        if (p.status is None or p.id in st.deadline_status) and p.actions:
            _status_from_closing_sentence(p)  # what was done closing on 正在推进 says more than 完成时限:长期坚持
        if p.status is None and p.id in st.group_of and (p.measures or p.actions):
            p.status, p.status_code = normalise_status(st.group_of[p.id])
    return st.problems


_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_SIGNER = re.compile(r"^[^,。;:!?| ]{2,30}$")  # a name: no sentence, no table cells


def _marker_after_status(line: Line) -> tuple[Marker | None, tuple[str, Span] | None]:
    """The line's numbering marker, also after a status opening the line (已销号:1.X / 【已完成】1.X), and that status."""
    lead = STATUS_BEFORE_NUMBER.match(line.text) if line.text[:1] in STATUS_FIRST else None
    mk = heading_marker(line.text[lead.end() :]) if lead else None
    if mk is None:
        return heading_marker(line.text), None
    group = "s" if lead.group("s") else "s2"
    return mk, (lead.group(group), (line.start + lead.start(group), line.start + lead.end(group)))


def _signature_start(lines: list[Line]) -> int:
    """Where the signature closing a report starts (the issuer's name on a line, then a date alone on the next),
    so that it, and notes or a list of attachments after it, are read as no measure or action of the last
    problem; ``len(lines)`` when there is none.

    >>> _signature_start(split_lines("1.台账不全\\n整改情况:已建立台账。\\n中共某镇委员会\\n2023年10月31日"))
    2
    """
    for date_at in range(len(lines) - 1, max(-1, len(lines) - 9), -1):  # notes (注:①…) or 附件 may follow it
        if not _DATE_LINE.match(lines[date_at].text):
            continue
        start = date_at
        while start > 0 and date_at - start < 2 and _SIGNER.match(lines[start - 1].text) \
                and heading_marker(lines[start - 1].text) is None and read_field(lines[start - 1].text) is None \
                and not states_status(lines[start - 1].text):
            start -= 1
        if date_at == len(lines) - 1 or start < date_at:  # a date alone ends the report; before notes, a signer too
            return start
    return len(lines)


def _value_on_next_line(fld, nxt: Line, nxt_field) -> tuple[Line, object] | None:
    """A status or deadline label alone on its line, and its short value on the next: one field line."""
    if nxt_field is not None or heading_marker(nxt.text) is not None:
        return None
    if not (states_status(nxt.text) or (fld.kind == "deadline" and len(nxt.text) <= 20)):
        return None
    text = f"{fld.label}:{nxt.text}"
    return Line(text, nxt.start - len(fld.label) - 1), read_field(text)


def _wrapped_row(table: Table, text: str, lines: list[Line], i: int) -> tuple[Line, list, int] | None:
    """The row that starts on ``lines[i]`` and goes on over the next lines (a cell with line breaks, copied from
    a spreadsheet or a Word table), with the index of its last line; None when no such row is there."""
    for j in range(i + 1, min(i + 8, len(lines))):
        if table.read_row(lines[j].text) is not None:
            return None
        joined = Line(text[lines[i].start : lines[j].end], lines[i].start)
        row = table.read_wrapped_row(joined.text)
        if row is not None:
            return joined, row, j
    return None


_CELL_LABELS = {"measures": "整改措施", "actions": "整改情况", "status": "整改状态", "deadline": "整改时限"}
# "√"表示已完成整改,"○"表示正在推进: what a table's marks stand for
_LEGEND = re.compile(r"[“\"]?(?P<sym>[√✓✔○◯●×✗△▲☆★])[”\"]?\s*(?:表示|代表|为|即)\s*(?P<s>[^,;、。“”\"()\s]{2,10})")


def _add_row(st: _State, line: Line, row: list[tuple[Column, str, int]]) -> None:
    """One problem from a table row: its problem cell, then the other cells read as the fields they head; a
    category cell (问题类别, repeated down the rows it was merged over) is the problem's category."""
    for col, text, start in row:
        if col.kind == "category" and text.strip() and (not st.categories or st.categories[-1][1] != text.strip()):
            table = st.table
            _push_category(st, Marker(2, "", text), text)
            st.table = table
        elif col.kind == "problem" and text.strip():  # an empty one: the row goes on with the cells above
            _open_problem(st, 3, text, line.start + start, line)
    if st.current is None:
        return
    for col, text, start in row:
        label = col.label if col.label in FIELD_LABELS else _CELL_LABELS.get(col.kind)
        if label is None or not text.strip():
            continue
        phrase = status_cell(col, text) if col.kind == "status" else text
        if text.strip() in st.legend:  # √ in a column of marks the report explains ("√"表示已完成整改)
            stated = status_in(st.legend[text.strip()])
            phrase = stated.group() if stated else text
        if phrase != text:  # 是否完成整改: 是 → 已完成; the span stays on the 是 as written
            st.current.status, st.current.status_code = normalise_status(phrase)
            st.current.status_span = (line.start + start, line.start + start + len(text))
            continue
        if len(text) > 2 and text[0] == text[-1] == '"':  # a spreadsheet's quoted cell: "1.甲\n2.乙"
            text, start = text[1:-1], start + 1
        # a cell's line breaks, same length so offsets hold: between items a separator (each line an item, so no
        # item holds the replaced character), else a space
        text = text.replace("\n", ";" if all(len(x.strip()) >= 4 for x in text.split("\n")) else " ")
        fld = read_field(f"{label}:{text}")
        if fld is not None:
            _on_field(st, Line(f"{label}:{text}", line.start + start - len(label) - 1), fld)
    st.section = None
    st.narrative = None
    st.last_row = row


def _wraps_cell_above(st: _State, line: Line, nxt: Line) -> bool:
    """A line of one piece between two rows of a space-aligned table (a PDF table whose cell wrapped onto the next
    line at its column): the end of a cell of the row above. A measures or actions cell ending in ; , or 、 takes
    it as one more item; another cell's wrapped end is passed over (a problem's text is one span of the text)."""
    if st.current is None or not st.last_row or " " in line.text.strip() or st.table.read_row(nxt.text) is None:
        return False
    if heading_marker(line.text) is not None or line.text.rstrip().endswith(("。", ":")):
        return False
    for col, text, _ in st.last_row:
        if col.kind in ("measures", "actions") and text.rstrip().endswith((";", ",", "、")):
            target = st.current.measures if col.kind == "measures" else st.current.actions
            body = line.text.strip().rstrip(";,、")
            a = line.start + len(line.text) - len(line.text.lstrip())
            target.append(TextItem(body, (a, a + len(body)), len(target) + 1))
            break
    return True


# Status words that, closing a clause of what was done, may only say that clause's work is done
_BARE_COMPLETION = frozenset(("完成", "已完成", "已全部完成"))
_SENTENCE_CLOSE = ("。", ";", "!", "?", ".", ")", "】")


def _is_narrative(st: _State, line: Line, mk: Marker | None) -> bool:
    """A line telling what was done for a problem reported without fields (no 整改措施/整改情况 labels):
    a sentence, or an item numbered below the problem's own heading."""
    if st.narrative is None or st.narrative is not st.current:
        return False
    if mk is not None:
        return mk.circled or mk.rank > st.narrative_rank
    return line.text.endswith(_SENTENCE_CLOSE)


def _add_narrative(st: _State, text: str, offset: int) -> None:
    """Numbered items (一是…;二是…) are one action each, unnumbered prose one action a sentence."""
    if st.narrative is not None:
        _add_items(st.narrative.actions, text, offset)


def _add_items(target: list[TextItem], text: str, offset: int) -> None:
    """The items of a run of measures or actions (:func:`ingest.lines.split_items`), numbered on from ``target``'s."""
    for t, a, b in split_items(text, offset)[0]:
        target.append(TextItem(t, (a, b), len(target) + 1))


_PROBLEM_COUNTS = frozenset(("main_problems", "specific_problems"))
_STATUS_COUNTS = frozenset(("completed", "in_progress", "long_term"))


def _closes_fields(st: _State, line: Line) -> bool:
    """An unnumbered line after a problem's fields that is none of their items: a sentence stating only the
    status (目前,该问题已整改完成。, which the problem takes) or a summary counting the report's problems
    (截至…,反馈的5个问题已完成整改3个)."""
    m = closing_status(line.text)
    if m is not None:
        p = st.current
        if p.status is None:
            p.status, p.status_code = normalise_status(m.group())
            p.status_span = (line.start + m.start(), line.start + m.end())
        return True
    figures = claimed_figures(line.text)  # the report's problems counted, and how many are rectified
    return bool(figures.keys() & _PROBLEM_COUNTS) and bool(figures.keys() & _STATUS_COUNTS)


# What is still to be done, closing the account of what was done: 下一步将… / 剩余6个小区…计划2023年底前解决。
_PLAN_SENTENCE = re.compile(
    r"^(?:下一步|下步|今后|(?:剩余|其余|尚未完成|尚有)[^。]*?(?:计划|预计|将|争取|力争)"
    r"|[\u4e00-\u9fff]{0,10}?(?:党委|党组|党工委|党支部|领导班子)将(?:以此次|以本次|以巡[察视]整改|持续|继续|坚持|进一步|始终))"
)


# The report's closing appeal run on after the last problem: …欢迎…监督。联系电话:…
_CLOSING_APPEAL = re.compile(r"欢迎.{0,60}?(?:联系电话|电子邮箱|邮政编码|通信地址|通讯地址|电话)")


def _drop_closing_plans(p: Problem) -> None:
    """Sentences closing the actions that say what is still to come are no action taken (the annotations leave
    them out, and they would inflate the actions a report discloses), nor is the report's closing appeal for
    comments with its contact details; the report's text keeps both."""
    while len(p.actions) > 1 and (_PLAN_SENTENCE.match(p.actions[-1].text)
                                  or _CLOSING_APPEAL.search(p.actions[-1].text)):
        p.actions.pop()


def _status_from_closing_sentence(p: Problem) -> None:
    """A status stated only in the prose of what was done (…建立比对机制。目前已完成整改。): the last action
    sentence, when it states nothing but the status, gives the problem its status and is no longer an action."""
    last = p.actions[-1]
    rate = _RATE_SENTENCE.match(last.text)
    if rate:  # 整改率100%。: done when it is all done, under way below that
        p.status, p.status_code = rate.group("v"), _percent_status(rate.group("v"))
        p.status_span = (last.span[0] + rate.start("v"), last.span[0] + rate.end("v"))
        p.actions.pop()
        return
    m = closing_status(last.text)
    if m is not None:
        p.status, p.status_code = normalise_status(m.group())
        a = last.span[0] + m.start()
        p.status_span = (a, a + len(m.group()))
        p.actions.pop()
        return
    # a numbered item's last sentence: 二是新建实践基地16个。目前已完成整改。
    cut = last.text.rfind("。", 0, len(last.text) - 1) + 1
    m = closing_status(last.text[cut:]) if cut else None
    if m is None:  # the last clause of the last sentence: …全年开展专题学习12次,已整改到位。
        cut = last.text.rfind(",", 0, len(last.text) - 1) + 1
        m = closing_status(last.text[cut:]) if cut else None
        if m is None or (m.group() in _BARE_COMPLETION and not last.text.startswith("整改", cut + m.end())):
            return  # …已补记录3本,已完成。: 已完成 may say the clause before it is done (not so 已完成整改)
    p.status, p.status_code = normalise_status(m.group())
    a = last.span[0] + cut + m.start()
    p.status_span = (a, a + len(m.group()))
    if last.text[cut - 1] == ",":
        cut -= 1  # the clause before keeps no dangling comma
    last.text = last.text[:cut]
    last.span = (last.span[0], last.span[0] + cut)


def _field_after_meta(fields: list, i: int) -> object:
    """The field on the line after line ``i``, looking past who is responsible, what the target is and by when
    (问题一:X / 整改目标:… / 责任领导:… / 整改时限:… / 整改措施:…), when the lines between are only such fields."""
    for fld in fields[i + 1 : i + 6]:
        if fld is None or fld.kind not in ("meta", "deadline"):
            return fld
    return None


def _starts_problem(st: _State, mk: Marker | None, body: str, nxt: object) -> bool:
    """A heading (or plain line) followed by 整改措施, or a numbered heading ending in (已完成)."""
    kind = getattr(nxt, "kind", None)
    if kind == "measures":
        return True
    if kind == "problem" and nxt.label in _DESCRIBES:  # 问题一:X / 问题描述:…: X is the problem described
        return mk is not None and ("问题" in mk.label or mk.rank >= 3) and not _ASPECT_LINE.match(body)
    if kind in ("actions", "status") and (st.section is None or st.section_inline):
        return mk is not None or st.current is None or bool(st.current.measures or st.current.actions)
    if kind in ("actions", "status") and mk is not None and st.current is not None:
        return mk.rank == st.narrative_rank  # after a numbered list: a heading ranked like the open problem's
    return mk is not None and not mk.circled and bool(heading_status(body) or LEADING_STATUS.match(body)
                                                      or _status_sentence_after(body) is not None)


# words that name a defect: a line holding one may be the next problem, not more of the last one's measures
_DEFECT_WORDS = re.compile(r"问题|不到位|不规范|不严|不够|不足|不力|不高|不强|不及时|不完善|不健全|滞后|薄弱|缺失|缺位|偏弱|偏少|欠缺|流于形式")


def _continues_inline_measures(st: _State, mk: Marker | None, body: str) -> bool:
    """整改措施:一是…; / 二是…;三是… (a list wrapped onto the next line) or 整改措施:修订规则。/ 建立制度,每半年报告。
    (the measures go on in a second paragraph), just before 整改情况: more measures, not a problem of its own."""
    p = st.current
    if p is None or st.section != "measures" or not st.section_inline or not p.measures or p.actions:
        return False
    if mk is not None:
        return mk.rank == 5 and mk.number == len(p.measures) + 1  # 二是 after 一是
    return body.endswith(("。", ";")) and not _DEFECT_WORDS.search(body)


def _continues_problems(st: _State, mk: Marker | None, body: str, same_style: bool = False) -> bool:
    """``mk`` numbers the problem after the last one (3 after 2, in any style: 1. 2. (三) is one list that
    slipped), with no heading between them; an aspect (…方面) is no problem whatever its number."""
    if mk is None or st.current is None or mk.circled or mk.number is None:
        return False
    prev = _last_marker(st)
    if prev is None or prev.number is None or mk.number != prev.number + 1 or _ASPECT_LINE.match(body):
        return False
    return not same_style or (_style(prev) == _style(mk) and prev.rank == mk.rank)


def _problem_rank(st: _State, mk: Marker | None) -> float:
    """The rank a problem heading stands at: its marker's, or its sibling's when it goes on with their numbering."""
    if mk is None:
        return _UNMARKED_RANK
    if _continues_problems(st, mk, mk.body):
        return _last_marker(st).rank
    return mk.rank


def _last_marker(st: _State) -> Marker | None:
    """The numbering marker of the last problem's heading (worked out once a problem)."""
    last = st.problems[-1]
    if st.last_marker[0] != last.id:
        st.last_marker = (last.id, heading_marker(last.heading))
    return st.last_marker[1]


def _is_prose(line: Line, fld) -> bool:
    """An unnumbered sentence, not a field: what was done, told after a problem heading."""
    return fld is None and heading_marker(line.text) is None and line.text.endswith(_SENTENCE_CLOSE[:4])


def _is_item(st: _State, line: Line, mk: Marker | None) -> bool:
    """A line inside an open field that continues its list (①… or one more item in the same style)."""
    if st.section is None or st.section_inline:
        return False
    if mk is None:
        return starts_with_item_marker(line.text)
    if mk.number is not None and mk.number != (st.item_number or 0) + 1:
        return False  # 1.… 2.… 3.… then 2.Y: a line that does not go on with the list's numbering ends it
    if mk.circled:
        return True
    style = _style(mk)
    return st.item_style is None or style == st.item_style


def _style(mk: Marker) -> str:
    label = mk.label
    if label[:1] == "(":
        return "paren-cn" if not any(c.isdigit() for c in label) else "paren"
    if label[:1].isdigit():
        return "digit"
    if label.endswith("是"):
        return "shi"
    return "cn"


def _on_field(st: _State, line: Line, fld) -> None:
    p = st.current
    if p is None:
        return
    if st.narrative is p:  # a fielded problem: lines before its first field were not its actions
        p.actions.clear()
    st.narrative = None
    if fld.kind in ("measures", "actions"):
        st.section = fld.kind
        if _PLACEHOLDER.match(fld.rest.strip()):  # 整改措施:无 / 整改情况:(空): a field left empty
            st.section_inline = True
            return
        st.section_inline = bool(fld.rest.strip())
        st.item_style = None
        st.item_number = None
        if st.section_inline:
            offset = line.start + fld.rest_offset
            rest = _take_trailing_status(st, fld.rest, offset)
            lead = LEADING_STATUS.match(rest)
            if lead and lead.end() < len(rest):  # 整改结果:【已完成】已修订… : the status first, then what was done
                if p.status is None:
                    p.status, p.status_code = normalise_status(lead.group("s"))
                    p.status_span = (offset + lead.start("s"), offset + lead.end("s"))
                rest, offset = rest[lead.end() :], offset + lead.end()
            _add_items(p.measures if fld.kind == "measures" else p.actions, rest, offset)
        return
    st.section = None
    if fld.kind in ("problem", "meta"):
        return
    answer = yes_no_status(fld.label, fld.rest)
    if answer:  # 是否完成整改:是
        p.status, p.status_code = normalise_status(answer)
        a = line.start + fld.rest_offset + len(fld.rest) - len(fld.rest.lstrip())
        p.status_span = (a, a + len(fld.rest.strip().rstrip("。.")))
        return
    m = status_in(fld.rest)
    if fld.kind == "deadline" and fld.rest.strip():  # 完成时限:长期坚持 is a deadline and a status
        p.deadline = fld.rest.strip().rstrip("。.")
    if m and (fld.kind == "status" or states_status(fld.rest)):
        p.status, p.status_code = normalise_status(m.group())
        a = line.start + fld.rest_offset + m.start()
        p.status_span = (a, a + len(m.group()))
        if fld.kind == "deadline":
            st.deadline_status.add(p.id)
    elif fld.kind == "status" and _PERCENT_DONE.match(fld.rest.strip()):  # 完成进度:80%
        value = fld.rest.strip().rstrip("。.")
        p.status, p.status_code = value, _percent_status(value)
        a = line.start + fld.rest_offset + len(fld.rest) - len(fld.rest.lstrip())
        p.status_span = (a, a + len(value))
    elif fld.kind == "status" and fld.rest.strip():
        p.status = fld.rest.strip().rstrip("。.")
        p.status_code = None


def _add_line_item(st: _State, line: Line) -> None:
    p = st.current
    if p is None or st.section is None:
        return
    target = p.measures if st.section == "measures" else p.actions
    body, cut = strip_item_marker(_take_trailing_status(st, line.text, line.start))
    mk = heading_marker(line.text)
    if mk is not None and st.item_style is None and not mk.circled:
        st.item_style = _style(mk)
    if mk is not None:
        st.item_number = mk.number
    text = body.strip().rstrip(";,").rstrip()
    if not text:
        return
    a = line.start + cut + (len(body) - len(body.lstrip()))
    target.append(TextItem(text, (a, a + len(text)), len(target) + 1))


def _take_trailing_status(st: _State, text: str, offset: int) -> str:
    """Strip a status closing a measure/action line (…已更换灭火器。【已完成】) and give it to the problem."""
    if st.current is None or not text.endswith(_BRACKET_ENDS):
        return text
    m = heading_status(text)
    if m is None:
        return text
    if st.current.status is None:
        st.current.status, st.current.status_code = normalise_status(m.group("s"))
        st.current.status_span = (offset + m.start("s"), offset + m.end("s"))
    return text[: m.start()].rstrip()


_DESCRIBED = re.compile(r"(?:巡视|巡察)?(?:组)?(?:反馈意见|反馈)?指出[,:]?|具体表现为[,:]?|主要表现为[,:]?")
# the sentence after the feedback that starts telling what was done: 。整改中,… / 。针对该问题,… / 。厅党组一是…
_DONE_AFTER_DESCRIPTION = re.compile(
    r"。(?=整改中|整改过程中|整改工作中|针对(?:该|上述|这一|此|这些)|对此|为此|[\u4e00-\u9fff]{0,8}?(?:党组|党委|党工委)(?:一是|高度重视|坚持|采取))"
)


def _on_frames(st: _State, line: Line, mk: Marker | None, body: str, body_offset: int, frames) -> None:
    rank = mk.rank if mk else _UNMARKED_RANK
    for frame in frames:
        a, b = body_offset + frame.start, body_offset + frame.end
        if frame.kind == "main":
            _close_scopes(st, rank)
            p = _new_problem(st, frame.text, (a, b), line, parent=None)
            p.level = "main"
            st.main, st.main_rank = p, rank
        else:
            parent = st.main.id if st.main is not None else None
            _new_problem(st, frame.text, (a, b), line, parent=parent)
    st.narrative_rank = rank
    m = heading_status(body)
    if m and st.current is not None:
        st.current.status, st.current.status_code = normalise_status(m.group("s"))
        s = body_offset + m.start("s")
        st.current.status_span = (s, s + len(m.group("s")))
    rest = after_frames(body, frames)
    described = _DESCRIBED.match(body, rest)
    if described:  # 关于X的问题。反馈意见指出,A。B。整改中,…: the feedback describes X; what was done starts after it
        done = _DONE_AFTER_DESCRIPTION.search(body, described.end())
        if done:
            rest = done.start() + 1
    if rest < (m.start() if m else len(body)):  # 关于X的问题。一是…;二是…: what was done, on the heading's line
        _add_narrative(st, body[rest : m.start() if m else len(body)], body_offset + rest)


def _open_statement(st: _State, line: Line, rank: int, body: str, body_offset: int, statement) -> None:
    """A problem stated without quotes (1.X的问题。… / 针对X的问题,…); the rest of the line is what was done."""
    _open_problem(st, rank, statement.text, body_offset + statement.start, line)
    rest = after_frames(body, [statement])
    if rest < len(body):
        _add_narrative(st, body[rest:], body_offset + rest)


def _open_problem(st: _State, rank: int, body: str, body_offset: int, line: Line) -> None:
    while st.categories and st.categories[-1][3] >= rank:  # 一、X问题 ends the (一) category before it
        if st.fresh_category and st.categories[-1][0] > 1:
            # the first problem right under a heading is in it whatever their markers' ranks (一是X方面 / ①Y)
            top = st.categories[-1]
            st.categories[-1] = (*top[:3], rank - 0.5)
            break
        st.categories.pop()
    code = _PROBLEM_CODE.match(body)
    if code and code.end() < len(body):  # 2023-XC-01 X / W-01:X: the ledger's number for the problem is no text
        body, body_offset = body[code.end() :], body_offset + code.end()
    lead = LEADING_STATUS.match(body)
    if lead:
        body, body_offset = body[lead.end() :], body_offset + lead.end()
    m = heading_status(body)
    sentence = _status_sentence_after(body) if m is None else None
    if sentence is not None:  # 1.X。已整改。: a problem told in one sentence, then its status in one
        cut, said = sentence
        _open_problem(st, rank, body[:cut], body_offset, line)
        p = st.problems[-1]
        p.status, p.status_code = normalise_status(said.group())
        p.status_span = (body_offset + cut + said.start(), body_offset + cut + said.end())
        return
    text = body[: m.start()] if m else body
    # 1)X。镇党委对…(已完成): a paragraph closed by its status states the problem, then what was done
    done = _WHAT_WAS_DONE.search(text) if m else None
    if done:
        text = text[: done.start() + 1]
    text = text.strip().rstrip("。.;;:,")
    parent = None
    main = st.main
    if main is not None and rank > st.main_rank and not (main.measures or main.status or main.actions and st.narrative is not main):
        parent = main.id
    elif main is not None:
        st.main = None  # a lower heading closes the main problem, and so does the main problem's own rectification
    p = _new_problem(st, text, (body_offset, body_offset + len(text)), line, parent=parent)
    st.narrative_rank = rank
    if m:
        p.status, p.status_code = normalise_status(m.group("s"))
        s = body_offset + m.start("s")
        p.status_span = (s, s + len(m.group("s")))
    elif lead:
        p.status, p.status_code = normalise_status(lead.group("s"))
        s = body_offset - lead.end() + lead.start("s")
        p.status_span = (s, s + len(lead.group("s")))
    if done:
        st.narrative = p
        _add_narrative(st, body[done.end() : m.start()], body_offset + done.end())


# A sentence telling what was done, after the problem's own: 镇党委对… / 修订完善《…》 / 对全镇43名党员…
_WHAT_WAS_DONE = re.compile(
    r"。(?=(?:[\u4e00-\u9fff]{1,8}?(?:党委|党组|党工委|党支部|人民政府|政府|纪委|局|委员会|委|办公室|中心|公司|集团"
    r"|学校|学院|医院))?(?:已|对|向|按|组织|开展|建立|制定|修订|出台|完善|印发|召开|成立|组建|实行|推行|落实|启动|完成"
    r"|采取|督促|约谈|清理|追回|排查|补齐|引进|新建|配齐|选派|调整|重新|全面|逐一|专题|集中))"
)


# 针对第1个问题,… / 关于第二项问题:… : a paragraph answering a problem the report listed earlier by its number
_ANSWERS_NUMBER = re.compile(r"^(?:针对|关于|对于|对)(?:巡察|巡视)?(?:反馈的?)?第\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})\s*"
                             r"(?:个|项|条)?问题\s*(?:的整改)?[,:]?")


def _listed_then_answered(lines: list[Line]) -> list[Problem]:
    """Problems listed first (一、反馈的主要问题 / 1.X。 2.Y。) and answered later by their numbers (针对第1个问题,…):
    each listed item is a problem, and the paragraph answering it tells what was done. Only read when nothing else
    was, and only when at least two answers match listed numbers."""
    from ingest.values import chinese_number

    listed: dict[int, tuple[Line, Marker]] = {}
    answers: dict[int, tuple[Line, int]] = {}
    for line in lines:
        m = _ANSWERS_NUMBER.match(line.text)
        if m:
            n = int(m.group("n")) if m.group("n").isdigit() else chinese_number(m.group("n"))
            answers.setdefault(n, (line, m.end()))
            continue
        mk = heading_marker(line.text)
        if mk is not None and mk.rank >= 3 and not mk.circled and mk.number and not answers:
            listed.setdefault(mk.number, (line, mk))
    matched = sorted(n for n in answers if n in listed)
    if len(matched) < 2:
        return []
    out = []
    for n in matched:
        line, mk = listed[n]
        body_start = line.start + len(line.text) - len(mk.body)
        text = mk.body.rstrip("。.;;")
        p = Problem(id=f"P{len(out) + 1:02d}", text=text, span=(body_start, body_start + len(text)), heading=line.text)
        answer, cut = answers[n]
        _add_items(p.actions, answer.text[cut:], answer.start + cut)
        out.append(p)
    return out


# a paragraph that answers the problem on the line above it: 对此,局党组… / 针对该问题,… / 局党组一是…
_ANSWER_OPENER = re.compile(r"^(?:对此|为此|针对(?:该|此|这一|上述)(?:个)?问题|整改中|[\u4e00-\u9fff]{0,8}?(?:党组|党委|党工委)一是)")


def _unlabelled_measures_after(lines: list[Line], fields: list, i: int, mk: Marker | None, body: str) -> list[int]:
    """Lines i+1.. numbered 1., 2., 3. … (two or more, each ending a clause) that end right before what was done
    (整改情况/状态…), under a numbered line that is not one of them: the measures of the problem on line i, their
    整改措施 label left out. Empty when the lines are anything else."""
    if mk is None or mk.circled or _ASPECT_LINE.match(body) or not body.endswith(("。", ".")):
        return []
    run: list[int] = []
    j = i + 1
    while j < len(lines) and fields[j] is None:
        item = heading_marker(lines[j].text)
        if item is None or item.number != len(run) + 1 or item.rank < 3 or item.circled \
                or not lines[j].text.endswith((";", "。")) or (run and _style(item) != style):
            break
        style = _style(item)
        run.append(j)
        j += 1
    follows = fields[j] if j < len(lines) else None
    if len(run) < 2 or getattr(follows, "kind", None) not in ("actions", "status"):
        return []
    return run  # numbered from 1 again under line i, so not going on with line i's own list


def _status_sentence_after(body: str) -> tuple[int, re.Match[str]] | None:
    """X。已整改。 / X。该问题已整改到位。: where the last sentence starts, and the status it states, when it
    states nothing else and a sentence comes before it."""
    end = body.rstrip("。. ")
    cut = end.rfind("。") + 1
    if cut <= 1 or "。" in body[: cut - 1]:  # one sentence, then the status: not X。针对该问题,…。目前已完成整改。
        return None
    said = closing_status(body[cut:])
    return (cut, said) if said is not None else None


def _new_problem(st: _State, text: str, span: tuple[int, int], line: Line, parent: str | None) -> Problem:
    p = Problem(
        id=f"P{len(st.problems) + 1:02d}",
        text=text,
        span=span,
        category=st.category_path(),
        parent=parent,
        heading=line.text,
    )
    st.problems.append(p)
    st.fresh_category = False
    if st.narrative is not None and parent == st.narrative.id:
        st.narrative.actions.clear()  # a main problem's lines before its first specific one describe it
    st.current = p
    st.section = None
    st.narrative = p
    if st.lead_status is not None and st.lead_status[1][0] >= line.start:
        p.status, p.status_code = normalise_status(st.lead_status[0])
        p.status_span = st.lead_status[1]
    if st.group is not None:
        st.group_of[p.id] = st.group[1]
    return p


def _close_scopes(st: _State, rank: int) -> None:
    if st.main is not None and rank <= st.main_rank:
        st.main = None


def _push_category(st: _State, mk: Marker, body: str) -> None:
    rank = mk.rank
    st.section = None
    st.current = None
    st.narrative = None
    _close_scopes(st, rank)
    while st.categories and st.categories[-1][0] >= rank:
        st.categories.pop()
    if st.group is not None and rank <= st.group[0]:
        st.group = None
    phrase = group_status(body)
    if phrase:
        st.group = (rank, phrase)
    # the category is the heading as written, as the annotations keep it: its count ((共5项), (6个)) stays (and is
    # read as a claim by figures.heading_figures), and so does a closing full stop (落实监督责任仍有欠缺问题。)
    name = body.strip().rstrip("::")  # a colon introduces what follows; a full stop is the heading's own, kept
    st.categories.append((rank, name or body.strip(), bool(phrase), rank))
    st.fresh_category = True
