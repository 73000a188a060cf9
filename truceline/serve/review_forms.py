"""The review forms of the pages (document, incident): which inputs each kind of item gets, and their post.

Every correctable field (``truceline.store.corrections.FIELDS``) has an input. Actors are typed by name
with suggestions (``/api/lookup/actors``, ``static/review.js``), places picked from the gazetteer
(``/api/lookup/places``); the store resolves names and places (``truceline.store.corrections``). A blank
input leaves its field as it is; ``-`` clears an actor (no claimant, nobody denies it). Without script
the same inputs take a name, which must match one actor (or a place name, the gazetteer's best match).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from truceline.models import ACT_TYPES, CHANNELS, STATEMENT_KINDS, STATUSES, SUBJECTS, TARGETS, WEAPONS

from . import review
from .render import local
from .security import Ident, engine_of, form_writer

router = APIRouter(include_in_schema=False)
#: what a reviewer types to clear an actor field
CLEAR = ("-", "none", "nobody")


@dataclass(frozen=True)
class Input:
    name: str
    label: str
    #: text, actor, actors, place, date, number, select, scope
    widget: str
    options: tuple[str, ...] = ()
    #: the item's key whose value the input shows as its placeholder
    shows: str = ""


FORMS: dict[str, tuple[Input, ...]] = {
    "statement": (Input("speaker", "speaker", "actor", shows="speaker"),
                  Input("channel", "channel", "select", CHANNELS, "channel"),
                  Input("kind", "kind", "select", STATEMENT_KINDS, "kind"), Input("date", "date", "date", shows="date"),
                  Input("text", "text", "text", shows="text"), Input("cue", "cue", "text", shows="cue")),
    "act": (Input("actor", "actor", "actor", shows="actor"), Input("type", "type", "select", ACT_TYPES, "type"),
            Input("target", "target", "actor", shows="target"), Input("date", "date", "date", shows="date"),
            Input("subject", "subject", "select", SUBJECTS, "subject"), Input("text", "text", "text", shows="text"),
            Input("conditional", "conditional", "select", ("yes", "no"), "conditional")),
    "incident": (Input("place", "place", "place", shows="place"),
                 Input("perpetrator", "perpetrator", "actor", shows="perpetrator"),
                 Input("claimed_by", "claimant", "actor", shows="claimed_by"),
                 Input("denied_by", "deniers", "actors", shows="denied_by"),
                 Input("date", "date", "date", shows="date"),
                 Input("target", "target (class)", "select", TARGETS, "target"),
                 Input("weapon", "weapon", "select", WEAPONS, "weapon"),
                 Input("fatalities", "fatalities", "number", shows="fatalities")),
    "agreement": (Input("status", "status", "select", STATUSES, "status"),
                  Input("parties", "parties", "actors", shows="parties"),
                  Input("start", "start", "date", shows="start"),
                  Input("end", "end", "date", shows="end"),
                  Input("duration_days", "duration (days)", "number", shows="duration_days"),
                  Input("scope", "scope", "scope", shows="scope")),
}


def shown(item: dict[str, Any], field: Input) -> str:
    """What an input shows of the item now (its placeholder)."""
    if field.shows == "place":
        return str((item.get("location") or {}).get("name") or "")
    value = item.get(field.shows)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value if v) if field.widget == "actors" else ", ".join(map(str, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def changes_of(kind: str, form: Any) -> dict[str, Any]:
    """The correction a posted form asks for: only the inputs filled in."""
    out: dict[str, Any] = {}
    for field in FORMS.get(kind, ()):
        value = str(form.get(field.name, "")).strip()
        if field.widget == "place":
            ref = str(form.get("place_ref", "")).strip()
            value = ref or value
        if not value:
            continue
        if field.widget == "actor" and value.lower() in CLEAR:
            out[field.name] = None
        elif field.widget == "actors":
            out[field.name] = [] if value.lower() in CLEAR else [v.strip() for v in value.split(";") if v.strip()]
        elif field.name == "conditional":
            out[field.name] = value == "yes"
        else:
            out[field.name] = value
    return out


@router.post("/review/{kind}/{ident}")
async def review_post(request: Request, kind: str, ident: Ident) -> Response:
    """Confirm, correct or reject one item from a page's form; back to the page at the item."""
    form = await request.form()
    principal = form_writer(request, "analyst", str(form.get("csrf_token", "")))
    action = str(form.get("action", ""))
    changes = changes_of(kind, form) if action == "correct" else {}
    review.review_item(engine_of(request), principal, kind, ident, action, changes,
                       str(form.get("note", "")).strip() or None)
    back = local(str(form.get("back", "/")))
    anchor = str(form.get("anchor", "")).strip() or f"{kind}-{ident}"
    return RedirectResponse(f"{back}#{anchor}", status_code=303)
