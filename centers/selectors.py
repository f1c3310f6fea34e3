"""Reads about places and centers for pages."""

from django.db.models import Prefetch

from centers.models import Center, ServiceField, SocialOrganization, Street, Venue


def streets_with_centers():
    """Every street that has centers, each with its centers and their rooms, in 3 queries."""
    centers = Center.objects.select_related("community").prefetch_related(
        Prefetch("venues", queryset=Venue.objects.order_by("name"))
    )
    return list(
        Street.objects.filter(centers__isnull=False)
        .distinct()
        .select_related("district")
        .prefetch_related(Prefetch("centers", queryset=centers))
    )


def public_organizations():
    """Organizations marked public, with what the directory shows, for any page size
    in 3 queries (the page, its service fields, its public teams)."""
    return (
        SocialOrganization.objects.filter(is_public=True)
        .select_related("community", "parent")
        .prefetch_related(
            Prefetch("service_fields", queryset=ServiceField.objects.order_by("order")),
            Prefetch(
                "teams",
                queryset=SocialOrganization.objects.filter(is_public=True).order_by("name"),
                to_attr="public_teams",
            ),
        )
        .order_by("name")
    )
