"""Cases in the admin, confidential: the list, the change page, its history, the
notes and the autocomplete show a case only to its worker, the directors of its
center and superusers (`CaseQuerySet.visible_to`, through the scoped admin's
querysets); anyone else gets 404. Stages move by the buttons on the case's page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from centers.admin_mixins import CenterScopedAdmin, ScopedTabularInline
from members.models import Member
from services.forms.care import CaseMoveForm
from services.models import Case, CaseNote, CaseStage
from services.services import cases as case_services
from volunteers.forms import add_errors


def sees_every_case(user) -> bool:
    return user.is_superuser or user.has_perm("services.view_all_cases")


class CaseNoteInline(ScopedTabularInline):
    """Notes are written in the case's current stage; a closed case's are final."""

    model = CaseNote
    fields = ["written_on", "stage", "is_session", "text", "author"]
    readonly_fields = ["stage", "author"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}

    def _open(self, obj):
        return obj is None or not obj.is_closed

    def has_add_permission(self, request, obj=None):
        return self._open(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._open(obj) and super().has_delete_permission(request, obj)


class OpenFilter(admin.SimpleListFilter):
    title = _("open or closed")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", pgettext_lazy("case", "open")), ("no", pgettext_lazy("case", "closed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.open()
        if self.value() == "no":
            return queryset.filter(stage=CaseStage.CLOSED)
        return queryset


@admin.register(Case)
class CaseAdmin(CenterScopedAdmin):
    list_display = ["opened_on", "resident", "kind", "stage", "worker", "closed_on", "center"]
    list_display_links = ["opened_on", "resident"]
    list_select_related = ["resident", "worker", "center"]
    list_filter = [OpenFilter, "stage", "kind"]
    search_fields = ["resident__name"]
    search_help_text = _("Search by the resident's name.")
    autocomplete_fields = ["resident"]
    inlines = [CaseNoteInline]
    change_form_template = "admin/services/case/change_form.html"
    fieldsets = [
        (None, {"fields": ["resident", "worker", "kind", "opened_on", "summary"]}),
        (_("Mediation"), {"fields": ["parties", "agreement"]}),
        (_("Stage"), {"fields": ["stage", "closed_on", "steps"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets[:2] if obj is None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fields = ["resident", "stage", "closed_on", "steps"]
        if not sees_every_case(request.user):
            fields.append("worker")  # handing a case on is the director's
        return fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # notes follow the opening

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "worker":
            if sees_every_case(request.user):
                kwargs["queryset"] = Member.objects.visible_to(request.user)
            else:
                kwargs["queryset"] = Member.objects.filter(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        member = Member.objects.filter(user=request.user).only("pk").first()
        if member is not None:
            initial.setdefault("worker", member.pk)
        return initial

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_closed:
            return False  # closed is final
        return super().has_change_permission(request, obj)

    @admin.display(description=_("stage changes"))
    def steps(self, obj):
        return (
            format_html_join(
                "\n",
                "<div>{} · {}{}{}</div>",
                (
                    (
                        f"{localtime(step.at):%Y-%m-%d %H:%M}",
                        step.get_stage_display(),
                        f" · {step.by}" if step.by else "",
                        f" · {step.note}" if step.note else "",
                    )
                    for step in obj.steps.select_related("by")
                ),
            )
            or "—"
        )

    # --- writes go through the services ---

    def save_model(self, request, obj, form, change):
        if change:
            case_services.case_save(case=obj, by=request.user)
        else:
            case_services.case_open(case=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not CaseNote:
            return super().save_formset(request, form, formset, change)
        notes = formset.save(commit=False)
        if formset.deleted_objects:
            case_services.case_notes_delete(notes=formset.deleted_objects, by=request.user)
        for note in notes:
            case_services.case_note_save(note=note, by=request.user)
        return None

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusals = [r for case in objs if (r := case_services.deletion_refusal(case))]
        return deleted, counts, perms_needed, [*protected, *refusals]

    def delete_model(self, request, obj):
        case_services.case_delete(case=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for case in queryset:
            case_services.case_delete(case=case, by=request.user)

    # --- the stage buttons ---

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, object_id)
        may_move = not case.is_closed and super().has_change_permission(request, case)
        extra_context = {
            **(extra_context or {}),
            "next_stage": CaseStage(case.next_stage) if may_move else None,
            "may_close_early": may_move and case.next_stage != CaseStage.CLOSED,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/move/<str:to>/",
                self.admin_site.admin_view(self.move_view),
                name="services_case_move",
            ),
            *super().get_urls(),
        ]

    def move_view(self, request, object_id, to):
        """Move a case to its next stage, or close it."""
        if not super().has_change_permission(request):
            raise PermissionDenied
        case = self.get_object(request, object_id)
        if to not in CaseStage.values:
            raise Http404
        refusal = case_services.move_refusal(case, to)
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
            return redirect("admin:services_case_change", case.pk)
        form = CaseMoveForm(request.POST if request.method == "POST" else None, case=case, to=to)
        if request.method == "POST" and form.is_valid():
            try:
                case_services.case_move(
                    case=case,
                    to=to,
                    note=form.cleaned_data["note"],
                    agreement=form.cleaned_data.get("agreement"),
                    by=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                self.message_user(
                    request,
                    _("The case is now at the stage “%(stage)s”.") % {"stage": CaseStage(to).label},
                )
                return redirect("admin:services_case_change", case.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Close the case")
            if to == CaseStage.CLOSED
            else _("Move on to “%(stage)s”") % {"stage": CaseStage(to).label},
            "opts": self.model._meta,
            "original": case,
            "form": form,
        }
        return TemplateResponse(request, "admin/services/case/move.html", context)
