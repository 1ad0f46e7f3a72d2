"""A fake Telegram Bot API server for tests and benchmarks (stdlib only).

It speaks real HTTP on 127.0.0.1, so python-telegram-bot's own request stack is exercised::

    with FakeBotAPI(username="dingzhou_policy_bot") as api:
        app = (ApplicationBuilder().token(api.token).base_url(api.base_url)
               .base_file_url(api.base_file_url).build())
        ...
        api.inject_message("/ask@dingzhou_policy_bot 噪声")
        reply = api.wait_for("sendMessage")

Every call is checked against the Bot API schema (tests/data/bot-api-schema.json, made from Telegram's
published API description by tests/bot_api_schema.py; or the file named by $FAKE_BOT_API_SPEC) and
refused the way Telegram refuses it; every call is recorded in `calls`.
Nothing is ever logged: request lines carry the bot token.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import itertools
import json
import os
import re
import secrets
import socket
import struct
import threading
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Sequence
from copy import deepcopy
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import bot_api_schema

JSONDict = dict[str, Any]

# Telegram's own descriptions, for tests that assert on them.
TEXT_EMPTY = "Bad Request: message text is empty"
TOO_LONG = "Bad Request: message is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
CHAT_NOT_FOUND = "Bad Request: chat not found"
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
REPLY_NOT_FOUND = "Bad Request: message to be replied not found"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
PARSE_ENTITIES = "Bad Request: can't parse entities: "

MAX_TEXT = 4096  # UTF-16 code units after entity parsing
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64  # bytes
MAX_INLINE_RESULTS = 50
MAX_RESULT_ID = 64  # bytes
MAX_COMMANDS = 100

# Bounds that keep a misbehaving bot from exhausting the test machine.
_MAX_BODY = 20 * 1024 * 1024
_MAX_CONNECTIONS = 512
_MAX_CALLS = 100_000
_MAX_QUEUE = 100_000
_MAX_MESSAGES_PER_CHAT = 10_000
_MAX_REMEMBERED = 10_000  # injected updates and open queries
_MAX_POLL_TIMEOUT = 50.0
_MAX_INTERNAL_ERRORS = 100

_CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
})  # fmt: skip
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_INT = re.compile(r"-?\d+")
_PATH = re.compile(r"/bot([^/]*)/([^/]*)")


class ApiError(Exception):
    """A refusal, answered as Telegram answers: {"ok": false, "error_code", "description"[, "parameters"]}."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> JSONDict:
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad(detail: str) -> ApiError:
    return ApiError(400, "Bad Request: " + detail)


def _u16(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


# ----------------------------------------------------------------------------------------------
# Telegram HTML, parsed after tdlib's parse_html (its error texts, byte offsets in UTF-8).
# Stricter than tdlib in one respect: a bare "&" is refused rather than kept, so escaping bugs show.

_TAG_ENTITY = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "span": "spoiler",
    "tg-spoiler": "spoiler", "a": "text_link", "code": "code", "pre": "pre", "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}  # fmt: skip
_SPACE = " \t\r\n\f\v\0"
_PLAIN = re.compile(r"[^<&]+")
_CHAR_REF = re.compile(r"&(?:(lt|gt|amp|quot)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAMED_REF = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class EntityParseError(ValueError):
    """Why Telegram refuses an HTML text: the part after "can't parse entities: "."""


@dataclass
class _OpenTag:
    name: str
    attrs: dict[str, str]
    start: int  # UTF-16 offset in the visible text
    language: str = ""  # from a <code class="language-x"> directly inside this <pre>


class _HtmlParser:
    def __init__(self, source: str) -> None:
        self.src = source
        self.i = 0
        self.out: list[str] = []
        self.pos = 0  # UTF-16 length of the visible text so far
        self.stack: list[_OpenTag] = []
        self.entities: list[JSONDict] = []

    def run(self) -> tuple[str, list[JSONDict]]:
        while self.i < len(self.src):
            if plain := _PLAIN.match(self.src, self.i):
                self._emit(plain.group())
                self.i = plain.end()
            elif self.src[self.i] == "&":
                char, self.i = self._char_ref(self.i)
                self._emit(char)
            elif self.src.startswith("</", self.i):
                self._end_tag()
            else:
                self._start_tag()
        if self.stack:
            raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"')
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def _emit(self, text: str) -> None:
        self.out.append(text)
        self.pos += _u16(text)

    def _byte(self, index: int) -> int:
        return len(self.src[:index].encode())

    def _unclosed(self, begin: int) -> EntityParseError:
        return EntityParseError(f"Unclosed start tag at byte offset {self._byte(begin)}")

    def _char_ref(self, at: int) -> tuple[str, int]:
        match = _CHAR_REF.match(self.src, at)
        if match is None:
            raise EntityParseError(f'Unescaped "&" at byte offset {self._byte(at)}')
        named, decimal, hexadecimal = match.groups()
        if named:
            return _NAMED_REF[named], match.end()
        code = int(decimal) if decimal else int(hexadecimal, 16)
        if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise EntityParseError(f'Unescaped "&" at byte offset {self._byte(at)}')
        return chr(code), match.end()

    def _skip_space(self) -> None:
        while self.i < len(self.src) and self.src[self.i] in _SPACE:
            self.i += 1

    def _start_tag(self) -> None:
        begin = self.i
        end = begin + 1
        while end < len(self.src) and self.src[end] not in _SPACE and self.src[end] != ">":
            end += 1
        if end == len(self.src):
            raise self._unclosed(begin)
        name = self.src[begin + 1 : end].lower()
        if name not in _TAG_ENTITY:
            raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {self._byte(begin)}')
        self.i = end
        attrs = self._attributes(name, begin)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self._byte(begin)}'
            )
        if name == "tg-emoji" and not attrs.get("emoji-id"):
            raise EntityParseError(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {self._byte(begin)}'
            )
        self.stack.append(_OpenTag(name, attrs, self.pos))

    def _attributes(self, tag: str, begin: int) -> dict[str, str]:
        attrs: dict[str, str] = {}
        while True:
            self._skip_space()
            if self.i == len(self.src):
                raise self._unclosed(begin)
            if self.src[self.i] == ">":
                self.i += 1
                return attrs
            name_start = self.i
            while self.i < len(self.src) and self.src[self.i] not in _SPACE and self.src[self.i] not in "=>":
                self.i += 1
            name = self.src[name_start : self.i].lower()
            if not name:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {self._byte(begin)}'
                )
            self._skip_space()
            if self.i == len(self.src):
                raise self._unclosed(begin)
            if self.src[self.i] != "=":
                if tag == "blockquote" and name == "expandable":  # the one valueless attribute
                    attrs[name] = ""
                    continue
                raise EntityParseError(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                    f"at byte offset {self._byte(begin)}"
                )
            self.i += 1
            self._skip_space()
            if self.i == len(self.src):
                raise self._unclosed(begin)
            attrs[name] = self._attribute_value(begin)

    def _attribute_value(self, begin: int) -> str:
        quote = self.src[self.i]
        if quote in "'\"":
            self.i += 1
            parts: list[str] = []
            while self.i < len(self.src) and self.src[self.i] != quote:
                if self.src[self.i] == "&":
                    char, self.i = self._char_ref(self.i)
                    parts.append(char)
                else:
                    parts.append(self.src[self.i])
                    self.i += 1
            if self.i == len(self.src):
                raise self._unclosed(begin)
            self.i += 1
            return "".join(parts)
        start = self.i
        while (
            self.i < len(self.src)
            and self.src[self.i].isascii()
            and (self.src[self.i].isalnum() or self.src[self.i] in "_-")
        ):
            self.i += 1
        if start == self.i:
            raise EntityParseError(f"Expected quote at byte offset {self._byte(self.i)}")
        return self.src[start : self.i]

    def _end_tag(self) -> None:
        begin = self.i
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {self._byte(begin)}")
        end = begin + 2
        while end < len(self.src) and self.src[end] not in _SPACE and self.src[end] != ">":
            end += 1
        name = self.src[begin + 2 : end].lower()
        while end < len(self.src) and self.src[end] in _SPACE:
            end += 1
        if end == len(self.src) or self.src[end] != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {self._byte(begin)}")
        self.i = end + 1
        tag = self.stack.pop()
        if name and name != tag.name:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {self._byte(begin)}, expected "</{tag.name}>", found "</{name}>"'
            )
        self._close(tag)

    def _close(self, tag: _OpenTag) -> None:
        css = tag.attrs.get("class", "")
        if tag.name == "code" and self.stack and self.stack[-1].name == "pre" and css.startswith("language-"):
            self.stack[-1].language = css.removeprefix("language-")  # becomes the pre entity's language
            return
        if self.pos == tag.start:
            return  # Telegram drops empty entities
        entity: JSONDict = {
            "type": _TAG_ENTITY[tag.name],
            "offset": tag.start,
            "length": self.pos - tag.start,
        }
        if tag.name == "a":
            if not tag.attrs.get("href"):
                return  # <a> without href is plain text
            entity["url"] = tag.attrs["href"]
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.attrs["emoji-id"]
        elif tag.name == "blockquote" and "expandable" in tag.attrs:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "pre" and tag.language:
            entity["language"] = tag.language
        self.entities.append(entity)


