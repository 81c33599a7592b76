"""Secrets never reach a log line: message, arguments, traceback, stack, any logger."""

from __future__ import annotations

import io
import logging
from urllib.parse import quote

from bot.redact import install_redaction

TOKEN = "123456:SECRET-token-value"
HOOK = "hook_SECRET-value"


def test_redaction_covers_messages_tracebacks_stacks_and_every_logger() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    install_redaction([TOKEN, HOOK], handlers=[handler])
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        try:
            raise ValueError(f"The token `{TOKEN}` was rejected by the server.")
        except ValueError:
            logging.getLogger("telegram.ext").exception("Invalid token. Aborting retry loop.")
        logging.getLogger("httpx").warning("HTTP Request: POST %s", f"https://api.example/bot{quote(TOKEN, safe='')}/getMe")
        logging.getLogger("telegram.ext.ExtBot").warning("setWebhook with %s", {"secret_token": HOOK})
        logging.getLogger("aiohttp.access").warning("stack follows", stack_info=True, extra={"unused": TOKEN})
        logging.getLogger("newsbot").warning("token " + TOKEN)
    finally:
        root.removeHandler(handler)
    text = stream.getvalue()
    assert "Traceback" in text and "ValueError: The token `<redacted>` was rejected" in text
    assert "Stack (most recent call last)" in text
    assert "/bot<redacted>/getMe" in text and "'secret_token': '<redacted>'" in text
    assert TOKEN not in text and HOOK not in text and quote(TOKEN, safe="") not in text
