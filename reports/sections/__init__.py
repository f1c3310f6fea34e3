"""The dashboard's sections, in page order: key → function(scope, period) -> Section.
Each makes a fixed number of queries, whatever the amount of data."""

from reports.sections.organizations import organizations_section
from reports.sections.projects import projects_section
from reports.sections.repairs import repairs_section
from reports.sections.services import services_section
from reports.sections.volunteers import volunteers_section
from reports.sections.workforce import workforce_section

SECTIONS = {
    "workforce": workforce_section,
    "organizations": organizations_section,
    "projects": projects_section,
    "volunteers": volunteers_section,
    "services": services_section,
    "repairs": repairs_section,
}
