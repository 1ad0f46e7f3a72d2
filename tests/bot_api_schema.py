"""The facts of the Telegram Bot API that the fake server checks calls against, without the prose.

Telegram publishes the Bot API as a web page; machine-readable copies of it (api.json: every method and
type with its fields, their types, whether each is required, and the documentation text) are made from
that page by community scrapers. The fake Bot API (tests/fake_bot_api.py) needs only the facts, so the
repository keeps a compact schema made from such a copy: tests/data/bot-api-schema.json.

When Telegram publishes a new Bot API version, get a fresh api.json and run

    python tests/bot_api_schema.py path/to/api.json

which rewrites tests/data/bot-api-schema.json; then run the Telegram tests and commit both.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

FORMAT = "policy-bot compact Bot API schema, version 1"
SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "bot-api-schema.json"
# A subtype's first field says which value tells it apart: 'Type of the result, must be "article"'.
DISCRIMINATOR = re.compile(r"(?:must be|always) [\"“]?([a-z0-9_]+)")


def _fields(entries: list[dict[str, Any]]) -> list[list[Any]]:
    return [[f["name"], list(f["types"]), bool(f["required"])] for f in entries]


def compact(full: dict[str, Any]) -> dict[str, Any]:
    """The schema of a full api.json: names, types, required flags, subtypes and discriminators."""
    if full.get("format") == FORMAT:
        return full
    types: dict[str, Any] = {}
    for name, spec in full["types"].items():
        entry: dict[str, Any] = {"fields": _fields(spec.get("fields", []))}
        for key in ("subtypes", "subtype_of"):
            if key in spec:
                entry[key] = list(spec[key])
        first = (spec.get("fields") or [{}])[0]
        found = DISCRIMINATOR.search(first.get("description", ""))
        if "subtype_of" in spec and found:
            entry["discriminator"] = [first["name"], found.group(1)]
        types[name] = entry
    return {
        "format": FORMAT,
        "version": full["version"],
        "release_date": full.get("release_date"),
        "methods": {
            name: {"returns": list(spec["returns"]), "fields": _fields(spec.get("fields", []))}
            for name, spec in full["methods"].items()
        },
        "types": types,
    }


def dumps(schema: dict[str, Any]) -> str:
    """JSON with one method or type a line, so a new API version shows as a readable diff."""

    def table(entries: dict[str, Any]) -> str:
        rows = (
            f"    {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}"
            for name, value in entries.items()
        )
        return "{\n" + ",\n".join(rows) + "\n  }"

    head = {k: v for k, v in schema.items() if k not in ("methods", "types")}
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in head.items()]
    lines += [f'  "methods": {table(schema["methods"])}', f'  "types": {table(schema["types"])}']
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    full = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    schema = compact(full)
    SCHEMA_PATH.write_text(dumps(schema), encoding="utf-8")
    print(
        f"{schema['version']}: {len(schema['methods'])} methods, {len(schema['types'])} types -> {SCHEMA_PATH}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
