from django import forms

from mahalleh.agencies.models import Agency


class AgencyForm(forms.ModelForm):
    aliases_text = forms.CharField(
        label="نام‌های دیگر (هر سطر یک نام)", required=False, widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "level", "county", "parent", "axes", "email", "phone", "is_active"]
        widgets = {"axes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from mahalleh.places.models import County

        self.fields["county"].queryset = County.objects.restrict(user)
        self.fields["parent"].queryset = Agency.objects.restrict(user).exclude(pk=self.instance.pk)
        if self.instance.pk:
            self.fields["aliases_text"].initial = "\n".join(a.name for a in self.instance.aliases.all())

    def save(self, commit: bool = True) -> Agency:
        from mahalleh.agencies.services import agency_set_aliases

        agency = super().save(commit=commit)
        if commit:
            names = [line.strip() for line in self.cleaned_data.get("aliases_text", "").splitlines()]
            agency_set_aliases(agency=agency, names=[n for n in names if n])
        return agency
