"""Small bases shared by the domain models."""

from typing import Any

from django.db import models

from mahalleh.core.text import normalize


class NormalizedNameMixin(models.Model):
    """Keeps ``name_normalized`` (for search and matching) in step with ``name``; ``name`` stays as written."""

    name: str  # declared by each model that uses the mixin
    name_normalized = models.CharField(max_length=300, db_index=True, editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_normalized = normalize(self.name)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_normalized"}
        super().save(*args, **kwargs)
