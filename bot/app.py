"""Building and running the Telegram Application (polling or webhook).

``build_application`` wires the handlers; ``run`` loads the index, registers the command
menus and serves until Ctrl-C or SIGTERM. The Bot API base URL comes from settings only, so a
self-hosted Bot API server (or a test stand-in) is reached exactly like api.telegram.org.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from . import corpus_inbox, handlers
from .redact import RedactingRequest
from .replies import PagedQueries
from .service import IndexService
from .settings import Settings

log = logging.getLogger(__name__)

PUBLIC_COMMANDS = [
    BotCommand("start", "开始，看看示例问题"),
    BotCommand("help", "怎么用"),
    BotCommand("ask", "提问：谁说了什么"),
    BotCommand("who", "某人说过的话"),
    BotCommand("search", "搜索新闻段落"),
    BotCommand("compare", "两人的说法并排对照"),
    BotCommand("source", "这句话是谁说的"),
]
ADMIN_COMMANDS = [
    BotCommand("reload", "重新载入语料库"),
    BotCommand("stats", "统计信息"),
    BotCommand("feeds", "订阅源状态"),
]


async def register_commands(application: Application) -> None:
    """Command menus: the public ones for everyone, plus admin ones in each admin's private chat."""
    bot = application.bot
    await bot.set_my_commands(PUBLIC_COMMANDS, scope=BotCommandScopeDefault())
    settings: Settings = application.bot_data["settings"]
    for admin_id in settings.admin_ids:
        try:
            await bot.set_my_commands(PUBLIC_COMMANDS + ADMIN_COMMANDS, scope=BotCommandScopeChat(admin_id))
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
    application.bot_data.update(service=service, paging=PagedQueries(), settings=settings)
    corpus_inbox.install(application, settings, service)

    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler("help", handlers.help_command))
    application.add_handler(CommandHandler("ask", handlers.ask))
    application.add_handler(CommandHandler("who", handlers.who))
    application.add_handler(CommandHandler("search", handlers.search))
    application.add_handler(CommandHandler("compare", handlers.compare))
    application.add_handler(CommandHandler("source", handlers.source))
    application.add_handler(CommandHandler("reload", handlers.reload, block=False))
    application.add_handler(CommandHandler("stats", handlers.stats))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private & filters.UpdateType.MESSAGE, handlers.private_text))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & groups & filters.UpdateType.MESSAGE, handlers.group_text))
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_handler(InlineQueryHandler(handlers.inline_query))
    application.add_error_handler(handlers.on_error)
    return application


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
