"""Small bases shared by the domain models."""

from django.db import models

from mahalleh.core.text import normalize


class NormalizedNameMixin(models.Model):
    """Keeps ``name_normalized`` (for search and matching) in step with ``name``; ``name`` stays as written."""

    name_normalized = models.CharField(max_length=300, db_index=True, editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.name_normalized = normalize(self.name)  # type: ignore[attr-defined]
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_normalized"}
        super().save(*args, **kwargs)
