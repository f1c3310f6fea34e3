"""`load_demo` builds the services from records: Jinyu's repair service and the
rooms' bookings; the article's activities with their schedules, a history of
attendance and volunteer shifts, and the coming weeks' sign-ups; Jiulong's 41
projects and the Xuzhou incubator's 11."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Min, Sum
from django.test.utils import override_settings
from django.utils import timezone

from centers.models import Community, SocialOrganization
from services.demo.activities import FRIDAYS_TITLE, HAIRCUT_TITLE, TRAFFIC_TITLE
from services.models import (
    Activity,
    Household,
    HouseholdPlan,
    Occurrence,
    RepairOrder,
    ServiceProject,
    ShiftAssignment,
    Signup,
    SignupNotice,
    VenueBooking,
)
from services.selectors.repairs import percentile, repair_figures
from services.services.attendance import hours_between
from volunteers.models import PaidWorkItem, ServiceHours
from volunteers.services.hours import confirmed_hours_mismatches

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """load_demo once for this module's tests (it takes seconds), in a transaction
    rolled back after the last of them; each test runs in a savepoint inside it
    (the `db` fixture), so what one test changes the next does not see."""
    with django_db_blocker.unblock(), override_settings(DEMO_SCALE=0.01), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    pass


def test_jinyus_first_month_of_repairs(demo):
    first_month = RepairOrder.objects.filter(
        service__name="E修就好",
        submitted_at__gte=datetime.combine(date(2020, 8, 17), time(0), TZ),
        submitted_at__lt=datetime.combine(date(2020, 9, 17), time(0), TZ),
    )
    assert first_month.count() >= 100  # "已经为辖区居民服务上百次"
    on_site = first_month.exclude(on_site_at=None)
    within = on_site.filter(on_site_at__lte=F("respond_by")).count()
    assert within / on_site.count() >= 0.9  # most within the hour…
    assert on_site.count() - within >= 3  # …a few late
    minutes = [o.response_minutes for o in on_site]
    assert percentile(minutes, 0.5) < 60
    ratings = [o.rating for o in first_month if o.rating]
    assert sum(ratings) / len(ratings) >= 4.3 and len(ratings) < first_month.count()
    assert set(first_month.values_list("channel", flat=True)) == {"web", "phone", "wechat"}
    fees = [o.fee for o in first_month.with_fee()]
    assert Decimal(0) in fees and max(fees) > 0
    assert first_month.with_plan_status().filter(plan_valid=False).count() >= 10


def test_the_reports_feed_reads_the_demo_by_calendar_month(demo):
    august, september = repair_figures(
        RepairOrder.objects.all(), since=date(2020, 8, 1), until=date(2020, 9, 30)
    )
    assert (august.month, september.month) == (date(2020, 8, 1), date(2020, 9, 1))
    assert august.community.name == "金鱼社区"
    assert august.orders + september.orders >= 100
    assert august.share_within_target > 0.85 and august.p90_minutes > august.median_minutes


def test_su_nvshis_bathroom_door(demo):
    su = RepairOrder.objects.with_fee().get(name="苏女士")
    assert (su.category, su.channel, su.status) == ("door_lock", "web", "done")
    assert "卫生间的门" in su.description
    assert su.fee == 0 and not su.parts.exists()
    assert su.within_target and su.response_minutes < 60
    assert su.rating == 5 and "又快又好" in su.rating_comment


def test_household_plans_and_waiting_orders(demo):
    plans = HouseholdPlan.objects.filter(household__service__name="E修就好")
    assert plans.count() == Household.objects.count() == 90
    assert set(plans.values_list("fee", flat=True)) == {Decimal("36.50")}
    assert RepairOrder.objects.waiting().count() == 3


def test_the_rooms_are_booked_without_overlaps(demo):
    approved = list(VenueBooking.objects.approved().order_by("venue", "starts_at"))
    assert {b.organization_name for b in approved} >= {
        "彩云湖社区艺术团合唱队",
        "彩云湖社区艺术团舞蹈队",
        "宜宾市酒都义工联合会",
    }
    choir = [b for b in approved if b.organization_name == "彩云湖社区艺术团合唱队"]
    assert len(choir) == 8 and len({b.series for b in choir}) == 1
    assert choir[0].venue.center.community.name == "彩云湖社区"
    assert choir[0].organization.name == "彩云湖社区艺术团合唱队"
    for earlier, later in zip(approved, approved[1:], strict=False):
        if earlier.venue_id == later.venue_id:
            assert earlier.ends_at <= later.starts_at
    assert VenueBooking.objects.filter(status="requested").exists()  # for staff to approve


# --- Activities, attendance, shifts, projects (services/demo/activities.py, …) ---


def past(activity):
    return activity.occurrences.filter(status="scheduled", ends_at__lt=timezone.now())


def local_day(occurrence):
    return timezone.localtime(occurrence.starts_at).date()


def test_the_articles_activities_and_their_schedules(demo):
    # The free haircut, on the last Wednesday of each month, 3 barbers and 2 helpers.
    haircut = Activity.objects.get(title=HAIRCUT_TITLE)
    assert (haircut.rrule, haircut.starts_at, haircut.ends_at) == (
        "FREQ=MONTHLY;BYDAY=-1WE",
        time(9),
        time(11, 30),
    )
    assert haircut.venue.center.name == "九龙社工中心"
    assert {
        (r.name, r.slots, r.skill.name if r.skill else "") for r in haircut.shift_roles.all()
    } == {
        ("理发师", 3, "理发"),
        ("引导员", 2, ""),
    }
    held = list(past(haircut))
    assert len(held) >= 12  # a year at least
    for occurrence in held:
        day = local_day(occurrence)
        assert day.weekday() == 2 and (day + timedelta(days=7)).month != day.month
        assert occurrence.signups.filter(status="attended").exists()
    # The next one is full, with people waiting; the ones after have places left.
    coming = list(haircut.occurrences.upcoming().with_places_taken().order_by("starts_at")[:3])
    assert coming[0].places_taken == coming[0].capacity
    assert coming[0].signups.filter(status="waitlisted").exists()
    assert 0 < coming[1].places_taken < coming[1].capacity

    # The grassroots-star team's six desks on the first Friday morning.
    fridays = Activity.objects.get(title=FRIDAYS_TITLE)
    assert (fridays.rrule, fridays.team.name, fridays.signup_required) == (
        "FREQ=MONTHLY;BYDAY=1FR",
        "草根明星志愿者服务队",
        False,
    )
    desks = list(fridays.shift_roles.select_related("team__parent"))
    assert len(desks) == 6 and {d.team.parent.name for d in desks} == {"草根明星志愿者服务队"}
    assert all(local_day(o).weekday() == 4 and local_day(o).day <= 7 for o in past(fridays))

    # A traffic-civility post at a crossroads in Jinyu, school days 7:30–9:00.
    post = Activity.objects.get(title=TRAFFIC_TITLE)
    assert post.center.name == "叙州社会组织培育服务中心" and "金鱼社区" in post.place
    assert (post.rrule, post.starts_at, post.ends_at) == (
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        time(7, 30),
        time(9),
    )
    role = post.shift_roles.get()
    assert (role.slots, role.team.name) == (4, "交通文明劝导志愿服务队")
    assert not post.is_public and not post.occurrences.filter(signups__isnull=False).exists()
    assert post.exceptions.filter(date__month=10, date__day=1).exists()  # National Day

    # The partner units' free services in Jinyu, every month.
    jinyu = Activity.objects.filter(center__name="金鱼社区党群服务中心")
    assert {a.title for a in jinyu} >= {
        "金鱼社区共建医院药理知识咨询",
        "金鱼社区防诈骗知识讲座",
        "金鱼社区法律法规免费咨询",
        "金鱼社区矛盾纠纷调解接待日",
    }
    assert all(a.rrule.startswith("FREQ=MONTHLY") for a in jinyu)

    # Each of Jiulong's ten communities has activities of its own social-work room.
    rooms = Activity.objects.filter(center__kind="community_room")
    assert rooms.values("community").distinct().count() == 10
    assert all(a.center.community_id == a.community_id for a in rooms.select_related("center"))

    # A cancellation and a move to pass on by phone.
    notices = SignupNotice.objects.filter(passed_on_at=None)
    assert set(notices.values_list("kind", flat=True)) >= {"cancelled", "moved"}


def test_attendance_and_shifts_keep_the_apps_rules(demo):
    over = (
        Occurrence.objects.exclude(capacity=None)
        .with_places_taken()
        .filter(places_taken__gt=F("capacity"))
    )
    assert not over.exists()
    assert Signup.objects.filter(channel="walk_in", status="attended").exists()
    assert Signup.objects.filter(status="no_show").exists()

    shifts = ShiftAssignment.objects.select_related("role", "volunteer", "hours_entry")
    assert shifts.filter(status="served").exists() and shifts.filter(status="absent").exists()
    by_volunteer = {}
    for shift in shifts.order_by("starts_at"):
        previous = by_volunteer.get(shift.volunteer_id)
        assert previous is None or previous <= shift.starts_at, shift
        by_volunteer[shift.volunteer_id] = shift.ends_at
        entry = shift.hours_entry
        if shift.status == "served":
            assert entry.volunteer_id == shift.volunteer_id
            assert entry.served_on == timezone.localtime(shift.served_from).date()
            assert entry.hours == hours_between(shift.served_from, shift.served_until)
            assert (entry.center_id, entry.community_id) == (
                shift.volunteer.center_id,
                shift.volunteer.community_id,
            )
        else:
            assert entry is None
    # Served shifts' hours are drafted or confirmed, never counted twice: the
    # grassroots desks point at the first-Friday entries of the ledger.
    assert {e.status for e in ServiceHours.objects.filter(shift__isnull=False)} == {
        "recorded",
        "confirmed",
    }
    friday_desks = shifts.filter(occurrence__activity__title=FRIDAYS_TITLE, status="served")
    assert friday_desks.exists()
    assert not friday_desks.exclude(hours_entry__activity=FRIDAYS_TITLE).exists()
    assert friday_desks.filter(volunteer__name="张杰", role__name="时事政治宣传服务台").exists()
    for shift in friday_desks.select_related("role__team")[:50]:
        assert shift.volunteer.memberships.filter(team=shift.role.team).exists()
    assert shifts.filter(occurrence__activity__title=TRAFFIC_TITLE, volunteer__name="罗新").exists()
    over_a_day = (
        ServiceHours.objects.counting_towards_the_day()
        .values("volunteer", "served_on")
        .annotate(total=Sum("hours"))
        .filter(total__gt=24)
    )
    assert not over_a_day.exists()
    assert not confirmed_hours_mismatches().exists()
    # Shifts to come, assigned through the staffing service.
    assert shifts.filter(status="assigned", starts_at__gt=timezone.now()).exists()


def test_the_projects_of_jiulong_and_of_the_xuzhou_incubator(demo):
    jiulong = ServiceProject.objects.filter(center__name="九龙社工中心")
    assert jiulong.count() == 41
    assert set(jiulong.values_list("level", flat=True)) == {"city", "district"}
    assert set(jiulong.values_list("status", flat=True)) == {"landed", "closed"}
    hosted = set(
        SocialOrganization.objects.filter(residencies__center__name="九龙社工中心").values_list(
            "pk", flat=True
        )
    )
    assert set(jiulong.values_list("contractor", flat=True)) <= hosted
    assert jiulong.aggregate(first=Min("starts_on"))["first"].year == 2014
    for project in jiulong.prefetch_related("deliverables", "expenses"):
        assert project.deliverables.all() and project.communities.exists()
        assert sum(e.amount for e in project.expenses.all()) <= project.budget
        assert (project.status == "landed") == (project.ends_on >= timezone.localdate())
    homework = Activity.objects.filter(project__name__contains="四点半课堂")
    assert homework.count() == 2 and all(a.center.name == "九龙社工中心" for a in homework)

    xuzhou = ServiceProject.objects.filter(center__name="叙州社会组织培育服务中心")
    origins = dict(xuzhou.values_list("origin").annotate(n=Count("pk")))
    assert origins == {"packaged": 7, "introduced": 4}
    assert xuzhou.filter(status="landed").count() == 9
    covered = Community.objects.filter(projects__in=xuzhou.filter(status="landed")).distinct()
    assert covered.count() == 72 and {c.street.name for c in covered} == {"南岸街道"}
    reach = xuzhou.filter(status="landed").aggregate(n=Sum("beneficiaries_target"))["n"]
    assert reach >= 30_000
    census = xuzhou.get(name="人口普查入户信息核实服务项目")
    assert census.outputs.get().item == PaidWorkItem.objects.get(name="人口普查入户信息核实")
    assert Activity.objects.get(title=TRAFFIC_TITLE).project.center.name == (
        "叙州社会组织培育服务中心"
    )
