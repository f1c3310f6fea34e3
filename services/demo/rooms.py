"""The activity rooms' opening hours and bookings.

Jinyu's four rooms are in Yibin, the Caiyunhu art troupe in Chongqing; so the
troupe's teams book a room of their own community's social-work room (and
Jiulong center's first-floor meeting room, which the article mentions), and
Jinyu's rooms are booked by Jinyu's own groups. Weekly series start from the
coming week, so /venues/ always shows taken times.

Idempotent: bookings only when that group has none to come.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from centers.models import Center, SocialOrganization, Venue, VenueOpeningHours
from services.models import BookingStatus, VenueBooking
from services.services.bookings import booking_request

TROUPE_ROOMS = [
    ("彩云湖社区社工室", "多功能活动室", Venue.Kind.OTHER, 40),
    ("九龙社工中心", "一楼会议室", Venue.Kind.MEETING, 30),
]
# Opening hours per room: (weekdays, opens, closes).
HOURS = {
    "金鱼社区党群服务中心": [(range(1, 8), time(8, 30), time(20, 30))],  # "每天 8:30–20:30"
    "彩云湖社区社工室": [(range(1, 7), time(8, 30), time(12)), (range(1, 7), time(14), time(21))],
    "九龙社工中心": [(range(1, 6), time(9), time(17, 30))],
}
# (center, room, who, organization on record, purpose, people, weekday, from, until, approved)
WEEKLY_BOOKINGS = [
    (
        "彩云湖社区社工室",
        "多功能活动室",
        "彩云湖社区艺术团合唱队",
        "合唱排练",
        26,
        2,
        (14, 30),
        (16, 30),
        True,
    ),
    (
        "彩云湖社区社工室",
        "多功能活动室",
        "彩云湖社区艺术团舞蹈队",
        "舞蹈排练",
        20,
        4,
        (19, 0),
        (21, 0),
        True,
    ),
    (
        "彩云湖社区社工室",
        "多功能活动室",
        "彩云湖社区艺术团太极拳剑队",
        "太极拳剑练习",
        18,
        6,
        (8, 30),
        (10, 0),
        True,
    ),
    (
        "彩云湖社区社工室",
        "多功能活动室",
        "彩云湖社区艺术团民乐队",
        "民乐合奏排练",
        12,
        3,
        (15, 0),
        (17, 0),
        False,
    ),
    (
        "九龙社工中心",
        "一楼会议室",
        "彩云湖社区艺术团时装队",
        "时装队例会",
        15,
        5,
        (14, 0),
        (15, 30),
        True,
    ),
    (
        "金鱼社区党群服务中心",
        "阅读室",
        "宜宾市酒都义工联合会",
        "志愿者交流学习",
        24,
        1,
        (19, 0),
        (20, 30),
        True,
    ),
    (
        "金鱼社区党群服务中心",
        "书画室",
        "金鱼社区书画爱好者（演示）",
        "书画练习",
        16,
        6,
        (9, 0),
        (11, 0),
        True,
    ),
    (
        "金鱼社区党群服务中心",
        "声乐室",
        "金鱼社区合唱爱好者（演示）",
        "声乐练习",
        20,
        3,
        (19, 0),
        (20, 30),
        False,
    ),
]
BOOKING_WEEKS = 8


def load(*, stdout) -> None:
    made = _bookings(_rooms())
    stdout.write(f"  services (rooms): {made} room bookings added")


def _local(day: date, at: time = time(0)) -> datetime:
    return datetime.combine(day, at, timezone.get_current_timezone())


def _rooms():
    """Opening hours for Jinyu's rooms, and the rooms the art troupe's teams use."""
    for center_name, name, kind, capacity in TROUPE_ROOMS:
        Venue.objects.get_or_create(
            center=Center.objects.get(name=center_name),
            name=name,
            defaults={"kind": kind, "capacity": capacity},
        )
    rooms = {
        (v.center.name, v.name): v
        for v in Venue.objects.filter(center__name__in=HOURS).select_related("center")
    }
    have = set(
        VenueOpeningHours.objects.filter(venue__in=rooms.values()).values_list(
            "venue", "weekday", "opens"
        )
    )
    bulk_create_with_history(
        [
            VenueOpeningHours(venue=room, weekday=weekday, opens=opens, closes=closes)
            for (center_name, _name), room in rooms.items()
            for weekdays, opens, closes in HOURS[center_name]
            for weekday in weekdays
            if (room.pk, weekday, opens) not in have
        ],
        VenueOpeningHours,
    )
    return rooms


def _bookings(rooms) -> int:
    """Weekly series from the coming week, unless that group already has future bookings."""
    today = timezone.localdate()
    organizations = {
        o.name: o
        for o in SocialOrganization.objects.filter(name__in=[b[2] for b in WEEKLY_BOOKINGS])
    }
    made = 0
    for center, room, who, purpose, people, weekday, start, end, approved in WEEKLY_BOOKINGS:
        venue = rooms[(center, room)]
        booked = VenueBooking.objects.filter(venue=venue, name=who, ends_at__gte=timezone.now())
        if booked.exclude(status=BookingStatus.DECLINED).exists():
            continue
        first = today + timedelta(days=(weekday - today.isoweekday()) % 7 or 7)
        made += len(
            booking_request(
                booking=VenueBooking(
                    venue=venue,
                    starts_at=_local(first, time(*start)),
                    ends_at=_local(first, time(*end)),
                    name=who,
                    phone="023-60000001" if center != "金鱼社区党群服务中心" else "0831-6000002",
                    organization=organizations.get(who),
                    organization_name=who,
                    purpose=purpose,
                    people=people,
                    consented_at=timezone.now(),
                ),
                weeks=BOOKING_WEEKS,
                approved=approved,
            )
        )
    return made
