"""/services/: the services by need, each linking to its activities,
organizations and forms."""

from datetime import date

import pytest
from django.core.cache import cache

from centers.models import ServiceField
from services.models import TargetGroup
from services.selectors.site import NEEDS
from tests.factories import (
    CenterFactory,
    FiledGroupFactory,
    PartnerUnitFactory,
    RepairServiceFactory,
    target_group,
)
from tests.services.activities import one_off
from tests.services.bookings import open_room

pytestmark = pytest.mark.usefixtures("monday")  # Monday 7 December 2026, 10:00


def section(response, key):
    return next(s for s in response.context["sections"] if s.need.key == key)


def for_groups(center, title, *codes, **fields):
    occurrence = one_off(center, title=title, **fields)
    occurrence.activity.target_groups.set([target_group(code) for code in codes])
    return occurrence


def test_it_lists_every_need_in_order_with_an_index(world, client):
    response = client.get("/en/services/")
    assert response.status_code == 200
    keys = [s.need.key for s in response.context["sections"]]
    assert keys == ["elderly", "children", "disabled", "legal", "repairs", "volunteering"]
    for key in keys:
        assert f'href="#{key}"' in response.text and f'id="{key}"' in response.text


def test_activities_are_listed_under_the_needs_of_their_groups_and_sub_groups(world, client):
    for_groups(world.a, "免费理发", "elderly")
    visit = for_groups(world.a, "独居老人茶话会", "elderly_alone", day=date(2026, 12, 10))
    for_groups(world.a, "绘本阅读", "left_behind", "youth")
    for_groups(world.a, "内部培训", "elderly", is_public=False)
    response = client.get("/en/services/")
    elderly = section(response, "elderly")
    assert [a.title for a in elderly.activities] == ["免费理发", "独居老人茶话会"]
    assert [a.title for a in section(response, "children").activities] == ["绘本阅读"]
    assert section(response, "disabled").activities == []
    # Each links to its next occurrence, and the need to the filtered list.
    assert f'href="/en/activities/{visit.pk}/"' in response.text
    assert f'href="/en/activities/?group={target_group("elderly").pk}"' in response.text
    assert "内部培训" not in response.text


def test_organizations_are_counted_by_field_with_a_link_to_the_directory(world, client):
    legal = ServiceField.objects.get(name="法律服务")
    mediation = ServiceField.objects.get(name="纠纷调解")
    for organization in FiledGroupFactory.create_batch(2, center=world.a, is_public=True):
        organization.service_fields.add(legal)
    FiledGroupFactory(center=world.a, is_public=False).service_fields.add(legal, mediation)
    response = client.get("/en/services/")
    fields = section(response, "legal").fields
    assert [(f.name, f.public_organizations) for f in fields] == [("法律服务", 2)]
    assert f'href="/en/organizations/?field={legal.pk}"' in response.text
    assert "2 organizations" in response.text


def test_partners_free_services_are_listed_with_the_center_to_ask(world, client):
    world.a.phone = "023-60000001"
    world.a.save()
    law_firm = PartnerUnitFactory(center=world.a, name="共建律师事务所", kind="law_firm")
    law_firm.services.create(name="法律法规免费咨询", schedule="每周五上午")
    office = PartnerUnitFactory(center=world.a, name="司法所", kind="judicial_office")
    office.services.create(name="矛盾纠纷调解")
    PartnerUnitFactory(center=world.a, name="共建医院", kind="hospital").services.create(
        name="药理知识咨询"
    )
    response = client.get("/en/services/")
    assert [s.name for s in section(response, "legal").partner_services] == [
        "法律法规免费咨询",
        "矛盾纠纷调解",
    ]
    assert [s.name for s in section(response, "elderly").partner_services] == ["药理知识咨询"]
    assert "每周五上午" in response.text and 'href="tel:023-60000001"' in response.text


def test_repairs_and_rooms_link_to_their_forms(world, client):
    text = client.get("/en/services/").text
    assert 'href="/en/repairs/new/"' not in text.split('id="repairs"')[1].split("</section>")[0]
    RepairServiceFactory(center=world.a, name="E修就好", hotline="0831-6000003")
    open_room(world.a)
    text = client.get("/en/services/").text
    repairs = text.split('id="repairs"')[1].split("</section>")[0]
    assert "E修就好" in repairs and 'href="tel:0831-6000003"' in repairs
    assert 'href="/en/repairs/new/"' in repairs and 'href="/en/venues/"' in repairs


def test_volunteering_links_to_the_application_and_the_certificate_check(world, client):
    text = client.get("/services/").text
    volunteering = text.split('id="volunteering"')[1].split("</section>")[0]
    assert 'href="/volunteers/join/"' in volunteering
    assert 'href="/volunteers/certificate/"' in volunteering


def test_a_need_with_nothing_on_record_sends_residents_to_a_center(world, client):
    response = client.get("/en/services/")
    assert section(response, "disabled").is_empty
    assert not section(response, "volunteering").is_empty
    disabled = response.text.split('id="disabled"')[1].split("</section>")[0]
    assert "ask your community's center" in disabled and 'href="/en/#centers"' in disabled


def test_it_is_in_chinese_and_in_english(world, client):
    chinese = client.get("/services/")
    assert '<html lang="zh-hans">' in chinese.text
    english = client.get("/en/services/")
    assert '<html lang="en">' in english.text and "Legal advice and mediation" in english.text


def test_every_need_names_known_groups_and_fields(db):
    """The codes and names the needs rely on are those the migrations create."""
    codes = {code for need in NEEDS for code in need.group_codes}
    names = {name for need in NEEDS for name in need.field_names}
    assert set(TargetGroup.objects.filter(code__in=codes).values_list("code", flat=True)) == codes
    assert set(ServiceField.objects.filter(name__in=names).values_list("name", flat=True)) == names


def make_rows(world, count):
    fields = list(ServiceField.objects.all())
    for n in range(count):
        center = CenterFactory(street=world.s1)
        for_groups(center, f"讲座{n}", "elderly", "left_behind", day=date(2026, 12, 8 + n % 6))
        FiledGroupFactory(center=center, is_public=True).service_fields.add(fields[n % 10])
        PartnerUnitFactory(center=center, kind="law_firm").services.create(name=f"咨询{n}")
        RepairServiceFactory(center=center)
        open_room(center)


@pytest.mark.parametrize("rows", [2, 12])
def test_its_query_count_does_not_grow_with_rows(world, client, django_assert_num_queries, rows):
    make_rows(world, rows)
    cache.clear()
    # 1 the target groups of the needs; 2 the activities with their next
    # occurrence; 3 their target groups (with their main groups); 4 the service
    # fields with their public organizations counted; 5 the partners' services
    # with their units and centers; 6 the repair services; 7 the bookable rooms
    with django_assert_num_queries(7):
        response = client.get("/services/")
    assert len(section(response, "elderly").activities) == rows
