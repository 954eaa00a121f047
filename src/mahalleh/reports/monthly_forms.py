"""Forms of the monthly agency reports; they parse input, the services (``reports.services``) decide.

``MonthlyReportForm`` carries the two formsets of lines (indicators per axis, services per neighborhood)
and is valid only when they are; a blank line is skipped, a half-filled one is an error on its field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from mahalleh.agencies.models import Agency, ServiceAxis
from mahalleh.core.forms import KEY_FIELD, DigitsMixin, PersianErrorList, key_field, version_field
from mahalleh.core.text import to_latin_digits
from mahalleh.core.uploads import DOCUMENTS, SafeFileField
from mahalleh.places.models import Neighborhood
from mahalleh.reports.models import Indicator
from mahalleh.reports.monthly import Month
from mahalleh.reports.monthly_models import MonthlyReport
from mahalleh.reports.services import IndicatorEntry, ServiceEntry


class PersianDecimalField(forms.DecimalField):
    """A number typed with Persian, Arabic or Latin digits and «٫» or «.» as the decimal point."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = to_latin_digits(value).strip().replace("٫", ".").replace("٬", "").replace(",", "")
        return super().to_python(value)


def plain(d: Decimal) -> str:
    """A stored amount as a person writes it: «۴۹», «۲٫۵», not «۴۹.۰۰۰» (which reads as forty-nine thousand)."""
    return format(d.normalize(), "f").replace(".", "٫")


class IndicatorChoiceField(forms.ModelChoiceField[Indicator]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.axis.name} — {obj.name}" + (f" ({obj.unit})" if obj.unit else "")


class IndicatorLineForm(DigitsMixin, forms.Form):
    indicator = IndicatorChoiceField(label="شاخص", required=False,
                                     queryset=Indicator.objects.filter(is_active=True).select_related("axis"))
    value = PersianDecimalField(label="مقدار", required=False, max_digits=14, decimal_places=3,
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    note = forms.CharField(label="توضیح", required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("value") is not None and data.get("indicator") is None:
            self.add_error("indicator", "شاخص این مقدار را انتخاب کنید.")
        return data


class ServiceLineForm(DigitsMixin, forms.Form):
    neighborhood = forms.ModelChoiceField(label="محله", required=False, queryset=Neighborhood.objects.none())
    axis = forms.ModelChoiceField(label="محور", required=False, queryset=ServiceAxis.objects.all())
    service = forms.CharField(label="خدمت", required=False, max_length=300)
    quantity = PersianDecimalField(label="مقدار", required=False, max_digits=12, decimal_places=2, min_value=0,
                                   widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    unit = forms.CharField(label="واحد", required=False, max_length=40)
    note = forms.CharField(label="توضیح", required=False, max_length=300)

    def __init__(self, *args: Any, neighborhoods: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if neighborhoods is not None:
            self.fields["neighborhood"].queryset = neighborhoods  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(k) not in (None, "") for k in ("neighborhood", "axis", "service", "quantity")):
            return data  # a blank line
        for name, message in (("neighborhood", "محله این خدمت را انتخاب کنید."), ("axis", "محور این خدمت را انتخاب کنید."),
                              ("service", "خدمت را بنویسید."), ("quantity", "مقدار این خدمت را بنویسید.")):
            if data.get(name) in (None, ""):
                self.add_error(name, message)
        return data


IndicatorFormSet = forms.formset_factory(IndicatorLineForm, extra=0)
ServiceFormSet = forms.formset_factory(ServiceLineForm, extra=3)


class MonthlyReportForm(forms.Form):
    """The report: the month (a new one), the narrative, the lines and attachments; the button pressed
    (``action``: ``save`` or ``submit``) says whether to keep it as a draft or send it to the secretariat."""

    month = forms.CharField(label="ماه گزارش (سال/ماه)", max_length=10,
                            widget=forms.TextInput(attrs={"dir": "ltr", "placeholder": "۱۴۰۵/۰۹"}))
    narrative = forms.CharField(label="شرح اقدامات ماه", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    # checked by content (core.uploads): PDF, images, Word, Excel, plain text; never a page or an SVG
    attachments = SafeFileField(label="پیوست‌ها", required=False, multiple=True, kinds=DOCUMENTS)

    def __init__(self, data: Any = None, files: Any = None, *, agency: Agency, report: MonthlyReport | None = None,
                 month: Month | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("error_class", PersianErrorList)
        super().__init__(data, files, **kwargs)
        self.agency, self.report = agency, report
        if report is not None:
            del self.fields["month"]
            self.fields["version"] = version_field(report.version)
            self.initial["narrative"] = report.narrative
        else:
            self.fields[KEY_FIELD] = key_field()  # a create: made once per rendered form
            if month is not None:
                self.initial["month"] = month.code
        hoods = Neighborhood.objects.filter(county__province_id=agency.province_id).select_related("county").order_by(
            "county__name", "name")
        self.indicator_formset = IndicatorFormSet(data, prefix="ind", initial=self._indicator_initial(),
                                                  error_class=PersianErrorList)
        self.service_formset = ServiceFormSet(data, prefix="svc", initial=self._service_initial(),
                                              form_kwargs={"neighborhoods": hoods}, error_class=PersianErrorList)

    def _indicator_initial(self) -> list[dict[str, Any]]:
        kept = {line.indicator_id: line for line in self.report.indicator_lines.all()} if self.report else {}
        catalog = Indicator.objects.filter(is_active=True).select_related("axis")
        axes = list(self.agency.axes.values_list("pk", flat=True))
        if axes:
            catalog = catalog.filter(axis__in=axes) | Indicator.objects.filter(pk__in=list(kept))
        rows = []
        for ind in catalog.distinct().order_by("axis__order", "order", "name"):
            line = kept.get(ind.pk)
            rows.append({"indicator": ind.pk, "value": plain(line.value) if line else None, "note": line.note if line else ""})
        return rows

    def _service_initial(self) -> list[dict[str, Any]]:
        if self.report is None:
            return []
        return [{"neighborhood": s.neighborhood_id, "axis": s.axis_id, "service": s.service, "quantity": plain(s.quantity),
                 "unit": s.unit, "note": s.note} for s in self.report.service_lines.all()]

    def clean_month(self) -> Month:
        try:
            return Month.parse(self.cleaned_data["month"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def is_valid(self) -> bool:
        main = super().is_valid()
        return self.indicator_formset.is_valid() & self.service_formset.is_valid() & main

    @property
    def submits(self) -> bool:
        return self.data.get("action") == "submit"

    def indicators(self) -> list[IndicatorEntry]:
        return [IndicatorEntry(f.cleaned_data["indicator"], f.cleaned_data["value"], f.cleaned_data.get("note", ""))
                for f in self.indicator_formset.forms
                if f.cleaned_data.get("indicator") is not None and f.cleaned_data.get("value") is not None]

    def services(self) -> list[ServiceEntry]:
        return [ServiceEntry(d["neighborhood"], d["axis"], d["service"], d["quantity"], d.get("unit", ""), d.get("note", ""))
                for f in self.service_formset.forms if (d := f.cleaned_data) and d.get("service")]


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label="نظر دبیرخانه (برای برگشت الزامی)", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
