"""Repairs in the admin: orders (with the response board and the status buttons),
repair services, technicians and households with their plans."""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from centers.admin_mixins import CenterScopedAdmin, DefaultChoiceFilter, ScopedTabularInline
from services.admin.privacy import MaskedPhoneAdmin
from services.clock import configured_clock
from services.forms.repairs import RepairMoveForm, RepairOrderChangeForm, StaffRepairOrderForm
from services.models import (
    WAITING,
    Household,
    HouseholdPlan,
    RepairEvent,
    RepairOrder,
    RepairPart,
    RepairService,
    RepairStatus,
    Technician,
)
from services.photos import photo_response
from services.services.repairs import (
    household_plan_renew,
    refusal,
    repair_order_move,
    repair_order_submit,
)
from services.tallies import orders_changing


def minutes(delta: timedelta) -> int:
    return round(delta.total_seconds() / 60)


@admin.register(RepairService)
class RepairServiceAdmin(CenterScopedAdmin):
    list_display = ["name", "center", "hotline", "is_active"]
    list_select_related = ["center"]
    list_filter = ["is_active", "center"]
    search_fields = ["name"]
    autocomplete_fields = ["center"]
    filter_horizontal = ["communities"]


@admin.register(Technician)
class TechnicianAdmin(CenterScopedAdmin):
    list_display = ["name", "service", "phone", "is_active"]
    list_select_related = ["service"]
    list_filter = ["is_active", "service"]
    search_fields = ["name", "phone"]


class HouseholdPlanInline(ScopedTabularInline):
    model = HouseholdPlan
    fields = ["starts_on", "ends_on", "fee", "paid_on"]


class PlanValidFilter(admin.SimpleListFilter):
    title = _("household plan")
    parameter_name = "plan"

    def lookups(self, request, model_admin):
        return [("valid", _("valid")), ("none", _("no valid plan"))]

    def queryset(self, request, queryset):
        if self.value() in ("valid", "none"):
            return queryset.filter(plan_valid=self.value() == "valid")
        return queryset


@admin.register(Household)
class HouseholdAdmin(MaskedPhoneAdmin, CenterScopedAdmin):
    list_display = ["address", "community", "name", "masked_phone", "paid_until", "plan_valid"]
    fields = ["service", "community", "address", "name", "phone"]
    list_select_related = ["community"]
    list_filter = ["community", "service"]
    search_fields = ["address", "name", "phone"]
    inlines = [HouseholdPlanInline]
    actions = ["renew_plan"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_paid_until()

    @admin.display(description=_("paid until"), ordering="paid_until")
    def paid_until(self, obj):
        return obj.paid_until

    @admin.display(description=_("plan valid today"), boolean=True)
    def plan_valid(self, obj):
        return obj.paid_until is not None and obj.paid_until >= timezone.localdate()

    @admin.action(description=_("Renew the plan for a year"), permissions=["change"])
    def renew_plan(self, request, queryset):
        for household in queryset:
            household_plan_renew(household=household, by=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "The plan of %(count)d household was renewed for a year.",
                "The plans of %(count)d households were renewed for a year.",
                count,
            )
            % {"count": count},
        )


class RepairPartInline(ScopedTabularInline):
    model = RepairPart
    fields = ["name", "quantity", "unit_price"]


