import segno
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from centers.admin_mixins import CenterScopedAdmin
from volunteers.forms import CertificateIssueForm, ReasonForm, add_errors
from volunteers.models import HoursCertificate
from volunteers.services.certificates import certificate_issue, certificate_revoke

READONLY = [
    "number",
    "volunteer",
    "volunteer_name",
    "id_number_masked",
    "center",
    "issuer",
    "period_start",
    "period_end",
    "hours",
    "content",
    "issued_on",
    "issued_by",
    "revoked_at",
    "revoked_by",
    "revocation_reason",
]


class RevokedFilter(admin.SimpleListFilter):
    title = _("revoked")
    parameter_name = "revoked"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(revoked_at__isnull=self.value() == "no")
        return queryset


@admin.register(HoursCertificate)
class HoursCertificateAdmin(CenterScopedAdmin):
    """Issued once, never edited: its page is read-only, with Print and Revoke."""

    add_form = CertificateIssueForm
    list_display = [
        "number",
        "volunteer_name",
        "hours",
        "period_start",
        "period_end",
        "issuer",
        "issued_on",
        "is_revoked",
    ]
    list_filter = [RevokedFilter, "center"]
    search_fields = ["number", "volunteer_name", "volunteer__volunteer_no"]
    autocomplete_fields = ["volunteer", "center"]
    change_form_template = "admin/volunteers/hourscertificate/change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["volunteer", "center", "period_start", "period_end", "content"]
        return READONLY

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else READONLY

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            certificate_issue(certificate=obj, user=request.user)

    @admin.display(description=_("revoked"), boolean=True)
    def is_revoked(self, obj):
        return obj.is_revoked

    def get_urls(self):
        return [
            path(
                "<path:object_id>/print/",
                self.admin_site.admin_view(self.print_view),
                name="volunteers_hourscertificate_print",
            ),
            path(
                "<path:object_id>/revoke/",
                self.admin_site.admin_view(self.revoke_view),
                name="volunteers_hourscertificate_revoke",
            ),
            *super().get_urls(),
        ]

    def print_view(self, request, object_id):
        """The A4 page to print, in Chinese, with a QR code of the verification page."""
        certificate = self.get_object(request, object_id)
        if not self.has_view_permission(request, certificate):
            raise PermissionDenied
        with translation.override("zh-hans"):
            url = request.build_absolute_uri(
                reverse("volunteers:certificate", args=[certificate.number])
            )
            qr = segno.make(url, error="m").svg_inline(scale=3, title=url)
            return render(
                request,
                "volunteers/certificate_print.html",
                {"certificate": certificate, "verify_url": url, "qr": mark_safe(qr)},
            )

    def revoke_view(self, request, object_id):
        certificate = self.get_object(request, object_id)
        if not self.has_change_permission(request, certificate):
            raise PermissionDenied
        form = ReasonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                certificate_revoke(
                    certificate=certificate, reason=form.cleaned_data["reason"], user=request.user
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                self.message_user(request, _("The certificate is revoked."))
                return redirect("admin:volunteers_hourscertificate_change", certificate.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revoke certificate %(number)s") % {"number": certificate.number},
            "opts": self.model._meta,
            "original": certificate,
            "form": form,
        }
        return TemplateResponse(request, "admin/volunteers/hourscertificate/revoke.html", context)
