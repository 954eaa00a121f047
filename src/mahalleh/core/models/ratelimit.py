from django.db import models


class RateCounter(models.Model):
    """How many requests one key (an address and a page) made in one fixed window. Kept in the
    database so every worker process and every app server counts the same (``core.ratelimit``)."""

    key = models.CharField(max_length=200)
    window_start = models.BigIntegerField()  # seconds since the epoch, a multiple of the window
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="uniq_rate_window")]
        indexes = [models.Index(fields=["window_start"], name="rate_window_start")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start}: {self.count}"
