"""The activity admin: the schedule in words with a preview of its dates (also
before saving, and when the form comes back with errors), bad input refused
beside its field, and saving makes the occurrences of the window at once."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from services.models import Activity, Occurrence, OccurrenceStatus, SignupNotice
from tests.conftest import client_for
from tests.factories import (
    ActivityFactory,
    CommunityFactory,
    ServiceProjectFactory,
    TeamFactory,
    target_group,
)
from tests.services.activities import haircut, sign_up

pytestmark = pytest.mark.usefixtures("monday")

ADD = reverse("admin:services_activity_add")


def change_url(activity):
    return reverse("admin:services_activity_change", args=[activity.pk])


# The volunteer roles inline, left empty.
NO_SHIFT_ROLES = {"shift_roles-TOTAL_FORMS": 0, "shift_roles-INITIAL_FORMS": 0}


def data(world, *, exceptions=(), **fields):
    """The add form as staff of center A fill it: the free haircut, from today,
    on the last Wednesday of each month."""
    community = fields.pop("community", None) or CommunityFactory(street=world.s1)
    values = {
        "title": "免费理发",
        "description": "",
        "center": world.a.pk,
        "community": community.pk,
        "place": "社区活动室",
        "target_groups": [target_group("elderly").pk],
        "is_public": "on",
        "signup_required": "on",
        "capacity": 20,
        "waitlist": "on",
        "first_date": "2026-12-07",
        "starts_at": "09:00",
        "ends_at": "11:30",
        "pattern": "monthly",
        "ordinal": "-1",
        "month_weekday": "WE",
        "rrule": "",
        "until": "",
        "count": "",
        "exceptions-TOTAL_FORMS": len(exceptions),
        "exceptions-INITIAL_FORMS": 0,
        "exceptions-MIN_NUM_FORMS": 0,
        "exceptions-MAX_NUM_FORMS": 1000,
        **NO_SHIFT_ROLES,
    }
    for index, day in enumerate(exceptions):
        values[f"exceptions-{index}-date"] = day
        values[f"exceptions-{index}-note"] = "放假"
    values.update(fields)
    return {key: value for key, value in values.items() if value is not None}


def edit_data(activity, **fields):
    """The change form of an activity as it is, with these changes."""
    values = data_of(activity)
    values.update(fields)
    return {key: value for key, value in values.items() if value is not None}


def data_of(activity):
    return {
        "title": activity.title,
        "description": activity.description,
        "center": activity.center_id,
        "community": activity.community_id,
        "place": activity.place,
        "is_public": "on" if activity.is_public else "",
        "signup_required": "on" if activity.signup_required else "",
        "capacity": activity.capacity or "",
        "waitlist": "on" if activity.waitlist else "",
        "first_date": activity.first_date.isoformat(),
        "starts_at": activity.starts_at.strftime("%H:%M"),
        "ends_at": activity.ends_at.strftime("%H:%M"),
        "pattern": "custom",
        "rrule": activity.rrule,
        "until": activity.until or "",
        "count": activity.count or "",
        "exceptions-TOTAL_FORMS": 0,
        "exceptions-INITIAL_FORMS": 0,
        "exceptions-MIN_NUM_FORMS": 0,
        "exceptions-MAX_NUM_FORMS": 1000,
        **NO_SHIFT_ROLES,
    }


def test_staff_add_the_haircut_in_words_and_its_occurrences_are_made_at_once(world):
    response = client_for(world.staff_a).post(ADD, data(world), follow=True)
    assert response.status_code == 200
    activity = Activity.objects.get()
    assert activity.rrule == "FREQ=MONTHLY;BYDAY=-1WE"
    assert list(activity.target_groups.values_list("code", flat=True)) == ["elderly"]
    assert [o.rule_date for o in activity.occurrences.order_by("rule_date")] == [
        date(2026, 12, 30),
        date(2027, 1, 27),
        date(2027, 2, 24),
    ]
    assert activity.history.latest().history_user == world.staff_a
    assert "3" in " ".join(str(m) for m in response.context["messages"])


def test_the_form_says_what_last_means(world):
    page = client_for(world.staff_a).get(f"/en{ADD}").text
    assert "is taken as the last Wednesday of the month" in page


def test_show_the_next_dates_previews_without_saving(world):
    client = client_for(world.staff_a)
    response = client.post(
        f"/en{ADD}", data(world, _preview="1", exceptions=["2027-01-27"]), follow=True
    )
    assert response.status_code == 200
    assert not Activity.objects.exists() and not Occurrence.objects.exists()
    preview = response.context["preview"]
    assert preview["dates"] == [
        date(2026, 12, 30),
        date(2027, 2, 24),  # 27 January is left out
        date(2027, 3, 31),
        date(2027, 4, 28),
        date(2027, 5, 26),  # May 2027 ends on a Monday: the Wednesday before
        date(2027, 6, 30),
    ]
    assert preview["left_out"] == [date(2027, 1, 27)]
    text = response.text
    assert "Every month on the last Wednesday, 9:00–11:30" in text
    assert "2027-05-26 (Wednesday)" in text
    assert "Not saved yet" in text and "Please correct" not in text
    # The values stay in the form, ready to save.
    assert 'value="免费理发"' in text


def test_the_preview_is_shown_again_when_the_form_has_errors(world):
    response = client_for(world.staff_a).post(
        f"/en{ADD}", data(world, title="", pattern="weekly", weekdays=["MO", "TH"])
    )
    assert response.status_code == 200
    assert "title" in response.context["adminform"].form.errors
    assert response.context["preview"]["dates"][:3] == [
        date(2026, 12, 7),
        date(2026, 12, 10),
        date(2026, 12, 14),
    ]
    assert not Activity.objects.exists()


def test_the_change_page_previews_the_saved_schedule_with_its_dates_left_out(world):
    activity, _occurrences = haircut(world.a)
    activity.exceptions.create(date=date(2026, 12, 30), note="元旦")
    response = client_for(world.staff_a).get(change_url(activity))
    assert response.context["preview"]["dates"][0] == date(2027, 1, 27)
    form = response.context["adminform"].form
    assert (form.initial["pattern"], form.initial["ordinal"], form.initial["month_weekday"]) == (
        "monthly",
        -1,
        "WE",
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"capacity": 0}, "capacity"),
        ({"capacity": -5}, "capacity"),
        ({"capacity": ""}, "capacity"),  # sign-up needed: places needed
        ({"ends_at": "08:00"}, "ends_at"),
        ({"until": "2027-06-30", "count": 5}, "count"),
        ({"until": "2026-12-01"}, "until"),
        ({"pattern": "custom", "rrule": "FREQ=SOMETIMES"}, "rrule"),
        ({"pattern": "custom", "rrule": "FREQ=WEEKLY;COUNT=3"}, "rrule"),
        ({"pattern": "custom", "rrule": ""}, "rrule"),
        ({"pattern": "weekly"}, "weekdays"),
        ({"ordinal": ""}, "ordinal"),
        ({"month_weekday": ""}, "month_weekday"),
        ({"pattern": "once", "count": 3}, "count"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_is_saved(world, fields, field):
    response = client_for(world.staff_a).post(ADD, data(world, **fields))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors, errors
    assert not Activity.objects.exists() and not Occurrence.objects.exists()


def test_an_expert_rule_is_kept_as_typed_normalised(world):
    client_for(world.staff_a).post(
        ADD, data(world, pattern="custom", rrule="freq=weekly; interval=2; byday=sa")
    )
    assert Activity.objects.get().rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"


def test_school_days_and_one_offs(world):
    client = client_for(world.staff_a)
    client.post(ADD, data(world, title="上学护导", pattern="school_days", until="2026-12-11"))
    guard = Activity.objects.get(title="上学护导")
    assert guard.occurrences.count() == 5
    client.post(ADD, data(world, title="讲座", pattern="once", first_date="2026-12-20"))
    talk = Activity.objects.get(title="讲座")
    assert talk.rrule == "" and talk.occurrences.get().rule_date == date(2026, 12, 20)


def test_changing_the_schedule_cancels_occurrences_with_sign_ups_and_says_so(world):
    activity, (december, january, _february) = haircut(world.a)
    sign_up(january)
    response = client_for(world.staff_a).post(
        f"/en{change_url(activity)}",
        edit_data(activity, pattern="monthly", ordinal="1", month_weekday="FR"),
        follow=True,
    )
    messages = " ".join(str(m) for m in response.context["messages"])
    assert "1 with sign-ups cancelled" in messages and "notices to pass on" in messages
    assert not Occurrence.objects.filter(pk=december.pk).exists()
    assert Occurrence.objects.get(pk=january.pk).status == OccurrenceStatus.CANCELLED
    assert SignupNotice.objects.get().kind == "cancelled"


def test_a_date_left_out_in_the_admin_removes_its_occurrence(world):
    activity, (december, *_rest) = haircut(world.a)
    values = edit_data(activity, **{"exceptions-TOTAL_FORMS": 1})
    values.update({"exceptions-0-date": "2026-12-30", "exceptions-0-note": "元旦"})
    client_for(world.staff_a).post(change_url(activity), values)
    assert not Occurrence.objects.filter(pk=december.pk).exists()
    assert activity.exceptions.get().date == date(2026, 12, 30)


def test_a_leader_reads_the_activity_and_its_preview_but_cannot_change_it(world):
    activity, _occurrences = haircut(world.a)
    response = client_for(world.leader_s1).get(change_url(activity))
    assert response.status_code == 200
    assert response.context["preview"]["dates"][0] == date(2026, 12, 30)
    assert 'name="_preview"' not in response.text
    assert (
        client_for(world.leader_s1).post(change_url(activity), data_of(activity)).status_code == 403
    )


def test_a_project_or_team_of_another_center_is_refused(world):
    activity = ActivityFactory.build(
        center=world.a,
        community=CommunityFactory(street=world.s1),
        project=ServiceProjectFactory(center=world.b),
        team=TeamFactory(center=world.b),
    )
    with pytest.raises(ValidationError) as refused:
        activity.full_clean()
    assert set(refused.value.message_dict) >= {"project", "team"}
    assert not Activity.objects.exists()
