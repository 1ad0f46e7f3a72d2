"""The web app's configuration, read once from the environment at start-up."""

from __future__ import annotations

import ipaddress
import logging
import os
from dataclasses import dataclass

from ..dingtalk import DingTalkSettings
from ..service import DEFAULT_FLOOD_PER_MINUTE, ConfigError, flood_from_env, listed
from ..wecom import WeComSettings


def _addresses(value: str) -> frozenset[str]:
    addresses = listed(value)
    for address in addresses:
        try:
            ipaddress.ip_address(address)
        except ValueError:
            raise ConfigError(
                f"BOT_WEB_TRUSTED_PROXIES must be a comma-separated list of IP addresses, got {address!r}"
            ) from None
    return frozenset(addresses)


@dataclass(frozen=True)
class WebSettings:
    flood_per_minute: int = DEFAULT_FLOOD_PER_MINUTE
    # Reverse proxies whose X-Forwarded-For names the real client; from anyone else the header is ignored.
    trusted_proxies: frozenset[str] = frozenset()
    log_level: str = "INFO"
    # The chat-app robots answer on the same app when their secrets are set; None leaves a route out.
    dingtalk: DingTalkSettings | None = None
    wecom: WeComSettings | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> WebSettings:
        env = dict(os.environ if env is None else env)
        level = env.get("LOG_LEVEL", "INFO").upper()
        if not isinstance(logging.getLevelName(level), int):
            raise ConfigError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {level!r}")
        return cls(
            flood_per_minute=flood_from_env(env),
            trusted_proxies=_addresses(env.get("BOT_WEB_TRUSTED_PROXIES", "")),
            log_level=level,
            dingtalk=DingTalkSettings.from_env(env),
            wecom=WeComSettings.from_env(env),
        )
