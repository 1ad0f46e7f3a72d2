"""A per-user flood limit: at most N questions in any sliding minute."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable


class FloodLimit:
    """Counts each user's recent questions; `allow` says whether one more may be answered now."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic, window: float = 60.0):
        self.per_minute = per_minute
        self._clock = clock
        self._window = window
        self._seen: dict[Hashable, deque[float]] = {}
        self._warned: dict[Hashable, float] = {}

    def allow(self, user_id: Hashable) -> bool:
        if self.per_minute <= 0:
            return True
        now = self._clock()
        recent = self._seen.setdefault(user_id, deque())
        while recent and now - recent[0] >= self._window:
            recent.popleft()
        if len(recent) >= self.per_minute:
            return False
        recent.append(now)
        if len(self._seen) > 10_000:  # forget users who have gone quiet
            self._seen = {u: q for u, q in self._seen.items() if q and now - q[-1] < self._window}
        return True

    def should_warn(self, user_id: Hashable) -> bool:
        """Tell a flooding user once per window, not once per message."""
        now = self._clock()
        if now - self._warned.get(user_id, -self._window) >= self._window:
            self._warned[user_id] = now
            return True
        return False
