"""A stand-in for Telegram: Bot API state and answers, checked against the official spec.

``FakeTelegram`` answers Bot API calls as Telegram does (real Message objects, message ids,
``{"ok": false, "error_code": 400, "description": ...}`` for what Telegram refuses) and
records every call. ``StandInRequest`` plugs it into python-telegram-bot's request layer;
the HTTP stand-in of the end-to-end tests serves the same object over loopback.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram.request import BaseRequest, RequestData

from .botapi_checks import check_request, parse_html

BOT_ID = 7000001
BOT_USERNAME = "newsbot_test_bot"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Newsbot", "username": BOT_USERNAME}


def _utf16_units(text: str) -> int:
    """Telegram's entity offsets and lengths (a lone surrogate, fuzzed in, counts as one unit)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int
    response: dict[str, Any]

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))


@dataclass
class FakeTelegram:
    """Telegram's side of the conversation: chats, messages, updates, and a log of calls."""

    calls: list[Call] = field(default_factory=list)
    violations: list[Call] = field(default_factory=list)
    chats: dict[int, dict[str, Any]] = field(default_factory=dict)
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    updates: list[dict[str, Any]] = field(default_factory=list)
    faults: list[tuple[str, Any]] = field(default_factory=list)
    """Queued faults for sendMessage: ("429", seconds), ("500", None) or ("timeout", seconds)."""
    webhook: dict[str, Any] | None = None
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """file_id -> (file_path, content) of the documents users sent, for getFile and the download."""
    check_spec: bool = True
    """Check every call against the Bot API spec (../shared); only the benchmark turns it off when the
    spec is absent, and says so. The HTML of messages is parsed either way."""
    _ids: itertools.count = field(default_factory=lambda: itertools.count(100))
    _update_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _users: itertools.count = field(default_factory=lambda: itertools.count(5000))

    # --- what users do --------------------------------------------------------------------

    def chat(self, chat_id: int, kind: str = "private", title: str | None = None) -> dict[str, Any]:
        chat = {"id": chat_id, "type": kind}
        if kind == "private":
            chat["first_name"] = f"User{chat_id}"
        else:
            chat["title"] = title or f"Group {chat_id}"
        self.chats[chat_id] = chat
        return chat

    def user(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}", "language_code": "zh-hans"}

    def message_update(
        self,
        text: str,
        chat_id: int,
        user_id: int,
        kind: str = "private",
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A user's message as Telegram delivers it, with command and mention entities."""
        chat = self.chats.get(chat_id) or self.chat(chat_id, kind)
        message: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self.user(user_id),
            "text": text,
        }
        entities = []
        if text.startswith("/"):
            command = text.split()[0]
            entities.append({"type": "bot_command", "offset": 0, "length": _utf16_units(command)})
        mention = f"@{BOT_USERNAME}"
        if mention in text:
            start = text.index(mention)
            entities.append({"type": "mention", "offset": _utf16_units(text[:start]), "length": len(mention)})
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return self._update({"message": message})

    def document_update(self, file_name: str, data: bytes, chat_id: int, user_id: int, mime_type: str = "text/plain",
                        declared_size: int | None = None) -> dict[str, Any]:
        """A user's document message; the file can be fetched with getFile (up to 20 MB, as on Telegram)."""
        chat = self.chats.get(chat_id) or self.chat(chat_id, "private")
        number = next(self._ids)
        file_id = f"BQACAgIAAx{number}"
        self.files[file_id] = (f"documents/file_{number}{Path(file_name).suffix}", data)
        document = {"file_id": file_id, "file_unique_id": f"AgAD{number}", "file_name": file_name,
                    "mime_type": mime_type, "file_size": declared_size if declared_size is not None else len(data)}
        message = {"message_id": number, "date": int(time.time()), "chat": chat, "from": self.user(user_id), "document": document}
        return self._update({"message": message})

    def download(self, file_path: str) -> bytes | None:
        """The content at /file/bot<token>/<file_path>, as getFile announced it."""
        return next((data for path, data in self.files.values() if path == file_path), None)

    def callback_update(self, message: dict[str, Any], data: str, user_id: int) -> dict[str, Any]:
        return self._update(
            {
                "callback_query": {
                    "id": str(next(self._ids)),
                    "from": self.user(user_id),
                    "message": message,
                    "chat_instance": "ci-1",
                    "data": data,
                }
            }
        )

    def inline_update(self, query: str, user_id: int, offset: str = "") -> dict[str, Any]:
        return self._update(
            {"inline_query": {"id": str(next(self._ids)), "from": self.user(user_id), "query": query, "offset": offset}}
        )

    def _update(self, body: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **body}
        self.updates.append(update)
        return update

    # --- what the bot sent ----------------------------------------------------------------

    def sent(self, method: str | None = None, chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if (method is None or c.method == method)
            and (chat_id is None or c.params.get("chat_id") == chat_id)
            and c.status == 200
        ]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        return self.messages[(chat_id, message_id)]

    # --- answering the bot ----------------------------------------------------------------

    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Telegram's answer to one Bot API call (status, JSON body); every call is recorded."""
        error = check_request(method, params) if self.check_spec else None
        if error is not None:
            status, description = error
            body = {"ok": False, "error_code": status, "description": description}
            call = Call(method, params, status, body)
            self.calls.append(call)
            self.violations.append(call)
            return status, body
        status, body = self._result(method, params)
        self.calls.append(Call(method, params, status, body))
        return status, body

    def _message(self, chat_id: int, text: str, params: dict[str, Any], message_id: int | None = None) -> dict[str, Any]:
        chat = self.chats.get(chat_id) or self.chat(chat_id, "private" if chat_id > 0 else "supergroup")
        visible = parse_html(text) if params.get("parse_mode") == "HTML" else text
        message = {
            "message_id": message_id if message_id is not None else next(self._ids),
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            "text": visible,
        }
        if isinstance(params.get("reply_markup"), dict):
            message["reply_markup"] = params["reply_markup"]
        if message_id is not None:
            message["edit_date"] = int(time.time())
        self.messages[(chat_id, message["message_id"])] = message
        return message

    def _photo_message(self, chat_id: int, params: dict[str, Any]) -> dict[str, Any]:
        """The Message a sendPhoto returns: the photo's sizes (as uploaded) and the visible caption."""
        chat = self.chats.get(chat_id) or self.chat(chat_id, "private" if chat_id > 0 else "supergroup")
        photo = params["photo"] if isinstance(params["photo"], dict) else {}
        number = next(self._ids)
        message = {
            "message_id": number,
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            "photo": [
                {
                    "file_id": f"AgACAgIAAx{number}",
                    "file_unique_id": f"AQAD{number}",
                    "width": photo.get("width") or 1,
                    "height": photo.get("height") or 1,
                    "file_size": photo.get("size") or 0,
                }
            ],
        }
        caption = params.get("caption")
        if caption:
            message["caption"] = parse_html(caption) if params.get("parse_mode") == "HTML" else caption
        self.messages[(chat_id, number)] = message
        return message

    def _result(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        ok = lambda result: (200, {"ok": True, "result": result})  # noqa: E731
        if method == "getFile":
            known = self.files.get(str(params["file_id"]))
            if known is None:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
            if len(known[1]) > 20 * 1024 * 1024:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: file is too big"}
            number = str(params["file_id"]).removeprefix("BQACAgIAAx")
            return ok({"file_id": params["file_id"], "file_unique_id": f"AgAD{number}", "file_size": len(known[1]), "file_path": known[0]})
        if method == "getMe":
            return ok({**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True})
        if method == "sendMessage":
            return ok(self._message(int(params["chat_id"]), params["text"], params))
        if method == "sendPhoto":
            return ok(self._photo_message(int(params["chat_id"]), params))
        if method == "editMessageText":
            key = (int(params.get("chat_id", 0)), int(params.get("message_id", 0)))
            old = self.messages.get(key)
            if old is None:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message to edit not found"}
            new_text = parse_html(params["text"]) if params.get("parse_mode") == "HTML" else params["text"]
            if new_text == old["text"] and params.get("reply_markup") == old.get("reply_markup"):
                return 400, {
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
                }
            return ok(self._message(key[0], params["text"], params, message_id=key[1]))
        if method in ("answerCallbackQuery", "answerInlineQuery", "setMyCommands", "sendChatAction", "deleteMyCommands"):
            return ok(True)
        if method == "deleteWebhook":
            self.webhook = None
            return ok(True)
        if method == "setWebhook":
            self.webhook = dict(params)
            return ok(True)
        if method == "getWebhookInfo":
            return ok({"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False, "pending_update_count": 0})
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            return ok([u for u in self.updates if u["update_id"] >= offset])
        return ok(True)


class StandInRequest(BaseRequest):
    """python-telegram-bot's HTTP layer replaced by the fake Telegram (no network at all)."""

    def __init__(self, telegram: FakeTelegram) -> None:
        self.telegram = telegram

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data is not None else {}
        params = json.loads(json.dumps(params))  # as Telegram would see them: plain JSON values
        await asyncio.sleep(0)
        status, body = self.telegram.handle(api_method, params)
        return status, json.dumps(body).encode("utf-8")
