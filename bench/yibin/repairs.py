"""Repairs ("E修就好" in every street, for its twelve communities): technicians,
households on the 36.5-yuan plan, 90,000 orders at 1x since 2023 with their status
history, parts and ratings; and the bookings of the activity rooms."""

from datetime import date

from bench.yibin.context import Context
from bench.yibin.sql import execute, m2m_table, pick, rand, table, unindexed, value
from centers.models import Center, Venue, VenueOpeningHours
from services.models import (
    Household,
    HouseholdPlan,
    RepairEvent,
    RepairOrder,
    RepairPart,
    RepairService,
    Technician,
    VenueBooking,
)

ORDERS_SINCE = date(2023, 1, 1)
RECENT = 4  # orders of the last two hours: waiting, or a technician on site
PLANS_SINCE = date(2021, 1, 1)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
CATEGORIES = ["door_lock", "plumbing", "plumbing", "electrical", "electrical", "appliance", "other"]
PROBLEMS = {
    "door_lock": "卫生间门锁坏了，关不上",
    "plumbing": "厨房水管漏水",
    "electrical": "客厅灯不亮，开关没反应",
    "appliance": "热水器打不着火",
    "other": "阳台晾衣架掉了",
}
PARTS = [("水龙头", "35.00"), ("门锁芯", "48.00"), ("开关面板", "12.50"), ("软管", "8.00")]


def array(values) -> str:
    return "ARRAY[" + ", ".join(f"'{v}'" for v in values) + "]"


def build(ctx: Context) -> list:
    street_centers = [c for c in ctx.agencies if c.kind == Center.Kind.STREET_CENTER]
    services = RepairService.objects.bulk_create(
        [
            RepairService(
                center=center,
                name=f"E修就好（{center.street.name}）",
                hotline=f"0831-62{index:05d}",
            )
            for index, center in enumerate(street_centers)
        ]
    )
    through = RepairService.communities.through
    through.objects.bulk_create(
        [
            through(repairservice_id=service.pk, community_id=community.pk)
            for service in services
            for community in ctx.communities
            if community.street_id == service.center.street_id
        ]
    )
    Technician.objects.bulk_create(
        [
            # 137 0000 SSKK: the service's place in the list (not its id, which
            # may run past 99 on a reused database) and the technician's.
            Technician(service=service, name=f"{SURNAMES[k]}师傅", phone=f"1370000{s:02d}{k:02d}")
            for s, service in enumerate(services)
            for k in range(6)
        ]
    )
    execute(
        f"""
        CREATE TEMP TABLE bench_service ON COMMIT DROP AS
        SELECT c.community_id, c.repairservice_id AS service_id,
               (SELECT array_agg(id ORDER BY id) FROM {table(Technician)} t
                WHERE t.service_id = c.repairservice_id) AS technicians
        FROM {m2m_table(RepairService, "communities")} c
        """
    )
    communities = f"ARRAY[{', '.join(str(c.pk) for c in ctx.communities)}]"
    execute(
        f"""
        INSERT INTO {table(Household)} (service_id, community_id, address, name, phone)
        SELECT s.service_id, s.community_id,
               (1 + g %% 30) || '栋' || (1 + g %% 4) || '单元' || (101 + g %% 1800),
               substr('{SURNAMES}', 1 + g %% {len(SURNAMES)}, 1) || '某户' || g,
               '136' || lpad(g::text, 8, '0')
        FROM generate_series(1, {ctx.n("households")}) g
        JOIN bench_service s
            ON s.community_id = ({communities})[1 + {pick("g", 101, len(ctx.communities))}]
        """
    )
    # Yearly plans in a row from the first, each renewed with a chance of 4 in 5.
    execute(
        f"""
        INSERT INTO {table(HouseholdPlan)} (household_id, starts_on, ends_on, fee, paid_on)
        SELECT h.id, starts, (starts + interval '1 year' - interval '1 day')::date, 36.50, starts
        FROM {table(Household)} h
        CROSS JOIN LATERAL (
            SELECT DATE '{PLANS_SINCE}' + {pick("h.id", 102, 700)} AS first,
                   1 + floor(ln(1 - {rand("h.id", 103)}) / ln(0.8))::int AS years
        ) p,
        generate_series(0, 5) y
        CROSS JOIN LATERAL (SELECT (first + y * interval '1 year')::date AS starts) s
        WHERE y < years AND starts <= DATE '{ctx.today}'
        """
    )
    execute(
        f"""
        CREATE TEMP TABLE bench_households ON COMMIT DROP AS
        SELECT community_id, array_agg(id ORDER BY id) AS ids, array_agg(name ORDER BY id) AS names,
               array_agg(phone ORDER BY id) AS phones, array_agg(address ORDER BY id) AS addresses
        FROM {table(Household)} GROUP BY community_id
        """
    )
    _orders(ctx, communities)
    return [
        RepairService,
        through,
        Technician,
        Household,
        HouseholdPlan,
        RepairOrder,
        RepairEvent,
        RepairPart,
    ]


