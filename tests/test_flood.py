"""The per-user flood limit, on a fake clock."""

from __future__ import annotations

from bot.flood import FloodLimit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_at_most_n_questions_in_any_minute_per_user():
    clock = Clock()
    limit = FloodLimit(20, clock)
    assert all(limit.allow(1) for _ in range(20))
    assert not limit.allow(1)
    assert limit.allow(2)  # another user is not affected
    clock.now += 59
    assert not limit.allow(1)
    clock.now += 1.5
    assert limit.allow(1)


def test_a_flooding_user_is_warned_once_a_minute():
    clock = Clock()
    limit = FloodLimit(1, clock)
    assert limit.should_warn(7) and not limit.should_warn(7)
    clock.now += 61
    assert limit.should_warn(7)


def test_zero_means_no_limit():
    limit = FloodLimit(0, Clock())
    assert all(limit.allow(1) for _ in range(1000))
