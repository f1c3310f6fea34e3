"""A small, demo-like network for the browser tests: Jiulong's center and
Caiyunhu's room, the free haircut and other activities of this month, the art
troupe and its teams, partners' free services, a repair service with an order,
rooms that can be booked, a volunteer with a certificate, and the summary
tables behind the home page's figures."""

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.utils import timezone

from centers.models import ServiceField
from services import tallies as served_tallies
from services.models import Occurrence, Signup, TargetGroup
from services.services.occurrences import occurrences_materialize
from services.services.signups import signup_create
from tests.factories import (
    ActivityFactory,
    CenterFactory,
    CommunityFactory,
    DistrictFactory,
    FiledGroupFactory,
    HoursCertificateFactory,
    OccurrenceFactory,
    PartnerUnitFactory,
    RepairOrderFactory,
    RepairServiceFactory,
    SignupFactory,
    StreetFactory,
    TechnicianFactory,
    VolunteerFactory,
)
from tests.services.bookings import open_room
from volunteers import tallies as volunteer_tallies


@dataclass
class Site:
    center: object
    community: object
    haircut: object  # its next occurrence
    signup: object
    troupe: object
    team: object
    certificate: object
    order: object
    room: object


def groups(*codes) -> list:
    return list(TargetGroup.objects.filter(code__in=codes))


def activity(center, community, *, title, rule, start, end, codes=(), first=None, **fields):
    """An activity from the start of this week on, with its occurrences made."""
    today = timezone.localdate()
    made = ActivityFactory(
        center=center,
        community=community,
        title=title,
        rrule=rule,
        first_date=first or today - timedelta(days=today.weekday()),
        starts_at=start,
        ends_at=end,
        **fields,
    )
    made.target_groups.set(groups(*codes))
    occurrences_materialize(activity=made)
    return made


def next_occurrence(made) -> Occurrence:
    return made.occurrences.filter(ends_at__gt=timezone.now()).order_by("starts_at").first()


def build() -> Site:
    street = StreetFactory(
        district=DistrictFactory(city="重庆市", name="九龙坡区"), name="九龙街道"
    )
    caiyunhu = CommunityFactory(street=street, name="彩云湖社区")
    jiulong = CenterFactory(
        name="九龙社工中心",
        street=street,
        address="九龙坡区九龙街道九龙社工中心一楼",
        phone="023-68000001",
        opening_hours="周一至周五 9:00–17:30",
    )
    room_center = CenterFactory(
        name="彩云湖社区社工室",
        kind="community_room",
        street=street,
        community=caiyunhu,
        address="彩云湖社区服务站二楼",
        phone="023-68000002",
        opening_hours="周一至周六 8:30–18:00",
    )
    room = open_room(room_center, name="声乐室", capacity=25, kind="singing")
    open_room(jiulong, name="一楼会议室", capacity=30, kind="meeting")

    haircut = activity(
        jiulong,
        caiyunhu,
        title="免费理发",
        description="为辖区老人免费理发。每月最后一个星期三上午，在社区活动室。",
        rule="FREQ=MONTHLY;BYDAY=-1WE",
        start=time(9),
        end=time(11, 30),
        codes=("elderly",),
        capacity=20,
        place="彩云湖社区活动室",
    )
    activity(
        jiulong,
        caiyunhu,
        title="太极拳晨练",
        description="艺术团太极队带练，欢迎居民参加。",
        rule="FREQ=WEEKLY;BYDAY=MO,WE,FR,SU",
        start=time(7, 30),
        end=time(8, 30),
        codes=("elderly",),
        signup_required=False,
        capacity=None,
        venue=room,
    )
    activity(
        jiulong,
        caiyunhu,
        title="儿童绘本阅读会",
        rule="FREQ=WEEKLY;BYDAY=TU,SA",
        start=time(15),
        end=time(16, 30),
        codes=("children",),
        capacity=15,
        venue=room,
    )
    occurrence = next_occurrence(haircut)
    signup = signup_create(
        signup=Signup(occurrence=occurrence, name="张大爷", phone="13812341234", people=2),
        consented=True,
    )

    fields = {f.name: f for f in ServiceField.objects.all()}
    troupe = FiledGroupFactory(
        name="彩云湖社区艺术团",
        center=jiulong,
        community=caiyunhu,
        is_public=True,
        description="2012年7月创建的业余文艺团体。",
        meets="每周二、周四下午",
        contact_name="李老师",
    )
    troupe.service_fields.add(fields["文体娱乐"])
    team = FiledGroupFactory(
        name="彩云湖社区艺术团合唱队",
        center=jiulong,
        community=caiyunhu,
        parent=troupe,
        is_public=True,
        meets="每周二下午",
    )
    team.service_fields.add(fields["文体娱乐"])
    mediators = FiledGroupFactory(
        name="草根明星志愿者服务队纠纷调解分队", center=jiulong, community=caiyunhu, is_public=True
    )
    mediators.service_fields.add(fields["纠纷调解"])

    law_firm = PartnerUnitFactory(center=jiulong, name="九龙街道共建律师事务所", kind="law_firm")
    law_firm.services.create(name="法律法规免费咨询", schedule="每周五上午")
    office = PartnerUnitFactory(center=jiulong, name="九龙街道司法所", kind="judicial_office")
    office.services.create(name="矛盾纠纷调解")

    repairs = RepairServiceFactory(
        center=jiulong, name="E修就好", hotline="023-68000003", communities=[caiyunhu]
    )
    TechnicianFactory(service=repairs, name="王师傅")
    order = RepairOrderFactory(service=repairs, community=caiyunhu)

    volunteer = VolunteerFactory(center=jiulong, community=caiyunhu, name="张杰")
    VolunteerFactory.create_batch(4, center=jiulong, community=caiyunhu)
    certificate = HoursCertificateFactory(
        volunteer=volunteer,
        center=jiulong,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
    )
    # Last month's Double Ninth gathering: 24 person-times served.
    gathering = ActivityFactory(
        center=jiulong,
        community=caiyunhu,
        title="重阳节敬老活动",
        first_date=timezone.localdate() - timedelta(days=30),
        capacity=40,
    )
    gathering.target_groups.set(groups("elderly"))
    SignupFactory.create_batch(
        12, occurrence=OccurrenceFactory(activity=gathering), status="attended", people=2
    )
    volunteer_tallies.rebuild()
    served_tallies.rebuild()
    return Site(jiulong, caiyunhu, occurrence, signup, troupe, team, certificate, order, room)
