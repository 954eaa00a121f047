from django import forms

from mahalleh.core.forms import JalaliDateField, ModelEditFormMixin
from mahalleh.places.models import County, Neighborhood, NeighborhoodContact


class NeighborhoodForm(ModelEditFormMixin, forms.ModelForm):
    target_since = JalaliDateField(label="هدف از تاریخ", required=False)

    class Meta:
        model = Neighborhood
        fields = [
            "name", "county", "city", "population", "households", "latitude", "longitude", "is_target", "target_since",
            "priority_rank", "facilitation_office", "house_name", "house_address",
        ]

    def __init__(self, *args, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["county"]  # a neighborhood does not move county; a new one is placed in one
            self.fields["city"].queryset = self.instance.county.cities.all()  # type: ignore[attr-defined]
        else:
            self.fields["county"].queryset = County.objects.restrict(user)  # type: ignore[attr-defined]


class ContactForm(ModelEditFormMixin, forms.ModelForm):
    class Meta:
        model = NeighborhoodContact
        fields = ["kind", "full_name", "phone", "alley", "note"]

    def __init__(self, *args, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
