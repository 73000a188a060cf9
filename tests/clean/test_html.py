"""HTML pages through trafilatura: body paragraphs and metadata; pages without an article refused."""
from __future__ import annotations

import datetime as dt

import pytest

from truceline.clean import extract_html
from truceline.errors import NoArticleError

PAGE = """<!doctype html><html><head><title>Substation hit overnight | Example Courier</title>
<meta property="og:site_name" content="Example Courier">
<meta property="og:title" content="Substation hit overnight">
<meta property="article:published_time" content="2025-03-21T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/energy">Energy</a></nav>
<article><h1>Substation hit overnight</h1>
<p>A drone struck a substation near the city of Sumy overnight, the regional governor said on Friday.</p>
<p>Repair crews restored power to most homes by the morning, the grid operator said in a statement.</p>
<ul><li>Two transformers were damaged.</li><li>No one was hurt.</li></ul>
</article><footer>Copyright 2025 Example Courier. All rights reserved.</footer></body></html>"""


def test_article_body_and_metadata() -> None:
    art = extract_html(PAGE, "page.html")
    lines = art.text.split("\n")
    assert "A drone struck a substation near the city of Sumy overnight, the regional governor said on Friday." \
        in lines
    assert "- Two transformers were damaged." in lines
    assert not any("Home" in ln or "Copyright" in ln for ln in lines)
    assert (art.title, art.published, art.sitename) == (
        "Substation hit overnight", dt.date(2025, 3, 21), "Example Courier")


@pytest.mark.parametrize("html", [
    "<html><head><title>Login</title></head><body><nav><a href='/'>Home</a></nav><form>"
    "<input name='user'></form></body></html>",
    "<html><body></body></html>",
    "<<<not really html>>>",
])
def test_pages_without_an_article_raise(html: str) -> None:
    with pytest.raises(NoArticleError) as info:
        extract_html(html, "login.html")
    assert info.value.source == "login.html"
