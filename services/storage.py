"""Where private uploads live: outside MEDIA_ROOT and STATIC_ROOT, so no web server
serves them; they are read only through views that check who may see them."""

from functools import cache

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(location=None, base_url=None)

    @cached_property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    def url(self, name):
        raise NotImplementedError("Private files have no public URL; serve them through a view.")

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


@cache
def private_storage() -> PrivateStorage:
    return PrivateStorage()
