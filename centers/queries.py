"""Query expressions shared by the apps."""

from django.db.models import IntegerField, Subquery


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery.

    Unlike Count() on a join it adds no GROUP BY to the outer query, so the
    model's default ordering and other annotations stay as they are.
    """

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()
