"""Rate limits per client address for public forms and lookups.

Counts live in the cache (Redis in production, so every app node shares them),
in fixed windows: `limit` requests per `seconds` per address and scope. A request
over the limit gets the 429 page, never a 500.
"""

import time
from functools import wraps

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
