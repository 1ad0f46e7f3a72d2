"""Inline mode: `@bot 噪声` in any chat offers one article per task; an empty query offers the departments."""

from __future__ import annotations

import html

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from ..answer import Answer
from ..render import answer_key, inline_items, shorten, township_reminder
from .chat import Chat


class Inline:
    def __init__(self, chat: Chat):
        self.chat = chat

    async def inline(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Answer an inline query; previews at every keystroke are neither logged nor counted."""
        query = update.inline_query
        text = query.query.strip()
        if not text:
            results = [self._department_article(name) for name, _ in self.chat.store.lead_counts()]
        else:
            answer = self.chat.answer(text)
            note = township_reminder(self.chat.store.documents)
            items = inline_items(answer, note)
            if not items:
                items = inline_items(Answer(answer.query, answer.intent, False, answer.suggestions), note)
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
        answer = self.chat.service.answer(f"{name}牵头哪些")
        lines = [f"<b>{html.escape(name)}</b>牵头{len(answer.results)}条:"]
        lines += [f"• {r.task.label} {html.escape(shorten(r.task.text, 40))}" for r in answer.results]
        body = "\n".join(lines)
        return InlineQueryResultArticle(
            id=f"dept-{answer_key(name)}",
            title=name,
            description=f"牵头{len(answer.results)}条",
            input_message_content=InputTextMessageContent(shorten(body, 4000), parse_mode=ParseMode.HTML),
        )
