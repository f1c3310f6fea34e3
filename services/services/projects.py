"""Writes about service projects: the acceptance (验收) of a deliverable, stamped
by the system with who accepted it and when, never typed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from services.models import ProjectDeliverable


@transaction.atomic
def deliverable_accept(*, deliverable: ProjectDeliverable, by) -> ProjectDeliverable:
    """Accept a deliverable today, as `by`. The row is locked first, so that two
    clicks at once accept it once; an accepted deliverable is refused."""
    locked = ProjectDeliverable.objects.select_for_update().get(pk=deliverable.pk)
    if locked.accepted_on is not None:
        raise ValidationError(
            _("“%(deliverable)s” was already accepted on %(date)s.")
            % {
                "deliverable": locked,
                "date": formats.date_format(locked.accepted_on, "SHORT_DATE_FORMAT"),
            }
        )
    locked.accepted_on = timezone.localdate()
    locked.accepted_by = by
    locked._history_user = by
    locked.full_clean()
    locked.save()
    return locked
