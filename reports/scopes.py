"""The dashboard's scope picker: a street, one center, or one community.

Street leaders see their streets' centers, directors and staff their own centers,
superusers all (the rules of `centers.scoping`). A scope is the set of centers
whose records count, and optionally one community inside them.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from centers.models import Center, Community, Street
from centers.scoping import visible_centers


@dataclass(frozen=True)
class Scope:
    level: str  # "street", "centers", "center" or "community"
    label: str
    centers: tuple = field(repr=False)  # the centers whose records count
    street: Street | None = None
    center: Center | None = None
    community: Community | None = None

    @property
    def center_ids(self) -> list[int]:
        return [center.pk for center in self.centers]

    def query(self) -> dict[str, str]:
        if self.level in ("street", "center", "community"):
            return {self.level: str(getattr(self, self.level).pk)}
        return {}

    @property
    def value(self) -> str:
        """The picker's value for this scope, e.g. "street-3"."""
        if self.level == "centers":
            return ""
        return f"{self.level}-{getattr(self, self.level).pk}"


@dataclass(frozen=True)
class ScopeChoices:
    """What the picker offers this user: streets, centers and communities."""

    streets: list
    centers: list
    communities: list


def choices_for(user) -> ScopeChoices:
    """Three queries: the visible centers, the streets led, the communities."""
    centers = list(
        visible_centers(user).select_related("street").order_by("street__name", "kind", "name")
    )
    if user.is_superuser:
        streets = sorted({center.street for center in centers}, key=lambda street: street.name)
    else:
        streets = list(Street.objects.filter(assignments__user=user).order_by("name"))
    communities = list(Community.objects.visible_to(user).order_by("street__name", "name"))
    return ScopeChoices(streets=streets, centers=centers, communities=communities)


def scope_from(user, params) -> Scope:
    """The scope asked for in GET parameters, if this user may see it."""
    return scope_among(choices_for(user), params)


def scope_among(choices: ScopeChoices, params) -> Scope:
    """The scope asked for, among the user's choices.

    Asking for another street's or center's scope is a 404, never its figures.
    """
    if not choices.centers:
        raise PermissionDenied
    # The picker sends one value, "street-3"; links may name the level directly.
    level, _dash, raw_id = params.get("scope", "").partition("-")
    if level in ("street", "center", "community") and not params.get(level):
        params = {level: raw_id}
    if params.get("community"):
        community = _pick(choices.communities, params["community"])
        centers = tuple(c for c in choices.centers if c.street_id == community.street_id)
        return Scope(
            "community", community.name, centers, community=community, street=community.street
        )
    if params.get("center"):
        center = _pick(choices.centers, params["center"])
        return Scope("center", center.name, (center,), center=center, street=center.street)
    if params.get("street"):
        street = _pick(choices.streets, params["street"])
        return _street_scope(street, choices)
    if choices.streets:
        return _street_scope(choices.streets[0], choices)
    return Scope("centers", _("my centers"), tuple(choices.centers))


def _street_scope(street, choices) -> Scope:
    centers = tuple(c for c in choices.centers if c.street_id == street.pk)
    return Scope("street", street.name, centers, street=street)


def _pick(options, raw_id):
    try:
        wanted = int(raw_id)
    except (TypeError, ValueError):
        raise Http404 from None
    for option in options:
        if option.pk == wanted:
            return option
    raise Http404


def picker_groups(choices: ScopeChoices, scope: Scope) -> list:
    """The scope picker's <optgroup>s: (label, [(value, name, selected), …])."""
    groups = [
        (_("Streets"), "street", choices.streets),
        (_("Centers"), "center", choices.centers),
        (_("Communities"), "community", choices.communities),
    ]
    return [
        (
            label,
            [
                (f"{level}-{item.pk}", str(item), scope.value == f"{level}-{item.pk}")
                for item in items
            ],
        )
        for label, level, items in groups
        if items
    ]
