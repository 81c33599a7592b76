"""The corpus keeps itself current: admin uploads and links, feed polling, a watched folder.

``CorpusInbox`` owns the inbox folder inside the corpus (NEWSBOT_INBOX_DIR) and the one way
the bot reloads on its own: ``reload()`` coalesces requests (an upload, a feed poll and a file
change that arrive together cause one reload, never two at once) and reports what changed.

* an admin's document (.txt .md .jsonl .html, up to Telegram's 20 MB download limit) is parsed
  first and saved into the inbox only when it parses without a problem, repeats no article the
  corpus (or the inbox) already holds and takes no other file's article id; it never waits for
  a fetch run (runs hold their own lock), and its reply counts what that upload added;
* an admin's link is fetched (retrieval/fetch.py, with its safety rules) into the inbox;
* NEWSBOT_FEEDS are polled by the job queue every NEWSBOT_FEED_INTERVAL minutes; a failing feed
  backs off and does not stop the others; /feeds shows each feed's state;
* NEWSBOT_WATCH=true polls the corpus files' stamps and reloads once they have settled.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    ContextTypes,
)

from retrieval import NewsIndex
from retrieval.fetch import FetchRun, Outcome, public_url
from retrieval.ingest import SourceFile, read_file, stamp_files
from retrieval.models import Article
from retrieval.safedir import open_beneath, read_descriptor

from . import replies
from .formatting import escape, limit_html, shorten
from .service import IndexService, ReloadInProgress, ReloadReport
from .settings import Settings

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
UPLOAD_SUFFIXES = (".txt", ".md", ".jsonl", ".html", ".htm")
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
"""Telegram's limit for files a bot downloads (getFile)."""
REFUSAL = "抱歉，这个功能只对管理员开放。"
_LINK = re.compile(r"^\s*(https?://\S+)\s*$")
_UNSAFE_NAME = re.compile(r"[^\w.\-]+")


# --- what changed --------------------------------------------------------------------------


@dataclass(slots=True)
class CorpusDiff:
    """A reload's report plus what it added: quotes, new speakers, the new index."""

    report: ReloadReport
    quotes_added: int = 0
    new_speakers: list[str] = field(default_factory=list)
    index: NewsIndex | None = None


def _speaker_names(index: NewsIndex) -> set[str]:
    return {entry.name for entry in index.speakers.entries.values() if not entry.collective}


def example_question(index: NewsIndex, file: str) -> str | None:
    """A question the article(s) from ``file`` answer: who said something there, else its title."""
    numbers = {n for n, article in enumerate(index.articles) if article.file == file}
    for quote in index.quotes:
        if quote.article in numbers and not quote.speaker.collective and len(quote.speaker.name) >= 2:
            return f"{quote.speaker.name}说了什么？"
    for n in sorted(numbers):
        if index.articles[n].title:
            return shorten(index.articles[n].title or "", 30)
    return None


def own_diff(diff: CorpusDiff, files: list[str]) -> CorpusDiff:
    """``diff`` counted for what ``files`` (new files, such as an upload) hold in its index:
    their articles are what they added, their quotes what they brought, whichever of several
    coalesced reloads read them first. Paths are compared resolved (a corpus path may be relative)."""
    if diff.index is None or not diff.report.ok:
        return diff
    wanted = {os.path.realpath(f) for f in files}
    names = {os.path.basename(f) for f in files}
    numbers = {
        n for n, article in enumerate(diff.index.articles)
        if os.path.basename(article.file) in names and os.path.realpath(article.file) in wanted
    }
    quotes = [q for q in diff.index.quotes if q.article in numbers]
    speakers = {q.speaker.name for q in quotes}
    report = dataclasses.replace(diff.report, added=len(numbers), changed=0, removed=0)
    return CorpusDiff(report, len(quotes), [name for name in diff.new_speakers if name in speakers], diff.index)


