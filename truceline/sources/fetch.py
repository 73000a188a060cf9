"""Fetch web pages and feeds politely and safely: the one HTTP client of the package.

:class:`Fetcher` wraps an httpx client whose connections go through the SSRF guard
(:mod:`truceline.sources.netguard`) and adds what a crawler owes the sites it reads:

- a total time limit per request (``fetch_timeout``) and a size limit (``fetch_max_bytes``), counted on
  the decoded body so a gzip bomb is cut off too;
- redirects followed by hand (``fetch_max_redirects``): each hop's URL is checked again, and
  ``Authorization``, ``Cookie`` and URL credentials are dropped when a hop leaves the origin; no cookie
  is ever stored;
- retries with exponential backoff after network errors, timeouts, 429 and 5xx (``Retry-After`` honoured);
- a per-host rate limit (``fetch_host_delay``, or the site's robots.txt ``Crawl-delay`` when longer);
- conditional requests: pass the ETag and Last-Modified of the last answer, get ``not_modified``;
- robots.txt (RFC 9309 via ``urllib.robotparser``): 4xx means no rules, 5xx or no answer means keep out;
- an identifying User-Agent (``user_agent``).

Errors are :class:`~truceline.errors.FetchError` (with the HTTP status when there was one),
:class:`~truceline.errors.BlockedURLError` (refused before any request),
:class:`~truceline.errors.TooLargeError` and :class:`~truceline.errors.InputFormatError` (wrong
content type). :func:`read_urls` turns URLs into ``RawDocument``s for the extractor.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import http.cookiejar
import re
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import httpx

from ..errors import BlockedURLError, FetchError, InputError, InputFormatError, TooLargeError
from ..models import RawDocument
from ..settings import Settings
from .encoding import decode
from .netguard import AddressPolicy, GuardedTransport

PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/x-rss+xml", "text/plain")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Headers that carry credentials: never sent to an origin other than the one they were given for.
CREDENTIAL_HEADERS = ("authorization", "proxy-authorization", "cookie")
# Validators of the first URL are meaningless for another one.
CONDITIONAL_HEADERS = ("if-none-match", "if-modified-since")
ROBOTS_TTL = 24 * 3600.0  # RFC 9309 asks crawlers not to cache robots.txt for longer than a day
ROBOTS_RETRY = 300.0  # an unreachable robots.txt is asked again after five minutes
MAX_RETRY_AFTER = 60.0


@dataclass
class FetchResult:
    """One answer after redirects: the final URL, the status, the body (empty when not modified)."""

    url: str
    final_url: str
    status: int
    content: bytes = b""
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The body as text: the declared charset when it decodes cleanly, else detected."""
        return html_text(self.content, self.charset, self.url)


def html_text(body: bytes, charset: str | None, source: str) -> str:
    """Bytes of a page to text: the declared charset when it decodes cleanly, else detected
    (:func:`truceline.sources.encoding.decode`, which raises ``EmptyInputError``/``BinaryInputError``)."""
    if charset and body.strip():
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(body, source)


def page_date(html: str, url: str | None = None) -> dt.date | None:
    """The publication date a page declares in its metadata or URL (htmldate's quick mode), or None.

    Quick mode reads meta tags, JSON-LD and the URL only; guessing from the body is the date stage's job.
    """
    from htmldate import find_date

    try:
        found = find_date(html, url=url, extensive_search=False, original_date=True)
    except Exception:  # htmldate raises assorted errors on broken markup; a missing date is not an error
        return None
    return dt.date.fromisoformat(found) if found else None


