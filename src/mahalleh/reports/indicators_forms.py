from __future__ import annotations

from typing import Any

from django import forms

from mahalleh.core.forms import JalaliDateField, ModelEditFormMixin
from mahalleh.core.text import to_latin_digits
from mahalleh.reports.models import Indicator, IndicatorValue


class IndicatorChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.axis.name} — {obj.name}" + (f" ({obj.unit})" if obj.unit else "")


class PersianDecimalField(forms.DecimalField):
    """A decimal in any digits, with the Persian decimal separator «٫» and thousands separators."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = to_latin_digits(value).replace("٫", ".").replace("٬", "").replace(",", "").strip()
        return super().to_python(value)


class IndicatorValueForm(ModelEditFormMixin, forms.ModelForm[IndicatorValue]):
    """A value of one indicator in the neighborhood the page names (its neighborhood is not a field)."""

    indicator = IndicatorChoice(label="شاخص", queryset=Indicator.objects.none())
    date = JalaliDateField(label="تاریخ")
    value = PersianDecimalField(label="مقدار", max_digits=14, decimal_places=3)

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "kind", "date", "value", "note"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = Indicator.objects.filter(is_active=True)
        if self.instance.pk:
            active = Indicator.objects.filter(is_active=True) | Indicator.objects.filter(pk=self.instance.indicator_id)
        self.fields["indicator"].queryset = active.select_related("axis")  # type: ignore[attr-defined]
        self.fields["value"].widget.attrs.update({"inputmode": "decimal", "dir": "ltr"})
