"""How to make, for each model in the admin, one record that belongs to a center,
and who may then see it. The access tests run every registered model through
the persona matrix; a model missing here makes them fail."""

from collections.abc import Callable
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_tasks_db.models import DBTaskResult

from centers import models as centers
from centers.roles import Role
from members import models as members
from services import models as services
from tests import factories as f
from tests.services.shifts import shift_at
from volunteers import models as volunteers


@dataclass(frozen=True)
class Scoped:
    """scope: "center" (seen by whoever sees the center), "street" (by whoever has
    a center in its street), "global" (a shared list), "worker" (a confidential
    record: seen by its worker, the center's staff login staff_a, and by those who
    see every case of the center, i.e. its directors) or "superuser"."""

    scope: str
    make: Callable


def staff_member(center):
    """The community worker of the center's (first) staff login, e.g. staff_a's;
    one without a login when the center has no staff persona."""
    user = (
        get_user_model()
        .objects.filter(assignments__center=center, groups__name=Role.STAFF)
        .order_by("pk")
        .first()
    )
    if user is None:
        return f.MemberFactory(center=center)
    return members.Member.objects.filter(user=user).first() or f.MemberFactory(
        center=center, user=user
    )


OBJECTS = {
    centers.District: Scoped("street", lambda c: c.street.district),
    centers.Street: Scoped("street", lambda c: c.street),
    centers.Community: Scoped("street", lambda c: f.CommunityFactory(street=c.street)),
    centers.Center: Scoped("center", lambda c: c),
    centers.Venue: Scoped("center", lambda c: f.VenueFactory(center=c)),
    centers.IncubationStage: Scoped(
        "global", lambda c: centers.IncubationStage.objects.create(name=f"阶段{c.pk}")
    ),
    centers.ServiceField: Scoped(
        "global", lambda c: centers.ServiceField.objects.create(name=f"领域{c.pk}")
    ),
    centers.SocialOrganization: Scoped("center", lambda c: f.OrganizationFactory(center=c)),
    centers.Residency: Scoped(
        "center", lambda c: f.ResidencyFactory(center=c, organization__center=c)
    ),
    centers.FollowUpVisit: Scoped(
        "center", lambda c: f.FollowUpVisitFactory(center=c, organization__center=c)
    ),
    centers.PartnerUnit: Scoped("center", lambda c: f.PartnerUnitFactory(center=c)),
    members.Member: Scoped("center", lambda c: f.MemberFactory(center=c)),
    members.Certificate: Scoped("center", lambda c: f.CertificateFactory(member__center=c)),
    members.TrainingSession: Scoped("center", lambda c: f.TrainingSessionFactory(center=c)),
    members.TrainingAttendance: Scoped(
        "center", lambda c: f.TrainingAttendanceFactory(session__center=c)
    ),
    members.EducationEnrollment: Scoped(
        "center", lambda c: f.EducationEnrollmentFactory(member__center=c)
    ),
    members.Honor: Scoped("center", lambda c: f.HonorFactory(center=c)),
    services.RepairService: Scoped("center", lambda c: f.RepairServiceFactory(center=c)),
    services.Technician: Scoped("center", lambda c: f.TechnicianFactory(service__center=c)),
    services.Household: Scoped("center", lambda c: f.HouseholdFactory(service__center=c)),
    services.RepairOrder: Scoped("center", lambda c: f.RepairOrderFactory(service__center=c)),
    services.VenueBooking: Scoped("center", lambda c: f.VenueBookingFactory(venue__center=c)),
    services.ShiftRole: Scoped("center", lambda c: f.ShiftRoleFactory(activity__center=c)),
    services.ShiftAssignment: Scoped("center", shift_at),
    services.TargetGroup: Scoped(
        "global",
        lambda c: services.TargetGroup.objects.create(name=f"群体{c.pk}", code=f"group-{c.pk}"),
    ),
    services.Resident: Scoped("center", lambda c: f.ResidentFactory(center=c)),
    services.HomeVisit: Scoped("center", lambda c: f.HomeVisitFactory(resident__center=c)),
    services.Case: Scoped("worker", lambda c: f.CaseFactory(center=c, worker=staff_member(c))),
    services.ServiceProject: Scoped("center", lambda c: f.ServiceProjectFactory(center=c)),
    services.Activity: Scoped("center", lambda c: f.ActivityFactory(center=c)),
    services.Occurrence: Scoped("center", lambda c: f.OccurrenceFactory(activity__center=c)),
    services.Signup: Scoped("center", lambda c: f.SignupFactory(occurrence__activity__center=c)),
    services.SignupNotice: Scoped(
        "center",
        lambda c: services.SignupNotice.objects.create(
            signup=f.SignupFactory(occurrence__activity__center=c),
            kind=services.SignupNotice.Kind.CANCELLED,
        ),
    ),
    volunteers.Skill: Scoped(
        "global", lambda c: volunteers.Skill.objects.create(name=f"技能{c.pk}")
    ),
    volunteers.Volunteer: Scoped("center", lambda c: f.VolunteerFactory(center=c)),
    volunteers.Team: Scoped("center", lambda c: f.TeamFactory(center=c)),
    volunteers.TeamMembership: Scoped("center", lambda c: f.TeamMembershipFactory(team__center=c)),
    volunteers.ServiceHours: Scoped("center", lambda c: f.ServiceHoursFactory(volunteer__center=c)),
    volunteers.HoursCertificate: Scoped(
        "center", lambda c: f.HoursCertificateFactory(volunteer__center=c)
    ),
    volunteers.PaidWorkItem: Scoped("center", lambda c: f.PaidWorkItemFactory(center=c)),
    volunteers.PaidWorkUnits: Scoped("center", lambda c: f.PaidWorkUnitsFactory(item__center=c)),
    volunteers.PersonalDataAccessLog: Scoped(
        "center",
        lambda c: volunteers.PersonalDataAccessLog.objects.create(
            volunteer=f.VolunteerFactory(center=c),
            username="director_a",
            volunteer_no="ZY20260000001",
            field="id_number",
            purpose="view",
        ),
    ),
    get_user_model(): Scoped("superuser", lambda c: f.UserFactory()),
    Group: Scoped("superuser", lambda c: Group.objects.create(name=f"组{c.pk}")),
    AccessAttempt: Scoped(
        "superuser",
        lambda c: AccessAttempt.objects.create(username=f"u{c.pk}", failures_since_start=1),
    ),
    AccessLog: Scoped("superuser", lambda c: AccessLog.objects.create(username=f"u{c.pk}")),
    AccessFailureLog: Scoped(
        "superuser", lambda c: AccessFailureLog.objects.create(username=f"u{c.pk}")
    ),
    DBTaskResult: Scoped(
        "superuser",
        lambda c: DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="reports.tasks.build_export",
            backend_name="default",
            queue_name="default",
        ),
    ),
}
