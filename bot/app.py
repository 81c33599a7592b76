"""Building and running the Telegram Application (polling or webhook).

``build_application`` wires the handlers; ``run`` loads the index, registers the command
menus and serves until Ctrl-C or SIGTERM. The Bot API base URL comes from settings only, so a
self-hosted Bot API server (or a test stand-in) is reached exactly like api.telegram.org.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

from telegram import (
    BotCommandScopeChat,
    BotCommandScopeDefault,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ContextTypes, Defaults
from telegram.request import BaseRequest, HTTPXRequest

from retrieval.safedir import UnsafeDirectoryError

from . import corpus_inbox, routes
from .button_store import ButtonStore, state_directory
from .redact import RedactingRequest
from .service import IndexService
from .settings import Settings

log = logging.getLogger(__name__)

async def register_commands(application: Application) -> None:
    """Command menus: the public ones for everyone, plus admin ones in each admin's private chat."""
    bot = application.bot
    await bot.set_my_commands(routes.menu(admin=False), scope=BotCommandScopeDefault())
    settings: Settings = application.bot_data["settings"]
    for admin_id in settings.admin_ids:
        try:
            await bot.set_my_commands(routes.menu(admin=True), scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:  # the admin has not started a chat with the bot yet
            log.warning("could not set the admin command menu for user %s: %s", admin_id, exc)


def build_application(
    settings: Settings,
    service: IndexService,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    flood_control: bool = True,
) -> Application:
    """The Application with every handler; ``request`` replaces the HTTP layer (tests).

    Every configured secret is masked in what the bot sends (redact.RedactingRequest).
    ``flood_control`` keeps sending within Telegram's rate limits (AIORateLimiter); only a
    throughput benchmark of the bot's own work turns it off.
    """
    if settings.bot_token is None:
        raise ValueError("NEWSBOT_BOT_TOKEN is not set")
    builder = (
        Application.builder()
        .token(settings.bot_token.get_secret_value())
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .post_init(register_commands)
        .post_shutdown(save_buttons_at_shutdown)
    )
    if flood_control:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=2))
    if settings.api_base_url:
        base = settings.api_base_url.rstrip("/")
        builder = builder.base_url(base if base.endswith("/bot") else base + "/bot")
        builder = builder.base_file_url((base[: -len("/bot")] if base.endswith("/bot") else base) + "/file/bot")
    # every call the bot makes goes through this one request object: no reply carries a secret
    builder = builder.request(RedactingRequest(request or HTTPXRequest(connection_pool_size=256), settings.secrets()))
    if updates_request is not None:
        builder = builder.get_updates_request(updates_request)
    application = builder.build()
    paging = ButtonStore(state_directory(settings.state_dir))  # refused (UnsafeDirectoryError) if others can write it
    if (problem := paging.load()) is not None:
        log.warning("%s", problem)
    log.info("%d saved buttons loaded from %s", len(paging), paging.path)
    application.bot_data.update(service=service, paging=paging, settings=settings)
    corpus_inbox.install(application, settings, service)
    routes.register(application, settings.admin_ids)
    if application.job_queue is not None:
        jobs = application.job_queue
        jobs.run_repeating(_save_buttons, interval=BUTTON_SAVE_INTERVAL, first=BUTTON_SAVE_INTERVAL, name="buttons")
    return application


BUTTON_SAVE_INTERVAL = 2.0
"""Seconds between saves of new buttons (and once more at shutdown)."""


async def _save_buttons(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Write the button store when buttons were added: the snapshot on the loop, the file in a thread."""
    paging: ButtonStore = context.bot_data["paging"]
    if paging.dirty:
        await asyncio.to_thread(paging.save, paging.snapshot())


async def save_buttons_at_shutdown(application: Application) -> None:
    """The last save, after updates stopped (run_polling and run_webhook call it on the way out)."""
    paging: ButtonStore = application.bot_data["paging"]
    try:
        paging.save()
    except (OSError, UnsafeDirectoryError) as exc:
        log.error("could not save the buttons to %s: %s", paging.path, exc)


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]


class StartupFailureFilter(logging.Filter):
    """Drops python-telegram-bot's traceback for a failed start-up step (getMe, deleteWebhook,
    setWebhook): the exception reaches ``newsbot run``, which reports it in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno >= logging.ERROR and record.getMessage().startswith("Network Retry Loop (Bootstrap"))


def serve(application: Application, settings: Settings) -> None:
    """Poll or listen for webhooks until stopped by Ctrl-C or SIGTERM; a failed start raises."""
    logging.getLogger("telegram.ext").addFilter(StartupFailureFilter())
    if settings.mode == "webhook":
        url = settings.webhook_url or ""
        application.run_webhook(
            listen=settings.listen_host,
            port=settings.listen_port,
            url_path=urlsplit(url).path.lstrip("/"),
            webhook_url=url,
            secret_token=settings.webhook_secret.get_secret_value() if settings.webhook_secret else None,
            allowed_updates=ALLOWED_UPDATES,
        )
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