def url_id(url: str) -> str:
    """A stable, readable document id for a URL: the last path segment's slug and a hash of the URL."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]
    path = httpx.URL(url).path.rstrip("/")
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0] if path else ""
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:48].strip("-")
    return f"{slug}-{digest}" if slug else f"url-{digest}"


class Fetcher:
    """A polite, SSRF-guarded HTTP client. Thread-safe; use as a context manager or call :meth:`close`.

    ``sleep`` and ``clock`` are the waiting and time functions (swap in faster ones only in benchmarks).
    """

    def __init__(self, settings: Settings, *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.policy = AddressPolicy(settings.fetch_allow)
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}
        #: origin -> why its robots.txt could not be fetched at all (no answer), while that lasts
        self._unreachable: dict[str, str] = {}
        refuse_all = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        self._client = httpx.Client(transport=GuardedTransport(self.policy), follow_redirects=False,
                                    timeout=httpx.Timeout(settings.fetch_timeout), trust_env=False,
                                    cookies=refuse_all, headers={"User-Agent": settings.user_agent})

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # --- the public calls ---------------------------------------------------------------------------

    def get(self, url: str, *, accept: Iterable[str] | None = PAGE_TYPES, etag: str | None = None,
            last_modified: str | None = None, headers: Mapping[str, str] | None = None,
            robots: bool = True) -> FetchResult:
        """GET ``url`` following redirects; raise a ``FetchError`` unless the answer is 200 or 304.

        ``accept`` lists the media types taken (None takes any); ``etag``/``last_modified`` make the
        request conditional; ``robots`` checks robots.txt first (when the ``fetch_robots`` setting is on).
        """
        current = self.policy.check_url(url)
        sent: dict[str, str] = {k.lower(): v for k, v in (headers or {}).items()}
        if etag:
            sent["if-none-match"] = etag
        if last_modified:
            sent["if-modified-since"] = last_modified
        for _hop in range(self.settings.fetch_max_redirects + 1):
            if robots and self.settings.fetch_robots and not self.robots_allow(str(current)):
                unreachable = self._unreachable.get(_site(httpx.URL(str(current))))
                if unreachable:
                    # No answer at all (DNS, refused, timed out) is not a rule of the site: say which it was.
                    raise FetchError(url, f"cannot reach the site ({unreachable})")
                raise BlockedURLError(url, f"robots.txt disallows {current}")
            response, body = self._send(current, sent, url)
            location = response.headers.get("location")
            if response.status_code in REDIRECT_STATUSES and location:
                try:
                    target = self.policy.check_url(current.join(location))
                except httpx.InvalidURL as exc:
                    raise FetchError(url, f"bad redirect to {location!r}: {exc}",
                                     status=response.status_code) from exc
                if _origin(target) != _origin(current):
                    for name in CREDENTIAL_HEADERS:
                        sent.pop(name, None)
                    target = target.copy_with(username=None, password=None)
                for name in CONDITIONAL_HEADERS:
                    sent.pop(name, None)
                current = target
                continue
            return self._result(url, current, response, body, accept)
        raise FetchError(url, f"more than {self.settings.fetch_max_redirects} redirects")

    def robots_allow(self, url: str) -> bool:
        """Whether robots.txt of ``url``'s site lets our User-Agent fetch it (fetched once a day per site)."""
        parsed = httpx.URL(url)
        origin = _site(parsed)
        now = self._clock()
        with self._lock:
            cached = self._robots.get(origin)
        if cached is None or cached[0] <= now:
            parser, ttl = self._load_robots(origin)
            cached = (now + ttl, parser)
            with self._lock:
                self._robots[origin] = cached
            delay = parser.crawl_delay(self.settings.user_agent)
            if delay:
                with self._lock:
                    self._crawl_delay[parsed.host] = float(delay)
        return cached[1].can_fetch(self.settings.user_agent, url)

    # --- internals ----------------------------------------------------------------------------------

    def _load_robots(self, origin: str) -> tuple[urllib.robotparser.RobotFileParser, float]:
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            result = self.get(origin + "/robots.txt", accept=None, robots=False)
        except BlockedURLError:
            raise
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                parser.parse([])  # RFC 9309: "unavailable" means no rules
                return parser, ROBOTS_TTL
            parser.parse(["User-agent: *", "Disallow: /"])  # "unreachable": keep out, ask again later
            if exc.status is None:
                self._unreachable[origin] = exc.reason
            return parser, ROBOTS_RETRY
        except InputError:
            self._unreachable.pop(origin, None)
            parser.parse([])  # too large or a wrong type: no usable rules
            return parser, ROBOTS_TTL
        self._unreachable.pop(origin, None)
        parser.parse(result.content.decode("utf-8", errors="replace").splitlines())
        return parser, ROBOTS_TTL

    def _wait_turn(self, host: str) -> None:
        """The per-host rate limit: reserve the host's next slot, then sleep until it comes."""
        with self._lock:
            delay = max(self.settings.fetch_host_delay, self._crawl_delay.get(host, 0.0))
            now = self._clock()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + delay
        if slot > now:
            self._sleep(slot - now)

    def _send(self, target: httpx.URL, headers: dict[str, str], asked: str) -> tuple[httpx.Response, bytes]:
        """One request with retries; returns the response and its body (read within the limits)."""
        attempts = self.settings.fetch_retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            self._wait_turn(target.host)
            try:
                response, body = self._once(target, headers, asked)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if last:
                    kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "network error"
                    raise FetchError(asked, f"{kind}: {exc or type(exc).__name__}") from exc
                self._sleep(self._backoff(attempt, None))
                continue
            if response.status_code in RETRY_STATUSES and not last:
                self._sleep(self._backoff(attempt, response.headers.get("retry-after")))
                continue
            return response, body
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, target: httpx.URL, headers: dict[str, str], asked: str) -> tuple[httpx.Response, bytes]:
        limit = self.settings.fetch_max_bytes
        deadline = self._clock() + self.settings.fetch_timeout
        with self._client.stream("GET", target, headers=headers) as response:
            if response.status_code in REDIRECT_STATUSES or response.status_code == 304 \
                    or response.status_code >= 400:
                return response, b""  # the body of these answers is never used
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise TooLargeError(asked, f"{declared} bytes, over the limit of {limit} (fetch_max_bytes)")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise TooLargeError(asked, f"over the limit of {limit} bytes (fetch_max_bytes)")
                if self._clock() > deadline:
                    raise httpx.ReadTimeout(f"took longer than {self.settings.fetch_timeout} s")
            return response, bytes(body)

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        wait = self.settings.fetch_backoff * (2 ** attempt)
        if retry_after:
            asked = _retry_after(retry_after)
            if asked is not None:
                wait = max(wait, min(asked, MAX_RETRY_AFTER))
        return wait

    def _result(self, asked: str, final: httpx.URL, response: httpx.Response, body: bytes,
                accept: Iterable[str] | None) -> FetchResult:
        status = response.status_code
        if status not in (200, 304):
            reason = response.reason_phrase or "error"
            raise FetchError(asked, f"HTTP {status} {reason}".strip(), status=status)
        media, charset = _content_type(response.headers.get("content-type"))
        accepted = tuple(accept) if accept is not None else None
        if status == 200 and accepted is not None and media is not None and media not in accepted:
            raise InputFormatError(asked, f"content type {media!r}, expected one of {', '.join(accepted)}")
        return FetchResult(url=asked, final_url=str(final), status=status, content=body, content_type=media,
                           charset=charset, etag=response.headers.get("etag"),
                           last_modified=response.headers.get("last-modified"),
                           headers={k.lower(): v for k, v in response.headers.items()})


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    parts = [p.strip() for p in value.split(";")]
    media = parts[0].lower() or None
    charset = None
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip().strip("\"'") or None
    return media, charset


