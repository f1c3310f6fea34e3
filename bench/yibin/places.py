"""Places and centers (a fixed set at every scale: 3 districts, 6 streets, 72
communities, 13 agencies and a social-work room in each community), their rooms,
and the social organizations they keep (these scale)."""

from datetime import date, time, timedelta

from bench.yibin.context import Context
from centers.demo import demo_uscc
from centers.models import (
    Center,
    Community,
    District,
    FollowUpVisit,
    IncubationStage,
    PartnerService,
    PartnerUnit,
    Residency,
    ServiceField,
    SocialOrganization,
    Street,
    Venue,
    VenueOpeningHours,
)

CITY = "宜宾市"
DIVISION_CODES = {"叙州区": "511504", "翠屏区": "511502", "南溪区": "511503"}
STREETS = [
    ("叙州区", "南岸街道"),
    ("叙州区", "赵场街道"),
    ("翠屏区", "合江门街道"),
    ("翠屏区", "大观楼街道"),
    ("南溪区", "南溪街道"),
    ("南溪区", "罗龙街道"),
]
# Twelve communities in each street, in the order of STREETS.
COMMUNITY_NAMES = [
    "金鱼",
    "天池",
    "滨江",
    "紫薇",
    "石城",
    "鹭岛",
    "春风",
    "柏溪",
    "南园",
    "长江",
    "东湖",
    "翠柏",
    "龙头",
    "桂花",
    "阳光",
    "清泉",
    "幸福",
    "和平",
    "新村",
    "白塔",
    "文星",
    "花园",
    "锦绣",
    "金沙",
    "红星",
    "人民",
    "东风",
    "光明",
    "建设",
    "胜利",
    "团结",
    "中山",
    "北街",
    "西郊",
    "南门",
    "东门",
    "大观",
    "合江",
    "旧州",
    "七星",
    "翠屏",
    "竹海",
    "华兴",
    "南华",
    "罗锅",
    "仙源",
    "长兴",
    "江南",
    "大石",
    "丽雅",
    "银杏",
    "凤凰",
    "青龙",
    "白沙",
    "黄桷",
    "马鞍",
    "云台",
    "双龙",
    "新华",
    "永兴",
    "福田",
    "桃源",
    "梨园",
    "龙泉",
    "月湖",
    "星光",
    "宝石",
    "玉泉",
    "观音",
    "安阜",
    "象鼻",
    "柳嘉",
]
PER_STREET = len(COMMUNITY_NAMES) // len(STREETS)  # 12
# The agencies besides the six street centers: (kind, name, street, community index).
OTHER_AGENCIES = [
    ("incubator", "叙州社会组织培育服务中心", "南岸街道", 0),
    ("service_hall", "金鱼社区党群服务中心", "南岸街道", 0),
    ("service_hall", "合江门街道党群服务中心", "合江门街道", None),
    ("service_hall", "南溪街道党群服务中心", "南溪街道", None),
    ("volunteer_station", "金鱼社区志愿服务站", "南岸街道", 0),
    ("volunteer_station", "大观楼街道志愿服务站", "大观楼街道", None),
    ("volunteer_station", "赵场街道志愿服务站", "赵场街道", None),
]
AGENCY_ROOMS = [
    ("一楼会议室", "meeting", 60),
    ("阅览室", "reading", 30),
    ("歌咏室", "singing", 40),
    ("书画室", "calligraphy", 20),
    ("茶艺室", "tea", 12),
]
COMMUNITY_ROOMS = [("活动室", "other", 30), ("阅览室", "reading", 15)]
PARTNERS = [
    ("共建医院", "hospital", ["药理知识咨询", "义诊"]),
    ("共建银行网点", "bank", ["防诈骗知识宣传"]),
    ("共建律师事务所", "law_firm", ["法律法规免费咨询"]),
    ("司法所", "judicial_office", ["矛盾纠纷调解"]),
]
ORGANIZATION_KINDS = ["舞蹈队", "合唱团", "志愿服务队", "老年协会", "调解委员会", "书画社"]
AGENCY_NAMES = ["社工服务中心", "社会工作服务社", "公益发展中心", "志愿者协会", "慈善基金会"]


