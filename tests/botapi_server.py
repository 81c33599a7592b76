"""A stand-in Bot API HTTP server on loopback, for end-to-end tests of the real bot process.

It serves ``/bot<token>/<method>`` like api.telegram.org, answering through the same
``FakeTelegram`` (and so the same spec checks) as the request-layer stand-in. getUpdates long
polls with Telegram's offset semantics (an update is gone once a later offset confirms it).
The test plays the users: queue messages, commands, mentions, inline queries, button presses;
read what the bot sent; inject faults (429, 500, a time-out) into sendMessage; post updates to a
webhook. The server runs its own event loop in a thread so the test code stays synchronous.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from .botapi_checks import spec
from .fake_telegram import Call, FakeTelegram


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def decode_form(method: str, form: dict[str, str]) -> dict[str, Any]:
    """Form fields as Telegram reads them: JSON for objects, arrays, numbers and booleans."""
    fields = {f["name"]: f["types"] for f in spec()["methods"].get(method, {}).get("fields", [])}
    params: dict[str, Any] = {}
    for name, raw in form.items():
        types = fields.get(name, ["String"])
        if "String" in types and not raw.startswith(("{", "[")):
            if types == ["String"] or not raw.lstrip("-").isdigit():
                params[name] = raw
                continue
        try:
            params[name] = json.loads(raw)
        except ValueError:
            params[name] = raw
    return params


def upload_params(file_name: str, content: bytes, content_type: str) -> dict[str, Any]:
    """An uploaded file as the stand-in's checks see it: its name, size, type, image size and bytes."""
    width = height = None
    if content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR":
        width, height = int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    return {
        "upload": file_name,
        "size": len(content),
        "content_type": content_type,
        "width": width,
        "height": height,
        "content": content.hex(),
    }