def diff_html(diff: CorpusDiff, saved: str | None = None) -> str:
    """The reply after an inbox change: what was saved, the article/quote/speaker diff."""
    report = diff.report
    if not report.ok:
        reason = f"新索引{report.refused}" if report.refused else (report.error or "未知错误")
        return f"❌ 没有换用新索引，继续使用原来的索引。\n原因：{escape(reason)}"
    lines = [f"✅ 已加入语料库：<code>{escape(saved)}</code>" if saved else "✅ 语料库已更新。"]
    lines.append(
        f"文章 {report.articles:,}（新增 {report.added} · 修改 {report.changed} · 删除 {report.removed}）"
        f" · 引语 {report.quotes:,}（{diff.quotes_added:+d}） · 说话人 {report.speakers:,}"
    )
    if diff.new_speakers:
        shown = "、".join(escape(name) for name in diff.new_speakers[:10])
        more = f" 等 {len(diff.new_speakers)} 位" if len(diff.new_speakers) > 10 else ""
        lines.append(f"新的说话人：{shown}{more}")
    if report.problems:
        lines.append(f"跳过 {len(report.problems)} 处：")
        lines += [f"• {escape(shorten(str(p), 200))}" for p in report.problems[:5]]
    return limit_html("\n".join(lines))


# --- the inbox -----------------------------------------------------------------------------


def _text_key(article: Article) -> tuple[str, ...]:
    return (article.title or "", *article.paragraphs)


def upload_conflict(uploaded: list[Article], existing: list[Article], name_id: str) -> str | None:
    """Why an upload must not be saved, or None: an article whose title and text the corpus
    already holds (the same upload twice would answer everything twice), or an article id set
    in the file that an article of another file has (saving it would replace that article).
    ``name_id``: the id the file's name gives; ids derived from it follow the saved name."""
    same_text = {_text_key(a): a for a in existing}
    taken = {a.id: a for a in existing}
    for article in uploaded:
        if (twin := same_text.get(_text_key(article))) is not None:
            return f"语料库里已经有内容相同的文章：{twin.id}（{Path(twin.file).name or twin.id}），没有重复保存"
        derived = article.id == name_id or article.id.startswith(name_id + "#")
        if not derived and (owner := taken.get(article.id)) is not None:
            return f"文章 id「{article.id}」已经属于 {Path(owner.file).name or owner.id} 里的文章；换一个 id 再上传，不会替换原文"
    return None


@dataclass(slots=True)
class FeedStatus:
    """One configured feed: when it was last fetched, what that gave, and its back-off."""

    url: str
    last_fetch: float | None = None
    new_articles: int = 0
    total_new: int = 0
    last_error: str | None = None
    failures: int = 0
    next_due: float = 0.0


def resolve_inbox(settings: Settings) -> Path | None:
    """The inbox folder: NEWSBOT_INBOX_DIR, else ``inbox`` in the first corpus folder.

    None when it would not lie inside a corpus folder (what is saved there would never load).
    """
    folders = [Path(p).resolve() for p in settings.corpus_paths if Path(p).is_dir()]
    inbox = settings.inbox_dir or (folders[0] / "inbox" if folders else None)
    if inbox is None:
        return None
    inbox = Path(inbox).resolve()
    return inbox if any(inbox == f or f in inbox.parents for f in folders) else None


def safe_file_name(name: str) -> str:
    """A file name that stays in the inbox: no directories, no odd characters."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = os.path.splitext(base)
    stem = _UNSAFE_NAME.sub("_", stem).strip("._") or "upload"
    return stem[:80] + suffix.lower()



def _remove_staging(staging: Path) -> None:
    """An upload's staging folder and what is left in it (off the event loop: file system calls)."""
    for leftover in staging.iterdir():
        leftover.unlink()
    staging.rmdir()

