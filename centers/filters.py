import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from centers.models import Community, ServiceField, SocialOrganization


class OrganizationFilter(django_filters.FilterSet):
    """The residents' directory: by community and by field of work."""

    community = django_filters.ModelChoiceFilter(
        label=_("community"),
        queryset=Community.objects.filter(organizations__is_public=True).distinct(),
        empty_label=_("all communities"),
    )
    field = django_filters.ModelChoiceFilter(
        label=_("field of work"),
        field_name="service_fields",
        queryset=ServiceField.objects.all(),
        empty_label=_("all fields"),
    )
    q = django_filters.CharFilter(
        label=_("name contains"),
        field_name="name",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    class Meta:
        model = SocialOrganization
        fields = ["community", "field", "q"]
