"""Writes to the agency registry."""

from django.db import transaction

from mahalleh.agencies.models import Agency, AgencyAlias


@transaction.atomic
def agency_set_aliases(*, agency: Agency, names: list[str]) -> None:
    """Make the agency's aliases exactly ``names`` (as written), adding and removing rows so each change is audited."""
    wanted = dict.fromkeys(names)
    for alias in agency.aliases.all():
        if alias.name not in wanted:
            alias.delete()
        else:
            wanted.pop(alias.name)
    for name in wanted:
        AgencyAlias.objects.create(agency=agency, name=name)
