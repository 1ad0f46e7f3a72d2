"""Plain messages: every text in a private chat is a question; in a group, only those addressed to the bot."""

from __future__ import annotations

from telegram import MessageEntity, Update
from telegram.ext import ContextTypes

from .chat import Chat


class Messages:
    def __init__(self, chat: Chat):
        self.chat = chat

    async def private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a private chat any text is a question."""
        await self.chat.reply(update.effective_message, update.effective_message.text)

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
            await self.chat.reply(message, message.text)
