"""The merged picture of a store, for people: agreements, acts, incidents, alleged violations.

A store of a real ingest holds thousands of acts and incidents, so each list is paged: ``limit`` items per
section (newest first), ``page`` counting from 1, and a line saying how many more there are and how to see
them. Counts carry the one meaning each label has everywhere: incidents are merged incidents not rejected
in review (``truceline.store.reviewed.incident_count``), alleged violations are incidents inside at least
one agreement's window (``truceline.assess.stored.alleged_count``).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ..store import Store

#: items per section unless the caller asks for another number (or for all)
DEFAULT_LIMIT = 20

_T = TypeVar("_T")


def render_store(store: Store, *, limit: int | None = DEFAULT_LIMIT, page: int = 1) -> str:
    """The store's picture: counts, then agreements, acts, incidents and alleged violations, each newest
    first, ``limit`` a section (every one when None) from page ``page``."""
    from ..assess import stored
    from ..store import reviewed
    from .exports import reviewed_incidents

    if limit is not None and limit < 1:
        raise ValueError("limit must be at least 1")
    page = max(1, page)
    counts = store.counts()
    with store.read() as conn:
        incident_total = reviewed.incident_count(conn)
        alleged = stored.alleged_count(conn)
        per_side = stored.alleged_per_side(conn)
        agreements = stored.agreements(conn)
        violations = stored.violations(conn, limit=None)
    address = store.engine.url.database if store.engine.dialect.name == "sqlite" else store.url
    lines = [f"== Truceline store {address}: {counts['documents']} documents ({counts['copies']} copies), "
             f"{counts['actors']} actors, {counts['statements']} statements, {counts['acts']} acts, "
             f"{incident_total} incidents, {len(agreements)} agreements, {alleged} alleged violations"]

    def section(title: str, items: Sequence[_T], show: Callable[[_T], str]) -> None:
        lines.append(f"-- {title}")
        lines.extend(_page(items, limit, page, show))

    agreements.sort(key=lambda g: (g.as_of or dt.date.min, g.id), reverse=True)
    section(f"agreements ({len(agreements)}, newest status first)", agreements,
            lambda g: f"   {g.subject} [{g.status} as of {g.as_of or 'undated'}] between "
                      f"{', '.join(g.parties) or '-'} · {len(g.accounts)} report(s)")
    acts = sorted(store.acts(), key=lambda a: (a.date or a.published or dt.date.min, a.id), reverse=True)
    section(f"acts timeline ({len(acts)}, newest first)", acts,
            lambda a: f"   {str(a.date or 'undated'):<10} {a.actor or '-'} {a.type} {a.subject}"
                      f"{' → ' + a.target if a.target else ''}  [{a.document}]")
    incidents = reviewed_incidents(store, store.incidents())
    incidents.sort(key=lambda i: (i.date or dt.date.min, i.id), reverse=True)
    section(f"incidents ({len(incidents)}, newest first)", incidents,
            lambda i: f"   {str(i.date or 'undated'):<10} {(i.place or '-')[:28]:<28} {i.target:<18} "
                      f"by {i.perpetrator or '-'} · {len(i.reports)} report(s)")
    sides = ", ".join(f"{side} {n}" for side, n in per_side.items())
    section(f"alleged violations ({alleged}{'; by accused side: ' + sides if sides else ''}; claims reported "
            f"in the news, not findings; newest first)", violations, _violation)
    if len(violations) != alleged:
        lines.append(f"   ({len(violations)} lines for {alleged} alleged violations: an incident inside several "
                     "agreements' windows is listed under each)")
    return "\n".join(lines)


def _violation(v: Any) -> str:
    place = (v.place or "place unknown") + (f" ({v.admin1})" if v.admin1 else "")
    who = f"claimed by {', '.join(v.claimed_by)}" if v.claimed_by else "reported by the outlet"
    return (f"   {str(v.date or 'undated'):<10} {place}: {v.target}{' by ' + v.weapon if v.weapon else ''}; "
            f"{v.accused} accused, {who} [{v.subject}, {v.version} version]")


def _page(items: Sequence[_T], limit: int | None, page: int, show: Callable[[_T], str]) -> list[str]:
    """One page of a section's lines, and a line on what is left."""
    if not items:
        return ["   (none)"]
    if limit is None:
        return [show(x) for x in items]
    start = (page - 1) * limit
    if start >= len(items):
        return [f"   (page {page} is past the end: {len(items)} in all)"]
    out = [show(x) for x in items[start:start + limit]]
    left = len(items) - start - len(out)
    if left > 0:
        out.append(f"   … {left} more (--page {page + 1} for the next {min(limit, left)}, --all for every one)")
    return out