def build(ctx: Context) -> list:
    districts = {name: District.objects.create(city=CITY, name=name) for name in DIVISION_CODES}
    ctx.streets = [
        Street.objects.create(district=districts[district], name=name) for district, name in STREETS
    ]
    ctx.communities = Community.objects.bulk_create(
        [
            Community(street=ctx.streets[index // PER_STREET], name=f"{name}社区")
            for index, name in enumerate(COMMUNITY_NAMES)
        ]
    )
    street = {s.name: s for s in ctx.streets}
    agencies = [
        Center(
            name=f"{s.name}社工服务中心",
            kind=Center.Kind.STREET_CENTER,
            street=s,
            opened_on=date(2019 + index % 3, 4, 1),
            address=f"{CITY}{s.district.name}{s.name}（基准地址）",
            phone=f"0831-60{index:05d}",
            opening_hours="周一至周五 9:00–17:30",
        )
        for index, s in enumerate(ctx.streets)
    ]
    for kind, name, street_name, community in OTHER_AGENCIES:
        s = street[street_name]
        agencies.append(
            Center(
                name=name,
                kind=kind,
                street=s,
                community=None
                if community is None
                else ctx.communities[ctx.streets.index(s) * PER_STREET + community],
                opened_on=date(2020, 4, 1),
                opening_hours="每天 8:30–20:30",
            )
        )
    ctx.agencies = Center.objects.bulk_create(agencies)
    ctx.incubator = next(c for c in ctx.agencies if c.kind == Center.Kind.INCUBATOR)
    ctx.rooms = Center.objects.bulk_create(
        [
            Center(
                name=f"{c.name}社工室",
                kind=Center.Kind.COMMUNITY_ROOM,
                street=c.street,
                community=c,
                phone=f"0831-61{index:05d}",
                opening_hours="周一至周五 9:00–17:30",
            )
            for index, c in enumerate(ctx.communities)
        ]
    )
    venues = Venue.objects.bulk_create(
        [
            Venue(center=center, name=name, kind=kind, capacity=capacity)
            for center in ctx.agencies
            for name, kind, capacity in AGENCY_ROOMS[: 3 + center.pk % 3]
        ]
        + [
            Venue(center=center, name=name, kind=kind, capacity=capacity)
            for center in ctx.rooms
            for name, kind, capacity in COMMUNITY_ROOMS
        ]
    )
    VenueOpeningHours.objects.bulk_create(
        [
            VenueOpeningHours(venue=venue, weekday=day, opens=time(8, 30), closes=time(20, 30))
            for venue in venues
            for day in range(1, 8 if venue.center.kind != Center.Kind.COMMUNITY_ROOM else 6)
        ]
    )
    partners = PartnerUnit.objects.bulk_create(
        [
            PartnerUnit(center=center, name=f"{center.street.name}{name}", kind=kind)
            for center in ctx.agencies
            if center.kind == Center.Kind.STREET_CENTER
            for name, kind, _services in PARTNERS
        ]
    )
    services = {name: offered for name, _kind, offered in PARTNERS}
    PartnerService.objects.bulk_create(
        [
            PartnerService(partner=partner, name=offered, schedule="每月第二个周六上午")
            for partner in partners
            for offered in services[partner.name.removeprefix(partner.center.street.name)]
        ]
    )
    return [District, Street, Community, Center, Venue, VenueOpeningHours, PartnerUnit]


def build_organizations(ctx: Context) -> list:
    """150 organizations at 1x: most are community groups filed with the street,
    the rest registered social groups, agencies and a few foundations; some hubs,
    most at an incubation stage; hosted at the incubator and the street centers,
    and visited back."""
    total = ctx.n("organizations")
    stages = list(IncubationStage.objects.order_by("order"))
    fields = list(ServiceField.objects.order_by("order"))
    street_centers = [c for c in ctx.agencies if c.kind == Center.Kind.STREET_CENTER]
    organizations = []
    for index in range(total):
        share = index / total
        keeper = ctx.incubator if index % 4 == 0 else street_centers[index % len(street_centers)]
        s = ctx.streets.index(keeper.street)
        community = ctx.communities[s * PER_STREET + index % PER_STREET]
        district = keeper.street.district.name
        if share < 0.6:
            form, status, level = "community_group", "filed", "street"
            name = f"{community.name}{ORGANIZATION_KINDS[index % len(ORGANIZATION_KINDS)]}"
        else:
            form = (
                "foundation"
                if share >= 0.96
                else ("social_group" if index % 2 else "social_service_agency")
            )
            status, level = "registered", "district" if index % 3 else "city"
            name = f"{district}{community.name[:2]}{AGENCY_NAMES[index % len(AGENCY_NAMES)]}"
        organizations.append(
            SocialOrganization(
                name=f"{name}{index:03d}",
                center=keeper,
                community=community if form == "community_group" or index % 2 else None,
                legal_form=form,
                uscc=demo_uscc(DIVISION_CODES[district], form, 1000 + index)
                if status == "registered"
                else "",
                registration_status=status,
                registration_level=level,
                # Seed and start-up stages are the most common; some have none.
                stage=stages[[0, 0, 0, 1, 1, 1, 2, 2, 3][index % 9]] if index % 7 else None,
                is_hub=index % 19 == 3,
                founded_on=date(2012, 1, 1) + timedelta(days=index * 37 % 5000),
                contact_name=f"{'王李张刘陈杨'[index % 6]}某",
                is_public=index % 2 == 0,
            )
        )
    organizations = SocialOrganization.objects.bulk_create(organizations)
    through = SocialOrganization.service_fields.through
    through.objects.bulk_create(
        [
            through(socialorganization_id=o.pk, servicefield_id=fields[(i + k) % len(fields)].pk)
            for i, o in enumerate(organizations)
            for k in range(1 + i % 2)
        ]
    )
    residencies = []
    for index, organization in enumerate(organizations):
        if index % 3:
            continue
        host = ctx.incubator if index % 2 == 0 else organization.center
        moved_in = date(2020, 4, 1) + timedelta(days=index * 23 % 2000)
        moved_out = moved_in + timedelta(days=400) if index % 5 == 0 else None
        if moved_out and moved_out > ctx.today:
            moved_out = None
        residencies.append(
            Residency(
                organization=organization, center=host, moved_in=moved_in, moved_out=moved_out
            )
        )
    Residency.objects.bulk_create(residencies)
    registered = [
        o for o in organizations if o.registration_status == "registered"
    ] or organizations
    FollowUpVisit.objects.bulk_create(
        [
            FollowUpVisit(
                organization=(o := registered[index % len(registered)]),
                center=o.center,
                visited_on=ctx.today - timedelta(days=(index * 13) % 1000),
                visitor=f"{o.center.name}社工",
                findings="运营正常，按章程开展活动。",
            )
            for index in range(ctx.n("follow_up_visits"))
        ]
    )
    return [SocialOrganization, through, Residency, FollowUpVisit]
