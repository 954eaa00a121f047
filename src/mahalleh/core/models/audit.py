"""The append-only change log: one row per create, update, delete or named business event."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("ایجاد")
        UPDATE = "update", _("ویرایش")
        DELETE = "delete", _("حذف")
        EVENT = "event", _("رویداد")

    at = models.DateTimeField(_("زمان"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("کاربر"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    request_id = models.CharField(_("شناسه درخواست"), max_length=64, blank=True)
    action = models.CharField(_("عمل"), max_length=10, choices=Action.choices)
    event = models.CharField(_("رویداد"), max_length=100, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("شیء"), max_length=300)
    before = models.JSONField(_("پیش از"), null=True, blank=True)
    after = models.JSONField(_("پس از"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="audit_object_idx")]
        verbose_name = _("رویداد ممیزی")
        verbose_name_plural = _("گزارش ممیزی")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
