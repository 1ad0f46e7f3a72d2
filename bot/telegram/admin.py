"""Access and administration: the chat allowlist, and /stats and /reload for BOT_ADMINS."""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from ..answer import Answerer
from ..corpus import CorpusError
from ..index import IndexUnavailable, build_index, corpus_dir_from_env
from ..store import Store
from .chat import Chat

log = logging.getLogger("bot.telegram")


class Admin:
    def __init__(self, chat: Chat):
        self.chat = chat

    def is_admin(self, update: Update) -> bool:
        user = update.effective_user
        return user is not None and user.id in self.chat.settings.admins

    async def gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """With BOT_ALLOWED_CHATS set, refuse unlisted private chats and leave unlisted groups."""
        allowed = self.chat.settings.allowed_chats or frozenset()
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

    async def stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/stats (admins): questions per day and per channel, the answered rate, the most asked tasks."""
        if not self.is_admin(update):
            await update.effective_message.reply_text("此命令仅限管理员使用。")
            return
        if self.chat.service.log is None:
            await update.effective_message.reply_text("没有启用提问记录。")
            return
        stats = self.chat.service.log.stats()
        lines = [
            f"<b>最近{stats['days']}天</b>:共{stats['questions']}个问题,已回答{stats['answered_rate']:.0%}"
        ]
        lines += [f"• {day}:{count}个" for day, count in stats["per_day"]]
        if stats["channels"]:
            lines.append("渠道:" + "  ".join(f"{html.escape(c)} {n}" for c, n in stats["channels"]))
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
        self.chat.service.answerer = answerer  # questions already being answered finish on the old index
        counts = answerer.store.task_counts()
        await message.reply_text(f"已重新载入:{len(counts)}份文件,共{sum(counts.values())}条任务。")

    def _rebuilt(self) -> Answerer:
        """A new Answerer over a freshly built index (written beside the old one, then swapped in)."""
        db_path = self.chat.store.path
        build_index(corpus_dir_from_env(), db_path)
        return Answerer(Store(db_path))
