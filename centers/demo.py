"""The article's world, part 1: places, centers, organizations and partners.

Called by `manage.py load_demo`. Every figure the article gives is built from
records so that the pages compute it. Idempotent: entries are found by their
natural keys and only missing ones are created. Names of people other than
those in the article are made up and plainly fictional ("王某001").
"""

from datetime import date

from simple_history.utils import bulk_create_with_history

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
)
from centers.validators import USCC_ALPHABET, uscc_check_character

JIULONG_COMMUNITIES = [
    "彩云湖社区",
    "广厦城社区",
    "九龙社区",
    "盘龙社区",
    "龙泉社区",
    "兰花社区",
    "滨江社区",
    "新华社区",
    "朝阳社区",
    "建设社区",
]
# The Xuzhou incubator's projects "直接覆盖72个社区": the street gets plainly made-up
# communities beside the four named ones, so that the projects can cover 72.
NANAN_COMMUNITIES = ["金鱼社区", "南岸社区", "东湖社区", "西城社区"] + [
    f"南岸第{number:02d}社区" for number in range(5, 73)
]
ART_TROUPE_TEAMS = ["合唱队", "舞蹈队", "时装队", "民乐队", "柔力球队", "健身球队", "太极拳剑队"]
JIULONG_HOSTED = [
    "九龙坡区启航社会工作服务中心",
    "九龙坡区阳光矫正社会工作服务社",
    "九龙坡区同心残疾人服务中心",
    "九龙坡区心桥心理咨询服务中心",
    "九龙坡区夕阳红养老服务中心",
    "九龙坡区童心儿童服务中心",
    "九龙坡区和睦调解服务中心",
    "九龙坡区邻里守望志愿者协会",
    "九龙坡区乐龄社会工作服务社",
    "重庆市彩虹社会工作服务中心",
    "重庆市向日葵青少年服务中心",
    "重庆市暖阳社会救助服务中心",
    "重庆市安康社区服务中心",
    "重庆市明德法律援助服务中心",
    "重庆市共享公益发展中心",
]
GROUP_KINDS = [
    "读书会",
    "合唱团",
    "舞蹈队",
    "书画社",
    "志愿服务队",
    "健身队",
    "邻里互助会",
    "老年协会",
    "亲子俱乐部",
    "巡逻队",
    "环保小组",
    "棋牌社",
    "太极队",
]
XUZHOU_HOSTED = [
    # (name, legal form, hub)
    ("宜宾市酒都义工联合会", "social_group", True),
    ("宜宾市志愿服务联合会", "social_group", True),
    ("叙州区社会组织联合会", "social_group", True),
    ("叙州区童萌亲子服务中心", "social_service_agency", False),
    ("叙州区社工之家服务中心", "social_service_agency", False),
    ("叙州区金鱼社会工作服务中心", "social_service_agency", False),
    ("叙州区南岸养老服务中心", "social_service_agency", False),
    ("叙州区和谐调解服务中心", "social_service_agency", False),
    ("叙州区阳光助残服务中心", "social_service_agency", False),
    ("叙州区心晴心理服务中心", "social_service_agency", False),
    ("叙州区红马甲文明劝导服务队", "social_group", False),
    ("叙州区城乡经济发展促进会", "social_group", False),
    ("叙州区青少年成长服务中心", "social_service_agency", False),
    ("叙州区慈善助学基金会", "foundation", False),
]
JINYU_ROOMS = [
    ("阅读室", "reading", 30),
    ("声乐室", "singing", 25),
    ("书画室", "calligraphy", 20),
    ("茶艺室", "tea", 12),
]
JINYU_PARTNERS = [
    ("金鱼社区共建医院", "hospital", ["药理知识咨询"]),
    ("金鱼社区共建银行网点", "bank", ["理财知识宣传", "防诈骗知识宣传"]),
    ("金鱼社区共建律师事务所", "law_firm", ["法律法规免费咨询"]),
    ("南岸街道司法所", "judicial_office", ["矛盾纠纷调解"]),
]
DIVISION_CODES = {"九龙坡区": "500107", "叙州区": "511521"}
FORM_CODES = {"social_group": "1", "social_service_agency": "2", "foundation": "3"}


