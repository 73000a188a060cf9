"""The fetcher against a real HTTP server on 127.0.0.1, and the SSRF guard on literal addresses.

No test sends a packet anywhere but loopback: refused addresses are literal IPs (no DNS) and
``refuse_non_loopback`` turns any attempt to connect elsewhere into a loud failure.
"""
from __future__ import annotations

import gzip
import ipaddress
from collections.abc import Iterator

import pytest
from intake_server import LoopbackServer, Route, refuse_non_loopback

from truceline.errors import BlockedURLError, ConfigError, FetchError, InputFormatError, TooLargeError
from truceline.models import RawDocument
from truceline.settings import Settings
from truceline.sources.fetch import Fetcher, read_urls, url_id
from truceline.sources.netguard import AddressPolicy, GuardedBackend, refusal

PAGE = b"<html><head><title>Talks</title></head><body><p>Talks resumed in Riyadh.</p></body></html>"


def make_settings(**kw: object) -> Settings:
    base: dict[str, object] = dict(fetch_allow="127.0.0.1", fetch_timeout=2.0, fetch_retries=0,
                                   fetch_backoff=0.01, fetch_host_delay=0.0, fetch_robots=False)
    base.update(kw)
    return Settings.load(**base)


@pytest.fixture
def no_escape(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, int]]]:
    attempts = refuse_non_loopback(monkeypatch)
    yield attempts
    assert attempts == [], f"connections attempted outside loopback: {attempts}"


# --- the SSRF guard -------------------------------------------------------------------------------

REFUSED = [
    ("127.0.0.1", "loopback"), ("127.200.3.4", "loopback"),
    ("10.0.0.1", "private"), ("10.255.255.254", "private"),
    ("172.16.0.1", "private"), ("172.31.255.254", "private"),
    ("192.168.0.1", "private"), ("192.168.255.254", "private"),
    ("169.254.169.254", "link-local"), ("169.254.0.1", "link-local"),
    ("224.0.0.1", "multicast"), ("239.255.255.250", "multicast"),
    ("0.0.0.0", "unspecified"),
    ("240.0.0.1", "reserved"), ("255.255.255.255", "reserved"),
    ("100.64.0.1", "not a globally routable"),
    ("::1", "loopback"), ("::", "unspecified"),
    ("fc00::1", "private"), ("fd12:3456::1", "private"),
    ("fe80::1", "link-local"), ("febf::1", "link-local"),
    ("ff02::1", "multicast"), ("ff0e::1", "multicast"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"), ("::ffff:169.254.169.254", "link-local"),
    ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
]


@pytest.mark.parametrize(("address", "reason"), REFUSED)
def test_refusal_names_the_range(address: str, reason: str) -> None:
    found = refusal(ipaddress.ip_address(address))
    assert found is not None and reason in found


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(("address", "reason"), REFUSED)
def test_fetch_refuses_every_range_before_connecting(address: str, reason: str,
                                                     no_escape: list[tuple[str, int]]) -> None:
    host = f"[{address}]" if ":" in address else address
    with Fetcher(make_settings(fetch_allow="")) as f, pytest.raises(BlockedURLError) as err:
        f.get(f"http://{host}:8080/latest/meta-data/")
    assert reason in err.value.reason


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/",
                                 "data:text/html,<p>x</p>", "javascript:alert(1)", "/relative/path"])
def test_schemes_other_than_http_refused(url: str, no_escape: list[tuple[str, int]]) -> None:
    with Fetcher(make_settings()) as f, pytest.raises(BlockedURLError):
        f.get(url)


def test_host_name_checked_after_resolution(server: LoopbackServer, no_escape: list[tuple[str, int]]) -> None:
    # "localhost" is a name, not a literal: it is refused only because it resolves to 127.0.0.1.
    server.route("/a", body=PAGE)
    with Fetcher(make_settings(fetch_allow="")) as f, pytest.raises(BlockedURLError) as err:
        f.get(server.url("/a", host="localhost"))
    assert "resolves to 127.0.0.1: loopback" in err.value.reason
    assert server.hits("/a") == 0


def test_allow_by_host_and_by_network(server: LoopbackServer) -> None:
    server.route("/a", body=PAGE)
    with Fetcher(make_settings(fetch_allow="localhost")) as f:
        assert f.get(server.url("/a", host="localhost")).content == PAGE
    with Fetcher(make_settings(fetch_allow="127.0.0.0/8")) as f:
        assert f.get(server.url("/a", host="localhost")).content == PAGE
    assert server.hits("/a") == 2


