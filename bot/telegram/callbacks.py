"""The buttons under answers: "q:" asks a question, "more:" turns a page, "fb:" votes, "ov:" browses."""

from __future__ import annotations

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from ..render import Page, answer_key
from ..service import Asker
from .chat import Chat, asker, keyboard


async def edit(query: CallbackQuery, page: Page) -> None:
    try:
        await query.edit_message_text(page.html, reply_markup=keyboard(page))
    except BadRequest as error:
        if "not modified" not in str(error).lower():  # the same page pressed twice
            raise


def question_behind(message: object, key: str) -> str | None:
    """After a restart: the question is the message the bot's answer replied to."""
    asked = getattr(getattr(message, "reply_to_message", None), "text", None)
    return asked if asked and answer_key(asked) == key else None


class Callbacks:
    def __init__(self, chat: Chat):
        self.chat = chat

    async def callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Dispatch a button press by the kind of its callback data."""
        query = update.callback_query
        kind, _, rest = (query.data or "").partition(":")
        if kind == "q":
            await self._ask(query, rest)
        elif kind == "more":
            await self._turn_page(query, rest)
        elif kind == "fb":
            await self._vote(query, rest)
        elif kind == "ov":
            await query.answer()
            await edit(query, self.chat.overview_page(rest))
        else:
            await query.answer()

    async def _ask(self, query: CallbackQuery, question: str) -> None:
        """An example or suggestion button: a question like any other, logged and flood-limited."""
        if isinstance(query.message, Message):
            user = query.from_user.id if query.from_user else None
            reply = self.chat.service.ask(question, asker(query.message, user))
            if reply.answer is None:
                await query.answer(self.chat.flood_warning() if reply.warn else None)
                return
            await query.answer()
            page = self.chat.page(self.chat.remember(reply.answer), question_id=reply.question_id)
            await query.message.reply_text(page.html, reply_markup=keyboard(page))
        elif query.inline_message_id:
            await query.answer()
            await edit(query, self.chat.page(self.chat.answer(question)))
        else:
            await query.answer()

    async def _turn_page(self, query: CallbackQuery, rest: str) -> None:
        """ "more:<key>[:<question id>]:<page>": the same answer, another page."""
        parts = rest.split(":")
        key, number = parts[0], parts[-1]
        question_id = int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None
        question = self.chat.recent(key) or question_behind(query.message, key)
        if question is None or not number.isdigit():
            await query.answer("这条消息太旧了,请重新提问。")
            return
        await query.answer()
        await edit(query, self.chat.page(self.chat.answer(question), int(number), question_id))

    async def _vote(self, query: CallbackQuery, rest: str) -> None:
        """ "fb:<question id>:<1|-1>": 👍/👎 on a logged question."""
        question_id, _, vote = rest.partition(":")
        recorded = (
            question_id.isdigit()
            and vote in ("1", "-1")
            and self.chat.service.vote(int(question_id), Asker("telegram", query.from_user.id), int(vote))
        )
        await query.answer("谢谢反馈!" if recorded else "这条记录已过期。")
