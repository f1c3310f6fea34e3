"""Helpers about the HTTP request itself."""

from django.conf import settings


def client_ip(request) -> str:
    """The client's address. Behind our one HTTPS proxy (see deploy/), the proxy
    appends the address it saw to X-Forwarded-For; anything before it is the
    client's own claim and is not trusted."""
    if settings.BEHIND_HTTPS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
