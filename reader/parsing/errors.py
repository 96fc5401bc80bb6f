"""The one error parsing raises for input that cannot be a page."""
from __future__ import annotations


class NotAPageError(ValueError):
    """The input cannot be a parsed newspaper page; the message says why, in one line."""