def _orders(ctx: Context, communities: str) -> None:
    """Orders spread over the time since 2023 (7:00–21:00 local): a technician on
    site within the hour for 92%, later for the rest; 3% cancelled; the last hours'
    orders still waiting or on site; 60% of the finished ones rated."""
    total = ctx.n("repair_orders")
    days = (ctx.today - ORDERS_SINCE).days
    minutes = (
        f"CASE WHEN {rand('g', 111)} < 0.92 THEN 10 + {pick('g', 112, 50)} "
        f"ELSE 60 + {pick('g', 112, 90)} END"
    )
    with unindexed(RepairOrder, RepairEvent):
        execute(
            f"""
            INSERT INTO {table(RepairOrder)} (
                service_id, channel, tracking_code, name, phone, community_id, address,
                household_id, category, description, preferred_time, photo, consented_at,
                status, technician_id, submitted_at, respond_by, on_site_at, response_seconds,
                closed_at, rating, rating_comment, rated_at)
            SELECT service_id,
                   CASE WHEN {rand("g", 113)} < 0.6 THEN 'web'
                        WHEN {rand("g", 113)} < 0.85 THEN 'phone' ELSE 'wechat' END,
                   substr(md5('order' || g) || md5('code' || g), 1, 24),
                   coalesce(names[k], substr('{SURNAMES}', 1 + g %% {len(SURNAMES)}, 1) || '女士'),
                   coalesce(phones[k], '133' || lpad(g::text, 8, '0')),
                   community_id, coalesce(addresses[k], (1 + g %% 30) || '-2-' || (101 + g %% 900)),
                   ids[k], category, ({array(PROBLEMS.values())})[array_position(
                       {array(PROBLEMS)}, category::text)], '', '', submitted,
                   status,
                   CASE WHEN status <> 'submitted' AND NOT (status = 'cancelled' AND {
                rand("g", 114)
            } < 0.5)
                        THEN technicians[1 + {pick("g", 115, 6)} %% cardinality(technicians)] END,
                   submitted, submitted + interval '60 minutes',
                   CASE WHEN status IN ('on_site', 'done')
                        THEN submitted + seconds * interval '1 second' END,
                   CASE WHEN status IN ('on_site', 'done') THEN seconds END,
                   CASE WHEN status = 'done'
                            THEN submitted + seconds * interval '1 second'
                                 + interval '1 minute' * (20 + {pick("g", 116, 70)})
                        WHEN status = 'cancelled'
                            THEN submitted + interval '1 minute' * (5 + {pick("g", 116, 40)}) END,
                   rating, '',
                   CASE WHEN rating IS NOT NULL THEN least(now(),
                        submitted + seconds * interval '1 second' + interval '3 hours') END
            FROM (
                SELECT g, s.service_id, s.community_id, s.technicians, w.submitted,
                       ({array(CATEGORIES)})[1 + {pick("g", 117, len(CATEGORIES))}] AS category,
                       ({minutes}) * 60 + {pick("g", 118, 60)} AS raw_seconds,
                       CASE WHEN {rand("g", 119)} < 0.6 AND hh.ids IS NOT NULL
                            THEN 1 + {pick("g", 120, 1_000_000)} %% cardinality(hh.ids) END AS k,
                       hh.ids, hh.names, hh.phones, hh.addresses,
                       CASE WHEN w.submitted > now() - interval '40 minutes'
                                THEN CASE WHEN g %% 2 = 0 THEN 'submitted' ELSE 'dispatched' END
                            WHEN w.submitted > now() - interval '4 hours' THEN 'on_site'
                            WHEN {rand("g", 121)} < 0.03 THEN 'cancelled'
                            ELSE 'done' END AS status,
                       CASE WHEN w.submitted > now() - interval '4 hours' THEN NULL
                            WHEN {rand("g", 122)} < 0.36 THEN 5 WHEN {rand("g", 122)} < 0.54 THEN 4
                            WHEN {rand("g", 122)} < 0.58 THEN 3 WHEN {rand("g", 122)} < 0.59 THEN 2
                            WHEN {rand("g", 122)} < 0.60 THEN 1 END AS raw_rating
                FROM generate_series(1, {total}) g
                JOIN bench_service s ON s.community_id = ({communities})[1 + {
                pick("g", 123, len(ctx.communities))
            }]
                LEFT JOIN bench_households hh ON hh.community_id = s.community_id
                CROSS JOIN LATERAL (
                    -- Day by day from 2023 to yesterday, 7:00–21:00; the last four
                    -- in the last two hours.
                    SELECT CASE WHEN g > {total} - {RECENT}
                                THEN now() - interval '25 minutes' * ({total} - g + 1)
                                ELSE {
                ctx.local(
                    f"DATE '{ORDERS_SINCE}' + floor({days} * (g - 1)::float8"
                    f" / {max(1, total - RECENT)})::int",
                    f"time '07:00' + interval '1 minute' * {pick('g', 124, 14 * 60)}",
                )
            } END AS submitted
                ) w
            ) o
            CROSS JOIN LATERAL (
                SELECT CASE WHEN status = 'done' THEN raw_rating END AS rating,
                       CASE WHEN status = 'on_site' THEN least(raw_seconds,
                                extract(epoch FROM now() - submitted)::int - 60)
                            ELSE raw_seconds END AS seconds
            ) r
            """
        )
        # Each step of each order, as repair_order_move stamps them.
        execute(
            f"""
            INSERT INTO {table(RepairEvent)} (order_id, status, at, technician_id, note)
            SELECT id, 'submitted', submitted_at, NULL, '' FROM {table(RepairOrder)}
            UNION ALL
            SELECT id, 'dispatched', submitted_at + (coalesce(response_seconds, 600) / 3)
                       * interval '1 second', technician_id, ''
            FROM {table(RepairOrder)} WHERE technician_id IS NOT NULL
            UNION ALL
            SELECT id, 'on_site', on_site_at, NULL, '' FROM {table(RepairOrder)}
            WHERE on_site_at IS NOT NULL
            UNION ALL
            SELECT id, status, closed_at, NULL,
                   CASE WHEN status = 'cancelled' THEN '居民取消' ELSE '' END
            FROM {table(RepairOrder)} WHERE status IN ('done', 'cancelled')
            """
        )
    execute(
        f"""
        INSERT INTO {table(RepairPart)} (order_id, name, quantity, unit_price)
        SELECT id, ({array(p for p, _ in PARTS)})[1 + n], 1 + {pick("id", 125, 2)},
               (({array(price for _, price in PARTS)})[1 + n])::numeric
        FROM {table(RepairOrder)}
        CROSS JOIN LATERAL (SELECT {pick("id", 126, len(PARTS))} AS n) p
        WHERE status = 'done' AND {rand("id", 127)} < 0.25
        """
    )


