"""HTML pages to article text and metadata with trafilatura."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import trafilatura

from ..dates import parse_date
from ..errors import NoArticleError

#: fewer words than this in the extracted body and the page holds no article.
MIN_ARTICLE_WORDS = 15


@dataclass
class HtmlArticle:
    text: str
    title: str | None
    published: dt.date | None
    sitename: str | None


def extract_html(html: str, source: str) -> HtmlArticle:
    """The article body (one paragraph a line) and metadata of ``html``.

    Raises ``NoArticleError`` when trafilatura finds no article body.
    """
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, include_images=False, deduplicate=False)
    except Exception as exc:  # noqa: BLE001 - lxml and trafilatura raise many kinds on broken markup
        raise NoArticleError(source, f"unreadable HTML ({type(exc).__name__})") from exc
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise NoArticleError(source, "HTML page with no article body")
    return HtmlArticle(
        text=text,
        title=_clean(getattr(doc, "title", None)),
        published=parse_date(getattr(doc, "date", None)),
        sitename=_clean(getattr(doc, "sitename", None)),
    )


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
