from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from mahalleh.agencies.capacities import capacity_errors, need_errors, quantity_error
from mahalleh.agencies.models import Agency, AgencyService, Service, ServiceNeed, Unit
from mahalleh.core.forms import ModelEditFormMixin, limit_choices
from mahalleh.core.roles import Role
from mahalleh.core.scoping import scope_of


class AgencyForm(ModelEditFormMixin, forms.ModelForm[Agency]):
    """Parses an agency and its aliases; ``agencies.services.agency_save`` writes both."""

    aliases_text = forms.CharField(
        label="نام‌های دیگر (هر سطر یک نام)", required=False, widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "level", "province", "county", "parent", "axes", "email", "phone", "is_active"]
        widgets = {"axes": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from mahalleh.places.models import County, Province

        if self.instance.pk:
            del self.fields["province"]  # an agency does not move province; a new one is placed in one
        else:
            limit_choices(self, "province", Province.objects.restrict(user))
        limit_choices(self, "county", County.objects.restrict(user))
        limit_choices(self, "parent", Agency.objects.restrict(user).exclude(pk=self.instance.pk))
        if self.instance.pk:
            self.fields["aliases_text"].initial = "\n".join(a.name for a in self.instance.aliases.all())


# ---- capacities and needs (issue 12, item 5)

UNIT_CHOICES = [("", "همان واحد خدمت"), *Unit.choices]


class UnitField(forms.CharField):
    """The unit as the person counts it: checked against the fixed units and the service's own by
    ``agencies.capacities`` (a choice field would refuse an unknown unit without saying which units there are)."""

    widget = forms.Select(choices=UNIT_CHOICES)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label="واحد", required=False, help_text="اگر بگذارید باید با واحد خدمت یکی باشد.", **kwargs)
        self.widget = forms.Select(choices=UNIT_CHOICES)


def _put(form: forms.BaseForm, errors: dict[str, str]) -> None:
    for name, message in errors.items():
        form.add_error(name if name in form.fields else None, message)


def declarable_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies ``user`` declares capacities for: their own, or every one of the secretariat's province."""
    scope = scope_of(user)
    if scope.can_write_global:
        return Agency.objects.all()
    return Agency.objects.restrict(user).filter(
        Q(province_id__in=scope.provinces_with(Role.SECRETARIAT)) | Q(pk__in=scope.agency_ids))


class AgencyServiceForm(ModelEditFormMixin, forms.ModelForm[AgencyService]):
    """An agency's declared service; ``agencies.services.agency_service_save`` checks it again and saves."""

    unit = UnitField()
    capacity = forms.IntegerField(label="ظرفیت در هر دوره")  # its range is checked with a Persian message

    class Meta:
        model = AgencyService
        fields = ["agency", "service", "capacity", "unit", "period", "counties", "note", "is_active"]
        widgets = {"counties": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from mahalleh.places.models import County

        scope = scope_of(user)
        mine = declarable_agencies(user)
        if self.instance.pk:
            del self.fields["agency"]  # a capacity stays with its agency
        else:
            limit_choices(self, "agency", mine)
            if len(scope.agency_ids) == 1 and not scope.provinces_with(Role.SECRETARIAT):
                self.fields["agency"].initial = next(iter(scope.agency_ids))
        limit_choices(self, "service", Service.objects.restrict(user).filter(is_active=True).select_related("axis"))
        # Every county the user reads: one of another province is refused by the rule, with its name.
        limit_choices(self, "counties", County.objects.restrict(user).select_related("province"))

    def clean_capacity(self) -> Any:
        value = self.cleaned_data.get("capacity")
        if message := quantity_error(value, "ظرفیت"):
            raise forms.ValidationError(message)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agency = data.get("agency") if "agency" in self.fields else self.instance.agency
        errors = capacity_errors(agency=agency, service=data.get("service"), capacity=data.get("capacity") or 1,
                                 unit=data.get("unit"), counties=data.get("counties") or [])
        errors.pop("capacity", None)  # clean_capacity said it
        if "counties" in self.errors:
            errors.pop("counties", None)
        _put(self, errors)
        return data


class ServiceNeedForm(ModelEditFormMixin, forms.ModelForm[ServiceNeed]):
    """A neighborhood's need for a service, in the service's unit."""

    unit = UnitField()
    quantity = forms.IntegerField(label="مقدار نیاز")

    class Meta:
        model = ServiceNeed
        fields = ["neighborhood", "service", "quantity", "unit", "source", "note"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from mahalleh.core.scoping import CHANGE
        from mahalleh.places.models import Neighborhood

        if self.instance.pk:
            del self.fields["neighborhood"]
        else:
            limit_choices(self, "neighborhood", Neighborhood.objects.restrict(user, CHANGE).select_related("county"))
        limit_choices(self, "service", Service.objects.restrict(user).filter(is_active=True).select_related("axis"))

    def clean_quantity(self) -> Any:
        value = self.cleaned_data.get("quantity")
        if message := quantity_error(value, "مقدار نیاز"):
            raise forms.ValidationError(message)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        hood = data.get("neighborhood") if "neighborhood" in self.fields else self.instance.neighborhood
        errors = need_errors(neighborhood=hood, service=data.get("service"), quantity=data.get("quantity") or 1,
                             unit=data.get("unit"))
        if "quantity" in self.errors:
            errors.pop("quantity", None)
        _put(self, errors)
        return data