def build_bookings(ctx: Context) -> list:
    """Bookings of the rooms over the past year and the coming four weeks: one of
    three slots (9–11, 14–16, 19–20:30) on an opening day, so that approved ones
    never overlap; weekly series for the organizations; past requests decided,
    coming ones partly waiting."""
    venues = value(f"SELECT count(DISTINCT venue_id) FROM {table(VenueOpeningHours)}")
    days = 365 + 28
    share = min(1.0, ctx.n("bookings") / max(1, venues * days * 3 * 5 / 7))
    key = "k"
    slot_starts = "ARRAY[time '09:00', time '14:00', time '19:00']"
    slot_ends = "ARRAY[time '11:00', time '16:00', time '20:30']"
    execute(
        f"""
        INSERT INTO {table(VenueBooking)} (venue_id, starts_at, ends_at, status, series, name,
            phone, organization_name, purpose, people, requested_at, consented_at, decided_at,
            note)
        SELECT v.id, {ctx.local("d", f"({slot_starts})[slot]")},
               {ctx.local("d", f"({slot_ends})[slot]")},
               CASE WHEN d > DATE '{ctx.today}' AND {rand(key, 131)} < 0.3 THEN 'requested'
                    WHEN {rand(key, 131)} < 0.05 THEN 'declined'
                    WHEN {rand(key, 131)} < 0.10 THEN 'cancelled'
                    ELSE 'approved' END,
               CASE WHEN {rand(key, 132)} < 0.5
                    THEN md5(v.id || '-' || extract(isodow FROM d) || '-' || slot
                             || '-' || extract(quarter FROM d))::uuid END,
               substr('{SURNAMES}', (1 + v.id %% {len(SURNAMES)})::int, 1) || '老师',
               '138' || lpad((v.id * 10 + slot)::text, 8, '0'),
               CASE WHEN {rand(key, 132)} < 0.5 THEN '社区合唱团' ELSE '' END,
               CASE slot WHEN 1 THEN '合唱排练' WHEN 2 THEN '书法练习' ELSE '居民议事会' END,
               least(v.capacity, 5 + {pick(key, 133, 30)}),
               {ctx.local("d - 7", "'10:00'")}, {ctx.local("d - 7", "'10:00'")},
               CASE WHEN d <= DATE '{ctx.today}' OR {rand(key, 131)} >= 0.3
                    THEN {ctx.local("d - 6", "'09:00'")} END,
               ''
        FROM {table(Venue)} v
        CROSS JOIN generate_series(DATE '{ctx.today}' - 365, DATE '{ctx.today}' + 28,
                                   interval '1 day') day
        CROSS JOIN LATERAL (SELECT day::date AS d) dd
        CROSS JOIN generate_series(1, 3) slot
        CROSS JOIN LATERAL (SELECT (v.id * 100000 + (d - DATE '2020-01-01')) * 4 + slot AS k) kk
        WHERE EXISTS (SELECT 1 FROM {table(VenueOpeningHours)} h
                      WHERE h.venue_id = v.id AND h.weekday = extract(isodow FROM d))
          AND {rand("k", 134)} < {share}
        """
    )
    return [VenueBooking]
