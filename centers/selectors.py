"""Reads about places and centers for pages."""

from django.db.models import Prefetch

from centers.models import Center, Street, Venue


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
