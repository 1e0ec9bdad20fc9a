"""Who is on a thread, and how many sockets each user has open: atomic.

Both are read-modify-write updates of one small record (a user's open
sockets, a thread's people). Done as ``cache.get`` then ``cache.set``, two
processes connecting at once can both read "9 sockets" and both write 10, so
the per-user cap lets through more sockets than it allows, and a leave can
undo a join. Here each update is one step:

- with Redis (the Django cache is ``RedisCache``, i.e. ``REDIS_URL`` is set),
  one Lua script per update, which Redis runs atomically; the records are
  hashes (one field per socket or per person) under the cache's key prefix;
- otherwise (the in-memory cache of a single process), the same update under
  a process-wide lock.

Entries carry their expiry time and are dropped once past it, so a crashed
process does not leave phantom sockets or people behind; callers refresh them
(the socket's heartbeat). These functions raise when the cache is down; the
caller decides to fail open (``forum_site.discussions.realtime``).
"""

from __future__ import annotations

import json
import threading
import time

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

# KEYS[1]: the user's sockets hash (field: channel name, value: "thread until").
# ARGV: channel, thread id, now, until, cap, key ttl (seconds).
# Returns 1 when the socket is recorded, 0 when the user is at the cap.
_REGISTER = """
local now = tonumber(ARGV[3])
local entries = redis.call('HGETALL', KEYS[1])
local live, known = 0, false
for i = 1, #entries, 2 do
  local untl = tonumber(string.match(entries[i + 1], ' (%S+)$'))
  if untl <= now then
    redis.call('HDEL', KEYS[1], entries[i])
  elseif entries[i] == ARGV[1] then
    known = true
  else
    live = live + 1
  end
end
if not known and live >= tonumber(ARGV[5]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[6])
return 1
"""

# KEYS[1]: the user's sockets hash. ARGV: channel, now.
# Returns the thread ids of the user's other live sockets.
_UNREGISTER = """
redis.call('HDEL', KEYS[1], ARGV[1])
local now = tonumber(ARGV[2])
local entries = redis.call('HGETALL', KEYS[1])
local threads = {}
for i = 1, #entries, 2 do
  local thread, untl = string.match(entries[i + 1], '^(%S+) (%S+)$')
  if tonumber(untl) <= now then
    redis.call('HDEL', KEYS[1], entries[i])
  else
    table.insert(threads, thread)
  end
end
return threads
"""

# KEYS[1]: the thread's people hash (field: user id, value: "until json").
# ARGV: user id, now, until, person json, key ttl (seconds); an empty person
# json removes the user instead (a leave).
# Returns {changed (0/1), value, value, ...} of the people still here.
_PEOPLE = """
local now = tonumber(ARGV[2])
local changed = 0
if ARGV[4] == '' then
  changed = redis.call('HDEL', KEYS[1], ARGV[1])
else
  local old = redis.call('HGET', KEYS[1], ARGV[1])
  if not old or tonumber(string.match(old, '^(%S+)')) <= now then
    changed = 1
  end
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3] .. ' ' .. ARGV[4])
  redis.call('EXPIRE', KEYS[1], ARGV[5])
end
local entries = redis.call('HGETALL', KEYS[1])
local here = {changed}
for i = 1, #entries, 2 do
  if tonumber(string.match(entries[i + 1], '^(%S+)')) <= now then
    redis.call('HDEL', KEYS[1], entries[i])
  else
    table.insert(here, entries[i + 1])
  end
end
return here
"""

# Serialises the in-memory updates (one process: nothing else shares them).
_lock = threading.Lock()


def _sockets_key(user_id: int | str) -> str:
    return f"rt:sockets:{user_id}"


def _people_key(thread_id: int) -> str:
    return f"rt:presence:{thread_id}"


def redis_client():
    """The cache's redis-py client, or None when the cache is not Redis."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return backend._cache.get_client(write=True)
    return None


def _run(script: str, key: str, *args):
    client = redis_client()
    return client.eval(script, 1, cache.make_and_validate_key(key), *args)


def _key_ttl(ttl: float) -> int:
    return int(ttl) + 60


# --- Sockets per user -------------------------------------------------------------


def register_socket(
    user_id: int | str, channel: str, thread_id: int, *, cap: int, ttl: float
) -> bool:
    """Record (or refresh) one open socket; False, and nothing recorded, when
    the user already has ``cap`` other live sockets."""
    now = time.time()
    if redis_client() is not None:
        return bool(
            _run(
                _REGISTER,
                _sockets_key(user_id),
                channel,
                thread_id,
                now,
                now + ttl,
                cap,
                _key_ttl(ttl),
            )
        )
    with _lock:
        sockets = {
            name: value
            for name, value in (cache.get(_sockets_key(user_id)) or {}).items()
            if value[1] > now
        }
        if channel not in sockets and len(sockets) >= cap:
            return False
        sockets[channel] = (thread_id, now + ttl)
        cache.set(_sockets_key(user_id), sockets, timeout=_key_ttl(ttl))
        return True


def unregister_socket(user_id: int | str, channel: str, *, ttl: float) -> set[int]:
    """Forget a socket; return the threads the user still has sockets on."""
    now = time.time()
    if redis_client() is not None:
        return {int(thread) for thread in _run(_UNREGISTER, _sockets_key(user_id), channel, now)}
    with _lock:
        sockets = cache.get(_sockets_key(user_id)) or {}
        sockets.pop(channel, None)
        sockets = {name: value for name, value in sockets.items() if value[1] > now}
        cache.set(_sockets_key(user_id), sockets, timeout=_key_ttl(ttl))
        return {value[0] for value in sockets.values()}


# --- People on a thread -------------------------------------------------------------


def _sorted(people: list[dict]) -> list[dict]:
    return sorted(people, key=lambda p: (p["name"].lower(), p["id"]))


def join(thread_id: int, who: dict, *, ttl: float) -> tuple[list[dict], bool]:
    """Add (or refresh) a person (a dict with ``id`` and ``name``); return
    (the people here, whether the set of people changed)."""
    now = time.time()
    if redis_client() is not None:
        changed, *values = _run(
            _PEOPLE,
            _people_key(thread_id),
            who["id"],
            now,
            now + ttl,
            json.dumps(who),
            _key_ttl(ttl),
        )
        return _sorted([json.loads(value.split(b" ", 1)[1]) for value in values]), bool(changed)
    with _lock:
        here = {
            uid: value
            for uid, value in (cache.get(_people_key(thread_id)) or {}).items()
            if value[0] > now
        }
        changed = who["id"] not in here
        here[who["id"]] = (now + ttl, who)
        cache.set(_people_key(thread_id), here, timeout=_key_ttl(ttl))
        return _sorted([value[1] for value in here.values()]), changed


def leave(thread_id: int, user_id: int, *, ttl: float) -> list[dict]:
    """Remove a person; return the people still here."""
    now = time.time()
    if redis_client() is not None:
        _changed, *values = _run(_PEOPLE, _people_key(thread_id), user_id, now, 0, "", 0)
        return _sorted([json.loads(value.split(b" ", 1)[1]) for value in values])
    with _lock:
        here = {
            uid: value
            for uid, value in (cache.get(_people_key(thread_id)) or {}).items()
            if value[0] > now and uid != user_id
        }
        cache.set(_people_key(thread_id), here, timeout=_key_ttl(ttl))
        return _sorted([value[1] for value in here.values()])