def parse_html(source: str) -> tuple[str, list[JSONDict]]:
    """Visible text and entities (UTF-16 offsets) of a Telegram-HTML text; EntityParseError if refused."""
    return _HtmlParser(source).run()


def render(
    text: str, parse_mode: str | None = None, entities: list[JSONDict] | None = None
) -> tuple[str, list[JSONDict]]:
    """The text and entities Telegram would store for a message: parsed, then stripped of outer whitespace."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            text, entities = parse_html(text)
        except EntityParseError as error:
            raise ApiError(400, PARSE_ENTITIES + str(error)) from None
    elif mode not in ("", "markdown", "markdownv2"):
        raise _bad("unsupported parse_mode")
    elif mode:
        entities = []  # Markdown is not parsed here: its text is counted as sent
    body = text.strip()
    lead = _u16(text[: len(text) - len(text.lstrip())])
    end = _u16(body)
    kept = []
    for entity in entities or []:
        start, stop = max(entity["offset"] - lead, 0), min(entity["offset"] + entity["length"] - lead, end)
        if stop > start:
            kept.append({**entity, "offset": start, "length": stop - start})
    return body, kept


# ----------------------------------------------------------------------------------------------
# The spec, indexed for validating parameters (form strings) and JSON objects (native values).


@dataclass(frozen=True)
class _Field:
    name: str
    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class _Method:
    name: str
    fields: tuple[_Field, ...]
    returns: tuple[str, ...]


class _Mismatch(ValueError):
    """A JSON value that does not fit a spec type; the text is Telegram-style detail."""


_FITS: dict[str, Callable[[Any], bool]] = {  # JSON scalars inside objects are typed strictly
    "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "String": lambda v: isinstance(v, str),
    "InputFile": lambda v: isinstance(v, str),
    "Boolean": lambda v: isinstance(v, bool),
    "True": lambda v: v is True,
}
_KIND = {
    "Integer": "Number",
    "Float": "Number",
    "String": "String",
    "InputFile": "String",
    "Boolean": "Boolean",
}
# Telegram still honours these pre-7.0 parameters, which the spec no longer lists.
_LEGACY_REPLY = (
    _Field("reply_to_message_id", ("Integer",), False),
    _Field("allow_sending_without_reply", ("Boolean",), False),
)
_JSON_LABEL = {"reply_markup": "reply keyboard markup", "reply_parameters": "reply parameters"}


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


class _Spec:
    def __init__(self, schema: JSONDict) -> None:
        """`schema` is the compact schema of tests/bot_api_schema.py (names, types, required flags)."""

        def fields(entries: Sequence[list]) -> tuple[_Field, ...]:
            return tuple(_Field(name, tuple(types), bool(required)) for name, types, required in entries)

        self.version: str = schema["version"]
        self.methods: dict[str, _Method] = {}
        for name, method in schema["methods"].items():
            own = fields(method["fields"])
            legacy = _LEGACY_REPLY if any(f.name == "reply_parameters" for f in own) else ()
            self.methods[name] = _Method(name, own + legacy, tuple(method["returns"]))
        self._by_lower = {name.lower(): name for name in self.methods}  # Telegram ignores method case
        self.types = {name: fields(t["fields"]) for name, t in schema["types"].items()}
        self.subtypes = {name: tuple(t["subtypes"]) for name, t in schema["types"].items() if "subtypes" in t}
        self.discriminator: dict[str, tuple[str, str]] = {
            name: (t["discriminator"][0], t["discriminator"][1])
            for name, t in schema["types"].items()
            if "discriminator" in t
        }
        # The spec says exactly one optional field of a button sets its action.
        self.button_actions = tuple(f.name for f in self.types["InlineKeyboardButton"] if not f.required)
        self.update_kinds = tuple(f.name for f in self.types["Update"] if f.name != "update_id")

    def canonical(self, method: str) -> str | None:
        return self._by_lower.get(method.lower())

    # --- top-level parameters: strings, as Telegram converts every body format to strings ---

    def parse_params(self, method: _Method, raw: dict[str, str | Upload]) -> tuple[JSONDict, tuple[str, ...]]:
        known = {f.name for f in method.fields}
        params: JSONDict = {}
        for spec_field in method.fields:
            value = raw.get(spec_field.name, "")
            if value == "":  # Telegram treats an empty parameter as an absent one
                if spec_field.required:
                    raise _bad(_missing(spec_field.name))
                continue
            params[spec_field.name] = self._parse_param(spec_field, value)
        return params, tuple(sorted(set(raw) - known))

    def _parse_param(self, spec_field: _Field, raw: str | Upload) -> Any:
        name, types = spec_field.name, spec_field.types
        if isinstance(raw, Upload):
            if "InputFile" in types:
                return raw
            raise _bad(f"invalid {name} specified")
        for t in types:
            if t in ("String", "InputFile"):  # a file_id or URL stands for an InputFile
                return raw
            if t == "Integer" and _INT.fullmatch(raw):
                return int(raw)
            if t == "Boolean" and raw in ("true", "false"):
                return raw == "true"
            if t == "Float":
                try:
                    return float(raw)
                except ValueError:
                    pass
        structured = [t for t in types if t not in _FITS]
        if not structured:
            raise _bad(f"invalid {name} specified")
        label = _JSON_LABEL.get(name, name.replace("_", " "))
        try:
            value = json.loads(raw)
        except ValueError:
            raise _bad(f"can't parse {label} JSON object") from None
        try:
            self.check(value, structured)
        except _Mismatch as error:
            raise _bad(f"can't parse {label}: {error}") from None
        return value

    # --- JSON values: native types, checked recursively against the spec's types ---

    def check(self, value: Any, types: Sequence[str]) -> None:
        """Raise _Mismatch unless value fits one of types (ApiError for Telegram's special refusals)."""
        if len(types) == 1:
            self._check_one(value, types[0])
            return
        # Try first the object types whose required fields are all present: their errors are the useful ones.
        ranked = sorted(types, key=lambda t: not self._has_required(value, t))
        errors: list[_Mismatch] = []
        for t in ranked:
            try:
                self._check_one(value, t)
                return
            except _Mismatch as error:
                errors.append(error)
        raise errors[0]

    def _has_required(self, value: Any, type_name: str) -> bool:
        fields = self.types.get(type_name)
        return (
            isinstance(value, dict)
            and fields is not None
            and all(f.name in value for f in fields if f.required)
        )

    def _check_one(self, value: Any, t: str) -> None:
        if t.startswith("Array of "):
            if not isinstance(value, list):
                raise _Mismatch(f"expected an {t}")
            for item in value:
                self._check_one(item, t.removeprefix("Array of "))
            return
        fits = _FITS.get(t)
        if fits is not None:
            if not fits(value):
                raise _Mismatch(f"expected {t}")
            return
        if not isinstance(value, dict):
            raise _Mismatch(f"{t} must be an Object")
        if t in self.subtypes:
            candidates = [s for s in self.subtypes[t] if self._discriminated(value, s)]
            if not candidates:
                raise _Mismatch(f"unsupported {t}")
            self.check(value, candidates)
        elif t == "InlineKeyboardMarkup":
            self._check_inline_keyboard(value)
        else:
            self.check_object(value, t)

    def _discriminated(self, value: JSONDict, subtype: str) -> bool:
        key = self.discriminator.get(subtype)
        return key is None or value.get(key[0]) == key[1]

    def check_object(self, value: JSONDict, type_name: str) -> None:
        for spec_field in self.types[type_name]:
            if spec_field.name not in value:
                if spec_field.required:
                    raise _Mismatch(f'Can\'t find field "{spec_field.name}"')
                continue
            item = value[spec_field.name]
            try:
                self.check(item, spec_field.types)
            except _Mismatch:
                if isinstance(item, dict | list):
                    raise  # the nested detail says more than the field's type
                kind = _KIND.get(
                    spec_field.types[0], "Array" if spec_field.types[0].startswith("Array") else "Object"
                )
                raise _Mismatch(f'Field "{spec_field.name}" must be of type {kind}') from None

    def _check_inline_keyboard(self, markup: JSONDict) -> None:
        rows = markup.get("inline_keyboard")
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays')
        for button in (b for row in rows for b in row):
            prefix = "can't parse inline keyboard button: "
            if not isinstance(button, dict):
                raise _bad(prefix + "InlineKeyboardButton should be an Object")
            try:
                self.check_object(button, "InlineKeyboardButton")
            except _Mismatch as error:
                raise _bad(prefix + str(error)) from None
            actions = [a for a in self.button_actions if a in button]
            if not actions:
                raise _bad(prefix + "Text buttons are unallowed in the inline keyboard")
            if len(actions) > 1:
                raise _bad(prefix + f"exactly one action field must be used, got {', '.join(actions)}")
            if (
                "callback_data" in button
                and not 1 <= len(button["callback_data"].encode()) <= MAX_CALLBACK_DATA
            ):
                raise ApiError(400, BUTTON_DATA_INVALID)

    def minimal(self, t: str) -> Any:
        """The smallest value of a type that still has its required fields: a plausible result."""
        if t.startswith("Array of "):
            return []
        scalars = {"Integer": 0, "Float": 0.0, "String": "", "Boolean": True, "True": True}
        if t in scalars:
            return scalars[t]
        if t in self.subtypes:
            return self.minimal(self.subtypes[t][0])
        value: JSONDict = {}
        for spec_field in self.types[t]:
            if spec_field.required:
                value[spec_field.name] = self.minimal(spec_field.types[0])
        if t in self.discriminator:
            key, tag = self.discriminator[t]
            value[key] = tag
        return value


def _missing(name: str) -> str:
    """Telegram's description for a missing required parameter."""
    return {
        "chat_id": "chat_id is empty",
        "text": "message text is empty",
        "message_id": "message identifier is not specified",
    }.get(name, f'parameter "{name}" is required')


def _spec_path() -> Path:
    """$FAKE_BOT_API_SPEC (a full api.json or a compact schema), else the schema kept in tests/data/."""
    return Path(os.environ.get("FAKE_BOT_API_SPEC") or bot_api_schema.SCHEMA_PATH)


SPEC_PATH = _spec_path()
_SPEC = _Spec(bot_api_schema.compact(json.loads(SPEC_PATH.read_text(encoding="utf-8"))))
SPEC_VERSION = _SPEC.version


def check_type(value: Any, type_name: str) -> None:
    """Raise ValueError unless a JSON value fits a Bot API type of the spec (e.g. "Message", "Update")."""
    try:
        _SPEC.check(value, [type_name])
    except (_Mismatch, ApiError) as error:
        raise ValueError(f"not a valid {type_name}: {error}") from None


# ----------------------------------------------------------------------------------------------
# Recorded calls and server state.


@dataclass(frozen=True)
class Call:
    """One request the bot made, with the parameters as decoded and what the fake answered."""

    method: str
    params: JSONDict
    response: JSONDict
    status: int
    unknown_params: tuple[str, ...] = ()  # sent but not in the spec: Telegram ignores them
    injected: bool = False  # refused by fail_next() or outage(), not by validation; status 0: dropped

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        return self.response.get("result")

    @property
    def description(self) -> str | None:
        return self.response.get("description")


@dataclass
class _Chat:
    info: JSONDict
    messages: dict[int, JSONDict] = field(default_factory=dict)  # insertion-ordered: oldest first
    last_message_id: int = 0
    left: bool = False


@dataclass
class _Fault:
    remaining: int
    status: int
    description: str
    retry_after: int | None


@dataclass(frozen=True)
class _Outage:
    until: float
    status: int
    reset: bool


_TEXT_KEYS = ("text", "entities")
_CAPTION_KEYS = ("caption", "caption_entities")


def _without_reply(message: JSONDict) -> JSONDict:
    """A message as nested in reply_to_message: Telegram never nests further replies."""
    return {k: v for k, v in message.items() if k != "reply_to_message"}


def _auto_entities(text: str) -> list[JSONDict]:
    """The bot_command and mention entities Telegram adds to a user's text message."""
    entities = []
    for kind, pattern in (("bot_command", _BOT_COMMAND), ("mention", _MENTION)):
        for match in pattern.finditer(text):
            offset = _u16(text[: match.start()])
            entities.append({"type": kind, "offset": offset, "length": _u16(match.group())})
    return sorted(entities, key=lambda e: e["offset"])


_BOT_COMMAND = re.compile(r"(?<![\w/@])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w@/])")
_MENTION = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}(?![\w@])")


