"""Every route into the bot in one table: commands (public and admin), buttons by kind, plain
messages, inline queries. ``register`` adds the Application's handlers from it and the command
menus (setMyCommands) come from it, so a command is declared once.

Admin commands are filtered here by user id (NEWSBOT_ADMIN_IDS); anyone else reaches
``handlers.refuse``, which says so and logs the refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from . import corpus_inbox, handlers
from .replies.base import ANSWERS, ASK_AGAIN, COMPARE, EXAMPLE, PERSON, SEARCH, WHO

Handler = Callable[[Update, Any], Coroutine[Any, Any, None]]


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    handler: Handler
    description: str
    """As the command menu shows it."""
    admin: bool = False
    block: bool = True
    """False for a long command (/reload) that must not hold up other updates."""


COMMANDS = (
    Command("start", handlers.start, "开始，看看示例问题"),
    Command("help", handlers.help_command, "怎么用"),
    Command("ask", handlers.ask, "提问：谁说了什么"),
    Command("who", handlers.who, "某人说过的话"),
    Command("timeline", handlers.timeline, "某人每月说法的柱状图"),
    Command("search", handlers.search, "搜索新闻段落"),
    Command("compare", handlers.compare, "两人的说法并排对照"),
    Command("source", handlers.source, "这句话是谁说的"),
    Command("reload", handlers.reload, "重新载入语料库", admin=True, block=False),
    Command("stats", handlers.stats, "统计信息", admin=True),
    Command("feeds", corpus_inbox.feeds_command, "订阅源状态", admin=True),
)

BUTTONS: tuple[tuple[str, Handler], ...] = (
    (rf"^(?:{ANSWERS}|{PERSON}|{WHO}|{SEARCH}|{COMPARE}|{ASK_AGAIN}):", handlers.page_button),  # kind:token:page
    (rf"^{EXAMPLE}:", handlers.example_button),  # ex:N:0, an example question under /start
    (r"^ix:", corpus_inbox.on_example),  # an example question under an inbox reply
    (r"", handlers.expired_button),  # anything else: data no route knows
)
"""Callback data patterns, one per button kind, tried in order."""

PRIVATE_MESSAGE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
INBOX_GROUP = -1
"""Uploads and links are looked at before questions; their handlers end the update's handling."""


def message_routes() -> list[tuple[filters.BaseFilter, Handler, int]]:
    """(filter, handler, group) for messages that are not commands."""
    text = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
    return [
        (PRIVATE_MESSAGE & filters.Document.ALL, corpus_inbox.on_document, INBOX_GROUP),
        (PRIVATE_MESSAGE & filters.Regex(corpus_inbox._LINK), corpus_inbox.on_link, INBOX_GROUP),
        (text & filters.ChatType.PRIVATE, handlers.private_text, 0),
        (text & filters.ChatType.GROUPS, handlers.group_text, 0),
    ]


def menu(admin: bool) -> list[BotCommand]:
    """The command menu: the public commands, plus the admin ones for ``admin``."""
    return [BotCommand(c.name, c.description) for c in COMMANDS if admin or not c.admin]


def register(application: Application, admin_ids: list[int]) -> None:
    """Add a handler for every route in the tables above."""
    admins = filters.User(user_id=admin_ids)
    routes: list[tuple[BaseHandler, int]] = []
    for command in COMMANDS:
        allowed = admins if command.admin else None
        routes.append((CommandHandler(command.name, command.handler, filters=allowed, block=command.block), 0))
    admin_only = [c.name for c in COMMANDS if c.admin]
    routes.append((CommandHandler(admin_only, handlers.refuse), 0))  # reached only when the filter above refused
    routes += [(CallbackQueryHandler(handler, pattern=pattern), 0) for pattern, handler in BUTTONS]
    routes += [(MessageHandler(message_filter, handler), group) for message_filter, handler, group in message_routes()]
    routes.append((InlineQueryHandler(handlers.inline_query), 0))
    for handler, group in routes:
        application.add_handler(handler, group)
    application.add_error_handler(handlers.on_error)
