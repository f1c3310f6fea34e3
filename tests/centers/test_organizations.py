"""The residents' directory of organizations: public ones only, filters, pages."""

from django.urls import reverse

from centers.models import ServiceField
from tests.factories import CommunityFactory, FiledGroupFactory, OrganizationFactory

LIST = reverse("centers:organization_list")


def test_it_lists_only_public_organizations(world, client):
    FiledGroupFactory(center=world.a, name="公开的读书会", is_public=True)
    FiledGroupFactory(center=world.a, name="内部小组", is_public=False)
    page = client.get(LIST).text
    assert "公开的读书会" in page and "内部小组" not in page


def test_it_filters_by_community_and_field(world, client):
    here, there = CommunityFactory(street=world.s1), CommunityFactory(street=world.s1)
    legal = ServiceField.objects.get(name="法律服务")
    helper = FiledGroupFactory(center=world.a, community=here, name="法律援助队", is_public=True)
    helper.service_fields.add(legal)
    FiledGroupFactory(center=world.a, community=there, name="合唱团", is_public=True)
    by_community = client.get(LIST, {"community": here.pk}).text
    assert "法律援助队" in by_community and "合唱团" not in by_community
    by_field = client.get(LIST, {"field": legal.pk}).text
    assert "法律援助队" in by_field and "合唱团" not in by_field
    assert "合唱团" in client.get(LIST, {"q": "合唱"}).text


def test_a_bad_filter_value_shows_the_form_error_not_a_500(world, client):
    response = client.get(LIST, {"community": "x", "page": "nonsense"})
    assert response.status_code == 200


def test_the_art_troupe_shows_its_teams(world, client):
    troupe = FiledGroupFactory(center=world.a, name="彩云湖社区艺术团", is_public=True)
    FiledGroupFactory(
        center=world.a, name="合唱队", parent=troupe, is_public=True, meets="每周二下午"
    )
    detail = client.get(reverse("centers:organization_detail", args=[troupe.pk])).text
    assert "合唱队" in detail and "每周二下午" in detail


def test_a_private_organization_has_no_page(world, client):
    hidden = OrganizationFactory(center=world.a, is_public=False)
    assert client.get(reverse("centers:organization_detail", args=[hidden.pk])).status_code == 404


def test_it_speaks_english(world, client):
    FiledGroupFactory(center=world.a, is_public=True)
    assert "Social organizations" in client.get("/en/organizations/").text


def test_the_query_count_does_not_grow_with_organizations(world, client, django_assert_num_queries):
    def make(count):
        for _ in range(count):
            group = FiledGroupFactory(
                center=world.a, is_public=True, community=CommunityFactory(street=world.s1)
            )
            group.service_fields.add(ServiceField.objects.first())
            FiledGroupFactory(center=world.a, parent=group, is_public=True)

    make(2)
    # count for the paginator, the page, its fields, its teams; the form's
    # community and field choices
    with django_assert_num_queries(6):
        client.get(LIST)
    make(8)
    with django_assert_num_queries(6):
        client.get(LIST)