class FakeBotAPI:
    """A Bot API server on 127.0.0.1 that validates, records and answers like Telegram."""

    def __init__(
        self,
        *,
        token: str | None = None,
        username: str = "dingzhou_policy_bot",
        first_name: str = "Dingzhou Policy Bot",
        query_ttl: float = 15.0,
        port: int = 0,
    ) -> None:
        bot_id = 7_000_000_000 + secrets.randbelow(10**9)
        self.token = token or f"{bot_id}:AA{secrets.token_urlsafe(32)[:33]}"  # random: no real token in tests
        bot_id_text = self.token.partition(":")[0]
        if not bot_id_text.isdigit():
            raise ValueError("a bot token starts with the bot's numeric id and a colon")
        self.bot_user: JSONDict = {
            "id": int(bot_id_text), "is_bot": True, "first_name": first_name, "username": username,
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True,
            "can_connect_to_business": False, "has_main_web_app": False,
        }  # fmt: skip
        self.query_ttl = query_ttl
        self._port = port  # 0: any free port; a fixed one lets a bot be started before the server
        self.internal_errors: list[str] = []  # tracebacks of bugs in this fake, answered as 500
        self._cond = threading.Condition()  # guards everything below; notified on every update and call
        self._chats: dict[int, _Chat] = {}
        self._queue: deque[JSONDict] = deque()
        self._history: dict[int, JSONDict] = {}
        self._last_update_id = 0
        self._allowed = self._default_allowed()
        self._poll_generation = 0
        self._webhook_url = ""
        self._queries: dict[str, tuple[str, float]] = {}  # id -> (update kind, monotonic time injected)
        self._query_counter = 0
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._calls: deque[Call] = deque(maxlen=_MAX_CALLS)
        self._calls_total = 0
        self._inject_mark = 0
        self._faults: dict[str, deque[_Fault]] = {}
        self._fault_counts: Counter[str] = Counter()
        self._delays: dict[str, float] = {}
        self._outage: _Outage | None = None
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._handlers: dict[str, Callable[[JSONDict, _Chat | None], Any]] = {
            "getMe": lambda p, c: dict(self.bot_user),
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerInlineQuery": self._answer_inline_query,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "leaveChat": self._leave_chat,
            "sendChatAction": self._send_chat_action,
            "getChat": self._get_chat,
        }

    def __repr__(self) -> str:  # never the token
        return (
            f"FakeBotAPI(username={self.bot_user['username']!r}, port={self.port if self._server else None})"
        )

    # --- lifecycle ---

    def start(self) -> FakeBotAPI:
        if self._server is not None:
            raise RuntimeError("FakeBotAPI is already started")
        self._server = _Server(self, self._port)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name="fake-bot-api",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None or self._stopping.is_set():
            return
        self._stopping.set()
        with self._cond:
            self._cond.notify_all()  # ends long polls and wait_for()
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeBotAPI is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # --- building and injecting updates ---

    @staticmethod
    def make_user(
        user_id: int = 424242, first_name: str = "Li", *, username: str | None = "li_lei",
        language_code: str | None = "zh-hans",
    ) -> JSONDict:  # fmt: skip
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        return user

    @staticmethod
    def group_chat(
        chat_id: int = -1001234567890, title: str = "Test group", chat_type: str = "supergroup"
    ) -> JSONDict:
        if chat_type not in ("group", "supergroup") or chat_id >= 0:
            raise ValueError("a group chat has type group or supergroup and a negative id")
        return {"id": chat_id, "type": chat_type, "title": title}

    def add_chat(self, chat: JSONDict) -> None:
        """Make a chat known, as if the bot had been added to it (sending to unknown chats fails)."""
        check_type(chat, "Chat")
        with self._cond:
            self._chat_for(chat).left = False

    def inject_message(
        self, text: str, *, user: JSONDict | None = None, chat: JSONDict | None = None,
        reply_to_message_id: int | None = None, entities: list[JSONDict] | None = None,
    ) -> int:  # fmt: skip
        """A user's text message (private chat unless `chat` is given); returns the update_id.

        bot_command and mention entities are added as Telegram does unless `entities` is given;
        `reply_to_message_id` names a stored message of that chat (e.g. one the bot sent).
        """
        sender = deepcopy(user or self.make_user())
        chat_info = chat or {
            key: sender[key] for key in ("id", "first_name", "last_name", "username") if key in sender
        }
        chat_info = {**chat_info, "type": chat_info.get("type", "private")}
        with self._cond:
            stored = self._chat_for(chat_info)
            if stored.left:
                raise ValueError(f"the bot has left chat {chat_info['id']}; add_chat() it again first")
            message: JSONDict = {
                "message_id": stored.last_message_id + 1, "from": sender, "chat": stored.info,
                "date": int(time.time()), "text": text,
            }  # fmt: skip
            found = _auto_entities(text) if entities is None else entities
            if found:
                message["entities"] = found
            if reply_to_message_id is not None:
                target = stored.messages.get(reply_to_message_id)
                if target is None:
                    raise ValueError(f"no message {reply_to_message_id} in chat {chat_info['id']}")
                message["reply_to_message"] = _without_reply(target)
            return self._enqueue({"message": message})

    def inject_group_message(
        self, text: str, *, chat_id: int = -1001234567890, title: str = "Test group", chat_type: str = "supergroup",
        user: JSONDict | None = None, reply_to_message_id: int | None = None,
    ) -> int:  # fmt: skip
        """A user's text message in a group or supergroup; returns the update_id."""
        chat = self.group_chat(chat_id, title, chat_type)
        return self.inject_message(text, user=user, chat=chat, reply_to_message_id=reply_to_message_id)

    def inject_inline_query(
        self, query: str, *, user: JSONDict | None = None, offset: str = "", chat_type: str | None = "private"
    ) -> int:
        """An inline query; its id is update(update_id)["inline_query"]["id"]."""
        inline: JSONDict = {"id": self._new_query_id(), "from": deepcopy(user or self.make_user()), "query": query,
                            "offset": offset}  # fmt: skip
        if chat_type:
            inline["chat_type"] = chat_type
        return self._enqueue({"inline_query": inline})

    def inject_callback_query(
        self, data: str, *, chat_id: int, message_id: int, user: JSONDict | None = None
    ) -> int:
        """A press of a button on a stored message (normally one the bot sent); returns the update_id."""
        with self._cond:
            chat = self._chats.get(chat_id)
            message = chat.messages.get(message_id) if chat else None
            if message is None:
                raise ValueError(f"no message {message_id} in chat {chat_id}")
            callback = {
                "id": self._new_query_id(), "from": deepcopy(user or self.make_user()), "message": message,
                "chat_instance": str(abs(chat_id) * 7919 % 10**19), "data": data,
            }  # fmt: skip
            return self._enqueue({"callback_query": callback})

    def inject_update(self, update: JSONDict) -> int:
        """Any Update JSON (update_id is assigned if missing); it must fit the spec's Update type."""
        return self._enqueue(deepcopy(update))

    def update(self, update_id: int) -> JSONDict:
        """An injected update, as delivered (for the ids inside it)."""
        with self._cond:
            return deepcopy(self._history[update_id])

    @property
    def pending_update_count(self) -> int:
        """Updates not yet confirmed by getUpdates' offset."""
        with self._cond:
            return len(self._queue)

    # --- what the bot did ---

    @property
    def calls(self) -> list[Call]:
        with self._cond:
            return list(self._calls)

    def mark(self) -> int:
        """A position in the call log, for wait_for(since=...)."""
        with self._cond:
            return self._calls_total

    def wait_for(
        self, method: str | None = None, predicate: Callable[[Call], bool] | None = None, *,
        timeout: float = 10.0, since: int | None = None,
    ) -> Call:  # fmt: skip
        """The first call (of `method`, matching `predicate`) at or after `since`.

        `since` defaults to the moment of the latest injected update, so a bot's answer to it is found
        whether it came before or after this call. Raises TimeoutError listing the calls seen.
        """
        wanted = self._canonical(method) if method else None
        deadline = time.monotonic() + timeout
        with self._cond:
            index = self._inject_mark if since is None else since
            while True:
                first = self._calls_total - len(self._calls)
                for position in range(max(index, first), self._calls_total):
                    call = self._calls[position - first]
                    if (wanted is None or call.method == wanted) and (predicate is None or predicate(call)):
                        return call
                index = self._calls_total
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stopping.is_set():
                    seen = [
                        f"{c.method} -> {c.status} {c.description or ''}".strip()
                        for c in list(self._calls)[-10:]
                    ]
                    raise TimeoutError(
                        f"no matching {wanted or 'call'} within {timeout}s; last calls: {seen}"
                    )
                self._cond.wait(remaining)

    def messages(self, chat_id: int) -> list[JSONDict]:
        """Current versions of the messages stored for a chat (both users' and the bot's), oldest first."""
        with self._cond:
            chat = self._chats.get(chat_id)
            return deepcopy(list(chat.messages.values())) if chat else []

    def message(self, chat_id: int, message_id: int) -> JSONDict | None:
        with self._cond:
            chat = self._chats.get(chat_id)
            found = chat.messages.get(message_id) if chat else None
            return deepcopy(found)

    def my_commands(self, scope: JSONDict | None = None, language_code: str = "") -> list[JSONDict]:
        """The commands set for a scope (default scope if None) and language."""
        with self._cond:
            return deepcopy(self._commands.get(self._commands_key(scope, language_code), []))

    # --- fault injection ---

    def fail_next(
        self, method: str, count: int = 1, *, status: int = 429, retry_after: int | None = None,
        description: str | None = None,
    ) -> None:  # fmt: skip
        """Refuse the next `count` calls of a method with `status` (429 carries retry_after, default 1)."""
        if status == 429 and retry_after is None:
            retry_after = 1
        if description is None:
            description = (
                f"Too Many Requests: retry after {retry_after}"
                if status == 429
                else HTTPStatus(status).phrase
            )
        with self._cond:
            fault = _Fault(count, status, description, retry_after if status == 429 else None)
            self._faults.setdefault(self._canonical(method), deque()).append(fault)

    def outage(self, seconds: float, *, status: int = 502, reset: bool = False) -> None:
        """For `seconds`, answer every request with `status` or, if `reset`, drop the connection unanswered."""
        with self._cond:
            self._outage = _Outage(time.monotonic() + seconds, status, reset)

    def delay(self, method: str, seconds: float) -> None:
        """Hold every call of a method for `seconds` before answering; 0 removes the delay."""
        with self._cond:
            name = self._canonical(method)
            if seconds > 0:
                self._delays[name] = seconds
            else:
                self._delays.pop(name, None)

    def fault_count(self, method: str | None = None) -> int:
        """How many calls were refused by fail_next() or outage() (of one method, or all)."""
        with self._cond:
            if method is None:
                return sum(self._fault_counts.values())
            return self._fault_counts[self._canonical(method)]

    # --- internals: state ---

    @staticmethod
    def _canonical(method: str) -> str:
        name = _SPEC.canonical(method)
        if name is None:
            raise ValueError(f"{method!r} is not a Bot API method")
        return name

    def _default_allowed(self) -> frozenset[str]:
        return frozenset(_SPEC.update_kinds) - {"chat_member", "message_reaction", "message_reaction_count"}

    def _bot_sender(self) -> JSONDict:
        return {key: self.bot_user[key] for key in ("id", "is_bot", "first_name", "username")}

    def _new_query_id(self) -> str:
        with self._cond:
            self._query_counter += 1
            return str(4_611_686_018_427_387_904 + self.bot_user["id"] * 1000 + self._query_counter)

    def _chat_for(self, info: JSONDict) -> _Chat:
        chat = self._chats.get(info["id"])
        if chat is None:
            chat = self._chats[info["id"]] = _Chat(info=dict(info))
        else:
            chat.info = {**chat.info, **info}
        return chat

    def _store(self, chat: _Chat, message: JSONDict) -> None:
        chat.messages[message["message_id"]] = message
        chat.last_message_id = max(chat.last_message_id, message["message_id"])
        if len(chat.messages) > _MAX_MESSAGES_PER_CHAT:
            del chat.messages[next(iter(chat.messages))]

    def _enqueue(self, update: JSONDict) -> int:
        with self._cond:
            if len(self._queue) >= _MAX_QUEUE:
                raise RuntimeError("update queue is full: is the bot polling?")
            update.setdefault("update_id", self._last_update_id + 1)
            if update["update_id"] <= self._last_update_id:
                raise ValueError("update_id must increase")
            check_type(update, "Update")
            kinds = [k for k in update if k != "update_id"]
            if len(kinds) != 1:
                raise ValueError("an update carries exactly one of the Update fields")
            payload = update[kinds[0]]
            if kinds[0] in ("message", "edited_message", "channel_post", "edited_channel_post"):
                self._store(self._chat_for(payload["chat"]), payload)
            elif kinds[0] in ("inline_query", "callback_query"):
                self._queries[payload["id"]] = (kinds[0], time.monotonic())
                if len(self._queries) > _MAX_REMEMBERED:
                    del self._queries[next(iter(self._queries))]
            self._last_update_id = update["update_id"]
            self._history[update["update_id"]] = update
            if len(self._history) > _MAX_REMEMBERED:
                del self._history[next(iter(self._history))]
            if kinds[0] in self._allowed:  # Telegram never creates updates the bot did not ask for
                self._queue.append(update)
            self._inject_mark = self._calls_total
            self._cond.notify_all()
            return int(update["update_id"])

    def _resolve_chat(self, chat_id: int | str) -> _Chat:
        chat: _Chat | None = None
        if isinstance(chat_id, int):
            chat = self._chats.get(chat_id)
        elif chat_id.startswith("@"):  # other strings name no chat
            name = chat_id[1:].lower()
            chat = next(
                (c for c in self._chats.values() if str(c.info.get("username", "")).lower() == name), None
            )
        if chat is None:
            raise ApiError(400, CHAT_NOT_FOUND)
        if chat.left:
            kind = {"supergroup": "supergroup chat", "channel": "channel chat"}.get(
                chat.info["type"], "group chat"
            )
            raise ApiError(403, f"Forbidden: bot is not a member of the {kind}")
        return chat

    def _record(self, call: Call) -> None:
        with self._cond:
            self._calls.append(call)
            self._calls_total += 1
            self._cond.notify_all()

    # --- internals: HTTP ---

    def _serve(self, handler: _Handler) -> None:
        """Answer one HTTP request; never raises for a bad request."""
        answer = self._answer(handler)
        if answer is None:  # an outage that drops connections: RST instead of a response
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.close_connection = True
            return
        status, body = answer
        data = json.dumps(body, ensure_ascii=False).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _answer(self, handler: _Handler) -> tuple[int, JSONDict] | None:
        try:
            body = _read_body(handler)
        except ApiError as error:
            handler.close_connection = True  # the unread body would corrupt the next request
            return error.status, error.body()
        path, _, query = handler.path.partition("?")
        match = _PATH.fullmatch(path)
        name = match.group(2) if match else path
        method = _SPEC.canonical(name)
        raw: dict[str, str | Upload] = {}
        unreadable: ApiError | None = None
        try:
            raw = _parse_body(handler.headers.get("Content-Type", ""), body, query)
        except ApiError as error:
            unreadable = error  # answered after the token and method checks, as Telegram orders them
        if (outage := self._current_outage()) is not None:
            refusal = None if outage.reset else ApiError(outage.status, HTTPStatus(outage.status).phrase)
            with self._cond:
                self._fault_counts[method or name] += 1
            call = Call(method or name, dict(raw), refusal.body() if refusal else {}, 0, injected=True)
            self._record(call if refusal is None else replace(call, status=refusal.status))
            return None if refusal is None else (refusal.status, refusal.body())
        if match is None:
            return 404, ApiError(404, "Not Found").body()
        if match.group(1) != self.token:
            return self._finish(Call(name, dict(raw), ApiError(401, "Unauthorized").body(), 401))
        if method is None:
            return self._finish(
                Call(name, dict(raw), ApiError(404, "Not Found: method not found").body(), 404)
            )
        if unreadable is not None:
            return self._finish(Call(method, {}, unreadable.body(), unreadable.status))
        with self._cond:
            pause = self._delays.get(method, 0.0)
        if pause:
            self._stopping.wait(pause)
        if (fault := self._take_fault(method)) is not None:
            return self._finish(Call(method, dict(raw), fault.body(), fault.status, injected=True))
        try:
            params, unknown = _SPEC.parse_params(_SPEC.methods[method], raw)
        except ApiError as error:
            return self._finish(Call(method, dict(raw), error.body(), error.status))
        try:
            with self._cond:
                chat = self._resolve_chat(params["chat_id"]) if "chat_id" in params else None
                handler_for = self._handlers.get(method)
                result = handler_for(params, chat) if handler_for else self._generic(method, params, chat)
            response: JSONDict = {"ok": True, "result": result}
            status = 200
        except ApiError as error:
            response, status = error.body(), error.status
        except Exception:  # a bug in this fake: answer like Telegram's 500, keep the traceback for tests
            with self._cond:
                if len(self.internal_errors) < _MAX_INTERNAL_ERRORS:
                    self.internal_errors.append(traceback.format_exc())
            response, status = ApiError(500, "Internal Server Error").body(), 500
        return self._finish(Call(method, params, response, status, unknown))

    def _current_outage(self) -> _Outage | None:
        with self._cond:
            return self._outage if self._outage and time.monotonic() < self._outage.until else None

    def _finish(self, call: Call) -> tuple[int, JSONDict]:
        self._record(call)
        return call.status, call.response

    def _take_fault(self, method: str) -> ApiError | None:
        with self._cond:
            faults = self._faults.get(method)
            if not faults:
                return None
            fault = faults[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                faults.popleft()
            self._fault_counts[method] += 1
            extra = {"retry_after": fault.retry_after} if fault.retry_after is not None else None
            return ApiError(fault.status, fault.description, extra)

    # --- internals: methods (called with the lock held) ---

    def _get_updates(self, p: JSONDict, _: _Chat | None) -> list[JSONDict]:
        if self._webhook_url:
            raise ApiError(
                409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
                "the webhook first"
            )  # fmt: skip
        if "allowed_updates" in p:
            self._allowed = frozenset(p["allowed_updates"]) or self._default_allowed()
        offset = p.get("offset", 0)
        if offset > 0:  # confirms every update before it
            while self._queue and self._queue[0]["update_id"] < offset:
                self._queue.popleft()
        elif offset < 0:  # keeps only the last -offset updates
            while len(self._queue) > -offset:
                self._queue.popleft()
        limit = min(max(p.get("limit", 100), 1), 100)
        deadline = time.monotonic() + min(max(p.get("timeout", 0), 0), _MAX_POLL_TIMEOUT)
        self._poll_generation += 1
        generation = self._poll_generation
        self._cond.notify_all()  # a newer getUpdates ends an older one, as on Telegram
        while True:
            if generation != self._poll_generation:
                raise ApiError(
                    409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
                    "is running"
                )  # fmt: skip
            remaining = deadline - time.monotonic()
            if self._queue or remaining <= 0 or self._stopping.is_set():
                return deepcopy(list(itertools.islice(self._queue, limit)))
            self._cond.wait(remaining)

    def _set_webhook(self, p: JSONDict, _: _Chat | None) -> bool:
        if not p["url"].startswith("https://"):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        self._webhook_url = p["url"]
        if p.get("allowed_updates") is not None:
            self._allowed = frozenset(p["allowed_updates"]) or self._default_allowed()
        if p.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _delete_webhook(self, p: JSONDict, _: _Chat | None) -> bool:
        self._webhook_url = ""
        if p.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _get_webhook_info(self, p: JSONDict, _: _Chat | None) -> JSONDict:
        info: JSONDict = {"url": self._webhook_url, "has_custom_certificate": False,
                          "pending_update_count": len(self._queue)}  # fmt: skip
        if self._allowed != self._default_allowed():
            info["allowed_updates"] = sorted(self._allowed)
        return info

    def _new_bot_message(self, chat: _Chat, p: JSONDict, content: JSONDict) -> JSONDict:
        """Store and return a message the bot sends: id, reply, and the inline keyboard Telegram echoes."""
        message: JSONDict = {
            "message_id": chat.last_message_id + 1, "from": self._bot_sender(), "chat": chat.info,
            "date": int(time.time()), **content,
        }  # fmt: skip
        if (reply := self._reply_target(chat, p)) is not None:
            message["reply_to_message"] = reply
        markup = p.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:  # other keyboards are not echoed
            message["reply_markup"] = markup
        self._store(chat, message)
        return message

    def _reply_target(self, chat: _Chat, p: JSONDict) -> JSONDict | None:
        reply = p.get("reply_parameters")
        if reply is None and "reply_to_message_id" in p:
            reply = {"message_id": p["reply_to_message_id"],
                     "allow_sending_without_reply": p.get("allow_sending_without_reply", False)}  # fmt: skip
        if reply is None:
            return None
        target_chat = chat if reply.get("chat_id") is None else self._resolve_chat(reply["chat_id"])
        target = target_chat.messages.get(reply["message_id"])
        if target is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise ApiError(400, REPLY_NOT_FOUND)
        return _without_reply(target)

    @staticmethod
    def _text_content(p: JSONDict) -> JSONDict:
        text, entities = render(p["text"], p.get("parse_mode"), p.get("entities"))
        if not text:
            raise ApiError(400, TEXT_EMPTY)
        if _u16(text) > MAX_TEXT:
            raise ApiError(400, TOO_LONG)
        return {"text": text, "entities": entities} if entities else {"text": text}

    @staticmethod
    def _caption_content(p: JSONDict) -> JSONDict:
        if "caption" not in p:
            return {}
        caption, entities = render(p["caption"], p.get("parse_mode"), p.get("caption_entities"))
        if _u16(caption) > MAX_CAPTION:
            raise ApiError(400, CAPTION_TOO_LONG)
        return {"caption": caption, "caption_entities": entities} if entities else {"caption": caption}

    def _send_message(self, p: JSONDict, chat: _Chat | None) -> JSONDict:
        assert chat is not None  # chat_id is required by the spec
        return self._new_bot_message(chat, p, self._text_content(p))

    def _message_to_edit(self, p: JSONDict, chat: _Chat | None) -> JSONDict | None:
        """The stored message an edit targets, or None for an inline message."""
        if "inline_message_id" in p:
            return None
        if chat is None:
            raise _bad("chat_id is empty")
        if "message_id" not in p:
            raise _bad("message identifier is not specified")
        message = chat.messages.get(p["message_id"])
        if message is None:
            raise ApiError(400, EDIT_NOT_FOUND)
        if message.get("from", {}).get("id") != self.bot_user["id"]:
            raise _bad("message can't be edited")
        return message

    def _replace(self, message: JSONDict, drop: tuple[str, ...], content: JSONDict, p: JSONDict) -> JSONDict:
        """Store an edited message; refuse an edit that changes nothing, as Telegram does."""
        edited = {k: v for k, v in message.items() if k not in (*drop, "reply_markup", "edit_date")}
        edited.update(content)
        if "reply_markup" in p:  # an edit without markup removes the keyboard
            edited["reply_markup"] = p["reply_markup"]
        if edited == {k: v for k, v in message.items() if k != "edit_date"}:
            raise ApiError(400, NOT_MODIFIED)
        edited["edit_date"] = int(time.time())
        self._store(self._chats[message["chat"]["id"]], edited)
        return edited

    def _edit_message_text(self, p: JSONDict, chat: _Chat | None) -> JSONDict | bool:
        content = self._text_content(p)
        message = self._message_to_edit(p, chat)
        if message is None:
            return True
        if "text" not in message:
            raise _bad("there is no text in the message to edit")
        return self._replace(message, _TEXT_KEYS, content, p)

    def _edit_message_reply_markup(self, p: JSONDict, chat: _Chat | None) -> JSONDict | bool:
        message = self._message_to_edit(p, chat)
        return True if message is None else self._replace(message, (), {}, p)

    def _delete_message(self, p: JSONDict, chat: _Chat | None) -> bool:
        assert chat is not None  # chat_id is required by the spec
        if chat.messages.pop(p["message_id"], None) is None:
            raise _bad("message to delete not found")
        return True

    def _check_query(self, query_id: str, kind: str) -> None:
        found = self._queries.get(query_id)
        if found is None or found[0] != kind or time.monotonic() - found[1] > self.query_ttl:
            raise ApiError(400, QUERY_TOO_OLD)

    def _answer_inline_query(self, p: JSONDict, _: _Chat | None) -> bool:
        results = p["results"]
        if len(results) > MAX_INLINE_RESULTS:
            raise _bad("RESULTS_TOO_MUCH")
        ids = [r["id"] for r in results]
        if any(not 1 <= len(i.encode()) <= MAX_RESULT_ID for i in ids):
            raise _bad("RESULT_ID_INVALID")
        if len(set(ids)) != len(ids):
            raise _bad("RESULT_ID_DUPLICATE")
        for result in results:
            content = result.get("input_message_content", {})
            if "message_text" in content:
                self._text_content({"text": content["message_text"], "parse_mode": content.get("parse_mode"),
                                    "entities": content.get("entities")})  # fmt: skip
        self._check_query(p["inline_query_id"], "inline_query")
        del self._queries[p["inline_query_id"]]  # answered once only
        return True

    def _answer_callback_query(self, p: JSONDict, _: _Chat | None) -> bool:
        self._check_query(p["callback_query_id"], "callback_query")
        del self._queries[p["callback_query_id"]]
        return True

    @staticmethod
    def _commands_key(scope: JSONDict | None, language_code: str) -> tuple[str, str]:
        return json.dumps(scope or {"type": "default"}, sort_keys=True), language_code

    def _set_my_commands(self, p: JSONDict, _: _Chat | None) -> bool:
        commands = p["commands"]
        if len(commands) > MAX_COMMANDS:
            raise _bad("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not _COMMAND_NAME.fullmatch(command["command"]):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(command["description"]) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(p.get("scope"), p.get("language_code", ""))
        self._commands[key] = [{"command": c["command"], "description": c["description"]} for c in commands]
        return True

    def _get_my_commands(self, p: JSONDict, _: _Chat | None) -> list[JSONDict]:
        return deepcopy(
            self._commands.get(self._commands_key(p.get("scope"), p.get("language_code", "")), [])
        )

    def _delete_my_commands(self, p: JSONDict, _: _Chat | None) -> bool:
        self._commands.pop(self._commands_key(p.get("scope"), p.get("language_code", "")), None)
        return True

    def _leave_chat(self, p: JSONDict, chat: _Chat | None) -> bool:
        assert chat is not None  # chat_id is required by the spec
        if chat.info["type"] == "private":
            raise _bad("chat member status can't be changed in private chats")
        chat.left = True
        return True

    def _send_chat_action(self, p: JSONDict, chat: _Chat | None) -> bool:
        if p["action"] not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    def _get_chat(self, p: JSONDict, chat: _Chat | None) -> JSONDict:
        assert chat is not None  # chat_id is required by the spec
        return {**_SPEC.minimal("ChatFullInfo"), "max_reaction_count": 11, **chat.info}

    def _generic(self, method: str, p: JSONDict, chat: _Chat | None) -> Any:
        """Any other method, validated already: sends store a message, edits touch one, the rest get a
        minimal result of the spec's return type (True for Boolean)."""
        returns = _SPEC.methods[method].returns
        if returns == ("Message",) and chat is not None:
            return self._new_bot_message(chat, p, self._caption_content(p))
        if returns == ("Message", "Boolean"):
            message = self._message_to_edit(p, chat)
            if message is None:
                return True
            if method == "editMessageCaption":
                return self._replace(message, _CAPTION_KEYS, self._caption_content(p), p)
            edited = {**message, "edit_date": int(time.time())}  # media and locations are not modelled
            self._store(self._chats[message["chat"]["id"]], edited)
            return edited
        return _SPEC.minimal(returns[0])


def _read_body(handler: BaseHTTPRequestHandler) -> bytes:
    if handler.headers.get("Transfer-Encoding"):
        raise ApiError(411, "Length Required")
    try:
        length = int(handler.headers.get("Content-Length") or 0)
    except ValueError:
        raise _bad("invalid Content-Length") from None
    if not 0 <= length <= _MAX_BODY:
        raise ApiError(413, "Request Entity Too Large")
    return handler.rfile.read(length)


def _parse_body(content_type: str, body: bytes, query: str) -> dict[str, str | Upload]:
    """Parameters from the query string and a form, multipart or JSON body, as Telegram's strings."""
    try:
        params: dict[str, str | Upload] = dict(parse_qsl(query, keep_blank_values=True, errors="strict"))
        kind = content_type.partition(";")[0].strip().lower()
        if not body:
            return params
        if kind == "application/x-www-form-urlencoded":
            params.update(parse_qsl(body.decode(), keep_blank_values=True, errors="strict"))
        elif kind == "multipart/form-data":
            params.update(_parse_multipart(content_type, body))
        elif kind == "application/json":
            try:
                data = json.loads(body)
            except ValueError:
                raise _bad("can't parse JSON encoded request body") from None
            if not isinstance(data, dict):
                raise _bad("JSON-encoded request body must be an object")
            for key, value in data.items():
                if value is not None:  # null means absent
                    params[key] = _as_string(value)
    except UnicodeDecodeError:
        raise _bad("strings must be encoded in UTF-8") from None
    return params


def _as_string(value: Any) -> str:
    """A JSON body value as the form string Telegram turns it into."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _parse_multipart(content_type: str, body: bytes) -> dict[str, str | Upload]:
    head = b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n"
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise _bad("can't parse multipart/form-data request body")
    params: dict[str, str | Upload] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        params[name] = data.decode() if filename is None else Upload(filename, part.get_content_type(), data)
    return params


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like api.telegram.org, so httpx's pool is exercised
    timeout = 60  # idle keep-alive connections close after this
    disable_nagle_algorithm = True  # headers and body go out as two writes: Nagle would stall the body 40 ms
    server: _Server

    def do_POST(self) -> None:
        self.server.fake._serve(self)

    do_GET = do_POST  # Telegram accepts GET with a query string too

    def log_message(self, format: str, *args: Any) -> None:
        """Never log: the request line holds the bot token."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeBotAPI, port: int = 0) -> None:
        self.fake = fake
        self._slots = threading.BoundedSemaphore(_MAX_CONNECTIONS)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)  # over the connection bound: refuse rather than pile up threads
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._open_lock:
                self._open.discard(request)
            self._slots.release()

    def close_connections(self) -> None:
        """Unblock handler threads waiting on idle keep-alive connections."""
        with self._open_lock:
            for sock in self._open:
                with contextlib.suppress(OSError):  # already closed by the client
                    sock.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay silent: a client hanging up mid-response (e.g. a cancelled long poll) is normal here."""
