"""Pieces the volunteers' admin pages share: a paginator that never counts a
whole city's table, the user handed to forms, and actions that ask for more."""

from functools import cached_property

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.template.response import TemplateResponse


class CappedCountPaginator(Paginator):
    """Counts at most `cap` matching rows (COUNT(*) over a LIMITed subquery), so a
    list of 3.78 million hours costs a bounded count. Past the cap the list says
    "more than 10,000" and offers the first 10,000 across its pages; filters and
    search narrow it down."""

    cap = 10_000

    @cached_property
    def _counted(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap


class BigTableAdminMixin:
    """For tables of a whole city: a capped count, and no facet counts (one
    COUNT per filter choice over the table)."""

    paginator = CappedCountPaginator
    show_facets = admin.ShowFacets.NEVER


class UserFormMixin:
    """Hands the request's user to the admin form (as `form.user`), for checks
    that depend on who is asking (permissions, visible records)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})


def form_action(modeladmin, request, queryset, *, form_class, title: str, run):
    """An admin action that first asks for more (a reason, a date …).

    The first call shows the form; the form posts back to the changelist with the
    same action and selection, and `run(cleaned_data)` does the work (and reports it).
    """
    bound = any(name in request.POST for name in form_class.base_fields)
    form = form_class(request.POST if bound else None)
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            modeladmin.message_user(request, "; ".join(error.messages), level=messages.ERROR)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "form": form,
        "media": modeladmin.media + form.media,
        "queryset": queryset[:20],
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "action": request.POST.get("action"),
        "index": request.POST.get("index", "0"),
    }
    return TemplateResponse(request, "admin/volunteers/action_form.html", context)
