"""Every change to what the matcher reads renews the registry stamp in the same transaction.

Connected in ``AgenciesConfig.ready()``, so every process writes the stamp, whether or not it has
loaded the matcher. Bulk writes (the benchmark generator) bypass signals; the matcher's registries
also expire after a few minutes for them.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from mahalleh.agencies.models import Agency, AgencyAlias, AgencyGroup, RegistryStamp
from mahalleh.places.models import County, Province


def renew_stamp(*_args: Any, raw: bool = False, action: str = "post_", **_kwargs: Any) -> None:
    if not raw and action.startswith("post_"):  # m2m_changed fires before and after
        RegistryStamp.renew()


def connect() -> None:
    for model in (Agency, AgencyAlias, AgencyGroup, County, Province):
        post_save.connect(renew_stamp, sender=model, dispatch_uid=f"agency_registry_save_{model.__name__}")
        post_delete.connect(renew_stamp, sender=model, dispatch_uid=f"agency_registry_delete_{model.__name__}")
    m2m_changed.connect(renew_stamp, sender=AgencyGroup.members.through, dispatch_uid="agency_registry_group_members")
