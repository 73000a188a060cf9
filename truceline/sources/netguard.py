"""The SSRF guard: which addresses the fetcher may connect to, checked where the connection is made.

URLs come from feeds anyone may write, so a feed item pointing at ``http://169.254.169.254/`` or
``http://localhost:6379/`` must not make Truceline talk to the cloud metadata service or a local database.
The rule: only ``http`` and ``https``; a host name is resolved, and if *any* of its addresses is loopback,
private, link-local, multicast, reserved, unspecified or otherwise not globally routable (IPv4 and IPv6,
IPv4 inside IPv6 judged as the IPv4 it carries), the fetch is refused, unless ``Settings.fetch_allow``
names the host or a network holding the address.

Where the check happens. :class:`GuardedBackend` is an httpcore network backend: httpx hands it the
URL's host when it opens a connection, it resolves the host once, checks every address and connects to
the checked address itself, so there is no second DNS lookup an attacker could answer differently (DNS
rebinding). TLS still verifies the certificate against the URL's host name, because httpcore starts TLS
with the origin's host, not with the address. Every redirect hop opens (or reuses a pooled connection
to) an origin that went through this check.

Residual risks, documented in docs/intake.md: ``getaddrinfo`` has no timeout of its own (a resolver
that hangs holds the fetch up to the system resolver's timeout), and environment proxies are ignored
(``trust_env=False``) because a proxy would make the connection, and so the check, meaningless.
"""
from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import typing
from collections.abc import Iterable

import certifi
import httpcore
import httpx

from ..errors import BlockedURLError, ConfigError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOWED_SCHEMES = ("http", "https")
# NAT64 (RFC 6052) carries an IPv4 address in its last 32 bits.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def refusal(address: IPAddress) -> str | None:
    """Why ``address`` may not be fetched from, or None when it is a public address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            inner = refusal(embedded)
            return f"{inner} (IPv4 {embedded} inside IPv6)" if inner else None
    checks = (("unspecified", address.is_unspecified), ("loopback", address.is_loopback),
              ("link-local", address.is_link_local), ("multicast", address.is_multicast),
              ("reserved", address.is_reserved), ("private", address.is_private))
    for name, hit in checks:
        if hit:
            return f"{name} address"
    if not address.is_global:  # shared (100.64/10), documentation, benchmarking ranges...
        return "not a globally routable address"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


class AddressPolicy:
    """The allow list of ``Settings.fetch_allow`` and the checks built on it."""

    def __init__(self, allow: str = "") -> None:
        self.hosts: set[str] = set()
        self.networks: list[IPNetwork] = []
        for raw in allow.split(","):
            item = raw.strip().lower()
            if not item:
                continue
            try:
                self.networks.append(ipaddress.ip_network(item.strip("[]"), strict=False))
            except ValueError:
                if "/" in item or " " in item:
                    raise ConfigError(f"fetch_allow: {raw.strip()!r} is neither a host name nor a network") from None
                self.hosts.add(item.rstrip("."))

    def host_allowed(self, host: str) -> bool:
        return host.lower().rstrip(".").strip("[]") in self.hosts

    def check_address(self, host: str, address: IPAddress) -> str | None:
        """Why connecting to ``address`` (for ``host``) is refused, or None."""
        if self.host_allowed(host) or any(address in n for n in self.networks):
            return None
        return refusal(address)

    def check_url(self, url: httpx.URL | str) -> httpx.URL:
        """Refuse a bad scheme, a missing host or a literal address in a refused range, before any lookup."""
        parsed = httpx.URL(url) if isinstance(url, str) else url
        if parsed.scheme not in ALLOWED_SCHEMES:
            raise BlockedURLError(str(url), f"scheme {parsed.scheme or '(none)'!r} refused: only http and https")
        if not parsed.host:
            raise BlockedURLError(str(url), "no host in URL")
        literal = _literal(parsed.host)
        if literal is not None:
            reason = self.check_address(parsed.host, literal)
            if reason:
                raise BlockedURLError(str(url), f"host {parsed.host} refused: {reason}")
        return parsed

    def resolve(self, host: str, port: int) -> list[str]:
        """Resolve ``host`` and return its addresses, all checked; refuse if any one is refused."""
        literal = _literal(host)
        if literal is not None:
            infos: Iterable[str] = [str(literal)]
        else:
            try:
                found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as exc:
                raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
            infos = [str(info[4][0]).split("%", 1)[0] for info in found]
        addresses: list[str] = []
        for text in infos:
            address = ipaddress.ip_address(text)
            reason = self.check_address(host, address)
            if reason:
                raise BlockedURLError(host, f"host {host} resolves to {address}: {reason}")
            if text not in addresses:
                addresses.append(text)
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}: no addresses")
        return addresses


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class GuardedBackend(httpcore.SyncBackend):
    """Resolve, check, then connect to the checked address (see the module docstring)."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None) -> httpcore.NetworkStream:
        last: Exception | None = None
        for address in self.policy.resolve(host, port):
            try:
                return super().connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                           socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None
                            ) -> httpcore.NetworkStream:
        raise BlockedURLError(path, "unix sockets refused")


@functools.lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle takes tens of milliseconds; one context serves every client.
    return ssl.create_default_context(cafile=certifi.where())


class GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport with its connection pool opened through :class:`GuardedBackend`."""

    def __init__(self, policy: AddressPolicy, *, max_connections: int = 20) -> None:
        # Not calling HTTPTransport.__init__: it would only build a pool (and an SSL context) to be thrown
        # away. httpx keeps its pool in ``_pool``; its request/response mapping around the pool stays intact.
        self._pool = httpcore.ConnectionPool(ssl_context=_ssl_context(), max_connections=max_connections,
                                             max_keepalive_connections=max_connections, keepalive_expiry=5.0,
                                             network_backend=GuardedBackend(policy))
