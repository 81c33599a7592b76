"""What real Telegram would refuse: checks of Bot API requests against the official spec.

``check_request(method, params)`` returns None for a request Telegram accepts, or the
(status, description) Telegram answers: unknown method, missing required field, implausible
field type, message text longer than 4096 characters after entity parsing or empty, HTML that
does not parse (unsupported tag, unclosed tag, unknown entity), callback data over 64 bytes,
more than 50 inline results, next_offset over 64 bytes, callback answers over 200 characters.

Shared by the request-layer stand-in and the HTTP stand-in, so the checks exist once.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from .shared_data import SPEC_PATH

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre",
    "blockquote", "tg-emoji", "tg-time",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?)*)\s*(/?)>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")
_ENTITY_VALUES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"'}

MESSAGE_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
INLINE_RESULTS_LIMIT = 50
NEXT_OFFSET_LIMIT = 64
CALLBACK_ANSWER_LIMIT = 200
CAPTION_LIMIT = 1024
PHOTO_MAX_BYTES = 10 * 2**20
PHOTO_MAX_SIDES = 10000
PHOTO_MAX_RATIO = 20


class EntityError(ValueError):
    """The text does not parse as Telegram HTML."""


@functools.cache
def spec() -> dict[str, Any]:
    if not SPEC_PATH.exists():
        raise FileNotFoundError(f"the Bot API spec is expected at {SPEC_PATH} (shared/ beside the checkout)")
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


_PLAIN_RUN = re.compile(r"[^<&]+")
"""Text between markup: visible as it is (a bare '>' included, which Telegram tolerates)."""


def _byte_offset(text: str, at: int) -> int:
    """The UTF-8 byte offset of ``text[:at]`` (Telegram's error messages count bytes)."""
    return len(text[:at].encode("utf-8"))


def parse_html(text: str) -> str:
    """The visible text of Telegram HTML, or EntityError with Telegram's wording.

    Plain runs are copied whole; only tags and entities are looked at one by one (a per-character
    loop made this check a large share of the bot benchmark's time)."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        if plain := _PLAIN_RUN.match(text, i):
            out.append(plain.group(0))
            i = plain.end()
            continue
        if text[i] == "<":
            m = _TAG.match(text, i)
            if m is None:
                raise EntityError(f"Unsupported start tag at byte offset {_byte_offset(text, i)}")
            closing, name = m.group(1), m.group(2).lower()
            if name not in ALLOWED_TAGS:
                raise EntityError(f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, i)}')
            if closing:
                if not stack:
                    raise EntityError(f"Unexpected end tag at byte offset {_byte_offset(text, i)}")
                if stack[-1] != name:
                    raise EntityError(
                        f'Unmatched end tag at byte offset {_byte_offset(text, i)}, expected "</{stack[-1]}>", found "</{name}>"'
                    )
                stack.pop()
            else:
                stack.append(name)
            i = m.end()
            continue
        m = _ENTITY.match(text, i)  # text[i] == "&"
        if m is None:
            raise EntityError(f"Character entity expected at byte offset {_byte_offset(text, i)}")
        entity = m.group(0)
        if entity in _ENTITY_VALUES:
            out.append(_ENTITY_VALUES[entity])
        else:
            number = entity[2:-1]
            out.append(chr(int(number[1:], 16) if number.startswith("x") else int(number)))
        i = m.end()
    if stack:
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def _type_ok(value: Any, types: list[str]) -> bool:
    for t in types:
        if t == "Integer" and isinstance(value, int) and not isinstance(value, bool):
            return True
        if t == "String" and isinstance(value, str):
            return True
        if t == "Boolean" and isinstance(value, bool):
            return True
        if t in ("Float", "Float number") and isinstance(value, (int, float)) and not isinstance(value, bool):
            return True
        if t.startswith("Array of") and isinstance(value, list):
            return True
        if t == "InputFile" or (t[:1].isupper() and t not in ("Integer", "String", "Boolean", "Float") and isinstance(value, dict)):
            return True
    return False


def text_error(text: Any, parse_mode: Any) -> str | None:
    if not isinstance(text, str):
        return "Bad Request: message text is empty"
    if parse_mode == "HTML":
        try:
            visible = parse_html(text)
        except EntityError as exc:
            return f"Bad Request: can't parse entities: {exc}"
    else:
        visible = text
    if not visible.strip():
        return "Bad Request: message text is empty"
    if utf16_length(visible) > MESSAGE_LIMIT:
        return "Bad Request: message is too long"
    return None


def caption_error(caption: Any, parse_mode: Any) -> str | None:
    """A caption: 0-1024 characters after entity parsing, HTML that parses."""
    if caption is None:
        return None
    if not isinstance(caption, str):
        return 'Bad Request: field "caption" must be of type String'
    visible = caption
    if parse_mode == "HTML":
        try:
            visible = parse_html(caption)
        except EntityError as exc:
            return f"Bad Request: can't parse entities: {exc}"
    if utf16_length(visible) > CAPTION_LIMIT:
        return "Bad Request: message caption is too long"
    return None


def photo_error(photo: Any) -> str | None:
    """An uploaded photo (multipart/form-data): an image of at most 10 MB, width + height at most
    10000, a side ratio of at most 20. A string (file_id or URL) is not checked."""
    if isinstance(photo, str):
        return None if photo else "Bad Request: there is no photo in the request"
    if not isinstance(photo, dict) or "upload" not in photo:
        return "Bad Request: there is no photo in the request"
    if photo["size"] > PHOTO_MAX_BYTES:
        return "Bad Request: PHOTO_INVALID_DIMENSIONS" if photo["size"] == 0 else "Request Entity Too Large"
    width, height = photo.get("width"), photo.get("height")
    if not width or not height:
        return "Bad Request: IMAGE_PROCESS_FAILED"
    if width + height > PHOTO_MAX_SIDES or max(width, height) / min(width, height) > PHOTO_MAX_RATIO:
        return "Bad Request: PHOTO_INVALID_DIMENSIONS"
    return None


def keyboard_error(markup: Any) -> str | None:
    if not isinstance(markup, dict):
        return None
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                return "Bad Request: text buttons are unallowed in the inline keyboard"
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= CALLBACK_DATA_LIMIT:
                return "Bad Request: BUTTON_DATA_INVALID"
    return None


def check_request(method: str, params: dict[str, Any]) -> tuple[int, str] | None:
    """None if Telegram would accept the call, else (status code, description)."""
    methods = spec()["methods"]
    definition = methods.get(method)
    if definition is None:
        matches = [m for m in methods if m.lower() == method.lower()]
        if not matches:
            return 404, "Not Found"
        definition = methods[matches[0]]
    fields = {f["name"]: f for f in definition.get("fields", [])}
    for name, field in fields.items():
        if field["required"] and (name not in params or params[name] is None):
            if name == "text":
                return 400, "Bad Request: message text is empty"
            return 400, f"Bad Request: parameter \"{name}\" is required"
    for name, value in params.items():
        field = fields.get(name)
        if field is None:
            continue  # Telegram ignores unknown parameters
        if not _type_ok(value, field["types"]):
            return 400, f"Bad Request: field \"{name}\" must be of type {' or '.join(field['types'])}"
    if "text" in fields and method in ("sendMessage", "editMessageText"):
        if error := text_error(params.get("text"), params.get("parse_mode")):
            return 400, error
    if error := keyboard_error(params.get("reply_markup")):
        return 400, error
    if "caption" in fields and (error := caption_error(params.get("caption"), params.get("parse_mode"))):
        return 400, error
    if method == "sendPhoto" and (error := photo_error(params.get("photo"))):
        return (413 if error.startswith("Request Entity") else 400), error
    if method == "answerInlineQuery":
        results = params.get("results") or []
        if len(results) > INLINE_RESULTS_LIMIT:
            return 400, "Bad Request: RESULTS_TOO_MUCH"
        next_offset = params.get("next_offset", "")
        if not isinstance(next_offset, str):  # e.g. the [] python-telegram-bot sends for "" (issue #4295)
            return 400, 'Bad Request: field "next_offset" must be of type String'
        if len(next_offset.encode("utf-8")) > NEXT_OFFSET_LIMIT:
            return 400, "Bad Request: NEXT_OFFSET_INVALID"
        ids = [r.get("id") for r in results]
        if len(set(ids)) != len(ids):
            return 400, "Bad Request: RESULT_ID_DUPLICATE"
        for result in results:
            if not 1 <= len(str(result.get("id", "")).encode()) <= 64:
                return 400, "Bad Request: RESULT_ID_INVALID"
            content = result.get("input_message_content") or {}
            if "message_text" in content:
                if error := text_error(content["message_text"], content.get("parse_mode")):
                    return 400, error
            if error := keyboard_error(result.get("reply_markup")):
                return 400, error
        button = params.get("button")
        if isinstance(button, dict) and button.get("start_parameter") is not None:
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", str(button["start_parameter"])):
                return 400, "Bad Request: START_PARAM_INVALID"
    if method == "answerCallbackQuery":
        if len(str(params.get("text") or "")) > CALLBACK_ANSWER_LIMIT:
            return 400, "Bad Request: MESSAGE_TOO_LONG"
    if method == "setMyCommands":
        for command in params.get("commands") or []:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                return 400, "Bad Request: BOT_COMMAND_INVALID"
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                return 400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"
    return None
