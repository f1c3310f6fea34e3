"""The dashboard's sections, in page order: key → function(scope, period) -> Section.
Each makes a fixed number of queries, whatever the amount of data."""

from reports.sections.organizations import organizations_section
from reports.sections.workforce import workforce_section

SECTIONS = {
    "workforce": workforce_section,
    "organizations": organizations_section,
}