def demo_uscc(division: str, legal_form: str, serial: int) -> str:
    """A well-formed credit code for a made-up organization (check character right)."""
    body = "".join(USCC_ALPHABET[(serial // 31**i) % 31] for i in range(8, -1, -1))
    first17 = f"5{FORM_CODES[legal_form]}{division}{body}"
    return first17 + uscc_check_character(first17)


def load(*, stdout) -> None:
    jiulong_street, nanan_street = _places()
    centers = _centers(jiulong_street, nanan_street)
    _organizations(centers)
    _partners(centers["jinyu_hall"])
    stdout.write(
        f"  centers: {Center.objects.count()} centers, "
        f"{SocialOrganization.objects.count()} organizations"
    )


def _places():
    jiulongpo, _ = District.objects.get_or_create(city="重庆市", name="九龙坡区")
    xuzhou, _ = District.objects.get_or_create(city="宜宾市", name="叙州区")
    jiulong, _ = Street.objects.get_or_create(district=jiulongpo, name="九龙街道")
    nanan, _ = Street.objects.get_or_create(district=xuzhou, name="南岸街道")
    for street, names in ((jiulong, JIULONG_COMMUNITIES), (nanan, NANAN_COMMUNITIES)):
        for name in names:
            Community.objects.get_or_create(street=street, name=name)
    return jiulong, nanan


def _center(name, **fields):
    center, _ = Center.objects.get_or_create(name=name, defaults=fields)
    return center


def _centers(jiulong, nanan):
    communities = {c.name: c for c in Community.objects.all()}
    centers = {
        "jiulong": _center(
            "九龙社工中心",
            kind=Center.Kind.STREET_CENTER,
            street=jiulong,
            opened_on=date(2019, 4, 1),
            address="重庆市九龙坡区九龙街道（演示地址）",
            phone="023-60000001",
            opening_hours="周一至周五 9:00–17:30",
            description="九龙街道的社会工作服务载体，整合社区社工室与专业社会组织。",
        ),
        "incubator": _center(
            "叙州社会组织培育服务中心",
            kind=Center.Kind.INCUBATOR,
            street=nanan,
            community=communities["金鱼社区"],
            opened_on=date(2020, 4, 1),
            address="宜宾市叙州区南岸街道金鱼社区（演示地址）",
            phone="0831-6000001",
            opening_hours="周一至周五 9:00–17:00",
            description="政府与社会组织之间的桥梁：培育社会组织，壮大社工人才。",
        ),
        "jinyu_hall": _center(
            "金鱼社区党群服务中心",
            kind=Center.Kind.SERVICE_HALL,
            street=nanan,
            community=communities["金鱼社区"],
            address="宜宾市叙州区南岸街道金鱼社区（演示地址）",
            phone="0831-6000002",
            opening_hours="每天 8:30–20:30",
        ),
        "jinyu_station": _center(
            "金鱼社区志愿服务站",
            kind=Center.Kind.VOLUNTEER_STATION,
            street=nanan,
            community=communities["金鱼社区"],
            opening_hours="每天 9:00–17:00",
        ),
    }
    for index, name in enumerate(JIULONG_COMMUNITIES, start=1):
        centers[f"room:{name}"] = _center(
            f"{name}社工室",
            kind=Center.Kind.COMMUNITY_ROOM,
            street=jiulong,
            community=communities[name],
            phone=f"023-600001{index:02d}",
            opening_hours="周一至周五 9:00–17:30",
        )
    for name, kind, capacity in JINYU_ROOMS:
        Venue.objects.get_or_create(
            center=centers["jinyu_hall"], name=name, defaults={"kind": kind, "capacity": capacity}
        )
    return centers


def _create_missing(organizations):
    """Create the organizations whose names are not taken yet, with history."""
    existing = set(SocialOrganization.objects.values_list("name", flat=True))
    missing = [org for org in organizations if org.name not in existing]
    bulk_create_with_history(missing, SocialOrganization)
    return {
        org.name: org
        for org in SocialOrganization.objects.filter(name__in=[org.name for org in organizations])
    }


def _organizations(centers):
    jiulong, incubator = centers["jiulong"], centers["incubator"]
    stages = {stage.name: stage for stage in IncubationStage.objects.all()}
    fields = {field.name: field for field in ServiceField.objects.all()}
    jiulong_communities = list(Community.objects.filter(street=jiulong.street).order_by("pk"))
    caiyunhu = next(c for c in jiulong_communities if c.name == "彩云湖社区")

    # 15 city/district organizations hosted at the Jiulong center.
    hosted = _create_missing(
        [
            SocialOrganization(
                name=name,
                center=jiulong,
                legal_form="social_service_agency",
                uscc=demo_uscc(DIVISION_CODES["九龙坡区"], "social_service_agency", index),
                registration_status="registered",
                registration_level="city" if name.startswith("重庆市") else "district",
                stage=stages["成熟型"],
                founded_on=date(2014 + index % 5, 1 + index % 12, 1),
                is_public=True,
            )
            for index, name in enumerate(JIULONG_HOSTED, start=1)
        ]
    )
    hosted_fields = [fields["社区矫正"], fields["残疾人帮扶"], fields["心理辅导"]]
    for index, org in enumerate(hosted.values()):
        if not org.service_fields.exists():
            org.service_fields.add(hosted_fields[index % 3])
        Residency.objects.get_or_create(
            organization=org, center=jiulong, defaults={"moved_in": date(2019, 4, 15)}
        )

    # 138 social groups filed with the street: the Caiyunhu art troupe and its
    # seven teams, and 130 more groups across the ten communities.
    troupe = _create_missing(
        [
            _filed_group(
                "彩云湖社区艺术团",
                jiulong,
                caiyunhu,
                founded_on=date(2012, 7, 1),
                description="2012年7月创建的业余文艺团体，由合唱队发展为七支队伍的复合型文艺团体。",
                meets="每周二、周四下午",
            )
        ]
    )["彩云湖社区艺术团"]
    teams = [
        _filed_group(
            f"彩云湖社区艺术团{team}",
            jiulong,
            caiyunhu,
            parent=troupe,
            founded_on=date(2012, 7, 1) if team == "合唱队" else date(2014, 3, 1),
            meets="每周活动两次",
        )
        for team in ART_TROUPE_TEAMS
    ]
    others = [
        _filed_group(
            f"{community.name}{GROUP_KINDS[index % len(GROUP_KINDS)]}"
            f"{'' if index < len(GROUP_KINDS) else index // len(GROUP_KINDS) + 1}",
            jiulong,
            community,
        )
        for index in range(130)
        for community in [jiulong_communities[index % len(jiulong_communities)]]
    ]
    _create_missing(teams + others)

    # The Xuzhou incubator: 14 hosted (3 hubs), 19 seed-stage and 17 start-up
    # organizations fostered, and 66 registered organizations visited back.
    nanan_communities = list(Community.objects.filter(street=incubator.street).order_by("pk"))
    xuzhou_hosted = _create_missing(
        [
            SocialOrganization(
                name=name,
                center=incubator,
                legal_form=form,
                uscc=demo_uscc(DIVISION_CODES["叙州区"], form, 100 + index),
                registration_status="registered",
                registration_level="city" if name.startswith("宜宾市") else "district",
                is_hub=hub,
                stage=stages["成熟型"] if hub else stages["成长型"],
                is_public=True,
            )
            for index, (name, form, hub) in enumerate(XUZHOU_HOSTED)
        ]
    )
    for org in xuzhou_hosted.values():
        Residency.objects.get_or_create(
            organization=org, center=incubator, defaults={"moved_in": date(2020, 4, 20)}
        )
    fostered = [
        _filed_group(
            f"南岸{stage_name[:2]}公益小组{number:02d}",
            incubator,
            nanan_communities[number % len(nanan_communities)],
            stage=stages[stage_name],
        )
        for stage_name, count in (("萌芽型", 19), ("初创型", 17))
        for number in range(1, count + 1)
    ]
    _create_missing(fostered)
    visited = list(xuzhou_hosted.values()) + list(
        _create_missing(
            [
                SocialOrganization(
                    name=f"叙州区示例登记社会组织{number:02d}",
                    center=incubator,
                    legal_form="social_service_agency",
                    uscc=demo_uscc(DIVISION_CODES["叙州区"], "social_service_agency", 200 + number),
                    registration_status="registered",
                    registration_level="district",
                )
                for number in range(1, 66 - len(XUZHOU_HOSTED) + 1)
            ]
        ).values()
    )
    already = set(
        FollowUpVisit.objects.filter(center=incubator).values_list("organization", flat=True)
    )
    bulk_create_with_history(
        [
            FollowUpVisit(
                organization=org,
                center=incubator,
                visited_on=date(2020, 5 + index % 5, 1 + index % 28),
                visitor="杨运红",
                findings="运行正常，需求已记录。",
            )
            for index, org in enumerate(visited)
            if org.pk not in already
        ],
        FollowUpVisit,
    )


def _filed_group(name, center, community, **fields):
    return SocialOrganization(
        name=name,
        center=center,
        community=community,
        legal_form="community_group",
        registration_status="filed",
        registration_level="street",
        is_public=True,
        **fields,
    )


def _partners(hall):
    for name, kind, services in JINYU_PARTNERS:
        partner, _ = PartnerUnit.objects.get_or_create(
            center=hall, name=name, defaults={"kind": kind}
        )
        for service in services:
            PartnerService.objects.get_or_create(partner=partner, name=service)
