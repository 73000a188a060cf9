"""The one exception tree of Truceline.

    TrucelineError
    ├── InputError            an input cannot be read (names the input and the reason)
    │   ├── EmptyInputError       nothing to read
    │   ├── BinaryInputError      not text
    │   ├── TooLargeError         over ``Settings.max_input_bytes``
    │   ├── InputFormatError      invalid JSON, a record without text, an unknown file type
    │   ├── NoArticleError        an HTML page with no article body
    │   └── FetchError            a URL could not be fetched (network, timeout, HTTP status)
    │       └── BlockedURLError       refused before connecting: scheme, SSRF guard, robots.txt
    ├── ConfigError           a bad setting or a missing data file or pipeline
    ├── StoreError            the database refused or is unreachable
    │   └── NoStoreError          no store at the address given (no file, or no Truceline schema)
    └── AccessError           a login, token, role or review refused (truceline.serve)

Every ``InputError`` prints as one line, ``INPUT: reason``, which is what the CLI shows; the line is kept
readable whatever the input held (control characters shown as ``?``, at most ``MAX_REASON`` characters).
"""
from __future__ import annotations

#: the longest reason an error line shows; a library's message quoting raw bytes can run to pages
MAX_REASON = 200
MAX_SOURCE = 300


def readable(text: str, limit: int) -> str:
    """One printable line of at most ``limit`` characters."""
    line = "".join(c if c.isprintable() else "?" for c in " ".join(str(text).split()))
    return line if len(line) <= limit else line[: limit - 1] + "…"


class TrucelineError(Exception):
    """Base of every error Truceline raises on purpose."""


class InputError(TrucelineError):
    def __init__(self, source: str, reason: str) -> None:
        source, reason = readable(source, MAX_SOURCE), readable(reason, MAX_REASON)
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class TooLargeError(InputError):
    pass


class InputFormatError(InputError):
    pass


class NoArticleError(InputError):
    pass


class ConfigError(TrucelineError):
    pass


class StoreError(TrucelineError):
    pass


class NoStoreError(StoreError):
    """No store at ``where`` (a SQLite file that does not exist, or a database without Truceline's schema)."""

    def __init__(self, where: str) -> None:
        super().__init__(f"no store at {where}")
        self.where = where


class FetchError(InputError):
    """A URL could not be fetched; ``status`` is the HTTP status when the server answered."""

    def __init__(self, source: str, reason: str, status: int | None = None) -> None:
        super().__init__(source, reason)
        self.status = status


class BlockedURLError(FetchError):
    """A URL refused before any request: a scheme other than http(s), a host resolving to a loopback,
    private, link-local, multicast or reserved address (the SSRF guard), or a robots.txt rule."""


class AccessError(TrucelineError):
    """A user, password, token, role or review that the web app refuses; ``status`` is the HTTP answer."""

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.status = status
