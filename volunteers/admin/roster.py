"""The roster import pages of the volunteers' admin: upload, preview, import."""

import secrets

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from centers.models import Center
from centers.privacy import mask_id_number, mask_phone
from volunteers import crypto
from volunteers.forms import RosterUploadForm
from volunteers.identity import Gender
from volunteers.roster import (
    TEMPLATE_HELP,
    RosterChecker,
    RosterError,
    RosterRefused,
    roster_import,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PREVIEW_ROWS = 20
KEPT_SECONDS = 3600


def preview(row) -> dict:
    """A checked row as the preview shows it: personal data masked."""
    return {
        "row": row.row,
        "name": row.values["name"],
        "id_number": mask_id_number(row.identity.number),
        "gender": Gender(row.identity.gender).label,
        "birth_date": row.identity.birth_date,
        "phone": mask_phone(row.values["phone"]),
        "community": row.community,
        "skills": "、".join(skill.name for skill in row.skills),
        "registered_on": row.registered_on,
    }


class RosterImportMixin:
    """Adds /admin/volunteers/volunteer/import/ to the volunteers' admin.

    The uploaded file is checked and kept (encrypted, in the cache, for an hour)
    under a random token until staff confirm the preview; the import then checks
    it again and writes every row in one transaction, or nothing.
    """

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.roster_import_view),
                name="volunteers_volunteer_import",
            ),
            *super().get_urls(),
        ]

    def roster_import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._roster_confirm(request)
        form = RosterUploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD_BYTES:
                form.add_error("file", _("The file is larger than 20 MB; split it."))
            else:
                content = upload.read()
                center = form.cleaned_data["center"]
                try:
                    result = RosterChecker(center=center).check(content, upload.name)
                except RosterError as error:
                    form.add_error("file", str(error))
                else:
                    token = self._keep(request, content, upload.name, center) if result.ok else ""
                    return self._roster_page(request, form, result, center, upload.name, token)
        return self._roster_page(request, form)

    def _keep(self, request, content: bytes, filename: str, center: Center) -> str:
        token = secrets.token_urlsafe(16)
        cache.set(
            self._cache_key(request, token),
            {"content": crypto.seal_bytes(content), "filename": filename, "center": center.pk},
            KEPT_SECONDS,
        )
        return token

    def _cache_key(self, request, token: str) -> str:
        return f"volunteer-roster:{request.user.pk}:{token}"

    def _roster_confirm(self, request):
        key = self._cache_key(request, request.POST["token"])
        kept = cache.get(key)
        center = Center.objects.visible_to(request.user).filter(pk=(kept or {}).get("center"))
        if kept is None or not center.exists():
            self.message_user(
                request, _("The checked file has expired; upload it again."), messages.ERROR
            )
            return redirect("admin:volunteers_volunteer_import")
        center = center.get()
        try:
            created = roster_import(
                content=crypto.unseal_bytes(kept["content"]),
                filename=kept["filename"],
                center=center,
                user=request.user,
            )
        except RosterRefused as refused:
            cache.delete(key)
            form = RosterUploadForm(user=request.user, initial={"center": center})
            return self._roster_page(request, form, refused.result, center, kept["filename"], "")
        cache.delete(key)
        self.message_user(
            request,
            ngettext(
                "%(count)d volunteer imported into %(center)s.",
                "%(count)d volunteers imported into %(center)s.",
                len(created),
            )
            % {"count": len(created), "center": center},
        )
        return redirect("admin:volunteers_volunteer_changelist")

    def _roster_page(self, request, form, result=None, center=None, filename="", token=""):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a volunteer roster"),
            "opts": self.model._meta,
            "form": form,
            "help": TEMPLATE_HELP,
            "result": result,
            "preview": [preview(row) for row in result.rows[:PREVIEW_ROWS]] if result else [],
            "center": center,
            "filename": filename,
            "token": token,
        }
        return TemplateResponse(request, "admin/volunteers/volunteer/import.html", context)
