"""Encryption at rest for personal data, and the keyed hash that finds it.

An ID number is stored three ways: encrypted with Fernet (the keys come from
the environment, FIELD_ENCRYPTION_KEY), as an HMAC-SHA256 digest (unique, and
an exact lookup without decrypting anything) and masked for display. Only
`unseal` gives the number back, and only the views that log the reveal call it.
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.FIELD_ENCRYPTION_KEYS])


@cache
def _hash_key() -> bytes:
    if settings.FIELD_HASH_KEY:
        return settings.FIELD_HASH_KEY.encode()
    first = settings.FIELD_ENCRYPTION_KEYS[0].encode()
    return hmac.new(first, b"sanshe lookup digest", hashlib.sha256).digest()


@receiver(setting_changed)
def _forget_keys(setting, **kwargs):
    if setting in ("FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY"):
        _fernet.cache_clear()
        _hash_key.cache_clear()


def seal(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def seal_bytes(value: bytes) -> bytes:
    return _fernet().encrypt(value)


def unseal_bytes(token: bytes) -> bytes:
    return _fernet().decrypt(token)


def unseal(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        # A key was removed from FIELD_ENCRYPTION_KEY before re-encryption: say so,
        # without the token.
        raise InvalidToken("cannot decrypt: is every key in FIELD_ENCRYPTION_KEY?") from None


def digest(kind: str, value: str) -> str:
    """The keyed hash of a value of one kind (e.g. an ID type and its number)."""
    return hmac.new(_hash_key(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
