"""SVG charts written as text: bars per side per day, and an acts timeline. Used by the dashboard and by
the briefs (``truceline.report.brief``), so a brief looks like the screen and needs no script to draw.

Every label that may come from data is escaped.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

SIDE_COLOURS = {"RUS": "#b03a2e", "UKR": "#1f618d", "USA": "#7d6608", "BLR": "#6c3483"}
OTHER_COLOURS = ("#117a65", "#af601a", "#5d6d7e", "#884ea0", "#2e86c1")
TARGET_COLOURS = {"energy": "#d68910", "nuclear": "#c0392b", "residential": "#2874a6", "medical": "#cb4335",
                  "civilian_infrastructure": "#7d3c98", "military": "#566573", "other": "#909497"}
#: regions without incidents, tinted by country so borders between states read at a glance.
COUNTRY_TINTS = {"UKR": "#fdfefe", "RUS": "#e5e8e8", "BLR": "#eef0f0", "MDA": "#eef0f0"}
ACT_COLOURS = {"propose": "#2e86c1", "accept": "#229954", "agree": "#1e8449", "halt": "#17a589",
               "meet": "#5d6d7e", "demand": "#b9770e", "reject": "#c0392b", "end": "#922b21",
               "accuse": "#cb4335", "deny": "#7d3c98"}


def side_colour(side: str, order: list[str]) -> str:
    if side in SIDE_COLOURS:
        return SIDE_COLOURS[side]
    return OTHER_COLOURS[order.index(side) % len(OTHER_COLOURS)] if side in order else OTHER_COLOURS[0]


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def bars_per_day(series: Mapping[str, Mapping[str, int]], title: str, *, width: int = 720, height: int = 220,
                 empty: str = "nothing to show") -> Markup:
    """Stacked bars: one per day (every day between the first and the last shown), one colour per side."""
    pad_l, pad_r, pad_t, pad_b = 36, 10, 26, 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
           f'<text x="{pad_l}" y="16" class="chart-title">{escape(title)}</text>']
    days = sorted(dt.date.fromisoformat(d) for d in series)
    if not days:
        out.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" class="chart-empty">'
                   f'{escape(empty)}</text></svg>')
        return Markup("".join(out))
    span = _days(days[0], days[-1])[-120:]
    sides = sorted({s for day in series.values() for s in day})
    top = max(sum(series.get(d.isoformat(), {}).values()) for d in span) or 1
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b
    step = plot_w / len(span)
    bar = max(1.0, min(step * 0.8, 36.0))
    out.append(f'<line x1="{pad_l}" y1="{pad_t + plot_h}" x2="{width - pad_r}" y2="{pad_t + plot_h}" '
               'stroke="#999"/>')
    out.append(f'<text x="{pad_l - 4}" y="{pad_t + 4}" text-anchor="end" class="axis">{top}</text>'
               f'<text x="{pad_l - 4}" y="{pad_t + plot_h}" text-anchor="end" class="axis">0</text>')
    for n, day in enumerate(span):
        x = pad_l + n * step + (step - bar) / 2
        y = float(pad_t + plot_h)
        counts = series.get(day.isoformat(), {})
        for side in sides:
            value = counts.get(side, 0)
            if not value:
                continue
            h = value / top * plot_h
            y -= h
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                       f'fill="{side_colour(side, sides)}" data-side="{escape(side)}" data-day="{day}">'
                       f'<title>{day} {escape(side)}: {value}</title></rect>')
        if n % max(1, len(span) // 6) == 0 or n == len(span) - 1:
            out.append(f'<text x="{pad_l + n * step + step / 2:.1f}" y="{height - 22}" text-anchor="middle" '
                       f'class="axis">{day:%d %b}</text>')
    for n, side in enumerate(sides):
        out.append(f'<rect x="{pad_l + n * 90}" y="{height - 13}" width="10" height="10" '
                   f'fill="{side_colour(side, sides)}"/><text x="{pad_l + n * 90 + 14}" y="{height - 4}" '
                   f'class="legend">{escape(side)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def acts_timeline(acts: Iterable[Mapping[str, Any]], title: str, *, width: int = 720, height: int = 0) -> Markup:
    """Dots on a time axis, one row per subject, coloured by act type."""
    rows = [a for a in acts if a.get("date")]
    subjects = sorted({a["subject"] for a in rows})
    height = height or 50 + 22 * max(1, len(subjects)) + 30
    pad_l, pad_r, pad_t = 130, 14, 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
           f'<text x="8" y="16" class="chart-title">{escape(title)}</text>']
    if not rows:
        out.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" class="chart-empty">no acts</text>'
                   "</svg>")
        return Markup("".join(out))
    dates = sorted(dt.date.fromisoformat(a["date"]) for a in rows)
    first, last = dates[0], dates[-1]
    days = max(1, (last - first).days)
    plot_w = width - pad_l - pad_r
    for n, subject in enumerate(subjects):
        y = pad_t + 11 + n * 22
        out.append(f'<text x="{pad_l - 8}" y="{y + 4}" text-anchor="end" class="axis">{escape(subject)}</text>'
                   f'<line x1="{pad_l}" y1="{y}" x2="{width - pad_r}" y2="{y}" stroke="#ddd"/>')
    for a in rows:
        x = pad_l + (dt.date.fromisoformat(a["date"]) - first).days / days * plot_w
        y = pad_t + 11 + subjects.index(a["subject"]) * 22
        label = f'{a["date"]} {a.get("actor") or "?"} {a["type"]} ({a["subject"]})'
        out.append(f'<circle cx="{x:.1f}" cy="{y}" r="5" fill="{ACT_COLOURS.get(a["type"], "#777")}" '
                   f'data-type="{escape(a["type"])}"><title>{escape(label)}</title></circle>')
    axis_y = pad_t + 22 * len(subjects) + 8
    out.append(f'<text x="{pad_l}" y="{axis_y + 12}" class="axis">{first:%d %b %Y}</text>'
               f'<text x="{width - pad_r}" y="{axis_y + 12}" text-anchor="end" class="axis">{last:%d %b %Y}</text>')
    types = sorted({a["type"] for a in rows})
    for n, kind in enumerate(types):
        x = pad_l + n * 80
        out.append(f'<circle cx="{x + 5}" cy="{height - 9}" r="5" fill="{ACT_COLOURS.get(kind, "#777")}"/>'
                   f'<text x="{x + 14}" y="{height - 5}" class="legend">{escape(kind)}</text>')
    out.append("</svg>")
    return Markup("".join(out))
