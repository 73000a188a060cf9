"""Rendering the dashboard's pages (Jinja2, autoescaped) and the helpers every page module shares."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from truceline.errors import AccessError
from truceline.views.templates import env

OptDay = Annotated[str | None, Query()]
#: rows per page of the dashboard's long lists
PAGE = 100


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    principal = getattr(request.state, "principal", None)
    html = env.get_template(name).render(request=request, user=principal, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


def day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise AccessError(f"{value!r} is not a YYYY-MM-DD date", 422) from exc


def number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def local(target: str) -> str:
    # Only paths on this site: "//evil.example" and "https://..." would send the user elsewhere.
    return target if target.startswith("/") and not target.startswith("//") else "/"


def pager(total: int, offset: int, limit: int) -> dict[str, int | None]:
    """Where a page of a list is: its first and last row (1-based), and the offsets of its neighbours."""
    offset = max(0, min(offset, max(0, total - 1)))
    return {"total": total, "first": offset + 1 if total else 0, "last": min(total, offset + limit),
            "offset": offset, "limit": limit, "previous": max(0, offset - limit) if offset > 0 else None,
            "next": offset + limit if offset + limit < total else None,
            "final": (total - 1) // limit * limit if total > limit else None}
