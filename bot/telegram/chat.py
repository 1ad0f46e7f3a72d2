"""What every Telegram handler shares: the service, who is asking, answer pages and their buttons."""

from __future__ import annotations

from collections import OrderedDict

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ChatType

from ..answer import Answer
from ..render import (
    Page,
    answer_key,
    overview_documents,
    overview_theme,
    overview_themes,
    render,
    township_reminder,
)
from ..service import Asker, Service
from ..store import Store
from .settings import Settings

RECENT_QUESTIONS = 5000


def keyboard(page: Page) -> InlineKeyboardMarkup | None:
    if not page.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.text, callback_data=b.data) for b in row] for row in page.buttons]
    )


def asker(message: Message, user_id: int | None = None) -> Asker:
    """The Telegram user behind a message (or the chat, for a channel post without a sender)."""
    if user_id is None:
        user_id = message.from_user.id if message.from_user else message.chat.id
    return Asker("telegram", user_id, message.chat.type)


class Chat:
    """The service, the settings, and the questions recently answered (for the paging buttons)."""

    def __init__(self, service: Service, settings: Settings):
        self.service = service
        self.settings = settings
        self._recent: OrderedDict[str, str] = OrderedDict()  # answer key -> question, for paging

    @property
    def store(self) -> Store:
        return self.service.answerer.store  # the answerer is replaced by /reload: always ask the service

    def remember(self, answer: Answer) -> Answer:
        key = answer_key(answer.query)
        self._recent[key] = answer.query
        self._recent.move_to_end(key)
        while len(self._recent) > RECENT_QUESTIONS:
            self._recent.popitem(last=False)
        return answer

    def recent(self, key: str) -> str | None:
        return self._recent.get(key)

    def answer(self, question: str) -> Answer:
        """An answer that is not logged: pages turned, departments browsed, inline previews."""
        return self.remember(self.service.answer(question))

    def page(self, answer: Answer, number: int = 0, question_id: int | None = None) -> Page:
        several = len(self.store.documents) > 1
        note = township_reminder(self.store.documents)
        return render(answer, number, note, documents=several, question_id=question_id)

    def flood_warning(self) -> str:
        return f"您提问太频繁了(每分钟最多{self.service.flood.per_minute}个问题),请稍后再试。"

    async def reply(self, message: Message, question: str, user_id: int | None = None) -> None:
        """Answer `question` in reply to `message`, unless its sender is flooding the bot."""
        quote = message.chat.type != ChatType.PRIVATE
        reply = self.service.ask(question, asker(message, user_id))
        if reply.answer is None:
            if reply.warn:
                await message.reply_text(self.flood_warning(), do_quote=quote)
            return
        page = self.page(self.remember(reply.answer), question_id=reply.question_id)
        await message.reply_text(page.html, reply_markup=keyboard(page), do_quote=quote)

    def overview_page(self, data: str = "") -> Page:
        """The overview screen named by callback data "ov:[<document>[:<theme>]]"."""
        store = self.store
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
