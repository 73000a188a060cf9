"""The one exception tree of Truceline.

    TrucelineError
    ├── InputError            an input cannot be read (names the input and the reason)
    │   ├── EmptyInputError       nothing to read
    │   ├── BinaryInputError      not text
    │   ├── TooLargeError         over ``Settings.max_input_bytes``
    │   ├── InputFormatError      invalid JSON, a record without text, an unknown file type
    │   └── NoArticleError        an HTML page with no article body
    ├── ConfigError           a bad setting or a missing data file or pipeline
    └── StoreError            the database refused or is unreachable

Every ``InputError`` prints as one line, ``INPUT: reason``, which is what the CLI shows.
"""
from __future__ import annotations


class TrucelineError(Exception):
    """Base of every error Truceline raises on purpose."""


class InputError(TrucelineError):
    def __init__(self, source: str, reason: str) -> None:
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
