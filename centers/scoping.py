"""Who may see which center: the one place that decides it.

A staff user is assigned to centers (staff, directors) or to streets (street
leaders, who see every center of the street). Every admin queryset, form choice
and report narrows itself with `visible_to(user)`, which builds on
`visible_centers(user)` as a subquery, so scoping costs no extra query.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q


def visible_centers(user) -> models.QuerySet:
    """The centers whose records this user may see."""
    Center = apps.get_model("centers", "Center")
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return Center.objects.none()
    if user.is_superuser:
        return Center.objects.all()
    assignments = apps.get_model("centers", "StaffAssignment").objects.filter(user=user)
    return Center.objects.filter(
        Q(pk__in=assignments.exclude(center=None).values("center"))
        | Q(street__in=assignments.exclude(street=None).values("street"))
    )


class ScopedQuerySet(models.QuerySet):
    """Rows reachable from a visible center.

    A model names the lookups from itself to `Center` in `center_lookups`
    (single-valued paths such as "center" or "member__center"); a row is visible
    when any of them leads to a visible center.
    """

    def visible_to(self, user):
        if user.is_superuser and user.is_active:
            return self
        centers = visible_centers(user)
        condition = Q()
        for lookup in self.model.center_lookups:
            condition |= Q(**{f"{lookup}__in": centers})
        return self.filter(condition)


def visible_users(user) -> models.QuerySet:
    """Logins a user may pick in a form: those working in the user's centers."""
    User = get_user_model()
    if user.is_superuser and user.is_active:
        return User.objects.all()
    centers = visible_centers(user)
    assignments = apps.get_model("centers", "StaffAssignment").objects.filter(
        Q(center__in=centers) | Q(street__in=centers.values("street"))
    )
    return User.objects.filter(pk__in=assignments.values("user"))
