"""All entity mentions of one report: policies, organisations, people, dates, money, percentages.

:func:`extract_entities` is what the parser calls on the normalised text; each kind lives in a module of
its own (:mod:`ingest.policies`, :mod:`ingest.organizations`, :mod:`ingest.people`, :mod:`ingest.values`).
The issuer's name gives the context that resolves aliases (市科技局 -> 大连市科学技术局) and a year for
dates written without one.

>>> e = extract_entities("8月4日,市委第五巡察组向市科技局党组反馈。制定《市科技局内部审计工作暂行规定》。",
...                      issuer="中共大连市科学技术局党组", year=2022)
>>> e.dates[0].value, e.policies[0].canonical, e.organizations[0].canonical
('2022-08-04', '大连市科学技术局内部审计工作暂行规定', '中共大连市委第五巡察组')
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from rectigraph.model import OrganizationMention, PersonMention, PolicyMention, Span, ValueMention

from ingest.organizations import IssuerProfile, extract_organizations
from ingest.people import extract_people
from ingest.policies import extract_policies
from ingest.values import extract_amounts, extract_dates, extract_percentages

__all__ = ["Entities", "extract_entities"]


@dataclass
class Entities:
    policies: list[PolicyMention] = field(default_factory=list)
    organizations: list[OrganizationMention] = field(default_factory=list)
    people: list[PersonMention] = field(default_factory=list)
    dates: list[ValueMention] = field(default_factory=list)
    amounts: list[ValueMention] = field(default_factory=list)
    percentages: list[ValueMention] = field(default_factory=list)

    def policies_in(self, span: Span) -> list[str]:
        """Canonical titles of the policies mentioned inside ``span`` (for a measure's or action's ``policies``)."""
        return _names_in(self.policies, span, lambda p: p.canonical)

    def organizations_in(self, span: Span) -> list[str]:
        """Canonical names of the organisations mentioned inside ``span``."""
        return _names_in(self.organizations, span, lambda o: o.canonical)


def _names_in(mentions, span: Span, name) -> list[str]:
    start, end = span
    out = []
    for mention in mentions:
        spans = mention.spans
        i = bisect_left(spans, (start, -1))
        if i < len(spans) and spans[i][1] <= end:
            out.append(name(mention))
    return out


def extract_entities(text: str, *, issuer: str | None = None, year: int | None = None) -> Entities:
    """Every entity mention in a report's normalised ``text``, resolved in the context of its ``issuer``.

    ``year`` is used for dates written without a year when no full date precedes them on the same line.
    """
    profile = IssuerProfile.from_issuer(issuer)
    profile.learn_aliases(text)
    profile.learn_region(text)
    return Entities(
        policies=extract_policies(text, profile),
        organizations=extract_organizations(text, profile),
        people=extract_people(text),
        dates=extract_dates(text, year=year),
        amounts=extract_amounts(text),
        percentages=extract_percentages(text),
    )
