"""Socket cap and presence (forum_site.presence): atomic on Redis (Lua) and in
the in-memory cache (a process lock). Every test runs on both; the Redis
ones need REDIS_URL."""

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from forum_site import presence

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def backend(request):
    if request.param == "memory":
        with override_settings(CACHES=LOCMEM):
            assert not isinstance(caches["default"], RedisCache)
            yield "memory"
    else:
        assert isinstance(caches["default"], RedisCache)  # REDIS_URL selects it
        yield "redis"


@pytest.fixture
def ids(backend):
    """A user id and a thread id no other test (or run) uses; their keys go after."""
    user_id, thread_id = random.randrange(10**9, 10**10), random.randrange(10**9, 10**10)
    yield user_id, thread_id
    cache.delete(presence._sockets_key(user_id))
    cache.delete(presence._people_key(thread_id))


def in_parallel(count, fn):
    """Call fn(i) for i in range(count) from as many threads, released at once."""
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait()
        return fn(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_parallel_connects_never_exceed_the_cap(ids):
    user_id, thread_id = ids
    results = in_parallel(
        16,
        lambda i: presence.register_socket(user_id, f"chan-{i}", thread_id, cap=5, ttl=60),
    )
    assert results.count(True) == 5
    # The record agrees: exactly the five accepted sockets, one more is refused.
    assert not presence.register_socket(user_id, "late", thread_id, cap=5, ttl=60)
    accepted = [i for i, ok in enumerate(results) if ok]
    assert presence.unregister_socket(user_id, f"chan-{accepted[0]}", ttl=60) == {thread_id}
    assert presence.register_socket(user_id, "late", thread_id, cap=5, ttl=60)


def test_refreshing_a_socket_at_the_cap_is_allowed(ids):
    user_id, thread_id = ids
    assert presence.register_socket(user_id, "a", thread_id, cap=2, ttl=60)
    assert presence.register_socket(user_id, "b", thread_id + 1, cap=2, ttl=60)
    assert presence.register_socket(user_id, "a", thread_id, cap=2, ttl=60)  # heartbeat
    assert not presence.register_socket(user_id, "c", thread_id, cap=2, ttl=60)
    assert presence.unregister_socket(user_id, "a", ttl=60) == {thread_id + 1}
    assert presence.unregister_socket(user_id, "b", ttl=60) == set()


def test_expired_sockets_free_their_place(ids):
    user_id, thread_id = ids
    assert presence.register_socket(user_id, "crashed", thread_id, cap=1, ttl=0.2)
    assert not presence.register_socket(user_id, "new", thread_id, cap=1, ttl=60)
    time.sleep(0.3)  # the crashed process never refreshed it
    assert presence.register_socket(user_id, "new", thread_id, cap=1, ttl=60)


def test_parallel_joins_and_leaves_lose_no_one(ids):
    _, thread_id = ids

    def person(i):
        return {"id": i, "username": f"u{i}", "name": f"User {i:02d}"}

    in_parallel(12, lambda i: presence.join(thread_id, person(i), ttl=60))
    people, changed = presence.join(thread_id, person(0), ttl=60)
    assert [p["id"] for p in people] == list(range(12))
    assert people[3] == person(3)
    assert changed is False  # already here: a refresh
    in_parallel(6, lambda i: presence.leave(thread_id, i * 2, ttl=60))
    assert [p["id"] for p in presence.leave(thread_id, 99, ttl=60)] == [1, 3, 5, 7, 9, 11]


def test_join_says_whether_the_people_changed(ids):
    _, thread_id = ids
    ama = {"id": 7, "username": "ama", "name": "Ama Mensah"}
    kofi = {"id": 9, "username": "kofi", "name": "Abena Kofi"}
    assert presence.join(thread_id, ama, ttl=60) == ([ama], True)
    assert presence.join(thread_id, kofi, ttl=0.2) == ([kofi, ama], True)  # sorted by name
    time.sleep(0.3)
    assert presence.join(thread_id, ama, ttl=60) == ([ama], False)  # kofi expired
    assert presence.leave(thread_id, 7, ttl=60) == []
