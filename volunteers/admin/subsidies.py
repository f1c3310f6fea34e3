from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from centers.admin_mixins import CenterScopedAdmin
from centers.exports import Table, export_response
from volunteers.admin.base import BigTableAdminMixin, form_action
from volunteers.forms import MarkPaidForm
from volunteers.models import PaidWorkItem, PaidWorkUnits
from volunteers.selectors import owed_per_volunteer
from volunteers.services.subsidies import units_mark_paid


@admin.register(PaidWorkItem)
class PaidWorkItemAdmin(CenterScopedAdmin):
    list_display = ["name", "unit", "unit_price", "organization", "center", "starts_on", "ends_on"]
    list_select_related = ["organization", "center"]
    list_filter = ["center"]
    search_fields = ["name"]
    autocomplete_fields = ["center", "organization"]
    change_form_template = "admin/volunteers/paidworkitem/change_form.html"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/owed/",
                self.admin_site.admin_view(self.owed_view),
                name="volunteers_paidworkitem_owed",
            ),
            *super().get_urls(),
        ]

    def owed_view(self, request, object_id):
        """Per volunteer: units done, earned, paid and still owed for this item."""
        item = self.get_object(request, object_id)
        if not self.has_view_permission(request, item):
            raise PermissionDenied
        rows = list(owed_per_volunteer(PaidWorkUnits.objects.filter(item=item)))
        if request.GET.get("format") == "xlsx":
            table = Table(
                title=item.name,
                header_lines=[str(item), _("What is owed per volunteer (yuan)")],
                columns=[
                    _("volunteer number"),
                    _("real name"),
                    _("units"),
                    _("earned"),
                    _("paid"),
                    _("owed"),
                ],
                rows=(
                    [
                        row["volunteer__volunteer_no"],
                        row["volunteer__name"],
                        row["units_total"],
                        row["earned"],
                        row["paid"],
                        row["owed"],
                    ]
                    for row in rows
                ),
            )
            return export_response(table, filename=f"{item.name}_owed", file_format="xlsx")
        context = {
            **self.admin_site.each_context(request),
            "title": _("What is owed for %(item)s") % {"item": item},
            "opts": self.model._meta,
            "original": item,
            "rows": rows,
            "totals": {
                key: sum((row[key] for row in rows), Decimal(0))
                for key in ("units_total", "earned", "paid", "owed")
            },
        }
        return TemplateResponse(request, "admin/volunteers/paidworkitem/owed.html", context)


class PaidFilter(admin.SimpleListFilter):
    title = gettext_lazy("paid")
    parameter_name = "paid"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No, owed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(~Q(paid_on=None))
        if self.value() == "no":
            return queryset.filter(paid_on=None)
        return queryset


@admin.register(PaidWorkUnits)
class PaidWorkUnitsAdmin(BigTableAdminMixin, CenterScopedAdmin):
    list_display = ["worked_on", "volunteer", "item", "units", "amount", "paid_on"]
    list_select_related = ["volunteer", "item"]
    list_filter = [PaidFilter, "item"]
    search_fields = ["volunteer__volunteer_no", "volunteer__name"]
    autocomplete_fields = ["item", "volunteer"]
    fields = ["item", "volunteer", "worked_on", "units", "paid_on"]
    actions = ["mark_paid"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=gettext_lazy("amount (yuan)"))
    def amount(self, obj):
        return f"{obj.amount:.2f}"

    @admin.action(
        description=gettext_lazy("Mark the selected units as paid…"), permissions=["change"]
    )
    def mark_paid(self, request, queryset):
        def run(data):
            done = units_mark_paid(units=queryset, paid_on=data["paid_on"], user=request.user)
            self.message_user(
                request,
                ngettext(
                    "%(count)d entry marked as paid.", "%(count)d entries marked as paid.", done
                )
                % {"count": done},
            )

        return form_action(
            self, request, queryset, form_class=MarkPaidForm, title=_("Mark units as paid"), run=run
        )
