"""The volunteers app's models, one module per part of the domain."""

from volunteers.models.certificate import HoursCertificate
from volunteers.models.hours import ServiceHours
from volunteers.models.subsidy import PaidWorkItem, PaidWorkUnits
from volunteers.models.tallies import StarCount, TeamDay, VolunteerDay, VolunteerTotal
from volunteers.models.team import Team, TeamMembership
from volunteers.models.volunteer import (
    AVAILABILITY_FIELDS,
    NumberSequence,
    PersonalDataAccessLog,
    Skill,
    Volunteer,
    volunteer_numbers,
)

__all__ = [
    "AVAILABILITY_FIELDS",
    "HoursCertificate",
    "NumberSequence",
    "PaidWorkItem",
    "PaidWorkUnits",
    "PersonalDataAccessLog",
    "ServiceHours",
    "Skill",
    "StarCount",
    "Team",
    "TeamDay",
    "TeamMembership",
    "Volunteer",
    "VolunteerDay",
    "VolunteerTotal",
    "volunteer_numbers",
]
