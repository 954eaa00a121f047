from typing import Any

from django import forms

from mahalleh.core.forms import JalaliDateField, ModelEditFormMixin, limit_choices
from mahalleh.places.models import County, Neighborhood, NeighborhoodContact


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
        else:
            limit_choices(self, "county", County.objects.restrict(user))


class ContactForm(ModelEditFormMixin, forms.ModelForm[NeighborhoodContact]):
    class Meta:
        model = NeighborhoodContact
        fields = ["kind", "full_name", "phone", "alley", "note"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
