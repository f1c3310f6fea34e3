from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from centers.filters import OrganizationFilter
from centers.selectors import public_organizations

# The home page gathers what every app offers: services/views/site.py.


def organization_list(request):
    """The directory of social organizations and teams a resident can join or ask."""
    filters = OrganizationFilter(request.GET, queryset=public_organizations())
    page = Paginator(filters.qs, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "centers/organization_list.html",
        {"filter": filters, "page": page, "query": query.urlencode()},
    )


def organization_detail(request, pk):
    organization = get_object_or_404(public_organizations(), pk=pk)
    return render(request, "centers/organization_detail.html", {"organization": organization})