class BotApiServer:
    """The HTTP stand-in. Use as a context manager; ``url`` is the Bot API base URL."""

    def __init__(self, token: str, telegram: FakeTelegram | None = None) -> None:
        self.token = token
        self.telegram = telegram or FakeTelegram()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/bot"
        self.confirmed = 0
        """Highest offset the bot has confirmed: updates below it are gone, as on Telegram."""
        self.get_updates_calls = 0
        self.downloads: list[str] = []
        self._closing = False
        self._loop = asyncio.new_event_loop()
        self._new_update: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._lock = threading.Lock()

    # --- lifecycle --------------------------------------------------------------------------

    def __enter__(self) -> BotApiServer:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("stand-in Bot API server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self._closing = True  # ends pending long polls at once
        if self._new_update is not None:
            self._loop.call_soon_threadsafe(self._new_update.set)
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._new_update = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        self._loop.run_until_complete(site.start())
        self._ready.set()
        self._loop.run_forever()

    async def _shutdown(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # --- HTTP -------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        form: dict[str, str] = {}
        if request.content_type == "application/json":
            params = await request.json()
        else:
            data = await request.post()
            form = {k: v for k, v in data.items() if isinstance(v, str)}
            params = decode_form(method, form)
            for name, value in data.items():  # multipart/form-data: an uploaded file (sendPhoto …)
                if isinstance(value, web.FileField):
                    params[name] = upload_params(value.filename, value.file.read(), value.content_type)
        if method == "getUpdates":
            return await self._get_updates(params)
        if method == "sendMessage":
            fault = self._take_fault()
            if fault is not None:
                return await self._fault(method, params, fault)
        with self._lock:
            status, body = self.telegram.handle(method, params)
        return web.json_response(body, status=status)

    async def _download(self, request: web.Request) -> web.Response:
        """A file download, as https://api.telegram.org/file/bot<token>/<file_path> serves it."""
        if request.match_info["token"] != self.token:
            return web.Response(status=401, text="Unauthorized")
        with self._lock:
            data = self.telegram.download(request.match_info["path"])
            self.downloads.append(request.match_info["path"])
        if data is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=data, content_type="application/octet-stream")

    def _take_fault(self) -> tuple[str, Any] | None:
        with self._lock:
            return self.telegram.faults.pop(0) if self.telegram.faults else None

    async def _fault(self, method: str, params: dict[str, Any], fault: tuple[str, Any]) -> web.Response:
        kind, value = fault
        if kind == "429":
            body = {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {value}",
                "parameters": {"retry_after": value},
            }
            status = 429
        elif kind == "500":
            body, status = {"ok": False, "error_code": 500, "description": "Internal Server Error"}, 500
        else:  # a time-out: answer only after the client gave up
            await asyncio.sleep(value)
            body, status = {"ok": False, "error_code": 504, "description": "Gateway Timeout"}, 504
        with self._lock:
            self.telegram.calls.append(Call(method, params, status, body))
        return web.json_response(body, status=status)

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        self.get_updates_calls += 1
        call = Call("getUpdates", params, 200, {"ok": True, "result": []})
        with self._lock:
            self.telegram.calls.append(call)  # recorded when asked; the result is filled in below
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        allowed = params.get("allowed_updates")
        with self._lock:
            if offset > self.confirmed:
                self.confirmed = offset
                self.telegram.updates = [u for u in self.telegram.updates if u["update_id"] >= offset]
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                pending = [u for u in self.telegram.updates if u["update_id"] >= offset]
                if allowed:
                    pending = [u for u in pending if any(k in u for k in allowed)]
            if pending or time.monotonic() >= deadline or self._closing:
                break
            assert self._new_update is not None
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), max(0.01, deadline - time.monotonic()))
            except TimeoutError:
                pass
        call.response = {"ok": True, "result": pending}
        return web.json_response(call.response)

    # --- the test plays the users -----------------------------------------------------------

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Make an update (already queued by a FakeTelegram builder) visible to long polling."""
        assert self._new_update is not None
        self._loop.call_soon_threadsafe(self._new_update.set)
        return update

    def message(self, text: str, chat_id: int, user_id: int, kind: str = "private", reply_to: dict[str, Any] | None = None) -> dict[str, Any]:
        with self._lock:
            update = self.telegram.message_update(text, chat_id, user_id, kind, reply_to)
        return self.push(update)

    def document(self, file_name: str, data: bytes, chat_id: int, user_id: int, **options: Any) -> dict[str, Any]:
        with self._lock:
            update = self.telegram.document_update(file_name, data, chat_id, user_id, **options)
        return self.push(update)

    def inline(self, query: str, user_id: int, offset: str = "") -> dict[str, Any]:
        with self._lock:
            update = self.telegram.inline_update(query, user_id, offset)
        return self.push(update)

    def press(self, message: dict[str, Any], data: str, user_id: int) -> dict[str, Any]:
        with self._lock:
            update = self.telegram.callback_update(message, data, user_id)
        return self.push(update)

    def fault(self, kind: str, value: Any = None) -> None:
        with self._lock:
            self.telegram.faults.append((kind, value))

    def calls(self, method: str | None = None, chat_id: int | None = None, ok: bool = True) -> list[Call]:
        with self._lock:
            return [
                c
                for c in self.telegram.calls
                if (method is None or c.method == method)
                and (chat_id is None or c.params.get("chat_id") in (chat_id, str(chat_id)))
                and (not ok or c.status == 200)
            ]

    def wait_for(self, condition: Callable[[], Any], timeout: float = 30, what: str = "the bot") -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = condition()
            if result:
                return result
            time.sleep(0.05)
        raise AssertionError(f"timed out after {timeout} s waiting for {what}")

    def post_to_webhook(self, url: str, update: dict[str, Any], secret: str | None) -> int:
        """Deliver an update to the bot's webhook as Telegram does; returns the HTTP status."""

        async def post() -> int:
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
            async with aiohttp.ClientSession() as session:
                async with session.post(url, json=update, headers=headers) as response:
                    return response.status

        return asyncio.run_coroutine_threadsafe(post(), self._loop).result(30)

    def raw_call(self, method: str, payload: dict[str, Any], form: bool = False) -> tuple[int, dict[str, Any]]:
        """Call the stand-in directly over HTTP (as any client would): a JSON body, or form
        fields (strings, as python-telegram-bot sends them) with ``form``."""

        async def call() -> tuple[int, dict[str, Any]]:
            body = {"data": payload} if form else {"json": payload}
            async with aiohttp.ClientSession() as session:
                async with session.post(f"{self.url}{self.token}/{method}", **body) as response:
                    return response.status, await response.json()

        return asyncio.run_coroutine_threadsafe(call(), self._loop).result(30)
