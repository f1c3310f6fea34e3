"""Room bookings in the admin: requests to approve or decline, and bookings staff
enter themselves (a weekly series in one go)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from centers.admin_mixins import CenterScopedAdmin
from centers.queries import SubqueryCount
from services.admin.privacy import MaskedPhoneAdmin
from services.forms.bookings import StaffBookingForm
from services.models import BookingStatus, VenueBooking
from services.services.bookings import booking_approve, booking_decline, booking_request


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("from today on")), ("past", _("past"))]

    def queryset(self, request, queryset):
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        if self.value() == "upcoming":
            return queryset.filter(ends_at__gte=today)
        if self.value() == "past":
            return queryset.filter(ends_at__lt=today)
        return queryset


@admin.register(VenueBooking)
class VenueBookingAdmin(MaskedPhoneAdmin, CenterScopedAdmin):
    list_display = [
        "starts_at",
        "ends_at",
        "venue",
        "status",
        "who",
        "purpose",
        "people",
        "weeks",
        "masked_phone",
    ]
    list_select_related = ["venue", "venue__center"]
    list_filter = ["status", WhenFilter, "venue"]
    search_fields = ["name", "phone", "organization_name", "organization__name", "purpose"]
    autocomplete_fields = ["venue", "organization"]
    form = StaffBookingForm
    actions = ["approve", "decline"]
    readonly_fields = ["status", "series", "requested_at", "decided_at", "decided_by"]

    def get_queryset(self, request):
        same_series = VenueBooking.objects.filter(series=OuterRef("series")).values("pk")
        return super().get_queryset(request).annotate(series_size=SubqueryCount(same_series))

    WHO = ["name", "phone", "organization_name", "organization", "purpose", "people", "note"]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            when = ["venue", "starts_at", "ends_at", "weeks", "approve"]
        else:
            when = ["venue", "starts_at", "ends_at", "status", "series"]
        fieldsets = [
            (None, {"fields": when}),
            (_("Who and what for"), {"fields": self.WHO}),
            *([(_("Decision"), {"fields": self.readonly_fields[2:]})] if obj else []),
        ]
        return self.with_phone_masked(request, obj, fieldsets)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fields = super().get_readonly_fields(request, obj)
        if obj.status != BookingStatus.REQUESTED:
            # An approved booking is moved by declining it and booking again.
            return [*fields, "venue", "starts_at", "ends_at"]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status in (BookingStatus.DECLINED, BookingStatus.CANCELLED):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        booking_request(
            booking=obj,
            weeks=form.cleaned_data["weeks"],
            approved=form.cleaned_data["approve"],
            by=request.user,
        )

    @admin.display(description=_("booked by"))
    def who(self, obj):
        return obj.who

    @admin.display(description=_("weekly series"), ordering="series_size")
    def weeks(self, obj):
        if not obj.series:
            return "—"
        return ngettext("%(weeks)d week", "%(weeks)d weeks", obj.series_size) % {
            "weeks": obj.series_size
        }

    @admin.action(
        description=_("Approve the selected requests (with the rest of their weekly series)"),
        permissions=["change"],
    )
    def approve(self, request, queryset):
        self._decide(
            request,
            lambda: booking_approve(bookings=list(queryset), by=request.user),
            lambda count: ngettext(
                "%(count)d booking approved.", "%(count)d bookings approved.", count
            ),
        )

    @admin.action(
        description=_("Decline the selected requests or cancel the selected bookings"),
        permissions=["change"],
    )
    def decline(self, request, queryset):
        self._decide(
            request,
            lambda: booking_decline(bookings=list(queryset), by=request.user),
            lambda count: ngettext(
                "%(count)d booking declined or cancelled; the room is free again.",
                "%(count)d bookings declined or cancelled; the room is free again.",
                count,
            ),
        )

    def _decide(self, request, write, done_message):
        """Run an approval or a refusal; say what it did, or why it was refused."""
        try:
            decided = write()
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, done_message(len(decided)) % {"count": len(decided)})
