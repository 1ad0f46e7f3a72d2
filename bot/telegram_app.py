"""The Telegram bot: python-telegram-bot wiring over the answer core, rendered by `render`.

Private chats: any text is a question. Groups: /ask, an @mention of the bot, or a reply to the bot;
everything else is left alone (this works with privacy mode on). Inline mode answers `@bot 噪声` in
any chat. Configuration comes from the environment only; see `Settings.from_env`.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import secrets
import sqlite3
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from .answer import Answer, Answerer
from .corpus import CorpusError
from .flood import FloodLimit
from .index import IndexUnavailable, build_index, corpus_dir_from_env
from .questionlog import QuestionLog, log_path_from_env, retention_from_env
from .render import (
    Page,
    answer_key,
    ask_button,
    inline_items,
    overview_documents,
    overview_theme,
    overview_themes,
    render,
    shorten,
    township_reminder,
)
from .store import Store

log = logging.getLogger("bot.telegram")

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
RECENT_QUESTIONS = 5000
DEFAULT_FLOOD_PER_MINUTE = 20
STARTUP_RETRY_MAX_SECONDS = 60
EXAMPLES = ("谁负责噪声管理", "农业局牵头哪几条", "村里砖厂冒黑烟归哪条管")
COMMANDS = (
    ("start", "这个机器人能做什么"),
    ("help", "怎么提问"),
    ("ask", "提问,例如 /ask 谁负责噪声管理"),
    ("task", "查看某一条,例如 /task 27"),
    ("dept", "某部门牵头的全部任务,例如 /dept 农业农村局"),
    ("depts", "各部门及其牵头任务数"),
    ("overview", "按主题浏览文件结构(新同事从这里开始)"),
    ("docs", "可查询的文件"),
    ("about", "文件名称、发布日期和条目数"),
)
HELP = (
    "直接提问即可,例如:\n"
    "• 谁负责噪声管理\n• 农业局牵头哪几条\n• 第27条\n• 村里砖厂冒黑烟归哪条管\n\n"
    "在群里请用 /ask 提问、@我,或回复我的消息。\n"
    "在任意聊天中输入 @{username} 关键词 可以快速查找条目。\n"
    "回答全部引自文件原文;文件没有涉及的问题,会如实说明。"
)


class ConfigError(RuntimeError):
    """The environment does not configure the bot; the message says what to set."""


def _ids(value: str | None, name: str) -> frozenset[int] | None:
    if not value or not value.strip():
        return None
    try:
        return frozenset(int(part) for part in value.replace(";", ",").split(",") if part.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a comma-separated list of numeric ids, got {value!r}") from None


@dataclass(frozen=True)
class Settings:
    token: str
    base_url: str = DEFAULT_API_BASE_URL
    allowed_chats: frozenset[int] | None = None
    admins: frozenset[int] = frozenset()
    log_level: str = "INFO"
    heartbeat: Path | None = None
    flood_per_minute: int = DEFAULT_FLOOD_PER_MINUTE
    # Telegram's own sending limits (30 messages a second, 20 a minute per group). Off only against a
    # test server that has none, to measure the bot itself.
    rate_limit: bool = True

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and export it")
        level = env.get("LOG_LEVEL", "INFO").upper()
        if not isinstance(logging.getLevelName(level), int):
            raise ConfigError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {level!r}")
        heartbeat = env.get("BOT_HEARTBEAT_FILE")
        flood = env.get("BOT_FLOOD_PER_MINUTE", str(DEFAULT_FLOOD_PER_MINUTE)).strip()
        if not flood.isdigit():
            raise ConfigError(f"BOT_FLOOD_PER_MINUTE must be a whole number (0: no limit), got {flood!r}")
        return cls(
            token=token,
            base_url=env.get("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL,
            allowed_chats=_ids(env.get("BOT_ALLOWED_CHATS"), "BOT_ALLOWED_CHATS"),
            admins=_ids(env.get("BOT_ADMINS"), "BOT_ADMINS") or frozenset(),
            log_level=level,
            heartbeat=Path(heartbeat) if heartbeat else None,
            flood_per_minute=int(flood),
            rate_limit=env.get("BOT_RATE_LIMIT", "on").strip().lower() not in ("off", "0", "false", "no"),
        )


class RedactingFormatter(logging.Formatter):
    """Writes every log line, tracebacks included, with the bot token replaced by [token]."""

    def __init__(self, secrets: list[str], fmt: str):
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, "[token]")
        return text


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter([settings.token], "%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # httpx logs every request URL, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


class HeartbeatBot(ExtBot):
    """Touches the heartbeat file after every successful getUpdates, so a health check sees polling."""

    def __init__(self, *args, heartbeat: Path | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._heartbeat = heartbeat

    async def get_updates(self, *args, **kwargs):
        updates = await super().get_updates(*args, **kwargs)
        if self._heartbeat:
            self._heartbeat.touch()
        return updates


def keyboard(page: Page) -> InlineKeyboardMarkup | None:
    if not page.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.text, callback_data=b.data) for b in row] for row in page.buttons]
    )


class PolicyBot:
    """The handlers: each turns an update into a question, and the Answer into a message."""

    def __init__(self, answerer: Answerer, settings: Settings, log: QuestionLog | None = None):
        self.answerer = answerer
        self.settings = settings
        self.log = log
        self._recent: OrderedDict[str, str] = OrderedDict()  # answer key -> question, for paging
        self.flood = FloodLimit(settings.flood_per_minute)

    # --- helpers -----------------------------------------------------------------------------

    @property
    def township_note(self) -> str | None:
        return township_reminder(self.answerer.store.documents)

    def answer(self, question: str) -> Answer:
        answer = self.answerer.answer(question)
        key = answer_key(answer.query)
        self._recent[key] = answer.query
        self._recent.move_to_end(key)
        while len(self._recent) > RECENT_QUESTIONS:
            self._recent.popitem(last=False)
        return answer

    def page(self, answer: Answer, number: int = 0, question_id: int | None = None) -> Page:
        several = len(self.answerer.store.documents) > 1
        return render(answer, number, self.township_note, documents=several, question_id=question_id)

    def logged(self, answer: Answer, chat_type: str, user_id: int | None) -> int | None:
        """Record the question in the log; the id it gets there labels its 👍/👎 buttons."""
        if self.log is None:
            return None
        try:
            return self.log.record(answer, chat_type, user_id)
        except sqlite3.Error:
            log.exception("could not write the question log")  # answering matters more than logging
            return None

    async def reply(self, message: Message, question: str) -> None:
        """Answer `question` in reply to `message`, unless its sender is flooding the bot."""
        quote = message.chat.type != ChatType.PRIVATE
        user = message.from_user.id if message.from_user else message.chat.id
        if user not in self.settings.admins and not self.flood.allow(user):
            if self.flood.should_warn(user):
                limit = self.settings.flood_per_minute
                await message.reply_text(
                    f"您提问太频繁了(每分钟最多{limit}个问题),请稍后再试。", do_quote=quote
                )
            return
        answer = self.answer(question)
        page = self.page(answer, question_id=self.logged(answer, message.chat.type, user))
        await message.reply_text(page.html, reply_markup=keyboard(page), do_quote=quote)

    def is_admin(self, update: Update) -> bool:
        return update.effective_user is not None and update.effective_user.id in self.settings.admins

    @staticmethod
    def _argument(context: ContextTypes.DEFAULT_TYPE) -> str:
        return " ".join(context.args or []).strip()

    # --- access ------------------------------------------------------------------------------

    async def gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """With BOT_ALLOWED_CHATS set, refuse unlisted private chats and leave unlisted groups."""
        allowed = self.settings.allowed_chats or frozenset()
        chat = update.effective_chat
        user = update.effective_user
        if chat is not None and chat.id in allowed:
            return
        if chat is None and user is not None and user.id in allowed:
            return  # inline queries carry no chat: the user's own id stands for their private chat
        if chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
            log.info("leaving chat %s: not in BOT_ALLOWED_CHATS", chat.id)
            await context.bot.leave_chat(chat.id)
        elif update.effective_message is not None and chat is not None and chat.type == ChatType.PRIVATE:
            await update.effective_message.reply_text(
                "抱歉,这个机器人只为本市工作人员服务。如需使用,请联系管理员。"
            )
        elif update.inline_query is not None:
            await update.inline_query.answer([], cache_time=0, is_personal=True)
        elif update.callback_query is not None:
            await update.callback_query.answer("无权使用")
        raise ApplicationHandlerStop

    # --- commands ----------------------------------------------------------------------------

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start: what the bot is, with three example questions as buttons."""
        documents = self.answerer.store.documents
        title = html.escape(documents[0].title) if documents else "政策文件"
        text = (
            f"您好!我回答关于<b>{title}</b>的问题,回答都引自文件原文:条目编号、原文和牵头部门。\n\n"
            "直接提问,或点下面的例子试试:"
        )
        buttons = [[InlineKeyboardButton(q, callback_data=f"q:{q}")] for q in EXAMPLES]
        buttons.append([InlineKeyboardButton("📖 新同事:按主题浏览文件", callback_data="ov:")])
        await update.effective_message.reply_text(text, reply_markup=InlineKeyboardMarkup(buttons))

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/help: how to ask."""
        text = html.escape(HELP.format(username=context.bot.username or "bot"))
        await update.effective_message.reply_text(text)

    async def ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/ask 问题: answer the question, in any chat."""
        question = self._argument(context)
        if not question:
            await update.effective_message.reply_text("用法:/ask 谁负责噪声管理")
            return
        await self.reply(update.effective_message, question)

    async def task(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/task N: one task by its number."""
        number = self._argument(context).lstrip("#")
        if not number:
            await update.effective_message.reply_text("用法:/task 27")
            return
        await self.reply(update.effective_message, f"第{number}条")

    async def dept(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/dept 名称: every task a department leads."""
        name = self._argument(context)
        answer = self.answer(f"{name}牵头哪些") if name else None
        if answer is None or answer.intent != "department":
            about = f"没有找到部门「{html.escape(name)}」。" if name else "用法:/dept 农业农村局"
            await update.effective_message.reply_text(about + "\n\n" + self._departments_html())
            return
        page = self.page(answer)
        await update.effective_message.reply_text(page.html, reply_markup=keyboard(page))

    def _departments_html(self) -> str:
        lines = ["<b>各部门牵头任务数</b>"]
        lines += [f"• {html.escape(name)}:{count}条" for name, count in self.answerer.store.lead_counts()]
        return "\n".join(lines)

    async def depts(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/depts: every department with the number of tasks it leads, each a button."""
        store = self.answerer.store
        rows = []
        for short in store.short_names.values():
            if button := ask_button(short, f"{short}牵头哪些"):
                rows.append([InlineKeyboardButton(button.text, callback_data=button.data)])
        await update.effective_message.reply_text(
            self._departments_html(), reply_markup=InlineKeyboardMarkup(rows) if rows else None
        )

    async def about(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/about: the documents, their dates and how many tasks each has."""
        store = self.answerer.store
        counts = store.task_counts()
        lines = []
        for document in store.documents:
            lines.append(
                f"<b>{html.escape(document.title)}</b>\n发布时间:{html.escape(document.published or '未注明')}"
                f"\n共{counts.get(document.id, 0)}条任务"
            )
        await update.effective_message.reply_text("\n\n".join(lines) or "尚未载入文件。")

    async def docs(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/docs: the documents the bot answers from."""
        store = self.answerer.store
        counts = store.task_counts()
        lines = ["<b>可查询的文件</b>"]
        for document in store.documents:
            lines.append(
                f"• {html.escape(document.title)}\n  发布时间:{html.escape(document.published or '未注明')},"
                f"共{counts.get(document.id, 0)}条任务"
            )
        await update.effective_message.reply_text("\n".join(lines))

    def overview_page(self, data: str = "") -> Page:
        """The overview screen named by callback data "ov:[<document>[:<theme>]]"."""
        store = self.answerer.store
        documents = {d.id: d for d in store.documents}
        parts = [p for p in data.split(":") if p.isdigit()]
        if not parts:
            if len(documents) == 1:
                parts = [str(next(iter(documents)))]
            else:
                return overview_documents(store.documents, store.task_counts())
        document = documents.get(int(parts[0]))
        if document is None:
            return overview_documents(store.documents, store.task_counts())
        themes = store.themes(document.id)
        if len(parts) == 1 or int(parts[1]) >= len(themes):
            return overview_themes(document, themes, several_documents=len(documents) > 1)
        position = int(parts[1])
        name, numbers = themes[position]
        return overview_theme(document, position, name, store.document_tasks(document.id, numbers))

    async def overview(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/overview: the document's structure, by theme, browsable with buttons."""
        page = self.overview_page()
        await update.effective_message.reply_text(page.html, reply_markup=keyboard(page))

    async def stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/stats (admins): questions per day, the answered rate and the most asked tasks."""
        if not self.is_admin(update):
            await update.effective_message.reply_text("此命令仅限管理员使用。")
            return
        if self.log is None:
            await update.effective_message.reply_text("没有启用提问记录。")
            return
        stats = self.log.stats()
        lines = [
            f"<b>最近{stats['days']}天</b>:共{stats['questions']}个问题,已回答{stats['answered_rate']:.0%}"
        ]
        lines += [f"• {day}:{count}个" for day, count in stats["per_day"]]
        if stats["top_tasks"]:
            lines.append("<b>问得最多的条目</b>")
            lines += [f"• {html.escape(task.replace('#', ' 第'))}条:{n}次" for task, n in stats["top_tasks"]]
        lines.append(f"反馈:👍 {stats['up_votes']}  👎 {stats['down_votes']}")
        await update.effective_message.reply_text("\n".join(lines))

    async def reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/reload (admins): re-read the corpus and swap in the new index, answering all the while."""
        message = update.effective_message
        if not self.is_admin(update):
            await message.reply_text("此命令仅限管理员使用。")
            return
        await message.reply_text("正在重新读取文件并重建索引……")
        try:
            answerer = await asyncio.to_thread(self._rebuilt)
        except (CorpusError, IndexUnavailable) as error:
            await message.reply_text(f"重建失败,继续使用原来的索引:\n{html.escape(str(error))}")
            return
        self.answerer = answerer  # questions already being answered finish on the old index
        counts = answerer.store.task_counts()
        await message.reply_text(f"已重新载入:{len(counts)}份文件,共{sum(counts.values())}条任务。")

    def _rebuilt(self) -> Answerer:
        """A new Answerer over a freshly built index (written beside the old one, then swapped in)."""
        db_path = self.answerer.store.path
        build_index(corpus_dir_from_env(), db_path)
        return Answerer(Store(db_path))

    # --- messages ----------------------------------------------------------------------------

    async def private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a private chat any text is a question."""
        await self.reply(update.effective_message, update.effective_message.text)

    async def private_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice: say what the bot can read instead of staying silent."""
        await update.effective_message.reply_text("我只能读文字问题,请直接输入,例如:谁负责噪声管理")

    async def group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a group, answer only a message that mentions the bot or replies to it."""
        message = update.effective_message
        me = context.bot
        replied = message.reply_to_message
        to_me = replied is not None and replied.from_user is not None and replied.from_user.id == me.id
        mentions = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
        for entity, text in mentions.items():
            if (entity.type == MessageEntity.MENTION and text.lower() == f"@{me.username}".lower()) or (
                entity.user is not None and entity.user.id == me.id
            ):
                to_me = True
        if to_me:
            await self.reply(message, message.text)

    async def callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Buttons: "q:" asks a question, "more:" turns a page, "fb:" votes, "ov:" browses the overview."""
        query = update.callback_query
        data = query.data or ""
        kind, _, rest = data.partition(":")
        if kind == "q":
            await query.answer()
            answer = self.answer(rest)
            if isinstance(query.message, Message):
                user = query.from_user.id if query.from_user else None
                page = self.page(answer, question_id=self.logged(answer, query.message.chat.type, user))
                await query.message.reply_text(page.html, reply_markup=keyboard(page))
            elif query.inline_message_id:
                page = self.page(answer)
                await query.edit_message_text(page.html, reply_markup=keyboard(page))
        elif kind == "more":
            await self._turn_page(query, rest)
        elif kind == "fb":
            question_id, _, vote = rest.partition(":")
            recorded = (
                self.log is not None
                and question_id.isdigit()
                and vote in ("1", "-1")
                and self.log.vote(int(question_id), query.from_user.id, int(vote))
            )
            await query.answer("谢谢反馈!" if recorded else "这条记录已过期。")
        elif kind == "ov":
            await query.answer()
            await self._edit(query, self.overview_page(rest))
        else:
            await query.answer()

    async def _turn_page(self, query, rest: str) -> None:
        """ "more:<key>[:<question id>]:<page>": the same answer, another page."""
        parts = rest.split(":")
        key, number = parts[0], parts[-1]
        question_id = int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None
        question = self._recent.get(key) or self._question_behind(query.message, key)
        if question is None or not number.isdigit():
            await query.answer("这条消息太旧了,请重新提问。")
            return
        await query.answer()
        await self._edit(query, self.page(self.answer(question), int(number), question_id))

    @staticmethod
    async def _edit(query, page: Page) -> None:
        try:
            await query.edit_message_text(page.html, reply_markup=keyboard(page))
        except BadRequest as error:
            if "not modified" not in str(error).lower():  # the same page pressed twice
                raise

    @staticmethod
    def _question_behind(message: object, key: str) -> str | None:
        """After a restart: the question is the message the bot's answer replied to."""
        asked = getattr(getattr(message, "reply_to_message", None), "text", None)
        return asked if asked and answer_key(asked) == key else None

    async def inline(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Inline mode: one article per task; an empty query offers the departments."""
        query = update.inline_query
        text = query.query.strip()
        if not text:
            results = [self._department_article(name) for name, _ in self.answerer.store.lead_counts()]
        else:
            answer = self.answer(text)
            items = inline_items(answer, self.township_note)
            if not items:
                items = inline_items(
                    Answer(answer.query, answer.intent, False, answer.suggestions), self.township_note
                )
            results = [
                InlineQueryResultArticle(
                    id=item.id,
                    title=item.title,
                    description=item.description,
                    input_message_content=InputTextMessageContent(item.html, parse_mode=ParseMode.HTML),
                )
                for item in items
            ]
        await query.answer(results[:50], cache_time=60)

    def _department_article(self, name: str) -> InlineQueryResultArticle:
        answer = self.answerer.answer(f"{name}牵头哪些")
        lines = [f"<b>{html.escape(name)}</b>牵头{len(answer.results)}条:"]
        lines += [f"• 第{r.task.number}条 {html.escape(shorten(r.task.text, 40))}" for r in answer.results]
        body = "\n".join(lines)
        return InlineQueryResultArticle(
            id=f"dept-{answer_key(name)}",
            title=name,
            description=f"牵头{len(answer.results)}条",
            input_message_content=InputTextMessageContent(shorten(body, 4000), parse_mode=ParseMode.HTML),
        )

    async def error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure with its traceback; tell the user briefly, never with details."""
        log.error("error while handling an update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_message is not None:
            try:
                await update.effective_message.reply_text("抱歉,处理这条消息时出错了,请稍后再试。")
            except TelegramError:
                log.warning("could not tell the user about the error")

    async def post_init(self, application: Application) -> None:
        """Register the commands in Chinese for private chats and groups."""
        commands = [BotCommand(name, description) for name, description in COMMANDS]
        await application.bot.set_my_commands(commands, scope=BotCommandScopeAllPrivateChats())
        await application.bot.set_my_commands(commands, scope=BotCommandScopeAllGroupChats())
        me = application.bot
        log.info("serving as @%s", me.username)


def build_application(settings: Settings, answerer: Answerer, log: QuestionLog | None = None) -> Application:
    """The Application with every handler wired, in one place."""
    policy = PolicyBot(answerer, settings, log)
    bot = HeartbeatBot(
        settings.token,
        base_url=settings.base_url,
        defaults=Defaults(parse_mode=ParseMode.HTML, link_preview_options=None),
        rate_limiter=AIORateLimiter(max_retries=5) if settings.rate_limit else None,
        request=HTTPXRequest(connection_pool_size=16),
        get_updates_request=HTTPXRequest(read_timeout=30),
        heartbeat=settings.heartbeat,
    )
    application = ApplicationBuilder().bot(bot).post_init(policy.post_init).concurrent_updates(8).build()
    if settings.allowed_chats is not None:
        # Group -1 runs first: chats not on the allowlist stop here; without an allowlist, no gate at all.
        application.add_handler(TypeHandler(Update, policy.gate), group=-1)
    application.add_handler(CommandHandler("start", policy.start))
    application.add_handler(CommandHandler("help", policy.help))
    application.add_handler(CommandHandler("ask", policy.ask))
    application.add_handler(CommandHandler("task", policy.task))
    application.add_handler(CommandHandler("dept", policy.dept))
    application.add_handler(CommandHandler("depts", policy.depts))
    application.add_handler(CommandHandler("about", policy.about))
    application.add_handler(CommandHandler("docs", policy.docs))
    application.add_handler(CommandHandler("overview", policy.overview))
    application.add_handler(CommandHandler("stats", policy.stats))
    application.add_handler(CommandHandler("reload", policy.reload))
    application.add_handler(CallbackQueryHandler(policy.callback))
    application.add_handler(InlineQueryHandler(policy.inline))
    text = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(text & filters.ChatType.PRIVATE, policy.private_text))
    application.add_handler(MessageHandler(text & filters.ChatType.GROUPS, policy.group_text))
    other = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL
    application.add_handler(MessageHandler(other, policy.private_other))
    application.add_error_handler(policy.error)
    application.bot_data["policy"] = policy
    return application


async def wait_for_bot_api(settings: Settings) -> None:
    """Retry getMe with back-off until the Bot API answers: a bot may start before its network does."""
    delay = 1.0
    while True:
        try:
            async with Bot(settings.token, base_url=settings.base_url) as bot:
                await bot.get_me()
            return
        except InvalidToken as error:
            raise ConfigError(
                "the Bot API refused TELEGRAM_BOT_TOKEN (401 Unauthorized): check the token"
            ) from error
        except (NetworkError, TimedOut) as error:
            log.warning(
                "cannot reach the Telegram Bot API at %s (%s); retrying in %.0f s",
                settings.base_url,
                error,
                delay,
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, STARTUP_RETRY_MAX_SECONDS)


def open_question_log() -> QuestionLog:
    path = log_path_from_env()
    try:
        return QuestionLog(path, retention_from_env())
    except ValueError as error:
        raise ConfigError(str(error)) from error
    except (OSError, sqlite3.Error) as error:
        raise ConfigError(
            f"cannot open the question log at {path} ({error}): set BOT_LOG_DB to a writable file"
        ) from error


def serve(webhook_url: str | None = None, listen: str = "0.0.0.0", port: int = 8080) -> int:
    """Run the bot until SIGTERM/SIGINT: long polling, or a webhook when `webhook_url` is given."""
    settings = Settings.from_env()
    configure_logging(settings)
    from . import open_answerer

    answerer = open_answerer()
    question_log = open_question_log()
    asyncio.run(wait_for_bot_api(settings))
    application = build_application(settings, answerer, question_log)
    log.info("answering from %s (%d tasks)", answerer.store.path, answerer.store.task_count)
    if webhook_url:
        # Telegram sends the secret back on every webhook call; a fresh one each start is enough.
        secret = os.environ.get("TELEGRAM_WEBHOOK_SECRET") or secrets.token_urlsafe(32)
        application.run_webhook(
            listen=listen,
            port=port,
            url_path="telegram",
            webhook_url=webhook_url.rstrip("/") + "/telegram",
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1)
    return 0
