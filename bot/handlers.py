"""Telegram handlers: small async functions that read the update, get a Reply from bot.replies and
send it. Which update reaches which handler (and which commands are for admins) is bot/routes.py.

The shared objects live in ``application.bot_data``: ``service`` (IndexService), ``paging``
(the ButtonStore) and ``settings`` (Settings).
"""

from __future__ import annotations

import asyncio
import logging
import re

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from retrieval.normalize import clean_text

from . import replies
from .replies import Reply
from .replies.base import small_number
from .service import IndexService, ReloadInProgress
from .settings import Settings

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
INLINE_NOTHING = "没有找到合适的回答 · 点这里看看怎么问"
"""The button above an empty first page of inline results (it opens the private chat's help)."""


def _service(context: Context) -> IndexService:
    return context.bot_data["service"]


def _paging(context: Context) -> replies.PagedQueries:
    return context.bot_data["paging"]


def _settings(context: Context) -> Settings:
    return context.bot_data["settings"]


def markup(reply: Reply) -> InlineKeyboardMarkup | None:
    rows = [
        [
            InlineKeyboardButton(b.text, callback_data=b.callback, url=b.url, switch_inline_query=b.switch_inline)
            for b in row
        ]
        for row in reply.buttons
        if row
    ]
    return InlineKeyboardMarkup(rows) if rows else None


async def send(message: Message, reply: Reply, quote: bool = False) -> Message:
    if reply.photo is not None:  # a chart: the HTML is its caption
        return await message.reply_photo(reply.photo, caption=reply.html, parse_mode=ParseMode.HTML, do_quote=quote)
    return await message.reply_html(
        reply.html, reply_markup=markup(reply), link_preview_options=NO_PREVIEW, do_quote=quote
    )


def is_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and user.id in _settings(context).admin_ids


async def _answer(update: Update, context: Context, question: str) -> None:
    message = update.effective_message
    if message is None:
        return
    reply = replies.answer_reply(_service(context), _paging(context), question, _settings(context).answers_per_reply)
    await send(message, reply, quote=message.chat.type != ChatType.PRIVATE)


# --- commands ----------------------------------------------------------------------------------


async def start(update: Update, context: Context) -> None:
    """/start, optionally with a deep-link parameter carrying a question."""
    if update.effective_message is None:
        return
    question = replies.question_from_payload(context.args[0]) if context.args else None
    if question:
        await _answer(update, context, question)
        return
    await send(update.effective_message, replies.start_reply(_service(context), context.bot.username))


async def help_command(update: Update, context: Context) -> None:
    if update.effective_message is not None:
        await send(update.effective_message, replies.help_reply(context.bot.username, is_admin(update, context)))


async def ask(update: Update, context: Context) -> None:
    """/ask 问题 (works in groups with privacy mode on)."""
    await _answer(update, context, " ".join(context.args or []))


