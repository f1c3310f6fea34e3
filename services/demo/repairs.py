"""Jinyu community's repair service ("E修就好").

The platform came to Jinyu about a month before the report of 23 September 2020
("入驻一个多月以来，已经为辖区居民服务上百次"), so its first month is taken as
17 August – 16 September 2020: 108 orders, most with a technician on site within
the hour, a few late, ratings mostly high, and 苏女士's bathroom door (no parts,
no fee, on site within the hour). 90 households pay the 36.5-yuan yearly plan. A
few orders are waiting right now, so the admin's response board has something
to show.

Idempotent: the first month is made once; open orders only when missing. Names
of people not in the article are plainly made up ("王某601").
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from centers.models import Center, Community
from members.demo import fictional_name
from services.clock import configured_clock, response_target
from services.models import (
    Household,
    HouseholdPlan,
    RepairCategory,
    RepairChannel,
    RepairEvent,
    RepairOrder,
    RepairPart,
    RepairService,
    RepairStatus,
    Technician,
)
from services.services.repairs import repair_order_move, repair_order_submit

FIRST_DAY = date(2020, 8, 17)
FIRST_MONTH_DAYS = 31  # 17 August – 16 September 2020
ORDERS_IN_FIRST_MONTH = 108
PLAN_HOUSEHOLDS = 90
SU_PHONE = "13700009999"
SU_COMMENT = "真正又快又好，省去了我到处找维修人员的麻烦。"

PROBLEMS = {
    RepairCategory.DOOR_LOCK: [
        "入户门锁芯卡住",
        "卫生间门把手松动",
        "防盗门关不严",
        "衣柜门合页脱落",
    ],
    RepairCategory.PLUMBING: [
        "厨房水龙头漏水",
        "马桶水箱不停流水",
        "洗手池下水堵塞",
        "热水器进水阀滴水",
    ],
    RepairCategory.ELECTRICAL: ["客厅插座没电", "卧室灯不亮", "空气开关跳闸", "楼道感应灯不亮"],
    RepairCategory.APPLIANCE: ["洗衣机不排水", "抽油烟机噪音大", "冰箱不制冷", "燃气灶打不着火"],
    RepairCategory.OTHER: ["纱窗破损", "晾衣架摇不动", "阳台玻璃松动", "窗户关不严"],
}
PARTS = {
    RepairCategory.DOOR_LOCK: [("锁芯", "45.00"), ("门把手", "35.00"), ("合页", "8.00")],
    RepairCategory.PLUMBING: [("水龙头阀芯", "25.00"), ("马桶进水阀", "38.00"), ("角阀", "18.00")],
    RepairCategory.ELECTRICAL: [("插座面板", "12.00"), ("LED灯管", "20.00"), ("空气开关", "30.00")],
    RepairCategory.APPLIANCE: [("排水泵", "60.00"), ("点火针", "15.00")],
    RepairCategory.OTHER: [("纱网", "20.00"), ("晾衣架钢丝绳", "16.00")],
}

# (room's center, room, kind, capacity): the rooms the art troupe's teams use.


def load(*, stdout) -> None:
    hall = Center.objects.get(name="金鱼社区党群服务中心")
    service = _service(hall)
    technicians = _technicians(service)
    households = _households(service)
    _first_month(service, technicians, households)
    _waiting_now(service, technicians)
    first_month = RepairOrder.objects.filter(
        service=service, submitted_at__lt=_local(date(2020, 9, 17))
    )
    within = first_month.filter(on_site_at__lte=F("respond_by")).count()
    stdout.write(
        f"  services (repairs): {first_month.count()} repair orders in Jinyu's first month "
        f"({within} on site within the hour), {len(households)} households on the plan"
    )


def _local(day: date, at: time = time(0)) -> datetime:
    return datetime.combine(day, at, timezone.get_current_timezone())


def _service(hall):
    service, _ = RepairService.objects.get_or_create(
        center=hall, name="E修就好", defaults={"hotline": "0831-6000003"}
    )
    jinyu = Community.objects.get(name="金鱼社区")
    if not service.communities.filter(pk=jinyu.pk).exists():
        service.communities.add(jinyu)
    return service


def _technicians(service):
    for index in range(601, 605):
        Technician.objects.get_or_create(service=service, name=fictional_name(index))
    return list(Technician.objects.filter(service=service).order_by("pk"))


def _households(service):
    """90 households on the yearly plan from the platform's first day, 苏女士's among them."""
    jinyu = Community.objects.get(name="金鱼社区")
    wanted = [("苏女士", SU_PHONE, "5栋1单元302")] + [
        (
            fictional_name(700 + n),
            f"1370000{n:04d}",
            f"{1 + n % 12}栋{1 + n % 3}单元{(n % 6 + 1) * 100 + n % 4 + 1}",
        )
        for n in range(1, PLAN_HOUSEHOLDS)
    ]
    existing = set(Household.objects.filter(service=service).values_list("phone", flat=True))
    bulk_create_with_history(
        [
            Household(service=service, community=jinyu, name=name, phone=phone, address=address)
            for name, phone, address in wanted
            if phone not in existing
        ],
        Household,
    )
    households = list(Household.objects.filter(service=service, phone__in=[w[1] for w in wanted]))
    paid = set(
        HouseholdPlan.objects.filter(household__in=households).values_list("household", flat=True)
    )
    bulk_create_with_history(
        [
            HouseholdPlan(
                household=household,
                starts_on=FIRST_DAY,
                ends_on=HouseholdPlan.year_from(FIRST_DAY),
                fee=Decimal("36.50"),
                paid_on=FIRST_DAY,
            )
            for household in households
            if household.pk not in paid
        ],
        HouseholdPlan,
    )
    return households


def _first_month(service, technicians, households):
    """108 orders from 17 August to 16 September 2020, made once."""
    start, end = _local(FIRST_DAY), _local(FIRST_DAY + timedelta(days=FIRST_MONTH_DAYS))
    if RepairOrder.objects.filter(
        service=service, submitted_at__gte=start, submitted_at__lt=end
    ).exists():
        return
    rng = random.Random(2020)
    clock, target = configured_clock(), response_target()
    plan_households = [h for h in households if h.phone != SU_PHONE]
    orders, events, parts = [], [], []
    for index in range(ORDERS_IN_FIRST_MONTH):
        day = FIRST_DAY + timedelta(days=index * FIRST_MONTH_DAYS // ORDERS_IN_FIRST_MONTH)
        submitted = _local(day, time(rng.randint(7, 20), rng.randint(0, 59)))
        category = rng.choices(list(PROBLEMS), weights=[25, 30, 20, 15, 10])[0]
        household = rng.choice(plan_households) if index % 5 else None  # 1 in 5: no plan
        order = RepairOrder(
            service=service,
            community=household.community if household else plan_households[0].community,
            household=household,
            channel=rng.choices(list(RepairChannel), weights=[45, 20, 35])[0],
            name=household.name if household else fictional_name(800 + index),
            phone=household.phone if household else f"1370001{index:04d}",
            address=household.address
            if household
            else f"{1 + index % 12}栋{1 + index % 3}单元{200 + index}",
            category=category,
            description=rng.choice(PROBLEMS[category]),
            submitted_at=submitted,
            consented_at=submitted,
            respond_by=clock.deadline(submitted, target),
        )
        # 7 late (66–110 min), 3 cancelled before anyone came, the rest 12–58 min.
        if index % 36 == 17:
            _cancelled(order, events, submitted + timedelta(minutes=rng.randint(5, 30)))
        else:
            late = index % 15 == 7
            response = timedelta(minutes=rng.randint(66, 110) if late else rng.randint(12, 58))
            rating = _rating(rng, late)
            _done(order, events, rng.choice(technicians), clock, response, rng, rating)
            if rng.random() < 0.35:
                name, price = rng.choice(PARTS[category])
                parts.append(
                    (
                        order,
                        RepairPart(
                            name=name, quantity=1 + (rng.random() < 0.2), unit_price=Decimal(price)
                        ),
                    )
                )
        orders.append(order)
    orders.append(_su_order(service, households, technicians[0], clock, target, events))
    _save(orders, events, parts)


def _rating(rng, late):
    if rng.random() < 0.15:
        return None  # not every resident rates
    return rng.choices([5, 4, 3, 2], weights=[30, 50, 15, 5] if late else [72, 22, 5, 1])[0]


def _done(order, events, technician, clock, response, rng, rating):
    submitted = order.submitted_at
    dispatched = submitted + timedelta(minutes=rng.randint(2, 8))
    on_site = submitted + response
    done = on_site + timedelta(minutes=rng.randint(15, 90))
    order.status, order.technician, order.on_site_at, order.closed_at = (
        RepairStatus.DONE,
        technician,
        on_site,
        done,
    )
    order.response_seconds = int(clock.running_time(submitted, on_site).total_seconds())
    if rating:
        order.rating, order.rated_at = rating, done + timedelta(hours=rng.randint(1, 20))
    events += [
        RepairEvent(order=order, status=RepairStatus.SUBMITTED, at=submitted),
        RepairEvent(
            order=order, status=RepairStatus.DISPATCHED, at=dispatched, technician=technician
        ),
        RepairEvent(order=order, status=RepairStatus.ON_SITE, at=on_site),
        RepairEvent(order=order, status=RepairStatus.DONE, at=done),
    ]


def _cancelled(order, events, at):
    order.status, order.closed_at = RepairStatus.CANCELLED, at
    events += [
        RepairEvent(order=order, status=RepairStatus.SUBMITTED, at=order.submitted_at),
        RepairEvent(order=order, status=RepairStatus.CANCELLED, at=at, note="居民已自行解决"),
    ]


def _su_order(service, households, technician, clock, target, events):
    """苏女士: the bathroom door, booked online, on site within the hour, no parts, no fee."""
    su = next(h for h in households if h.phone == SU_PHONE)
    submitted = _local(date(2020, 9, 8), time(9, 12))
    order = RepairOrder(
        service=service,
        community=su.community,
        household=su,
        channel=RepairChannel.WEB,
        name=su.name,
        phone=su.phone,
        address=su.address,
        category=RepairCategory.DOOR_LOCK,
        description="卫生间的门坏了，关不上。",
        submitted_at=submitted,
        consented_at=submitted,
        respond_by=clock.deadline(submitted, target),
        rating_comment=SU_COMMENT,
    )
    rng = random.Random(98)
    _done(order, events, technician, clock, timedelta(minutes=41), rng, rating=5)
    return order


def _save(orders, events, parts):
    bulk_create_with_history(orders, RepairOrder)
    for event in events:
        event.order_id = event.order.pk
    RepairEvent.objects.bulk_create(events)
    for order, part in parts:
        part.order = order
    bulk_create_with_history([part for _order, part in parts], RepairPart)


def _waiting_now(service, technicians):
    """Three orders waiting right now: one just in, one on the way, one late."""
    jinyu = service.communities.get()
    now = timezone.now()
    waiting = [
        (
            "居民（演示）甲",
            "13700020001",
            8,
            RepairCategory.PLUMBING,
            "厨房水管爆裂，正在漏水",
            None,
        ),
        (
            "居民（演示）乙",
            "13700020002",
            35,
            RepairCategory.ELECTRICAL,
            "整屋停电",
            technicians[1],
        ),
        (
            "居民（演示）丙",
            "13700020003",
            75,
            RepairCategory.DOOR_LOCK,
            "钥匙断在锁里",
            technicians[2],
        ),
    ]
    for name, phone, minutes_ago, category, description, technician in waiting:
        if RepairOrder.objects.filter(service=service, name=name).exists():
            continue
        at = now - timedelta(minutes=minutes_ago)
        order = repair_order_submit(
            order=RepairOrder(
                service=service,
                community=jinyu,
                channel=RepairChannel.PHONE,
                name=name,
                phone=phone,
                address="8栋1单元101",
                category=category,
                description=description,
            ),
            consented=True,
            at=at,
        )
        if technician:
            repair_order_move(
                order=order,
                to=RepairStatus.DISPATCHED,
                technician=technician,
                at=at + timedelta(minutes=3),
            )
