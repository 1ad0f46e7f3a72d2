"""The slash commands anyone may use: /start, /help, /ask, /task, /dept, /depts, /about, /docs, /overview."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from ..render import ask_button
from .chat import Chat, keyboard

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


def argument(context: ContextTypes.DEFAULT_TYPE) -> str:
    return " ".join(context.args or []).strip()


class Commands:
    """Each command turns its argument into a question or a listing of the store."""

    def __init__(self, chat: Chat):
        self.chat = chat

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start: what the bot is, with three example questions as buttons."""
        documents = self.chat.store.documents
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
        question = argument(context)
        if not question:
            await update.effective_message.reply_text("用法:/ask 谁负责噪声管理")
            return
        await self.chat.reply(update.effective_message, question)

    async def task(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/task N: one task by its number."""
        number = argument(context).lstrip("#")
        if not number:
            await update.effective_message.reply_text("用法:/task 27")
            return
        # "/task 27" is 第27条; "/task (二)3" names a task by its label where numbering restarts.
        await self.chat.reply(update.effective_message, f"第{number}条" if number.isdigit() else number)

    async def dept(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/dept 名称: every task a department leads."""
        name = argument(context)
        answer = self.chat.answer(f"{name}牵头哪些") if name else None
        if answer is None or answer.intent != "department":
            about = f"没有找到部门「{html.escape(name)}」。" if name else "用法:/dept 农业农村局"
            await update.effective_message.reply_text(about + "\n\n" + self._departments_html())
            return
        page = self.chat.page(answer)
        await update.effective_message.reply_text(page.html, reply_markup=keyboard(page))

    def _departments_html(self) -> str:
        lines = ["<b>各部门牵头任务数</b>"]
        lines += [f"• {html.escape(name)}:{count}条" for name, count in self.chat.store.lead_counts()]
        return "\n".join(lines)

    async def depts(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/depts: every department with the number of tasks it leads, each a button."""
        rows = []
        for short in self.chat.store.short_names.values():
            if button := ask_button(short, f"{short}牵头哪些"):
                rows.append([InlineKeyboardButton(button.text, callback_data=button.data)])
        await update.effective_message.reply_text(
            self._departments_html(), reply_markup=InlineKeyboardMarkup(rows) if rows else None
        )

    async def about(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/about: the documents, their dates and how many tasks each has."""
        store = self.chat.store
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
        store = self.chat.store
        counts = store.task_counts()
        lines = ["<b>可查询的文件</b>"]
        for document in store.documents:
            lines.append(
                f"• {html.escape(document.title)}\n  发布时间:{html.escape(document.published or '未注明')},"
                f"共{counts.get(document.id, 0)}条任务"
            )
        await update.effective_message.reply_text("\n".join(lines))

    async def overview(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/overview: the document's structure, by theme, browsable with buttons."""
        page = self.chat.overview_page()
        await update.effective_message.reply_text(page.html, reply_markup=keyboard(page))