def test_bad_allow_setting_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        AddressPolicy("10.0.0.0/33")


@pytest.mark.parametrize("target", ["http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/",
                                    "http://[::1]:9/", "http://[::ffff:192.168.0.1]/", "file:///etc/passwd"])
def test_redirect_into_refused_range(server: LoopbackServer, target: str,
                                     no_escape: list[tuple[str, int]]) -> None:
    server.route("/jump", status=302, headers={"Location": target}, body=b"")
    with Fetcher(make_settings()) as f, pytest.raises(BlockedURLError):
        f.get(server.url("/jump"))
    assert server.hits("/jump") == 1


def test_redirect_hop_checked_against_the_allow_list(server: LoopbackServer,
                                                     no_escape: list[tuple[str, int]]) -> None:
    # Only the name "localhost" is allowed: the first hop passes, the redirect to the same server by its
    # address is a new host, checked again and refused, never requested.
    server.route("/jump", status=301, headers={"Location": server.url("/inside")})
    server.route("/inside", body=PAGE)
    with Fetcher(make_settings(fetch_allow="localhost")) as f, pytest.raises(BlockedURLError) as err:
        f.get(server.url("/jump", host="localhost"))
    assert "127.0.0.1" in err.value.reason
    assert (server.hits("/jump"), server.hits("/inside")) == (1, 0)


def test_backend_checks_resolved_addresses_before_connecting(server: LoopbackServer,
                                                             no_escape: list[tuple[str, int]]) -> None:
    backend = GuardedBackend(AddressPolicy(""))
    with pytest.raises(BlockedURLError):
        backend.connect_tcp("localhost", server.port, timeout=1.0)
    stream = GuardedBackend(AddressPolicy("localhost")).connect_tcp("localhost", server.port, timeout=1.0)
    stream.close()
    assert AddressPolicy("localhost").resolve("localhost", 80) == ["127.0.0.1"]


# --- redirects and credentials --------------------------------------------------------------------

def test_same_origin_redirect_keeps_credentials(server: LoopbackServer) -> None:
    server.route("/old", status=301, headers={"Location": "/new"})
    server.route("/new", body=PAGE)
    with Fetcher(make_settings()) as f:
        result = f.get(server.url("/old"), headers={"Authorization": "Bearer s3cret"})
    assert result.final_url == server.url("/new")
    assert result.url == server.url("/old")
    assert server.seen("/new")[0].headers.get("authorization") == "Bearer s3cret"


def test_credentials_never_sent_to_a_new_host() -> None:
    first, second = LoopbackServer(), LoopbackServer()
    try:
        first.route("/go", status=302, headers={"Location": second.url("/land")})
        second.route("/land", body=PAGE)
        with Fetcher(make_settings()) as f:
            result = f.get(first.url("/go"), headers={"Authorization": "Bearer s3cret", "Cookie": "session=1"})
        assert result.content == PAGE
        sent = first.seen("/go")[0].headers
        assert sent["authorization"] == "Bearer s3cret" and sent["cookie"] == "session=1"
        landed = second.seen("/land")[0].headers
        assert "authorization" not in landed and "cookie" not in landed
    finally:
        first.close()
        second.close()


def test_url_credentials_dropped_on_new_origin() -> None:
    first, second = LoopbackServer(), LoopbackServer()
    try:
        first.route("/go", status=307, headers={"Location": second.url("/land")})
        second.route("/land", body=PAGE)
        with Fetcher(make_settings()) as f:
            f.get(first.url("/go").replace("http://", "http://user:pw@"))
        assert first.seen("/go")[0].headers["authorization"] == "Basic dXNlcjpwdw=="  # user:pw
        assert "authorization" not in second.seen("/land")[0].headers
    finally:
        first.close()
        second.close()


def test_too_many_redirects(server: LoopbackServer) -> None:
    server.route("/loop", status=302, headers={"Location": "/loop"})
    with Fetcher(make_settings(fetch_max_redirects=3)) as f, pytest.raises(FetchError) as err:
        f.get(server.url("/loop"))
    assert "more than 3 redirects" in err.value.reason
    assert server.hits("/loop") == 4


def test_cookies_are_never_stored(server: LoopbackServer) -> None:
    server.route("/a", body=PAGE, headers={"Set-Cookie": "track=1; Path=/"})
    with Fetcher(make_settings()) as f:
        f.get(server.url("/a"))
        f.get(server.url("/a"))
    assert "cookie" not in server.seen("/a")[1].headers