class CorpusInbox:
    """The inbox, the coalescing reload, the feeds' states and the watched stamps."""

    def __init__(self, settings: Settings, service: IndexService) -> None:
        self.settings = settings
        self.service = service
        self.directory = resolve_inbox(settings)
        self.feeds = {url: FeedStatus(url) for url in settings.feeds}
        self._write_lock = asyncio.Lock()
        """Held while an upload is checked and moved in: uploads never interleave."""
        self._fetch_lock = asyncio.Lock()
        """Held for a whole fetch run (a link, a feed poll), which reads and rewrites the inbox's
        fetch state: runs wait for each other, uploads never wait for a run."""
        self._reload_lock = asyncio.Lock()
        self._requested = 0
        self._covered = 0
        self._last: CorpusDiff | None = None
        self._stamps: list[SourceFile] | None = service.files
        """What the watcher compares against: the stamps the serving index was read from."""
        self._pending_stamps: list[SourceFile] | None = None

    # --- reloading -------------------------------------------------------------------------

    async def reload(self) -> CorpusDiff:
        """Reload the corpus; requests made while one waits or runs share the next reload."""
        self._requested += 1
        mine = self._requested
        async with self._reload_lock:
            if self._covered >= mine and self._last is not None:
                return self._last  # a reload that started after this request already read it
            self._covered = self._requested
            old = self.service.index
            before_names, before_quotes = _speaker_names(old), old.stats.quotes
            self._stamps = await asyncio.to_thread(stamp_files, self.service.corpus_paths)
            while True:
                try:
                    task = self.service.start_reload()
                    break
                except ReloadInProgress:  # an admin's /reload runs: wait for it, then reload
                    await asyncio.sleep(0.2)
            report = await task
            if report.files is not None:
                self._stamps = report.files  # what was read; a file changed meanwhile differs
            new = self.service.index
            diff = CorpusDiff(report, index=new)
            if report.ok:
                diff.quotes_added = new.stats.quotes - before_quotes
                diff.new_speakers = sorted(_speaker_names(new) - before_names)
            self._last = diff
            return diff

    # --- uploads and links -----------------------------------------------------------------

    async def add_document(self, file_name: str, data: bytes) -> tuple[Path | None, str | None]:
        """Check that an uploaded file parses, then move it into the inbox: (path, None) or (None, why)."""
        if self.directory is None:
            return None, "没有可用的收件箱（NEWSBOT_INBOX_DIR 必须在语料库文件夹之内）"
        name = safe_file_name(file_name)
        async with self._write_lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=self.directory))
            try:
                candidate = staging / name
                candidate.write_bytes(data)
                articles, problems = await asyncio.to_thread(read_file, candidate, staging)
                if problems or not articles:
                    reasons = "；".join(
                        (f"第 {p.line} 行：" if p.line else "") + p.reason for p in problems[:3]
                    ) or "没有读到文章"
                    return None, reasons
                own_ids = Path(name).with_suffix("").as_posix()  # ids the file's name gives (they follow it)
                conflict = await asyncio.to_thread(self._twin_in_inbox, data)
                conflict = conflict or await asyncio.to_thread(upload_conflict, articles, self.service.index.articles, own_ids)
                if conflict is not None:
                    return None, conflict
                return self._move_in(candidate, name), None
            finally:
                await asyncio.to_thread(_remove_staging, staging)

    def _twin_in_inbox(self, data: bytes) -> str | None:
        """Why ``data`` is refused when a file in the inbox holds the same bytes (an upload sent
        twice before a reload read the first), else None."""
        assert self.directory is not None
        with os.scandir(self.directory) as entries:
            for entry in entries:
                if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_size == len(data):
                    try:
                        same = read_descriptor(open_beneath(self.directory, (entry.name,))[0]) == data
                    except OSError:
                        continue
                    if same:
                        return f"收件箱里已经有内容相同的文件：{entry.name}，没有重复保存"
        return None

    def _move_in(self, candidate: Path, name: str) -> Path:
        """Move ``candidate`` into the inbox as ``name`` (or name-2, -3 … when taken), never
        replacing a file: a hard link fails where the name exists, even one written meanwhile."""
        assert self.directory is not None
        stem, suffix = os.path.splitext(name)
        target, number = self.directory / name, 2
        while True:
            try:
                os.link(candidate, target)
                return target
            except FileExistsError:
                target, number = self.directory / f"{stem}-{number}{suffix}", number + 1

    async def fetch(self, url: str) -> list[Outcome]:
        """Fetch a page or feed URL into the inbox (the fetch rules apply: private addresses, size, type)."""
        if self.directory is None:
            return [Outcome(url, "failed", "no inbox folder inside the corpus")]
        async with self._fetch_lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            run = FetchRun(self.directory, self.settings.fetch_options())
            try:
                return await run.source(url)
            finally:
                await run.fetcher.aclose()

    # --- feeds -----------------------------------------------------------------------------

    async def poll_feeds(self, now: float | None = None) -> CorpusDiff | None:
        """Fetch every feed that is due; one reload when any brought a new article."""
        interval = self.settings.feed_interval * 60
        added = 0
        for status in self.feeds.values():
            now = time.time() if now is None else now
            if now < status.next_due:
                continue
            try:
                outcomes = await self.fetch(status.url)
            except Exception as exc:
                log.exception("feed %s failed", public_url(status.url))
                outcomes = [Outcome(public_url(status.url), "failed", f"{type(exc).__name__}: {exc}")]
            status.last_fetch = time.time()
            status.new_articles = sum(o.status == "new" for o in outcomes)
            status.total_new += status.new_articles
            added += status.new_articles
            head = outcomes[0]
            if head.status in ("failed", "refused"):
                status.failures += 1
                status.last_error = head.detail
                status.next_due = status.last_fetch + interval * 2 ** min(status.failures, 4)
                log.warning("feed %s: %s (next try in %.0f min)", public_url(status.url), head.detail, (status.next_due - status.last_fetch) / 60)
            else:
                failed = [o for o in outcomes[1:] if o.status in ("failed", "refused")]
                status.failures = 0
                status.last_error = f"{len(failed)} 篇失败：{failed[0].detail}" if failed else None
                status.next_due = 0.0
        if not added:
            return None
        diff = await self.reload()
        log.info("feeds added %d articles; reload ok=%s", added, diff.report.ok)
        return diff

    # --- watching --------------------------------------------------------------------------

    async def check_files(self) -> CorpusDiff | None:
        """Reload when the corpus files changed and have stayed the same for one more check."""
        stamps = await asyncio.to_thread(stamp_files, self.service.corpus_paths)
        if self._stamps is None:
            self._stamps = stamps
            return None
        if stamps == self._stamps or self.service.reloading or self._reload_lock.locked():
            self._pending_stamps = None
            return None
        if stamps != self._pending_stamps:
            self._pending_stamps = stamps  # still changing (a copy in progress): wait a round
            return None
        self._pending_stamps = None
        diff = await self.reload()
        log.info("corpus files changed; reload ok=%s", diff.report.ok)
        return diff


