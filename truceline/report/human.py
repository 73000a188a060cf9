"""The human-readable view of records: who said what, the acts, the terms, the incidents."""
from __future__ import annotations

import textwrap

from ..models import Actor, Agreement, Record


def _names(record: Record) -> dict[str, Actor]:
    return {a.id: a for a in record.actors}


def _who(actors: dict[str, Actor], ref: str | None) -> str:
    if ref is None:
        return "-"
    actor = actors.get(ref)
    return actor.name if actor else ref


def _date(value: object) -> str:
    return str(value) if value else "undated"


def render_record(record: Record, width: int = 100) -> str:
    d = record.document
    actors = _names(record)
    head = d.title or d.id
    meta = " · ".join(x for x in (d.outlet, _date(d.published) if d.published else None, d.language) if x)
    lines = [f"== {head}", f"   {meta}" if meta else "", f"   id {d.id}" + (f" · {d.source}" if d.source else "")]
    lines = [ln for ln in lines if ln]

    lines.append(f"-- who said what ({len(record.statements)})")
    for s in record.statements:
        via = f" [{s.channel}]" if s.channel else ""
        when = f" {s.date}" if s.date else ""
        quote = f"“{s.text}”" if s.kind == "direct" else s.text
        lines.append(textwrap.fill(f"{_who(actors, s.speaker)} ({s.cue or 'says'}{via}{when}): {quote}",
                                   width=width, initial_indent="   ", subsequent_indent="      "))

    if record.acts:
        lines.append(f"-- acts ({len(record.acts)})")
        for act in sorted(record.acts, key=lambda x: (str(x.date or "9999"), x.evidence.start)):
            target = f" → {_who(actors, act.target)}" if act.target else ""
            cond = " (conditional)" if act.conditional else ""
            lines.append(f"   {_date(act.date):<10} {_who(actors, act.actor)} {act.type}{cond} "
                         f"{act.subject}{target}")

    if record.agreements:
        lines.append(f"-- agreements ({len(record.agreements)})")
        for g in record.agreements:
            lines.extend(_agreement(g, actors))

    if record.incidents:
        lines.append(f"-- incidents ({len(record.incidents)})")
        lines.append(f"   {'date':<10} {'place':<24} {'target':<18} {'perpetrator':<22} claimed by")
        for i in record.incidents:
            place = i.location.name if i.location else "-"
            lines.append(f"   {_date(i.date):<10} {place[:24]:<24} {i.target:<18} "
                         f"{_who(actors, i.perpetrator)[:22]:<22} "
                         f"{_who(actors, i.claimed_by) if i.claimed_by else 'the outlet'}"
                         + (f" (denied by {', '.join(_who(actors, x) for x in i.denied_by)})" if i.denied_by else ""))
    return "\n".join(lines)


def _agreement(g: Agreement, actors: dict[str, Actor]) -> list[str]:
    parties = ", ".join(_who(actors, p) for p in g.parties) or "-"
    terms = []
    if g.scope:
        terms.append("scope " + ", ".join(g.scope))
    if g.duration_days is not None:
        terms.append(f"{g.duration_days} days")
    if g.start:
        terms.append(f"from {g.start}")
    if g.end:
        terms.append(f"to {g.end}")
    out = [f"   {g.subject} [{g.status}] between {parties}" + (f": {'; '.join(terms)}" if terms else "")]
    for v in g.versions:
        out.append(f"      version of {_who(actors, v.by)}: {v.terms}")
    for c in g.conditions:
        out.append(f"      condition by {_who(actors, c.by)}: {c.text}")
    return out
