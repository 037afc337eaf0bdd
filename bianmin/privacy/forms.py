from django import forms
from django.core.exceptions import ValidationError

from bianmin.org.models import Centre


class RevealFilterForm(forms.Form):
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    centre = forms.ModelChoiceField(
        label="中心", queryset=Centre.objects.none(), required=False, empty_label="全部中心"
    )

    def __init__(self, *args, centres=None, **kwargs):
        super().__init__(*args, **kwargs)
        if centres is None:
            del self.fields["centre"]
        else:
            self.fields["centre"].queryset = centres

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError("起始日期不能晚于截止日期。")
        return data
