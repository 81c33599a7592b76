"""Secrets never reach a log: redaction of the finished log line, for every logger.

A filter that rewrites ``record.msg`` misses what is formatted later: the traceback of
``exc_info`` (an InvalidToken message quotes the token), ``exc_text`` and ``stack_info``.
``RedactingFormatter`` instead formats the whole record first and then replaces each secret in
the result, so it covers messages, arguments, tracebacks and stacks alike. ``install_redaction``
puts it on every handler of the root logger (which every library logger — telegram.*, httpx,
httpcore, aiohttp, asyncio … — propagates to) and of any logger with handlers of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import quote

MASK = "<redacted>"


def secret_forms(secrets: Iterable[str]) -> list[str]:
    """Each non-empty secret as it may be written: plain and percent-encoded; longest first."""
    forms = {form for secret in secrets if secret for form in (secret, quote(secret), quote(secret, safe=""))}
    return sorted(forms, key=len, reverse=True)


def redact(text: str, forms: Iterable[str]) -> str:
    for form in forms:
        text = text.replace(form, MASK)
    return text


class RedactingFormatter(logging.Formatter):
    """A Formatter whose output (message, traceback, stack) has every secret masked."""

    def __init__(self, inner: logging.Formatter | None, secrets: Iterable[str]) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter()
        self.forms = secret_forms(secrets)

    def format(self, record: logging.LogRecord) -> str:
        cached = record.exc_text
        try:
            return redact(self.inner.format(record), self.forms)
        finally:
            record.exc_text = cached  # the inner formatter caches the unredacted traceback here


def _handlers() -> Iterable[logging.Handler]:
    yield from logging.getLogger().handlers
    for logger in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            yield from logger.handlers


def install_redaction(secrets: Iterable[str], handlers: Iterable[logging.Handler] | None = None) -> None:
    """Mask ``secrets`` in everything ``handlers`` write (default: every installed handler, and
    then warnings are routed through logging too)."""
    secrets = [s for s in secrets if s]
    for handler in _handlers() if handlers is None else handlers:
        current = handler.formatter
        if isinstance(current, RedactingFormatter):
            current.forms = secret_forms([*secrets, *current.forms])
        else:
            handler.setFormatter(RedactingFormatter(current, secrets))
    if handlers is None:
        logging.captureWarnings(True)
        logging.raiseExceptions = False  # a failing log call would print its raw message and arguments
