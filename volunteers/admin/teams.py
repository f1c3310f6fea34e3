from django.contrib import admin
from django.db.models import OuterRef, Q
from django.utils.translation import gettext_lazy as _

from centers.admin_mixins import CenterScopedAdmin, ScopedTabularInline
from centers.queries import SubqueryCount
from volunteers.models import Team, TeamMembership


class MembershipInline(ScopedTabularInline):
    model = TeamMembership
    fields = ["volunteer", "role", "joined_on", "left_on"]
    autocomplete_fields = ["volunteer"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("volunteer")


class SubteamInline(ScopedTabularInline):
    model = Team
    fk_name = "parent"
    fields = ["name", "center", "organization", "serves"]
    autocomplete_fields = ["center", "organization"]
    verbose_name = _("sub-team")
    verbose_name_plural = _("sub-teams")
    show_change_link = True


@admin.register(Team)
class TeamAdmin(CenterScopedAdmin):
    list_display = ["name", "parent", "owner", "serves", "member_count"]
    list_select_related = ["parent", "center", "organization"]
    list_filter = ["center", "organization"]
    search_fields = ["name", "parent__name"]
    autocomplete_fields = ["parent", "center", "organization"]
    inlines = [SubteamInline, MembershipInline]
    fields = ["name", "parent", "center", "organization", "description", "serves", "founded_on"]

    def get_queryset(self, request):
        current = TeamMembership.objects.filter(team=OuterRef("pk"), left_on=None).values("pk")
        return super().get_queryset(request).annotate(member_count=SubqueryCount(current))

    @admin.display(description=_("belongs to"))
    def owner(self, obj):
        return obj.owner

    @admin.display(description=_("current members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


class CurrentFilter(admin.SimpleListFilter):
    title = _("current")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No, left"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(left_on=None)
        if self.value() == "no":
            return queryset.filter(~Q(left_on=None))
        return queryset


@admin.register(TeamMembership)
class TeamMembershipAdmin(CenterScopedAdmin):
    list_display = ["volunteer", "team", "role", "joined_on", "left_on"]
    list_select_related = ["volunteer", "team__parent"]
    list_filter = [CurrentFilter, "role", "team"]
    search_fields = ["volunteer__name", "volunteer__volunteer_no", "team__name"]
    autocomplete_fields = ["team", "volunteer"]