# --- limits, errors, retries ----------------------------------------------------------------------

def test_page_and_user_agent(server: LoopbackServer) -> None:
    server.route("/a", body=PAGE)
    settings = make_settings(user_agent="TestBot/1.0 (+mailto:desk@example.org)")
    with Fetcher(settings) as f:
        result = f.get(server.url("/a"))
    assert (result.status, result.content_type, result.charset) == (200, "text/html", "utf-8")
    assert "Talks resumed in Riyadh." in result.text()
    assert server.seen("/a")[0].headers["user-agent"] == "TestBot/1.0 (+mailto:desk@example.org)"


def test_slow_page_times_out(server: LoopbackServer) -> None:
    server.route("/slow", body=PAGE, delay=3.0)
    with Fetcher(make_settings(fetch_timeout=0.5, fetch_retries=0)) as f, pytest.raises(FetchError) as err:
        f.get(server.url("/slow"))
    assert "timed out" in err.value.reason


def test_page_larger_than_the_limit(server: LoopbackServer) -> None:
    server.route("/big", body=b"<p>" + b"x" * 5000 + b"</p>")
    with Fetcher(make_settings(fetch_max_bytes=4096)) as f, pytest.raises(TooLargeError) as err:
        f.get(server.url("/big"))
    assert "fetch_max_bytes" in err.value.reason


def test_compressed_body_counted_after_decompression(server: LoopbackServer) -> None:
    bomb = gzip.compress(b"<p>" + b"a" * 200_000 + b"</p>")
    assert len(bomb) < 4096
    server.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip"})
    with Fetcher(make_settings(fetch_max_bytes=4096)) as f, pytest.raises(TooLargeError):
        f.get(server.url("/bomb"))


@pytest.mark.parametrize("status", [404, 410, 403])
def test_client_errors_are_not_retried(server: LoopbackServer, status: int) -> None:
    server.route("/gone", status=status, body=b"no", content_type="text/plain")
    with Fetcher(make_settings(fetch_retries=2)) as f, pytest.raises(FetchError) as err:
        f.get(server.url("/gone"))
    assert err.value.status == status and f"HTTP {status}" in err.value.reason
    assert server.hits("/gone") == 1


def test_server_errors_are_retried_then_reported(server: LoopbackServer) -> None:
    server.route("/down", status=500, body=b"oops", content_type="text/plain")
    with Fetcher(make_settings(fetch_retries=2)) as f, pytest.raises(FetchError) as err:
        f.get(server.url("/down"))
    assert err.value.status == 500
    assert server.hits("/down") == 3


def test_retry_recovers_with_backoff(server: LoopbackServer) -> None:
    server.route("/flaky", Route(status=503, body=b""), Route(status=500, body=b""), Route(body=PAGE))
    with Fetcher(make_settings(fetch_retries=2, fetch_backoff=0.1)) as f:
        assert f.get(server.url("/flaky")).content == PAGE
    times = [s.at for s in server.seen("/flaky")]
    assert len(times) == 3
    assert times[1] - times[0] >= 0.09 and times[2] - times[1] >= 0.19  # 0.1 s, then doubled


def test_wrong_content_type(server: LoopbackServer) -> None:
    server.route("/doc.pdf", body=b"%PDF-1.4", content_type="application/pdf")
    with Fetcher(make_settings()) as f, pytest.raises(InputFormatError) as err:
        f.get(server.url("/doc.pdf"))
    assert "application/pdf" in err.value.reason


def test_per_host_rate_limit(server: LoopbackServer) -> None:
    """Three requests to one host: the first at once, then one slot every fetch_host_delay (a fake clock
    that the fetcher's own sleeps advance, so the test measures the schedule, not the machine)."""
    server.route("/a", body=PAGE)
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    with Fetcher(make_settings(fetch_host_delay=0.25), sleep=sleep, clock=lambda: now[0]) as f:
        for _ in range(3):
            f.get(server.url("/a"))
    assert slept == pytest.approx([0.25, 0.25])
    assert len(server.seen("/a")) == 3


# --- conditional requests and robots.txt ----------------------------------------------------------

def test_conditional_request_with_etag(server: LoopbackServer) -> None:
    server.route("/feed", body=PAGE, etag='"v1"')
    with Fetcher(make_settings()) as f:
        first = f.get(server.url("/feed"))
        again = f.get(server.url("/feed"), etag=first.etag)
    assert (first.status, first.etag) == (200, '"v1"')
    assert again.not_modified and again.content == b""
    assert server.seen("/feed")[1].headers["if-none-match"] == '"v1"'


