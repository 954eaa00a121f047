from typing import Any, cast

from django import forms

from mahalleh.core import imports, uploads
from mahalleh.core.forms import IdempotentFormMixin, JalaliDateField, ModelEditFormMixin, limit_choices
from mahalleh.core.uploads import SafeFileField
from mahalleh.places.models import (
    County,
    Neighborhood,
    NeighborhoodContact,
    NeighborhoodDocument,
    NeighborhoodNeed,
    NeighborhoodPerson,
)
from mahalleh.places.services import PROVINCE_FIELDS, decides_for_province


class NeighborhoodForm(ModelEditFormMixin, forms.ModelForm[Neighborhood]):
    target_since = JalaliDateField(label="هدف از تاریخ", required=False)

    class Meta:
        model = Neighborhood
        fields = [
            "name", "county", "city", "population", "households", "latitude", "longitude", "is_target", "target_since",
            "priority_rank", "facilitation_office", "house_name", "house_address",
        ]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["county"]  # a neighborhood does not move county; a new one is placed in one
            limit_choices(self, "city", self.instance.county.cities.all())
            if not decides_for_province(user, self.instance.county.province_id):
                # A local role sees (and the form saves) only the neighborhood's own fields; the service
                # refuses the province's fields from it anyway.
                for name in PROVINCE_FIELDS:
                    self.fields.pop(name, None)
        else:
            limit_choices(self, "county", County.objects.restrict(user))


class ContactForm(ModelEditFormMixin, forms.ModelForm[NeighborhoodContact]):
    class Meta:
        model = NeighborhoodContact
        fields = ["kind", "full_name", "phone", "alley", "note"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


# ---- the neighborhood's lists (issue 12) -----------------------------------------------------------


def _cell(parse: Any, value: Any) -> Any:
    """A form field read by the same rule the Excel import reads its cell with (one message for both)."""
    try:
        return parse(value)
    except imports.CellError as exc:
        raise forms.ValidationError(exc.message) from exc


class PersonForm(ModelEditFormMixin, forms.ModelForm[NeighborhoodPerson]):
    registered_on = JalaliDateField(label="تاریخ ثبت", required=False)

    class Meta:
        model = NeighborhoodPerson
        fields = ["full_name", "mobile", "national_code", "gender", "age_group", "field", "program", "registered_on", "note"]
        widgets = {"mobile": forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr", "placeholder": "۰۹۱۲۳۴۵۶۷۸۹"}),
                   "national_code": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mobile = cast(forms.CharField, self.fields["mobile"])
        mobile.max_length = 20  # «+98 912 …» is read down to eleven digits by ``clean_mobile``
        mobile.validators = []
        mobile.widget.attrs.pop("maxlength", None)
        if self.instance.kind != NeighborhoodPerson.Kind.REGISTRANT:
            del self.fields["program"]
        else:
            self.fields["program"].required = True

    def clean_mobile(self) -> str:
        return str(_cell(imports.mobile, self.cleaned_data.get("mobile", "")))

    def clean_national_code(self) -> str:
        return str(_cell(imports.national_code, self.cleaned_data.get("national_code", "")))


class NeedForm(ModelEditFormMixin, forms.ModelForm[NeighborhoodNeed]):
    recorded_on = JalaliDateField(label="تاریخ ثبت", required=False)

    class Meta:
        model = NeighborhoodNeed
        fields = ["title", "quantity", "unit", "location", "reference", "recorded_on", "note"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.kind != NeighborhoodNeed.Kind.SCHOOL_SPACE:
            del self.fields["reference"]


class DocumentForm(ModelEditFormMixin, forms.ModelForm[NeighborhoodDocument]):
    date = JalaliDateField(label="تاریخ تدوین")
    file = SafeFileField(label="پرونده", required=False, kinds={uploads.PDF, uploads.DOCX})

    class Meta:
        model = NeighborhoodDocument
        fields = ["title", "date", "summary", "file"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ListImportForm(IdempotentFormMixin, forms.Form):
    KEEP = "keep_valid"
    ALL = "all_or_nothing"
    file = forms.FileField(label="کارنامه اکسل (xlsx)", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    mode = forms.ChoiceField(label="اگر ردیفی نادرست بود", initial=ALL, widget=forms.RadioSelect, choices=[
        (ALL, "هیچ ردیفی ثبت نشود (همه یا هیچ)"),
        (KEEP, "فقط ردیف‌های درست ثبت شوند و ردیف‌های نادرست گزارش شوند"),
    ])

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
