from django import forms

from mahalleh.core.forms import JalaliDateField
from mahalleh.places.models import Neighborhood, NeighborhoodContact


class NeighborhoodForm(forms.ModelForm):
    target_since = JalaliDateField(label="هدف از تاریخ", required=False)

    class Meta:
        model = Neighborhood
        fields = [
            "name", "city", "population", "households", "latitude", "longitude", "is_target", "target_since",
            "target_announced_by", "priority_rank", "facilitation_office", "house_name", "house_address",
        ]

    def __init__(self, *args, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from mahalleh.meetings.models import Body

        self.fields["target_announced_by"].queryset = Body.objects.restrict(user)
        if self.instance.pk:
            self.fields["city"].queryset = self.instance.county.cities.all()  # type: ignore[attr-defined]


class ContactForm(forms.ModelForm):
    class Meta:
        model = NeighborhoodContact
        fields = ["kind", "full_name", "phone", "alley", "note"]

    def __init__(self, *args, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
