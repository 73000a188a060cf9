"""The merged picture of a store, for people: agreements, acts, incidents, alleged violations."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store import Store


def render_store(store: Store) -> str:
    from ..assess import render_assessment
    from ..assess.stored import assess_store

    counts = store.counts()
    lines = ["== Truceline store: " + ", ".join(f"{k} {v}" for k, v in counts.items())]
    agreements = store.agreements()
    lines.append(f"-- agreements ({len(agreements)})")
    for g in agreements:
        lines.append(f"   {g.subject} [{g.status} as of {g.as_of or 'undated'}] between "
                     f"{', '.join(g.parties) or '-'} · {len(g.reports)} report(s)")
    acts = store.acts()
    lines.append(f"-- acts timeline ({len(acts)})")
    for a in sorted(acts, key=lambda x: (str(x.date or x.published or "9999"), x.id)):
        target = f" → {a.target}" if a.target else ""
        lines.append(f"   {str(a.date or 'undated'):<10} {a.actor or '-'} {a.type} {a.subject}{target}  [{a.document}]")
    incidents = store.incidents()
    lines.append(f"-- incidents ({len(incidents)})")
    for i in incidents:
        lines.append(f"   {str(i.date or 'undated'):<10} {(i.place or '-')[:28]:<28} {i.target:<18} "
                     f"by {i.perpetrator or '-'} · {len(i.reports)} report(s)")
    lines.append("-- alleged violations")
    lines.append(render_assessment(assess_store(store)))
    return "\n".join(lines)