def _retry_after(value: str) -> float | None:
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def page_document(result: FetchResult, published: dt.date | None = None) -> RawDocument:
    """A fetched HTML page as a ``RawDocument``: id from the URL as given, the URL as its source, the
    date the page declares, else ``published`` (a feed item's date, say)."""
    html = result.text()
    return RawDocument(id=url_id(result.url), source=result.url, html=html,
                       published=page_date(html, result.url) or published)


def read_urls(urls: Iterable[str], settings: Settings, *, fetcher: Fetcher | None = None
              ) -> Iterator[RawDocument | InputError]:
    """Fetch each URL as an HTML page: a ``RawDocument`` or the ``InputError`` that stopped it, in order."""
    own = fetcher is None
    client = fetcher or Fetcher(settings)
    try:
        for url in urls:
            try:
                yield page_document(client.get(url, accept=PAGE_TYPES))
            except InputError as exc:
                yield exc
            except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
                # A malformed address ("http://[::1", an IDNA error) is that URL's problem, not the run's.
                yield FetchError(url[:200], f"not a valid URL ({type(exc).__name__}: {str(exc)[:120]})")
    finally:
        if own:
            client.close()


def _site(url: httpx.URL) -> str:
    """``scheme://host[:port]``, the key of a site's robots.txt."""
    return f"{url.scheme}://{url.netloc.decode('ascii')}"
