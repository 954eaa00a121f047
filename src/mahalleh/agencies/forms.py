from typing import Any

from django import forms

from mahalleh.agencies.models import Agency
from mahalleh.core.forms import ModelEditFormMixin, limit_choices


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