async def who(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is not None:
        reply = replies.who_reply(
            _service(context), _paging(context), " ".join(context.args or []), per_page=_settings(context).answers_per_reply
        )
        await send(message, reply, quote=message.chat.type != ChatType.PRIVATE)


async def search(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is not None:
        reply = replies.search_reply(_service(context), _paging(context), " ".join(context.args or []))
        await send(message, reply, quote=message.chat.type != ChatType.PRIVATE)


async def compare(update: Update, context: Context) -> None:
    """/compare 甲 乙 [话题]: two speakers' quotes side by side."""
    message = update.effective_message
    if message is not None:
        reply = replies.compare_reply(_service(context), _paging(context), " ".join(context.args or []))
        await send(message, reply, quote=message.chat.type != ChatType.PRIVATE)


async def source(update: Update, context: Context) -> None:
    """/source “……”: who said a remembered line, and how close the match is."""
    message = update.effective_message
    if message is not None:
        reply = replies.source_reply(_service(context), " ".join(context.args or []))
        await send(message, reply, quote=message.chat.type != ChatType.PRIVATE)


async def timeline(update: Update, context: Context) -> None:
    """/timeline 名字 [话题]: a chart of the person's statements per month (drawn in a worker thread)."""
    message = update.effective_message
    if message is not None:
        text = " ".join(context.args or [])
        if text.strip():
            await context.bot.send_chat_action(message.chat.id, ChatAction.UPLOAD_PHOTO)
        reply = await asyncio.to_thread(replies.timeline_reply, _service(context), text)
        await send(message, reply, quote=message.chat.type != ChatType.PRIVATE)


# --- plain messages ----------------------------------------------------------------------------


async def private_text(update: Update, context: Context) -> None:
    """In a private chat any text is a question."""
    message = update.effective_message
    if message is not None and message.text:
        await _answer(update, context, message.text)


def _addressed_to_bot(message: Message, username: str | None, bot_id: int) -> str | None:
    """The question in a group message that mentions the bot or replies to it, else None."""
    text = message.text or ""
    reply_to = message.reply_to_message
    replying = reply_to is not None and reply_to.from_user is not None and reply_to.from_user.id == bot_id
    mentioned = False
    if username:
        for value in message.parse_entities([MessageEntity.MENTION]).values():
            if value.lstrip("@").lower() == username.lower():
                mentioned = True
                text = text.replace(value, " ")
    if not (mentioned or replying):
        return None
    return re.sub(r"\s+", " ", text).strip()


async def group_text(update: Update, context: Context) -> None:
    """In groups: answer a mention of the bot or a reply to one of its messages; ignore chatter."""
    message = update.effective_message
    if message is None or not message.text:
        return
    question = _addressed_to_bot(message, context.bot.username, context.bot.id)
    if question is None:
        return
    await _answer(update, context, question)


# --- buttons and inline mode -------------------------------------------------------------------


async def example_button(update: Update, context: Context) -> None:
    """An example question's button (ex:N:0): its answer as a new message."""
    query = update.callback_query
    if query is None:
        return
    reply = replies.example_reply(_service(context), _paging(context), query.data, _settings(context).answers_per_reply)
    await query.answer()
    if reply is not None and query.message is not None:
        await context.bot.send_message(query.message.chat.id, reply.html, reply_markup=markup(reply), link_preview_options=NO_PREVIEW)


async def page_button(update: Update, context: Context) -> None:
    """A paging or choice button: the page it asks for replaces the message's text."""
    query = update.callback_query
    if query is None:
        return
    reply = replies.page_reply(_service(context), _paging(context), query.data, _settings(context).answers_per_reply)
    if reply is None:
        await expired_button(update, context)
        return
    await query.answer()
    try:
        await query.edit_message_text(reply.html, reply_markup=markup(reply), link_preview_options=NO_PREVIEW)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def expired_button(update: Update, context: Context) -> None:
    """A button whose state is gone (expired, or data no route knows)."""
    if update.callback_query is not None:
        await update.callback_query.answer("这个结果已过期，请重新提问。", show_alert=False)


async def inline_query(update: Update, context: Context) -> None:
    """@bot 问题: up to 50 results a page, paged with next_offset."""
    query = update.inline_query
    if query is None:
        return
    text = clean_text(query.query).strip()
    if not text:
        await query.answer(
            [],
            cache_time=30,
            is_personal=False,
            button=InlineQueryResultsButton(text="打开私聊，看看怎么用", start_parameter="inline-help"),
        )
        return
    results, next_offset = replies.inline_results(_service(context), text, query.offset)
    if not results and not small_number(query.offset):  # nothing at all (or chatter): say so, offer the help
        await query.answer([], cache_time=30, is_personal=False, button=InlineQueryResultsButton(text=INLINE_NOTHING, start_parameter="inline-help"))
        return
    articles = [
        InlineQueryResultArticle(
            id=r.id,
            title=r.title,
            description=r.description,
            input_message_content=InputTextMessageContent(r.html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW),
        )
        for r in results
    ]
    # no next page: leave next_offset out (Telegram's default, ""). An explicit "" would reach the
    # wire as [] because ExtBot._insert_defaults takes it for an empty list of poll options
    # (python-telegram-bot issue #4295), and Telegram would hand "[]" back as the next offset.
    await query.answer(articles, cache_time=30, is_personal=False, next_offset=next_offset or None)


# --- admin -------------------------------------------------------------------------------------


async def refuse(update: Update, context: Context) -> None:
    """An admin command from someone else (routes send it here): refused, and logged."""
    user = update.effective_user
    message = update.effective_message
    command = (message.text or "").split(maxsplit=1)[0].lstrip("/").split("@", 1)[0] if message is not None else "?"
    log.warning("refused /%s from non-admin user id %s", command[:32], user.id if user else "?")
    if message is not None:
        await message.reply_text("抱歉，这个命令只对管理员开放。")


async def reload(update: Update, context: Context) -> None:
    """/reload (admins): rebuild in a worker thread while the old index keeps answering."""
    message = update.effective_message
    if message is None:
        return
    service = _service(context)
    try:
        pending = service.start_reload()  # claimed before any await: a second /reload sees it
    except ReloadInProgress:
        await message.reply_text("已经在重新载入中，请稍候。")
        return
    progress = await message.reply_text("⏳ 正在重新读取语料库并重建索引…")
    await context.bot.send_chat_action(message.chat.id, ChatAction.TYPING)
    report = await pending
    log.info("reload by user %s: ok=%s in %.1f s", update.effective_user.id if update.effective_user else "?", report.ok, report.seconds)
    reply = replies.reload_reply(report)
    await progress.edit_text(reply.html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)


async def stats(update: Update, context: Context) -> None:
    """/stats (admins): corpus size, index age, uptime, questions answered."""
    if update.effective_message is not None:
        await send(update.effective_message, replies.stats_reply(_service(context)))


# --- errors ------------------------------------------------------------------------------------


async def on_error(update: object, context: Context) -> None:
    """Log every handler exception with its update id and apologise instead of staying silent."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s", update_id, exc_info=context.error)
    if isinstance(update, Update):
        if update.callback_query is not None:
            try:
                await update.callback_query.answer("抱歉，出了点问题，请稍后再试。")
            except Exception:  # noqa: BLE001 - the apology itself may fail; it is already logged
                pass
            return
        if update.effective_message is not None:
            try:
                await update.effective_message.reply_text("抱歉，处理这条消息时出了点问题，请稍后再试。")
            except Exception:  # noqa: BLE001
                log.debug("could not send the apology for update %s", update_id)
