"""Rate limits per client address for public forms and lookups.

Counts live in the cache (Redis in production, so every app node shares them),
in fixed windows: `limit` requests per `seconds` per address and scope. A request
over the limit gets the 429 page, never a 500.
"""

import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from centers.http import client_ip


def hit(scope: str, key: str, *, limit: int, seconds: int) -> bool:
    """Count one request; True while the caller is still within the limit."""
    window = int(time.time() // seconds)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    if cache.add(cache_key, 1, timeout=seconds + 1):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=seconds + 1)
        return True
    return count <= limit


def too_many_requests(request, seconds: int):
    response = render(
        request, "429.html", {"retry_after_minutes": max(1, seconds // 60)}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response


def rate_limit(scope: str, *, limit: int, seconds: int, methods=("POST",)):
    """Limit a view to `limit` requests per `seconds` per client address, counting
    only the given methods (by default: submissions, not page views)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not hit(
                scope, client_ip(request), limit=limit, seconds=seconds
            ):
                return too_many_requests(request, seconds)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@dataclass(frozen=True)
class SecretLinkGuard:
    """Guards the pages found by a secret in their link (tracking codes, sign-up
    tokens): each unknown secret an address asks for counts as a miss, and past
    the limit (the setting `limit_setting`, per `seconds`) every lookup from that
    address is refused for a while, so a right guess cannot be told from a wrong one."""

    scope: str
    limit_setting: str
    seconds: int = 3600

    def _key(self, request) -> str:
        return f"{self.scope}-misses:{client_ip(request)}"

    def blocked(self, request) -> bool:
        return cache.get(self._key(request), 0) >= getattr(settings, self.limit_setting)

    def missed(self, request) -> None:
        key = self._key(request)
        if not cache.add(key, 1, timeout=self.seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired in between
                cache.add(key, 1, timeout=self.seconds)

    def refusal(self, request):
        return too_many_requests(request, self.seconds)


def private(response):
    """A page for the holder of its link only: never cached, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