# --- Telegram handlers -----------------------------------------------------------------------


def _inbox(context: Context) -> CorpusInbox:
    return context.bot_data["inbox"]


def _is_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.bot_data["settings"].admin_ids


async def _refuse(update: Update, what: str) -> None:
    user = update.effective_user
    log.warning("refused %s from non-admin user id %s", what, user.id if user else "?")
    if update.effective_message is not None:
        await update.effective_message.reply_text(REFUSAL)
    raise ApplicationHandlerStop


def _example_markup(context: Context, diff: CorpusDiff, file: str) -> InlineKeyboardMarkup | None:
    question = example_question(diff.index, file) if diff.index is not None and diff.report.ok else None
    if question is None:
        return None
    token = context.bot_data["paging"].put("ix", question)
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"试试：{question}", callback_data=replies.callback_data("ix", token, 0))]])


async def on_document(update: Update, context: Context) -> None:
    """An admin's document in a private chat: check it parses, save it, reload, show the diff."""
    message = update.effective_message
    document = message.document if message is not None else None
    if message is None or document is None:
        return
    if not _is_admin(update, context):
        await _refuse(update, "a document upload")
    name = document.file_name or "upload"
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        await message.reply_text("只接受 .txt、.md、.jsonl 和 .html 文件。")
        raise ApplicationHandlerStop
    if document.file_size is not None and document.file_size > MAX_DOWNLOAD_BYTES:
        await message.reply_text("文件太大：机器人最多能下载 20 MB。")
        raise ApplicationHandlerStop
    context.application.create_task(_add_document(message, document.file_id, name, context), update=update)
    raise ApplicationHandlerStop  # the question handlers never see it; the work runs on its own


async def _add_document(message: Message, file_id: str, name: str, context: Context) -> None:
    progress = await message.reply_text("⏳ 正在检查文件…")
    telegram_file = await context.bot.get_file(file_id)
    data = bytes(await telegram_file.download_as_bytearray())
    saved, error = await _inbox(context).add_document(name, data)
    if saved is None:
        await progress.edit_text(f"❌ 文件没有保存：{escape(shorten(error or '', 600))}", parse_mode=ParseMode.HTML)
        return
    await progress.edit_text(f"⏳ 已保存 <code>{escape(saved.name)}</code>，正在更新索引…", parse_mode=ParseMode.HTML)
    diff = await _inbox(context).reload()
    await progress.edit_text(diff_html(own_diff(diff, [str(saved)]), saved.name), parse_mode=ParseMode.HTML, reply_markup=_example_markup(context, diff, str(saved)))


async def on_link(update: Update, context: Context) -> None:
    """An admin's link in a private chat: fetch the page into the inbox, reload, show the diff."""
    message = update.effective_message
    match = _LINK.match(message.text or "") if message is not None else None
    if message is None or match is None:
        return
    if not _is_admin(update, context):
        await _refuse(update, "a link")
    context.application.create_task(_add_link(message, match.group(1), context), update=update)
    raise ApplicationHandlerStop


