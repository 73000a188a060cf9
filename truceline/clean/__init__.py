"""Cleaning: a ``RawDocument`` (scraped text or HTML) to a ``Document`` holding only the article body.

    clean(raw, settings) -> Document

HTML goes through trafilatura (``html.py``), then every body through the boilerplate rules
(``boilerplate.py`` with its patterns in ``boilerplate.yaml``) and, when one is trained, the line
classifier (``lines_model.py``) that may move lines the rules got wrong; the language comes from lingua
(``language.py``). Metadata precedence: the input's own fields, then HTML metadata, then the text
(a credited outlet, a date line or a dateline).
"""
from __future__ import annotations

from ..errors import NoArticleError
from ..models import Document, RawDocument, Removal
from ..settings import Settings
from . import lines_model
from .boilerplate import Cleaned, strip_boilerplate
from .html import HtmlArticle, extract_html
from .language import detect_language

__all__ = ["Cleaned", "HtmlArticle", "clean", "detect_language", "extract_html", "strip_boilerplate"]


def clean(raw: RawDocument, settings: Settings) -> Document:
    """The article body of ``raw`` with its metadata and what was removed.

    Raises ``NoArticleError`` when no article text is left (an HTML page without an article body,
    or a text that is all boilerplate).
    """
    name = raw.origin or raw.source or raw.id
    article: HtmlArticle | None = None
    body = raw.text or ""
    if raw.html is not None:
        try:
            article = extract_html(raw.html, name)
            body = article.text
        except NoArticleError:
            if not body.strip():
                raise
    title = raw.title or (article.title if article else None)
    model = lines_model.get(settings)
    cleaned = strip_boilerplate(body, title=title, source=raw.source, judge=model.judge if model else None)
    if not cleaned.paragraphs:
        raise NoArticleError(name, "no article text left after removing boilerplate")
    text = "\n\n".join(cleaned.paragraphs)
    removed = list(cleaned.removed)
    if len(text) > settings.max_document_chars:
        text, cut = _cut(text, settings.max_document_chars)
        removed.append(Removal(f"[{cut} characters after the first {len(text)} "
                               f"(max_document_chars {settings.max_document_chars})]", "other"))
    return Document(
        id=raw.id,
        source=raw.source,
        title=cleaned.title,
        published=raw.published or (article.published if article else None) or cleaned.published,
        outlet=raw.outlet or cleaned.outlet or (article.sitename if article else None),
        language=detect_language(text, settings),
        text=text,
        removed=removed,
    )


def _cut(text: str, limit: int) -> tuple[str, int]:
    """The text up to the last paragraph end before ``limit`` (or ``limit`` itself), and how much was cut."""
    end = text.rfind("\n\n", 0, limit)
    kept = text[:end] if end > limit // 2 else text[:limit]
    return kept, len(text) - len(kept)
