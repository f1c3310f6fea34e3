import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from reports.scopes import scope_from
from tests.factories import CommunityFactory, UserFactory


def test_a_street_leader_starts_with_the_street(world):
    scope = scope_from(world.leader_s1, {})
    assert (scope.level, scope.street) == ("street", world.s1)
    assert set(scope.centers) == {world.a, world.b}


def test_staff_start_with_their_own_centers(world):
    scope = scope_from(world.staff_a, {})
    assert scope.level == "centers"
    assert scope.centers == (world.a,)


def test_a_community_scope_keeps_the_users_centers(world):
    community = CommunityFactory(street=world.s1)
    assert scope_from(world.staff_a, {"community": community.pk}).centers == (world.a,)
    leader = scope_from(world.leader_s1, {"scope": f"community-{community.pk}"})
    assert set(leader.centers) == {world.a, world.b}
    assert leader.community == community


@pytest.mark.parametrize(
    ("persona", "params"),
    [
        ("staff_a", {"center": "B"}),
        ("staff_a", {"street": "S1"}),
        ("leader_s1", {"street": "S2"}),
        ("leader_s1", {"center": "C"}),
        ("leader_s2", {"community": "S1"}),
        ("staff_a", {"center": "nonsense"}),
    ],
)
def test_another_scope_is_not_found(world, persona, params):
    targets = {"B": world.b.pk, "C": world.c.pk, "S1": world.s1.pk, "S2": world.s2.pk}
    if params.get("community") == "S1":
        params = {"community": CommunityFactory(street=world.s1).pk}
    else:
        params = {key: targets.get(value, value) for key, value in params.items()}
    with pytest.raises(Http404):
        scope_from(getattr(world, persona), params)


def test_a_login_without_centers_is_refused(world):
    with pytest.raises(PermissionDenied):
        scope_from(UserFactory(), {})


def test_a_superuser_may_pick_any_street(world):
    assert scope_from(world.superuser, {"street": world.s2.pk}).centers == (world.c,)
