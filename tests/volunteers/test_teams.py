"""Teams belong to a center or an organization; sub-teams to their team's owner."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import FiledGroupFactory, TeamFactory, TeamMembershipFactory, VolunteerFactory
from volunteers.models import Team, TeamMembership


def test_a_team_of_an_organization_is_seen_through_its_center(world):
    troupe = FiledGroupFactory(center=world.a, name="彩云湖社区艺术团")
    team = Team.objects.create(name="草根明星志愿者服务队", organization=troupe)
    assert list(Team.objects.visible_to(world.staff_a)) == [team]
    assert not Team.objects.visible_to(world.staff_b).exists()
    page = client_for(world.staff_a).get(reverse("admin:volunteers_team_changelist"))
    assert "草根明星志愿者服务队" in page.text


def test_a_team_has_exactly_one_owner(world):
    troupe = FiledGroupFactory(center=world.a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(name="两个主人", center=world.a, organization=troupe)
    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(name="没有主人")


def test_a_sub_team_shares_its_teams_owner_and_has_no_sub_teams(world):
    team = TeamFactory(center=world.a)
    subteam = Team(name="纠纷调解小分队", parent=team, center=world.b)
    with pytest.raises(ValidationError):
        subteam.full_clean()
    subteam.center = world.a
    subteam.full_clean()
    subteam.save()
    with pytest.raises(ValidationError):
        Team(name="更小的队", parent=subteam, center=world.a).full_clean()


def test_a_volunteer_may_be_in_several_teams_but_once_at_a_time(world):
    volunteer = VolunteerFactory(center=world.a)
    first, second = TeamFactory.create_batch(2, center=world.a)
    TeamMembershipFactory(team=first, volunteer=volunteer, role="leader")
    TeamMembershipFactory(team=second, volunteer=volunteer)
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMembershipFactory(team=first, volunteer=volunteer)
    TeamMembership.objects.filter(team=first).update(left_on=date(2025, 1, 1))
    TeamMembershipFactory(team=first, volunteer=volunteer, joined_on=date(2025, 6, 1))


def test_the_team_page_lists_sub_teams_and_members(world):
    team = TeamFactory(center=world.a, name="草根明星志愿者服务队")
    Team.objects.create(name="安全小分队", parent=team, center=world.a)
    membership = TeamMembershipFactory(team=team, role="leader")
    page = client_for(world.staff_a).get(reverse("admin:volunteers_team_change", args=[team.pk]))
    assert "安全小分队" in page.text and membership.volunteer.volunteer_no in page.text
