"""Jinja filters and globals the templates share (display only)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, request

from rectigraph.model import STATUS_CODES
from web.backend import organization_key, policy_key
from web.highlight import highlight_spans, highlight_terms

#: CSS class of each status badge.
STATUS_CLASS = {
    "completed": "ok",
    "in_progress": "progress",
    "long_term": "long",
    "partial": "partial",
    "not_started": "todo",
}

FIGURE_LABELS = {
    "main_problems": "主要问题",
    "specific_problems": "具体问题",
    "measures": "整改措施",
    "completed": "已完成",
    "in_progress": "正在推进中",
    "long_term": "长期坚持",
    "aspects": "问题方面",
    "tasks": "整改任务",
    "tasks_completed": "已完成任务",
    "tasks_in_progress": "推进中任务",
    "tasks_long_term": "需长期坚持任务",
    "rules_made": "建立完善制度",
    "rules_abolished": "废止制度",
    "similar_problems_found": "举一反三排查同类问题",
    "investigated": "立案审查调查（人）",
    "party_or_govt_sanctions": "党纪政务处分（人）",
    "party_discipline": "党纪处分（人）",
    "organisational_handling": "组织处理（人次）",
    "admonishment_talks": "诫勉谈话（人）",
    "reminder_talks": "提醒谈话（人次）",
    "criticism": "批评教育（人次）",
    "accountability": "问责（人次）",
    "clues_transferred": "移交问题线索（件）",
    "petitions_transferred": "移交信访件（件）",
    "money_recovered_wan": "追缴清退资金（万元）",
    "losses_recovered_wan": "挽回经济损失（万元）",
    "receivables_recovered_yi": "清收应收账款（亿元）",
    "as_of": "统计截至",
}

KIND_LABELS = {
    "problem": "问题",
    "measure": "整改措施",
    "action": "整改落实",
    "policy": "制度文件",
    "report": "通报",
    "organization": "机构",
    "family": "同类问题",
    "category": "类别",
    "any": "全部类型",
}


POLICY_KIND_LABELS = {
    "law": "法律法规",
    "party_regulation": "党内法规",
    "local_policy": "地方政策",
    "internal_rule": "内部制度",
    "plan": "方案计划",
    "form": "表单",
    "film": "影片",
    "other": "其他文件",
}


def status_label(code: str | None, raw: str | None = None) -> str:
    if code and code in STATUS_CODES:
        return STATUS_CODES[code]
    return raw or code or "未注明"


def status_class(code: str | None) -> str:
    return STATUS_CLASS.get(code or "", "none")


def url_with(**changes: Any) -> str:
    """The current URL with some query parameters changed (None removes one)."""
    args = {k: v for k, v in request.args.items()}
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = str(value)
    query = urlencode(args)
    return f"{request.path}?{query}" if query else request.path


def iri_page(iri: str) -> str | None:
    """The page of an IRI this library minted (report, problem, policy, organisation, family), else None."""
    from graph.namespace import ID

    if not iri.startswith(ID):
        return None
    rest = iri[len(ID):].split("/")
    if rest[0] == "report" and len(rest) == 2:
        return f"/report/{rest[1]}"
    if rest[0] == "report" and len(rest) == 4 and rest[2] == "problem":
        return f"/report/{rest[1]}/problem/{rest[3]}"
    if rest[0] in ("policy", "organization", "family") and len(rest) == 2:
        return f"/{rest[0]}/{rest[1]}"
    return None


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        highlight_spans=highlight_spans,
        highlight_terms=highlight_terms,
        status_label=status_label,
        status_class=status_class,
        policy_key=policy_key,
        organization_key=organization_key,
        iri_page=iri_page,
    )
    app.jinja_env.globals.update(
        url_with=url_with,
        FIGURE_LABELS=FIGURE_LABELS,
        KIND_LABELS=KIND_LABELS,
        STATUS_CODES=STATUS_CODES,
        POLICY_KIND_LABELS=POLICY_KIND_LABELS,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
