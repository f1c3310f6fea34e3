"""Residents' photos: checked by their content, never by name or stated type.

A photo must be an image Pillow can read, within REPAIR_PHOTO_MAX_BYTES and a
pixel limit; it is then re-encoded as a JPEG (which drops any hidden payload and
the EXIF data, including where it was taken), so what is kept is always a plain
image under a random name.
"""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP", "BMP", "MPO"}
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; larger is a decompression bomb
LONGEST_SIDE = 2000  # enough to see a broken hinge; keeps files small


def photo_clean(upload) -> ContentFile:
    """The upload re-encoded as a JPEG, or ValidationError saying what is wrong."""
    if upload.size > settings.REPAIR_PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is too large (%(size)s); the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.REPAIR_PHOTO_MAX_BYTES),
            },
            code="photo_size",
        )
    not_an_image = ValidationError(
        _("This file is not a photo. Please choose a JPEG or PNG image."), code="photo_type"
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise not_an_image
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("The photo has too many pixels; please send a smaller one."),
                    code="photo_pixels",
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            buffer = BytesIO()
            image.save(buffer, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def photo_response(order) -> FileResponse:
    """The stored photo of an order; the caller has checked who may see it."""
    response = FileResponse(order.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response
