"""Secrets never reach a log or a reply: redaction of the finished log line, for every logger,
of every Bot API call's parameters (RedactingRequest) and of the CLI's output (RedactingStream).

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
from typing import Any, TextIO
from urllib.parse import quote

from telegram.request import BaseRequest, RequestData
from telegram.request._requestparameter import RequestParameter

MASK = "<redacted>"
REPLY_MASK = "[已隐去]"
"""What replaces a secret in a message: plain text, valid in HTML and Markdown alike."""


def secret_forms(secrets: Iterable[str]) -> list[str]:
    """Each non-empty secret as it may be written: plain and percent-encoded; longest first."""
    forms = {form for secret in secrets if secret for form in (secret, quote(secret), quote(secret, safe=""))}
    return sorted(forms, key=len, reverse=True)


def redact(text: str, forms: Iterable[str], mask: str = MASK) -> str:
    for form in forms:
        text = text.replace(form, mask)
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


def redact_value(value: Any, forms: list[str]) -> Any:
    """``value`` (a JSON-ready parameter: text, number, list, dict) with every secret in its
    texts, keys included, replaced by REPLY_MASK."""
    if isinstance(value, str):
        return redact(value, forms, REPLY_MASK) if any(form in value for form in forms) else value
    if isinstance(value, (list, tuple)):
        return [redact_value(item, forms) for item in value]
    if isinstance(value, dict):
        return {redact_value(key, forms): redact_value(item, forms) for key, item in value.items()}
    return value


class RedactingRequest(BaseRequest):
    """The bot's HTTP layer with every configured secret masked in what it sends.

    Every Bot API call passes here (sendMessage, editMessageText, answerInlineQuery,
    answerCallbackQuery, captions …), so whatever text a reply is built from — a corpus article
    that quotes the token included — no secret leaves in a parameter. setWebhook is exempt: its
    secret_token must reach the server as it is. The URL (which carries the token) is untouched.
    """

    EXEMPT = ("/setWebhook",)

    def __init__(self, inner: BaseRequest, secrets: Iterable[str]) -> None:
        self.inner = inner
        self.forms = secret_forms(secrets)

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        if request_data is not None and self.forms and not url.endswith(self.EXEMPT):
            request_data = RequestData([
                RequestParameter(p.name, redact_value(p.value, self.forms), p.input_files) for p in request_data._parameters  # noqa: SLF001
            ])
        return await self.inner.do_request(url, method, request_data, *args, **kwargs)


class RedactingStream:
    """A text stream (stdout) that masks every secret in what is written to it: the CLI prints
    answers built from corpus text, which may quote a secret. Lines are written whole (print
    writes its text in one call), so a secret is never split across two writes."""

    def __init__(self, inner: TextIO, secrets: Iterable[str]) -> None:
        self.inner = inner
        self.forms = secret_forms(secrets)

    def write(self, text: str) -> int:
        self.inner.write(redact(text, self.forms, REPLY_MASK))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
