"""Service projects in the admin: staff keep a project with its deliverables,
outputs and expenses; bad input is refused beside the field and changes
nothing; a deliverable is accepted by a button, stamped with who and when."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centers.roles import Role
from services.models import ProjectDeliverable, ProjectExpense, ProjectOutput, ServiceProject
from tests.conftest import client_for
from tests.factories import (
    CommunityFactory,
    OrganizationFactory,
    PaidWorkItemFactory,
    PaidWorkUnitsFactory,
    ProjectDeliverableFactory,
    ProjectExpenseFactory,
    ProjectOutputFactory,
    ServiceProjectFactory,
    staff_user,
)

ADD = reverse("admin:services_serviceproject_add")
LIST = reverse("admin:services_serviceproject_changelist")
TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def inlines(**rows):
    """Management forms of the three inlines, with the rows given ({prefix: [row]})."""
    data = {}
    for prefix in ("deliverables", "outputs", "expenses"):
        given = rows.get(prefix, [])
        data |= {
            f"{prefix}-TOTAL_FORMS": len(given),
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for index, row in enumerate(given):
            data |= {f"{prefix}-{index}-{key}": value for key, value in row.items()}
    return data


def project_form(center, **overrides):
    return {
        "name": "为老服务项目",
        "center": center.pk,
        "level": "district",
        "funding": "government_purchase",
        "origin": "packaged",
        "status": "preparing",
        "purchaser": "区民政局",
        "budget": "200000",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "communities": [CommunityFactory(street=center.street).pk],
        "beneficiaries_target": "300",
        **inlines(),
        **overrides,
    }


def change_url(project):
    return reverse("admin:services_serviceproject_change", args=[project.pk])


def accept_url(deliverable):
    return reverse(
        "admin:services_serviceproject_accept", args=[deliverable.project_id, deliverable.pk]
    )


def test_staff_keep_a_project_with_deliverables_outputs_and_expenses(world):
    item = PaidWorkItemFactory(center=world.a)
    contractor = OrganizationFactory(center=world.a)
    data = project_form(
        world.a,
        contractor=contractor.pk,
        **inlines(
            deliverables=[{"name": "中期评估报告", "due_on": "2026-06-30", "note": ""}],
            outputs=[{"item": item.pk, "target_units": "5000"}],
            expenses=[{"spent_on": "2026-03-01", "amount": "1200.50", "description": "物资"}],
        ),
    )
    response = client_for(world.staff_a).post(ADD, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    project = ServiceProject.objects.get()
    assert (project.center, project.contractor, project.budget) == (
        world.a,
        contractor,
        Decimal("200000.00"),
    )
    assert project.deliverables.get().accepted_on is None
    assert project.outputs.get().item == item
    assert project.expenses.get().amount == Decimal("1200.50")
    assert project.history.first().history_user == world.staff_a


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ends_on", "2025-12-31", "The end is before the start."),
        ("budget", "-1", "Ensure this value is greater than or equal to 0."),
        ("level", "province", "Select a valid choice."),
    ],
)
def test_bad_project_input_is_refused_beside_the_field(world, field, value, message):
    response = client_for(world.staff_a).post("/en" + ADD, project_form(world.a, **{field: value}))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert not ServiceProject.objects.exists()


def test_the_end_before_the_start_is_refused_in_chinese(world):
    response = client_for(world.staff_a).post(ADD, project_form(world.a, ends_on="2025-12-31"))
    assert "结束日期早于开始日期。" in response.context["adminform"].form.errors["ends_on"]


def test_a_community_of_another_street_is_refused(world):
    elsewhere = CommunityFactory(street=world.s2, name="别处社区")
    user = staff_user(Role.STAFF, centers=[world.a, world.c])  # may see both streets
    response = client_for(user).post("/en" + ADD, project_form(world.a, communities=[elsewhere.pk]))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["communities"] == [
        "Not in the street of 中心A: 别处社区."
    ]
    assert not ServiceProject.objects.exists()


def test_an_output_paid_by_another_centers_item_is_refused(world):
    other = PaidWorkItemFactory(center=world.b)
    user = staff_user(Role.STAFF, centers=[world.a, world.b])  # may see both items
    data = project_form(world.a, **inlines(outputs=[{"item": other.pk, "target_units": "10"}]))
    response = client_for(user).post("/en" + ADD, data)
    assert response.status_code == 200
    outputs = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "outputs"
    )
    assert outputs.forms[0].errors["item"] == [
        "This paid work item belongs to another center than the project."
    ]
    assert not ServiceProject.objects.exists()
    assert not ProjectOutput.objects.exists()


def test_staff_cannot_even_choose_another_centers_item(world):
    other = PaidWorkItemFactory(center=world.b)
    data = project_form(world.a, **inlines(outputs=[{"item": other.pk, "target_units": "10"}]))
    response = client_for(world.staff_a).post("/en" + ADD, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not ServiceProject.objects.exists()


def test_an_expense_of_nothing_is_refused(world):
    data = project_form(
        world.a,
        **inlines(expenses=[{"spent_on": "2026-03-01", "amount": "0", "description": "?"}]),
    )
    response = client_for(world.staff_a).post("/en" + ADD, data)
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0.01." in response.text
    assert not ProjectExpense.objects.exists()


def test_the_acceptance_date_is_not_typed(world):
    deliverable = ProjectDeliverableFactory(project__center=world.a)
    page = client_for(world.staff_a).get(change_url(deliverable.project)).text
    assert 'name="deliverables-0-accepted_on"' not in page
    assert accept_url(deliverable) in page


def test_staff_accept_a_deliverable_stamped_with_who_and_when(world):
    deliverable = ProjectDeliverableFactory(project__center=world.a, name="中期评估报告")
    client = client_for(world.staff_a)
    confirm = client.get(accept_url(deliverable))
    assert confirm.status_code == 200 and "中期评估报告" in confirm.text
    deliverable.refresh_from_db()
    assert deliverable.accepted_on is None  # a GET changes nothing

    response = client.post(accept_url(deliverable))
    assert response.status_code == 302
    deliverable.refresh_from_db()
    assert (deliverable.accepted_on, deliverable.accepted_by) == (TODAY, world.staff_a)
    assert deliverable.history.first().history_user == world.staff_a
    page = client.get(change_url(deliverable.project)).text
    assert "staff_a" in page and accept_url(deliverable) not in page


def test_a_deliverable_is_accepted_once(world):
    deliverable = ProjectDeliverableFactory(project__center=world.a)
    client_for(world.staff_a).post(accept_url(deliverable))
    with time_machine.travel(date(2026, 12, 5), tick=False):
        response = client_for(world.director_a).post("/en" + accept_url(deliverable), follow=True)
    deliverable.refresh_from_db()
    assert (deliverable.accepted_on, deliverable.accepted_by) == (TODAY, world.staff_a)
    assert "was already accepted on" in response.text
    assert ProjectDeliverable.history.filter(id=deliverable.pk).count() == 2  # made, accepted


def test_a_leader_reads_the_project_without_an_accept_button(world):
    deliverable = ProjectDeliverableFactory(project__center=world.a)
    client = client_for(world.leader_s1)
    page = client.get(change_url(deliverable.project))
    assert page.status_code == 200
    assert accept_url(deliverable) not in page.text
    assert client.post(accept_url(deliverable)).status_code == 403
    deliverable.refresh_from_db()
    assert deliverable.accepted_on is None


def test_another_centers_deliverable_is_not_found(world):
    deliverable = ProjectDeliverableFactory(project__center=world.a)
    assert client_for(world.staff_b).post(accept_url(deliverable)).status_code == 404
    mine = ServiceProjectFactory(center=world.b)
    # Another project's deliverable under one's own project's URL: not found either.
    crossed = reverse("admin:services_serviceproject_accept", args=[mine.pk, deliverable.pk])
    assert client_for(world.staff_b).post(crossed).status_code == 404
    deliverable.refresh_from_db()
    assert deliverable.accepted_on is None


def test_the_list_filters_by_level_status_origin_and_running(world):
    ServiceProjectFactory(center=world.a, name="市级项目", level="city", status="landed")
    ServiceProjectFactory(center=world.a, name="引进项目", origin="introduced", status="preparing")
    ServiceProjectFactory(
        center=world.a,
        name="旧项目",
        status="closed",
        starts_on=date(2020, 1, 1),
        ends_on=date(2020, 12, 31),
    )
    ServiceProjectFactory(center=world.c, name="别的街道的项目", level="city")
    client = client_for(world.leader_s1)

    def names(**params):
        page = client.get(LIST, params).text
        return {
            name for name in ("市级项目", "引进项目", "旧项目", "别的街道的项目") if name in page
        }

    assert names() == {"市级项目", "引进项目", "旧项目"}
    assert names(level__exact="city") == {"市级项目"}
    assert names(status__exact="preparing") == {"引进项目"}
    assert names(origin__exact="introduced") == {"引进项目"}
    assert names(running="2026-01-01..2026-11-28") == {"市级项目", "引进项目"}
    assert names(running="year") == {"市级项目", "引进项目"}
    assert names(running="2020-06-01..2020-06-30") == {"旧项目"}
    assert names(q="引进") == {"引进项目"}


def test_the_list_shows_what_each_project_spent(world):
    project = ServiceProjectFactory(center=world.a)
    ProjectExpenseFactory(project=project, amount=Decimal("1000.50"))
    output = ProjectOutputFactory(project=project, item__unit_price=Decimal("1.00"))
    PaidWorkUnitsFactory(item=output.item, units=40)
    page = client_for(world.staff_a).get(LIST).text
    assert 'field-spent">1040.50<' in page


def test_the_list_costs_the_same_queries_with_more_projects(world):
    client = client_for(world.staff_a)
    client.get(LIST)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    ServiceProjectFactory(center=world.a)
    few = count()
    for project in ServiceProjectFactory.create_batch(8, center=world.a):
        ProjectExpenseFactory(project=project)
        PaidWorkUnitsFactory(item=ProjectOutputFactory(project=project).item)
    assert count() == few


def test_the_output_item_autocomplete_offers_ones_own_items(world):
    PaidWorkItemFactory(center=world.a, name="人口普查核实A")
    PaidWorkItemFactory(center=world.b, name="人口普查核实B")
    response = client_for(world.staff_a).get(
        reverse("admin:autocomplete"),
        {
            "app_label": "services",
            "model_name": "projectoutput",
            "field_name": "item",
            "term": "人口",
        },
    )
    assert response.status_code == 200
    assert [result["text"].split(" ")[0] for result in response.json()["results"]] == [
        "人口普查核实A"
    ]
