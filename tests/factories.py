"""factory-boy factories for the records of every app, next to the tests."""

import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from centers import models as centers
from centers.privacy import mask_id_number
from centers.roles import Role
from centers.validators import USCC_ALPHABET, uscc_check_character
from members import models as members
from services import models as services
from volunteers import crypto
from volunteers import models as volunteers
from volunteers.identity import IdType, check_character

_uscc_serial = itertools.count(1)


def valid_uscc(legal_form: str = "social_service_agency") -> str:
    """A fresh, well-formed credit code for an organization of that legal form."""
    form = {"social_group": "1", "social_service_agency": "2", "foundation": "3"}[legal_form]
    serial = next(_uscc_serial)
    body = "".join(USCC_ALPHABET[(serial // 31**i) % 31] for i in range(8, -1, -1))
    first17 = f"5{form}500107{body}"
    return first17 + uscc_check_character(first17)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = centers.District

    city = "重庆市"
    name = factory.Sequence(lambda n: f"测试{n}区")


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = centers.Street

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"测试{n}街道")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = centers.Community

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"测试{n}社区")


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = centers.Center

    name = factory.Sequence(lambda n: f"测试中心{n}")
    kind = centers.Center.Kind.STREET_CENTER
    street = factory.SubFactory(StreetFactory)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = centers.Venue

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"活动室{n}")
    kind = centers.Venue.Kind.READING
    capacity = 20


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = centers.SocialOrganization

    name = factory.Sequence(lambda n: f"测试社会组织{n}")
    center = factory.SubFactory(CenterFactory)
    legal_form = "social_service_agency"
    uscc = factory.LazyAttribute(lambda o: valid_uscc(o.legal_form))
    registration_status = "registered"
    registration_level = "district"


class FiledGroupFactory(OrganizationFactory):
    legal_form = "community_group"
    uscc = ""
    registration_status = "filed"
    registration_level = "street"


class ResidencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = centers.Residency

    organization = factory.SubFactory(OrganizationFactory)
    center = factory.SubFactory(CenterFactory)
    moved_in = date(2020, 1, 1)


class FollowUpVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = centers.FollowUpVisit

    organization = factory.SubFactory(OrganizationFactory)
    center = factory.SubFactory(CenterFactory)
    visited_on = date(2020, 6, 1)
    visitor = "测试访问员"


class PartnerUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = centers.PartnerUnit

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"共建单位{n}")
    kind = centers.PartnerUnit.Kind.HOSPITAL


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = members.Member

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"王某{n:03d}")
    joined_on = date(2018, 1, 1)


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = members.Certificate

    member = factory.SubFactory(MemberFactory)
    level = members.CertificateLevel.ASSISTANT
    number = factory.Sequence(lambda n: f"T{n:06d}")
    issued_on = date(2019, 6, 20)


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = members.TrainingSession

    center = factory.SubFactory(CenterFactory)
    kind = members.TrainingSession.Kind.WEEKLY_MEETING
    title = "每周例会"
    held_on = date(2025, 3, 3)
    hours = 2


class TrainingAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = members.TrainingAttendance

    session = factory.SubFactory(TrainingSessionFactory)
    member = factory.SubFactory(MemberFactory, center=factory.SelfAttribute("..session.center"))


class EducationEnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = members.EducationEnrollment

    member = factory.SubFactory(MemberFactory)
    institution = "国家开放大学"
    program = "社会工作"
    started_on = date(2024, 9, 1)


class HonorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = members.Honor

    title = "优秀社工室"
    year = 2020
    level = members.Honor.Level.STREET
    center = factory.SubFactory(CenterFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=Role(extracted).value))


def staff_user(role: Role, *, centers=(), streets=(), **fields):
    """A staff login with a role, working at some centers or over some streets."""
    user = UserFactory(role=role, **fields)
    for center in centers:
        centers_assignment(user, center=center)
    for street in streets:
        centers_assignment(user, street=street)
    return user


def centers_assignment(user, **where):
    return centers.StaffAssignment.objects.create(user=user, **where)


# --- services: repairs and room bookings ---


class RepairServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = services.RepairService
        skip_postgeneration_save = True

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"E修就好{n}")
    hotline = "0831-6000009"

    @factory.post_generation
    def communities(self, create, extracted, **kwargs):
        """The communities it covers; by default one new community of its street."""
        if create:
            self.communities.set(extracted or [CommunityFactory(street=self.center.street)])


class TechnicianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = services.Technician

    service = factory.SubFactory(RepairServiceFactory)
    name = factory.Sequence(lambda n: f"师傅{n:03d}")


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = services.Household

    service = factory.SubFactory(RepairServiceFactory)
    community = factory.LazyAttribute(lambda o: o.service.communities.first())
    address = factory.Sequence(lambda n: f"{n}栋1单元101")
    name = factory.Sequence(lambda n: f"住户{n:03d}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class RepairOrderFactory(factory.django.DjangoModelFactory):
    """A submitted order, made the way the system makes one (stamps and event)."""

    class Meta:
        model = services.RepairOrder

    service = factory.SubFactory(RepairServiceFactory)
    community = factory.LazyAttribute(lambda o: o.service.communities.first())
    name = "苏女士"
    phone = "13812341234"
    address = "3栋2单元501"
    category = services.RepairCategory.DOOR_LOCK
    description = "卫生间的门关不上"

    @classmethod
    def _create(cls, model_class, *args, at=None, **kwargs):
        from services.services.repairs import repair_order_submit

        return repair_order_submit(order=model_class(*args, **kwargs), consented=True, at=at)


class VenueBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = services.VenueBooking

    venue = factory.SubFactory(VenueFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    name = "王某"
    phone = "13912345678"
    purpose = "合唱排练"
    people = 10


# --- Volunteers -----------------------------------------------------------------

_id_serial = itertools.count(1)


_REGIONS = ["510104", "510105", "500107", "511521", "110105", "440305"]


def valid_id_number(birth_date: date = date(1990, 3, 7), *, male: bool = False) -> str:
    """A fresh, well-formed (and made-up) resident ID number: right check character."""
    serial = next(_id_serial)
    region = _REGIONS[(serial // 500) % len(_REGIONS)]
    sequence = f"{(serial % 500) * 2 + (1 if male else 0):03d}"
    first17 = f"{region}{birth_date:%Y%m%d}{sequence}"
    return first17 + check_character(first17)


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = volunteers.Volunteer

    class Params:
        id_number = factory.LazyAttribute(lambda o: valid_id_number(o.birth_date))

    volunteer_no = factory.Sequence(lambda n: f"ZY2026{n:07d}")
    name = factory.Sequence(lambda n: f"张某{n:03d}")
    id_type = IdType.RESIDENT_ID
    gender = "F"
    birth_date = date(1990, 3, 7)
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    center = factory.SubFactory(CenterFactory)
    community = factory.SubFactory(
        CommunityFactory, street=factory.SelfAttribute("..center.street")
    )
    consent_source = volunteers.Volunteer.ConsentSource.PAPER
    consent_at = factory.LazyFunction(timezone.now)
    consent_text = "同意"
    status = volunteers.Volunteer.Status.ACTIVE
    registered_on = date(2025, 1, 1)

    @factory.lazy_attribute
    def id_number_sealed(self):
        return crypto.seal(self.id_number)

    @factory.lazy_attribute
    def id_number_digest(self):
        return crypto.digest(self.id_type, self.id_number)

    @factory.lazy_attribute
    def id_number_masked(self):
        return mask_id_number(self.id_number)


class ServiceHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = volunteers.ServiceHours

    volunteer = factory.SubFactory(VolunteerFactory)
    center = factory.SelfAttribute("volunteer.center")
    community = factory.SelfAttribute("volunteer.community")
    served_on = factory.LazyFunction(timezone.localdate)
    hours = Decimal(2)
    content = "社区巡逻"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = volunteers.Team

    name = factory.Sequence(lambda n: f"志愿服务队{n}")
    center = factory.SubFactory(CenterFactory)


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = volunteers.TeamMembership

    team = factory.SubFactory(TeamFactory)
    volunteer = factory.SubFactory(VolunteerFactory, center=factory.SelfAttribute("..team.center"))
    joined_on = date(2024, 1, 1)


class HoursCertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = volunteers.HoursCertificate

    number = factory.Sequence(lambda n: f"ZM2026-{n:06d}-ABCD")
    volunteer = factory.SubFactory(VolunteerFactory)
    center = factory.SelfAttribute("volunteer.center")
    period_start = date(2026, 1, 1)
    period_end = date(2026, 6, 30)
    hours = Decimal("12.5")
    content = "社区巡逻（12.5小时）"
    volunteer_name = factory.SelfAttribute("volunteer.name")
    id_number_masked = factory.SelfAttribute("volunteer.id_number_masked")
    issuer = factory.SelfAttribute("center.name")
    issued_on = date(2026, 7, 1)


class PaidWorkItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = volunteers.PaidWorkItem

    name = factory.Sequence(lambda n: f"人口普查入户信息核实{n}")
    center = factory.SubFactory(CenterFactory)
    unit = "条记录"
    unit_price = Decimal("1.00")
    starts_on = date(2026, 8, 20)


class PaidWorkUnitsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = volunteers.PaidWorkUnits

    item = factory.SubFactory(PaidWorkItemFactory)
    volunteer = factory.SubFactory(VolunteerFactory, center=factory.SelfAttribute("..item.center"))
    worked_on = date(2026, 9, 1)
    units = 40


# --- services: activities, residents, visits, cases, projects ---


def target_group(code: str) -> services.TargetGroup:
    """One of the target groups migration services/0005 creates."""
    return services.TargetGroup.objects.get(code=code)


class ActivityFactory(factory.django.DjangoModelFactory):
    """A one-off activity a week from today, 9:00–11:30, 20 places."""

    class Meta:
        model = services.Activity

    center = factory.SubFactory(CenterFactory)
    community = factory.LazyAttribute(lambda o: CommunityFactory(street=o.center.street))
    title = factory.Sequence(lambda n: f"免费理发{n}")
    first_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    starts_at = time(9)
    ends_at = time(11, 30)
    capacity = 20


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, timezone.get_current_timezone())


class OccurrenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = services.Occurrence

    activity = factory.SubFactory(ActivityFactory)
    rule_date = factory.LazyAttribute(lambda o: o.activity.first_date)
    starts_at = factory.LazyAttribute(
        lambda o: datetime.combine(
            o.rule_date, o.activity.starts_at, timezone.get_current_timezone()
        )
    )
    ends_at = factory.LazyAttribute(
        lambda o: datetime.combine(o.rule_date, o.activity.ends_at, timezone.get_current_timezone())
    )
    capacity = factory.SelfAttribute("activity.capacity")


class SignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = services.Signup

    occurrence = factory.SubFactory(OccurrenceFactory)
    name = factory.Sequence(lambda n: f"居民{n:03d}")
    phone = factory.Sequence(lambda n: f"137{n:08d}")
    status = services.SignupStatus.CONFIRMED
    consented_at = factory.LazyFunction(timezone.now)


class ShiftRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = services.ShiftRole

    activity = factory.SubFactory(ActivityFactory)
    name = factory.Sequence(lambda n: f"理发师{n}")
    slots = 3


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = services.Resident

    center = factory.SubFactory(CenterFactory)
    community = factory.LazyAttribute(lambda o: CommunityFactory(street=o.center.street))
    name = factory.Sequence(lambda n: f"居民{n:03d}")
    birth_year = 1945
    phone = factory.Sequence(lambda n: f"136{n:08d}")
    address = "2栋3单元101"
    consent_at = factory.LazyFunction(timezone.now)


class HomeVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = services.HomeVisit

    resident = factory.SubFactory(ResidentFactory)
    visited_on = factory.LazyFunction(timezone.localdate)
    findings = "身体状况良好"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = services.Case

    center = factory.SubFactory(CenterFactory)
    resident = factory.SubFactory(ResidentFactory, center=factory.SelfAttribute("..center"))
    worker = factory.SubFactory(MemberFactory, center=factory.SelfAttribute("..center"))
    kind = services.CaseKind.MEDIATION
    opened_on = factory.LazyFunction(timezone.localdate)
    summary = "邻里噪音纠纷"


class ServiceProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = services.ServiceProject

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"社会工作服务项目{n}")
    level = services.ProjectLevel.DISTRICT
    origin = services.ProjectOrigin.PACKAGED
    status = services.ProjectStatus.LANDED
    purchaser = "区民政局"
    budget = Decimal("200000.00")
    starts_on = date(2026, 1, 1)
    ends_on = date(2026, 12, 31)


class ProjectDeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = services.ProjectDeliverable

    project = factory.SubFactory(ServiceProjectFactory)
    name = factory.Sequence(lambda n: f"中期评估报告{n}")
    due_on = date(2026, 6, 30)


class ProjectOutputFactory(factory.django.DjangoModelFactory):
    """A unit-priced output paid through a paid work item of the project's center."""

    class Meta:
        model = services.ProjectOutput

    project = factory.SubFactory(ServiceProjectFactory)
    item = factory.SubFactory(PaidWorkItemFactory, center=factory.SelfAttribute("..project.center"))
    target_units = 1000


class ProjectExpenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = services.ProjectExpense

    project = factory.SubFactory(ServiceProjectFactory)
    spent_on = date(2026, 3, 1)
    amount = Decimal("1000.00")
    description = "活动物资"
