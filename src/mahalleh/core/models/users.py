"""Failed logins, kept to lock an account out after repeated failures (see core.lockout)."""

from django.db import models


class LoginFailure(models.Model):
    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "ورود ناموفق"
        verbose_name_plural = "ورودهای ناموفق"

    def __str__(self) -> str:
        return f"{self.username} {self.at}"