class RepairEventInline(ScopedTabularInline):
    """The order's steps, stamped by the system: read only."""

    model = RepairEvent
    fields = ["at", "status", "technician", "by", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ResponseFilter(DefaultChoiceFilter):
    """The response board: by default the orders still waiting for a technician;
    the other choices look back."""

    title = _("response target")
    parameter_name = "response"
    default = "open"
    WAITING_VIEWS = ("open", "overdue")

    def lookups(self, request, model_admin):
        return [
            ("open", _("waiting for a technician")),
            ("overdue", _("waiting, target missed")),
            ("met", _("on site within the target")),
            ("late", _("on site late")),
            ("all", _("all orders")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case "open":
                return queryset.filter(status__in=WAITING)
            case "overdue":
                return queryset.filter(status__in=WAITING, respond_by__lt=now)
            case "met":
                return queryset.filter(on_site_at__lte=F("respond_by"))
            case "late":
                return queryset.filter(on_site_at__gt=F("respond_by"))
        return queryset


@admin.register(RepairOrder)
class RepairOrderAdmin(MaskedPhoneAdmin, CenterScopedAdmin):
    """The list opens on the orders waiting for a technician, the one closest to
    missing the response target on top; missed ones say so. Status moves by the
    buttons on an order's page, never by typing."""

    list_display = [
        "number",
        "submitted_at",
        "status",
        "response",
        "community",
        "category",
        "masked_phone",
        "technician",
        "plan",
        "fee",
        "rating",
        "channel",
    ]
    list_display_links = ["number", "submitted_at"]
    list_select_related = ["community", "technician"]
    list_filter = [
        ResponseFilter,
        "status",
        PlanValidFilter,
        "channel",
        "category",
        "service",
        "service__center",
    ]
    search_fields = ["name", "phone", "address", "=tracking_code"]
    autocomplete_fields = ["household"]
    inlines = [RepairPartInline, RepairEventInline]
    change_form_template = "admin/services/repairorder/change_form.html"
    RECORD_FIELDS = [
        "tracking_link",
        "service",
        "channel",
        "status",
        "technician",
        "plan",
        "photo_link",
        "submitted_at",
        "respond_by",
        "on_site_at",
        "response",
        "closed_at",
        "fee",
        "rating",
        "rating_comment",
        "rated_at",
    ]

    def delete_model(self, request, obj):
        with orders_changing([obj.pk]):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with orders_changing(queryset.values_list("pk", flat=True)):
            super().delete_queryset(request, queryset)

    def get_queryset(self, request):
        return super().get_queryset(request).with_fee().with_plan_status()

    def get_ordering(self, request):
        # Both orders follow an index: (status, respond_by) and submitted_at.
        if request.GET.get(ResponseFilter.parameter_name, "open") in ResponseFilter.WAITING_VIEWS:
            return ["respond_by"]
        return ["-submitted_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = RepairOrderChangeForm if obj else StaffRepairOrderForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (None, {"fields": ["service", "channel"]}),
                (_("Resident"), {"fields": ["name", "phone", "community", "address"]}),
                (_("Repair"), {"fields": ["category", "description", "preferred_time"]}),
                (None, {"fields": ["consent"]}),
            ]
        fieldsets = [
            (None, {"fields": ["tracking_link", "service", "channel", "status", "technician"]}),
            (_("Resident"), {"fields": ["name", "phone", "community", "address", "household"]}),
            (_("Repair"), {"fields": ["category", "description", "preferred_time", "photo_link"]}),
            (
                _("Response"),
                {"fields": ["submitted_at", "respond_by", "on_site_at", "response", "closed_at"]},
            ),
            (_("Fee and plan"), {"fields": ["fee", "plan"]}),
            (_("Rating"), {"fields": ["rating", "rating_comment", "rated_at"]}),
        ]
        return self.with_phone_masked(request, obj, fieldsets)

    def get_readonly_fields(self, request, obj=None):
        return (
            [] if obj is None else [*super().get_readonly_fields(request, obj), *self.RECORD_FIELDS]
        )

    def has_change_permission(self, request, obj=None):
        # Nothing about a cancelled order changes any more.
        if obj is not None and obj.status == RepairStatus.CANCELLED:
            return False
        return super().has_change_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "moves": [RepairStatus(status) for status in obj.allowed_moves()]
            if super().has_change_permission(request, obj)
            else [],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        repair_order_submit(order=obj, consented=form.cleaned_data["consent"], by=request.user)

    # --- columns and read-only fields ---

    @admin.display(description=_("order number"), ordering="pk")
    def number(self, obj):
        return obj.number

    @admin.display(description=_("response"), ordering="respond_by")
    def response(self, obj):
        clock = configured_clock()
        if obj.is_waiting:
            now = timezone.now()
            if now <= obj.respond_by:
                left = minutes(clock.running_time(now, obj.respond_by))
                return _("%(minutes)d min left") % {"minutes": left}
            over = minutes(clock.running_time(obj.respond_by, now))
            return format_html(
                '<strong style="color:#b00020">⚠ {}</strong>',
                _("MISSED by %(minutes)d min") % {"minutes": over},
            )
        if obj.on_site_at is None:
            return "—"
        if obj.on_site_at <= obj.respond_by:
            return _("✓ %(minutes)d min") % {"minutes": obj.response_minutes}
        return format_html(
            '<strong style="color:#b00020">⚠ {}</strong>',
            _("LATE: %(minutes)d min") % {"minutes": obj.response_minutes},
        )

    @admin.display(description=_("plan"), boolean=True, ordering="plan_valid")
    def plan(self, obj):
        return obj.plan_valid

    @admin.display(description=_("fee (yuan)"), ordering="fee")
    def fee(self, obj):
        return formats.number_format(obj.fee, 2)

    @admin.display(description=_("tracking page"))
    def tracking_link(self, obj):
        url = reverse("services:repair_detail", args=[obj.tracking_code])
        return format_html('<a href="{}">{}</a>', url, obj.tracking_code)

    @admin.display(description=_("photo"))
    def photo_link(self, obj):
        if not obj.photo:
            return "—"
        url = reverse("admin:services_repairorder_photo", args=[obj.pk])
        return format_html(
            '<a href="{}"><img src="{}" alt="" style="max-width:240px"></a>', url, url
        )

    # --- the status buttons ---

    def get_urls(self):
        return [
            path(
                "<path:object_id>/move/<str:to>/",
                self.admin_site.admin_view(self.move_view),
                name="services_repairorder_move",
            ),
            path(
                "<path:object_id>/photo/",
                self.admin_site.admin_view(self.photo_view),
                name="services_repairorder_photo",
            ),
            *super().get_urls(),
        ]

    def move_view(self, request, object_id, to):
        """Move an order one step; the technician is chosen when dispatching."""
        order = self.get_object(request, object_id)
        if not super().has_change_permission(request, order):
            raise PermissionDenied
        if to not in RepairStatus.values:
            raise Http404
        if to not in order.allowed_moves():
            self.message_user(request, refusal(order.status, to), messages.ERROR)
            return redirect("admin:services_repairorder_change", order.pk)
        form = RepairMoveForm(
            request.POST if request.method == "POST" else None, order=order, to=to
        )
        if request.method == "POST" and form.is_valid():
            try:
                repair_order_move(
                    order=order,
                    to=to,
                    by=request.user,
                    technician=form.cleaned_data.get("technician"),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:  # e.g. another user moved it meanwhile
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(order)s is now “%(status)s”.")
                    % {"order": order, "status": RepairStatus(to).label},
                )
            return redirect("admin:services_repairorder_change", order.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(order)s: %(status)s")
            % {"order": order, "status": RepairStatus(to).label},
            "opts": self.model._meta,
            "original": order,
            "form": form,
        }
        return TemplateResponse(request, "admin/services/repairorder/move.html", context)

    def photo_view(self, request, object_id):
        order = self.get_object(request, object_id)
        if not self.has_view_permission(request, order) or not order.photo:
            raise Http404
        return photo_response(order)
