from typing import Any

from django import forms

from mahalleh.core.forms import JalaliDateField, ModelEditFormMixin, limit_choices
from mahalleh.places.models import County, Neighborhood, NeighborhoodContact
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