async def _add_link(message: Message, url: str, context: Context) -> None:
    progress = await message.reply_text("⏳ 正在抓取网页…")
    try:
        outcomes = await _inbox(context).fetch(url)
    except Exception as exc:  # the fetch run turns failures into outcomes; this is a last guard
        log.exception("link %s failed", public_url(url))
        outcomes = [Outcome(public_url(url), "failed", type(exc).__name__)]
    added = [o for o in outcomes if o.status in ("new", "updated") and o.file]
    if not added:
        head = next((o for o in outcomes if o.status in ("failed", "refused")), outcomes[0])
        text = "这篇文章已经在语料库里了。" if head.status == "unchanged" else f"❌ 没有加入：{escape(shorten(head.detail, 300))}"
        await progress.edit_text(text, parse_mode=ParseMode.HTML)
        return
    diff = await _inbox(context).reload()
    saved = ", ".join(Path(o.file or "").name for o in added)
    await progress.edit_text(diff_html(diff, saved), parse_mode=ParseMode.HTML, reply_markup=_example_markup(context, diff, str(added[0].file)))


async def on_example(update: Update, context: Context) -> None:
    """The example-question button under an inbox reply: answer it in a new message."""
    query = update.callback_query
    if query is None:
        return
    parsed = replies.parse_callback(query.data)
    stored = context.bot_data["paging"].get(parsed[1]) if parsed else None
    await query.answer(None if stored else "这个按钮已过期。")
    if stored is not None and query.message is not None:
        settings: Settings = context.bot_data["settings"]
        reply = replies.answer_reply(context.bot_data["service"], context.bot_data["paging"], stored.query, settings.answers_per_reply)
        buttons = [[InlineKeyboardButton(b.text, callback_data=b.callback) for b in row] for row in reply.buttons if row]
        await context.bot.send_message(query.message.chat.id, reply.html, reply_markup=InlineKeyboardMarkup(buttons) if buttons else None)
    raise ApplicationHandlerStop


def _ago(stamp: float | None) -> str:
    if stamp is None:
        return "还没有抓取"
    minutes = int((time.time() - stamp) // 60)
    return "刚刚" if minutes < 1 else f"{minutes} 分钟前"


def feeds_html(inbox: CorpusInbox) -> str:
    if not inbox.feeds:
        return "没有配置订阅源（NEWSBOT_FEEDS）。"
    lines = [f"<b>订阅源</b>（每 {inbox.settings.feed_interval:g} 分钟）"]
    for status in inbox.feeds.values():
        lines.append(f"• {escape(shorten(public_url(status.url), 80))}")
        lines.append(f"  上次抓取：{_ago(status.last_fetch)} · 新文章 {status.new_articles}（累计 {status.total_new}）")
        if status.last_error:
            lines.append(f"  最近的错误：{escape(shorten(status.last_error, 200))}")
        if status.failures:
            lines.append(f"  连续失败 {status.failures} 次，{max(0, int((status.next_due - time.time()) // 60))} 分钟后重试")
    return limit_html("\n".join(lines))


async def feeds_command(update: Update, context: Context) -> None:
    """/feeds (admins): each feed's last fetch, new articles and last error."""
    if not _is_admin(update, context):
        await _refuse(update, "/feeds")
    if update.effective_message is not None:
        await update.effective_message.reply_html(feeds_html(_inbox(context)))
    raise ApplicationHandlerStop


async def _poll_job(context: Context) -> None:
    await _inbox(context).poll_feeds()


async def _watch_job(context: Context) -> None:
    await _inbox(context).check_files()


def install(application: Application, settings: Settings, service: IndexService) -> CorpusInbox:
    """Set up the inbox and the feed and watch jobs (its handlers are routed in bot/routes.py)."""
    inbox = CorpusInbox(settings, service)
    application.bot_data["inbox"] = inbox
    jobs = application.job_queue
    if jobs is None:
        if settings.feeds or settings.watch:
            log.error("feed polling and watching need python-telegram-bot[job-queue]; they are off")
        return inbox
    if settings.feeds:
        jobs.run_repeating(_poll_job, interval=settings.feed_interval * 60, first=1.0, name="feeds")
    if settings.watch:
        jobs.run_repeating(_watch_job, interval=settings.watch_interval, first=settings.watch_interval, name="watch")
    if inbox.directory is None:
        log.warning("no inbox: NEWSBOT_INBOX_DIR must lie inside a corpus folder; uploads, links and feeds are refused")
    return inbox


__all__ = ["CorpusDiff", "CorpusInbox", "FeedStatus", "diff_html", "example_question", "install", "resolve_inbox"]
