from django import forms

from mahalleh.agencies.models import Agency
from mahalleh.core.forms import ModelEditFormMixin


class AgencyForm(ModelEditFormMixin, forms.ModelForm):
    """Parses an agency and its aliases; ``agencies.services.agency_save`` writes both."""

    aliases_text = forms.CharField(
        label="نام‌های دیگر (هر سطر یک نام)", required=False, widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "level", "province", "county", "parent", "axes", "email", "phone", "is_active"]
        widgets = {"axes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from mahalleh.places.models import County, Province

        if self.instance.pk:
            del self.fields["province"]  # an agency does not move province; a new one is placed in one
        else:
            self.fields["province"].queryset = Province.objects.restrict(user)
        self.fields["county"].queryset = County.objects.restrict(user)
        self.fields["parent"].queryset = Agency.objects.restrict(user).exclude(pk=self.instance.pk)
        if self.instance.pk:
            self.fields["aliases_text"].initial = "\n".join(a.name for a in self.instance.aliases.all())
