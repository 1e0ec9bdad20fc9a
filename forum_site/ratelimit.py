"""One rate limiter for the whole site: a sliding window, atomic.

A fixed window ("5 per 10 s, counted per 10-second slot") lets twice the
limit through across a slot boundary (5 at the end of one slot, 5 at the start
of the next). Here every granted hit is remembered with its time, and a hit is
granted only while fewer than ``limit`` hits lie within the last ``window``
seconds, whenever the window starts. The check and the record are one step:

- with Redis (the Django cache is ``RedisCache``, i.e. ``REDIS_URL`` is set),
  one Lua script on a sorted set (score: time), which Redis runs atomically,
  so every Daphne and WSGI process shares one count;
- otherwise (the in-memory cache of a single process), the same update under
  a process-wide lock.

The way to Redis is ``forum_site.presence``'s (the cache's own client, keys
under the cache's prefix). When the cache is down the limiter fails open
(logged): a limit must not turn a saved comment or a sign-in into an error.

Used by the discussion socket and the comment form (posts per user and
thread), mention fan-out (mentions notified per author) and password reset
(requests per address and per e-mail).
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache

from forum_site.presence import redis_client

logger = logging.getLogger(__name__)

# KEYS[1]: the sorted set of granted hits (score: time).
# ARGV: now, window (s), limit, hits wanted, partial (1/0), a unique token.
# Returns the number of hits granted (all or nothing unless partial).
_TAKE = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local free = tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[1])
if free < 0 then free = 0 end
local grant = tonumber(ARGV[4])
if grant > free then
  if ARGV[5] == '1' then grant = free else grant = 0 end
end
for i = 1, grant do
  redis.call('ZADD', KEYS[1], now, ARGV[6] .. ':' .. i)
end
redis.call('EXPIRE', KEYS[1], math.ceil(window) + 1)
return grant
"""

# Serialises the in-memory updates (one process: nothing else shares them).
_lock = threading.Lock()


def parse_rate(raw, default: tuple[int, int]) -> tuple[int, int]:
    """``"5/10"`` -> (5, 10): hits per seconds; the default when malformed."""
    try:
        hits, seconds = (int(part) for part in str(raw).split("/", 1))
    except (TypeError, ValueError):
        return default
    return max(1, hits), max(1, seconds)


def setting_rate(name: str, default: str) -> tuple[int, int]:
    """A rate from settings, else the environment, else ``default``."""
    raw = getattr(settings, name, None) or os.environ.get(name) or default
    return parse_rate(raw, parse_rate(default, (1, 1)))


def _key(key: str) -> str:
    return f"rl:{key}"


def take(
    key: str,
    limit: int,
    window: float,
    count: int = 1,
    *,
    partial: bool = False,
    now: float | None = None,
) -> int:
    """Record up to ``count`` hits on ``key``; return how many were granted.

    All ``count`` or none, unless ``partial`` (then as many as fit). Raises
    when the cache is down (see ``allow`` and ``grant`` for failing open).
    """
    if count <= 0:
        return 0
    now = time.time() if now is None else now
    client = redis_client()
    if client is not None:
        return int(
            client.eval(
                _TAKE,
                1,
                cache.make_and_validate_key(_key(key)),
                repr(now),
                window,
                limit,
                count,
                1 if partial else 0,
                uuid.uuid4().hex,
            )
        )
    with _lock:
        hits = [t for t in (cache.get(_key(key)) or []) if t > now - window]
        free = max(0, limit - len(hits))
        granted = count if count <= free else (free if partial else 0)
        hits.extend([now] * granted)
        cache.set(_key(key), hits, timeout=int(window) + 1)
        return granted


def allow(key: str, limit: int, window: float, *, now: float | None = None) -> bool:
    """One hit: True when within the limit (and then recorded). Fails open."""
    try:
        return take(key, limit, window, now=now) == 1
    except Exception:
        logger.warning("Cache unavailable for rate limit %s", key, exc_info=True)
        return True


def grant(key: str, limit: int, window: float, count: int) -> int:
    """As many of ``count`` hits as fit in the window. Fails open (all)."""
    try:
        return take(key, limit, window, count, partial=True)
    except Exception:
        logger.warning("Cache unavailable for rate limit %s", key, exc_info=True)
        return count


def reset(key: str) -> None:
    """Forget every hit on ``key`` (tests, and an administrator's unlock)."""
    cache.delete(_key(key))
