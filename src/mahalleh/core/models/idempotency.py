"""The key a create form carries, stored with what it created: a replayed form returns that object."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class IdempotencyKey(models.Model):
    """Claimed (inserted) before the create runs and filled in with its object in the same transaction,
    so a concurrent second submit of the same key waits on the unique index and then finds the first."""

    key = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, null=True, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "کلید یکتایی ثبت"
        verbose_name_plural = "کلیدهای یکتایی ثبت"

    def __str__(self) -> str:
        return str(self.key)
