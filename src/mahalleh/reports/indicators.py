"""Reading a neighborhood's indicators: per axis, each indicator's baseline, its measured values over
time and its target, with how far the latest value has come from the baseline toward the target.

Two queries whatever the number of values: the active catalog, and the neighborhood's values the user
may read (``IndicatorValue.scope_q``). The profile page and the series page both read through
``neighborhood_series``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from mahalleh.core.actors import AnyUser
from mahalleh.core.jalali import format_jalali
from mahalleh.core.scoping import VIEW
from mahalleh.reports.models import Indicator, IndicatorValue

CHART_W, CHART_H, PAD = 240, 64, 6


@dataclass
class Series:
    indicator: Indicator
    baseline: IndicatorValue | None = None
    target: IndicatorValue | None = None
    measured: list[IndicatorValue] = field(default_factory=list)

    @property
    def latest(self) -> IndicatorValue | None:
        return self.measured[-1] if self.measured else None

    @property
    def has_values(self) -> bool:
        return bool(self.baseline or self.target or self.measured)

    @property
    def progress(self) -> int | None:
        """Percent of the way from the baseline to the target the latest measurement has come (0–100+;
        negative when it went the other way); None without the three."""
        if not (self.baseline and self.target and self.latest):
            return None
        span = self.target.value - self.baseline.value
        if span == 0:
            return 100 if self.latest.value == self.target.value else 0
        return round((self.latest.value - self.baseline.value) / span * 100)

    @property
    def on_track(self) -> bool | None:
        progress = self.progress
        return None if progress is None else progress >= 50

    def chart(self) -> dict[str, Any] | None:
        """An SVG polyline of the measured values (the baseline first), with the target as a dashed line."""
        points: list[tuple[datetime.date, Decimal]] = []
        if self.baseline:
            points.append((self.baseline.date, self.baseline.value))
        points += [(v.date, v.value) for v in self.measured]
        if len(points) < 2 and not self.target:
            return None
        values = [p[1] for p in points] + ([self.target.value] if self.target else [])
        low, high = min(values), max(values)
        dates = [p[0] for p in points] + ([self.target.date] if self.target else [])
        first, last = min(dates), max(dates)
        days = max((last - first).days, 1)
        span = (high - low) or Decimal(1)

        def xy(d: datetime.date, v: Decimal) -> tuple[float, float]:
            x = PAD + (d - first).days / days * (CHART_W - 2 * PAD)
            y = CHART_H - PAD - float((v - low) / span) * (CHART_H - 2 * PAD)
            return round(x, 1), round(y, 1)

        line = " ".join(f"{x},{y}" for x, y in (xy(d, v) for d, v in points))
        dots = [{"x": x, "y": y, "label": f"{format_jalali(d)}: {v.normalize():f}"}
                for (d, v), (x, y) in zip(points, (xy(d, v) for d, v in points), strict=True)]
        target_y = xy(self.target.date, self.target.value)[1] if self.target else None
        return {"w": CHART_W, "h": CHART_H, "line": line, "dots": dots, "target_y": target_y}


@dataclass
class AxisSeries:
    axis: Any
    series: list[Series]


def neighborhood_series(neighborhood: Any, user: AnyUser | None, *, only_with_values: bool = False) -> list[AxisSeries]:
    """The neighborhood's indicators by axis, in the catalog's order (two queries)."""
    catalog = list(Indicator.objects.filter(is_active=True).select_related("axis"))
    by_indicator = {i.pk: Series(i) for i in catalog}
    values = (IndicatorValue.objects.restrict(user, VIEW).filter(neighborhood=neighborhood)
              .select_related("indicator__axis").order_by("date", "pk"))
    for value in values:
        series = by_indicator.get(value.indicator_id)
        if series is None:  # a value of an indicator taken out of the catalog since: still shown
            series = by_indicator[value.indicator_id] = Series(value.indicator)
        if value.kind == IndicatorValue.Kind.BASELINE:
            series.baseline = value  # the latest baseline (values come in date order)
        elif value.kind == IndicatorValue.Kind.TARGET:
            series.target = value
        else:
            series.measured.append(value)
    axes: dict[int, AxisSeries] = {}
    for series in by_indicator.values():
        if only_with_values and not series.has_values:
            continue
        axis = series.indicator.axis
        axes.setdefault(axis.pk, AxisSeries(axis, [])).series.append(series)
    return sorted(axes.values(), key=lambda a: (a.axis.order, a.axis.pk))
