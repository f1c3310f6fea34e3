from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from centers.admin_mixins import CenterScopedAdmin, ScopedTabularInline
from centers.models import (
    Center,
    Community,
    District,
    FollowUpVisit,
    IncubationStage,
    PartnerService,
    PartnerUnit,
    Residency,
    ServiceField,
    SocialOrganization,
    StaffAssignment,
    Street,
    Venue,
    VenueOpeningHours,
)
from centers.queries import SubqueryCount

admin.site.site_header = _("Sanshe · community social work")
admin.site.site_title = _("Sanshe admin")
admin.site.index_title = _("Records of the centers")


@admin.register(District)
class DistrictAdmin(CenterScopedAdmin):
    list_display = ["name", "city"]
    search_fields = ["name", "city"]


@admin.register(Street)
class StreetAdmin(CenterScopedAdmin):
    list_display = ["name", "district"]
    list_select_related = ["district"]
    list_filter = ["district"]
    search_fields = ["name"]
    autocomplete_fields = ["district"]


@admin.register(Community)
class CommunityAdmin(CenterScopedAdmin):
    list_display = ["name", "street"]
    list_select_related = ["street"]
    list_filter = ["street"]
    search_fields = ["name", "street__name"]
    autocomplete_fields = ["street"]


class VenueInline(ScopedTabularInline):
    model = Venue
    fields = ["name", "kind", "capacity"]


@admin.register(Center)
class CenterAdmin(CenterScopedAdmin):
    list_display = ["name", "kind", "street", "community", "opened_on", "phone"]
    list_select_related = ["street", "community"]
    list_filter = ["kind", "street"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["street", "community"]
    inlines = [VenueInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "street", "community", "opened_on"]}),
        (_("How to reach it"), {"fields": ["address", "phone", "opening_hours", "description"]}),
    ]


class VenueOpeningHoursInline(ScopedTabularInline):
    model = VenueOpeningHours
    fields = ["weekday", "opens", "closes"]


@admin.register(Venue)
class VenueAdmin(CenterScopedAdmin):
    list_display = ["name", "center", "kind", "capacity"]
    list_select_related = ["center"]
    list_filter = ["kind", "center"]
    search_fields = ["name", "center__name"]
    autocomplete_fields = ["center"]
    inlines = [VenueOpeningHoursInline]


@admin.register(IncubationStage, ServiceField)
class LocalizedNameAdmin(SimpleHistoryAdmin):
    """Editable lists: not tied to a center, so only their permissions apply."""

    list_display = ["name", "name_en", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en"]


class ResidencyInline(ScopedTabularInline):
    model = Residency
    fields = ["center", "moved_in", "moved_out"]


class FollowUpVisitInline(ScopedTabularInline):
    model = FollowUpVisit
    fields = ["center", "visited_on", "visitor", "findings"]


@admin.register(SocialOrganization)
class SocialOrganizationAdmin(CenterScopedAdmin):
    list_display = [
        "name",
        "legal_form",
        "registration_status",
        "registration_level",
        "stage",
        "is_hub",
        "center",
        "community",
    ]
    list_select_related = ["stage", "center", "community"]
    list_filter = [
        "registration_status",
        "legal_form",
        "registration_level",
        "is_hub",
        "stage",
        "center",
        "is_public",
    ]
    search_fields = ["name", "uscc", "contact_name"]
    autocomplete_fields = ["center", "community", "parent", "stage"]
    filter_horizontal = ["service_fields"]
    inlines = [ResidencyInline, FollowUpVisitInline]
    fieldsets = [
        (None, {"fields": ["name", "center", "community", "parent"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "legal_form",
                    "uscc",
                    "registration_status",
                    "registration_level",
                    "founded_on",
                ]
            },
        ),
        (_("Incubation"), {"fields": ["stage", "is_hub", "service_fields"]}),
        (
            _("For residents"),
            {"fields": ["description", "meets", "contact_name", "contact_phone", "is_public"]},
        ),
    ]


@admin.register(Residency)
class ResidencyAdmin(CenterScopedAdmin):
    list_display = ["organization", "center", "moved_in", "moved_out"]
    list_select_related = ["organization", "center"]
    list_filter = ["center"]
    search_fields = ["organization__name"]
    autocomplete_fields = ["organization", "center"]


@admin.register(FollowUpVisit)
class FollowUpVisitAdmin(CenterScopedAdmin):
    list_display = ["organization", "center", "visited_on", "visitor"]
    list_select_related = ["organization", "center"]
    list_filter = ["center"]
    search_fields = ["organization__name", "visitor"]
    autocomplete_fields = ["organization", "center"]


class PartnerServiceInline(ScopedTabularInline):
    model = PartnerService
    fields = ["name", "schedule"]


@admin.register(PartnerUnit)
class PartnerUnitAdmin(CenterScopedAdmin):
    list_display = ["name", "kind", "center", "service_count"]
    list_select_related = ["center"]
    list_filter = ["kind", "center"]
    search_fields = ["name"]
    autocomplete_fields = ["center"]
    inlines = [PartnerServiceInline]

    def get_queryset(self, request):
        services = PartnerService.objects.filter(partner=OuterRef("pk")).values("pk")
        return super().get_queryset(request).annotate(service_count=SubqueryCount(services))

    @admin.display(description=_("free services"), ordering="service_count")
    def service_count(self, obj):
        return obj.service_count


# Logins are kept by superusers; each shows where its holder works.
class StaffAssignmentInline(admin.TabularInline):
    model = StaffAssignment
    extra = 0
    autocomplete_fields = ["center", "street"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffAssignmentInline]
