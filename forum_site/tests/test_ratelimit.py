"""The sliding-window rate limiter (forum_site.ratelimit): exact at window
boundaries and atomic, on Redis (Lua) and in the in-memory cache (a process
lock). Every test runs on both; the Redis ones need REDIS_URL."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from forum_site import ratelimit

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def key(request):
    """A key no other test (or run) uses, forgotten afterwards."""
    name = f"test:{uuid.uuid4().hex}"
    if request.param == "memory":
        with override_settings(CACHES=LOCMEM):
            assert not isinstance(caches["default"], RedisCache)
            yield name
            ratelimit.reset(name)
    else:
        assert isinstance(caches["default"], RedisCache)  # REDIS_URL selects it
        yield name
        ratelimit.reset(name)


def test_limit_then_refused(key):
    results = [ratelimit.allow(key, 5, 10, now=1000.0 + i / 10) for i in range(7)]
    assert results == [True] * 5 + [False] * 2


def test_no_double_burst_across_a_boundary(key):
    # A fixed 10-second window let 5 in at 9.5 s and 5 more at 10.5 s: 10 in 1 s.
    assert all(ratelimit.allow(key, 5, 10, now=1009.5) for _ in range(5))
    assert not any(ratelimit.allow(key, 5, 10, now=1010.5) for _ in range(5))
    assert not ratelimit.allow(key, 5, 10, now=1019.4)
    # Ten seconds after the burst its hits leave the window, one by one as they came.
    assert ratelimit.allow(key, 5, 10, now=1019.6)


def test_refused_hits_do_not_count(key):
    for _ in range(5):
        ratelimit.allow(key, 5, 10, now=1000.0)
    for _ in range(20):  # hammering while refused does not extend the wait
        assert not ratelimit.allow(key, 5, 10, now=1005.0)
    assert ratelimit.allow(key, 5, 10, now=1010.1)


def test_partial_grant(key):
    assert ratelimit.grant(key, 10, 60, 7) == 7
    assert ratelimit.grant(key, 10, 60, 7) == 3
    assert ratelimit.grant(key, 10, 60, 1) == 0


def test_all_or_nothing_by_default(key):
    assert ratelimit.take(key, 10, 60, 7) == 7
    assert ratelimit.take(key, 10, 60, 7) == 0
    assert ratelimit.take(key, 10, 60, 3) == 3


def test_parallel_hits_never_exceed_the_cap(key):
    count = 16
    barrier = threading.Barrier(count)

    def hit(_):
        barrier.wait()
        return ratelimit.allow(key, 5, 60)

    with ThreadPoolExecutor(count) as pool:
        results = list(pool.map(hit, range(count)))
    assert results.count(True) == 5
    assert not ratelimit.allow(key, 5, 60)


def test_fails_open_when_the_cache_is_down(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(ratelimit, "take", down)
    assert ratelimit.allow("any", 1, 10)
    assert ratelimit.grant("any", 1, 10, 4) == 4


def test_parse_rate():
    assert ratelimit.parse_rate("3/60", (1, 1)) == (3, 60)
    assert ratelimit.parse_rate("junk", (5, 10)) == (5, 10)
    assert ratelimit.parse_rate(None, (5, 10)) == (5, 10)
    assert ratelimit.parse_rate("0/0", (5, 10)) == (1, 1)