def test_conditional_request_with_last_modified(server: LoopbackServer) -> None:
    stamp = "Wed, 19 Mar 2025 10:00:00 GMT"
    server.route("/feed", body=PAGE, last_modified=stamp)
    with Fetcher(make_settings()) as f:
        first = f.get(server.url("/feed"))
        again = f.get(server.url("/feed"), last_modified=first.last_modified)
    assert first.last_modified == stamp and again.status == 304


def test_robots_txt_honoured_and_cached(server: LoopbackServer) -> None:
    server.route("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.route("/news/1", body=PAGE)
    server.route("/private/x", body=PAGE)
    with Fetcher(make_settings(fetch_robots=True)) as f:
        assert f.get(server.url("/news/1")).status == 200
        with pytest.raises(BlockedURLError) as err:
            f.get(server.url("/private/x"))
        f.get(server.url("/news/1"))
    assert "robots.txt" in err.value.reason
    assert server.hits("/private/x") == 0
    assert server.hits("/robots.txt") == 1


def test_robots_rules_for_our_agent(server: LoopbackServer) -> None:
    server.route("/robots.txt", body=b"User-agent: TestBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
                 content_type="text/plain")
    server.route("/a", body=PAGE)
    with Fetcher(make_settings(fetch_robots=True, user_agent="TestBot/2.0")) as f, pytest.raises(BlockedURLError):
        f.get(server.url("/a"))
    with Fetcher(make_settings(fetch_robots=True, user_agent="OtherBot/1.0")) as f:
        assert f.get(server.url("/a")).status == 200


def test_missing_robots_allows_and_failing_robots_forbids(server: LoopbackServer) -> None:
    server.route("/a", body=PAGE)
    with Fetcher(make_settings(fetch_robots=True)) as f:  # /robots.txt answers 404
        assert f.get(server.url("/a")).status == 200
    server.route("/robots.txt", status=503, body=b"", content_type="text/plain")
    with Fetcher(make_settings(fetch_robots=True)) as f, pytest.raises(BlockedURLError):
        f.get(server.url("/a"))


# --- pages as documents ---------------------------------------------------------------------------

def test_read_urls_yields_documents_and_errors_in_order(server: LoopbackServer) -> None:
    server.route("/news/kyiv-talks.html", body=PAGE)
    urls = [server.url("/news/kyiv-talks.html"), server.url("/missing"), "http://10.0.0.1/x"]
    out = list(read_urls(urls, make_settings()))
    assert isinstance(out[0], RawDocument)
    assert out[0].id == url_id(urls[0]) and out[0].id.startswith("kyiv-talks-")
    assert out[0].source == urls[0] and out[0].html is not None and "Riyadh" in out[0].html
    assert isinstance(out[1], FetchError) and out[1].status == 404
    assert isinstance(out[2], BlockedURLError)


def test_a_malformed_url_is_its_own_error_and_the_others_are_fetched(server: LoopbackServer) -> None:
    server.route("/news/kyiv-talks.html", body=PAGE)
    good = server.url("/news/kyiv-talks.html")
    out = list(read_urls(["http://[::1", good, "http://0177.0.0.1/"], make_settings()))
    assert [type(o).__name__ for o in out[:2]] == ["FetchError", "RawDocument"]
    assert "not a valid URL" in out[0].reason  # type: ignore[union-attr]
    assert isinstance(out[2], FetchError)  # refused or unreadable, but an error line, not a crash


def test_url_id_is_stable_and_distinct() -> None:
    a = url_id("https://news.example/2025/03/talks-resume")
    assert a == url_id("https://news.example/2025/03/talks-resume")
    assert a != url_id("https://news.example/2025/03/talks-resume?page=2")
    assert url_id("https://news.example/").startswith("url-")


def test_an_unreachable_site_is_said_to_be_unreachable_not_disallowed() -> None:
    # Nothing listens on this loopback port: robots.txt gets no answer at all.
    with Fetcher(make_settings(fetch_robots=True, fetch_allow="127.0.0.1")) as f, \
            pytest.raises(FetchError) as err:
        f.get("http://127.0.0.1:9/page")
    assert not isinstance(err.value, BlockedURLError)
    assert "cannot reach the site" in err.value.reason and "robots.txt disallows" not in err.value.reason
