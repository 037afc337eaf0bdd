from django import forms

from bianmin.catalogue.models import GuideVersion, MaterialForm
from bianmin.catalogue.rules import guide_errors
from bianmin.catalogue.services import GUIDE_FIELDS
from bianmin.core.documents import DocumentFileField
from bianmin.core.forms import BootstrapFormMixin
from bianmin.org.models import BusinessLine


class ItemForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label="事项编码", max_length=40)
    business_line = forms.ModelChoiceField(label="业务条线(所属窗口)", queryset=BusinessLine.objects.all())
    aliases = forms.CharField(
        label="俗称/简称", max_length=200, required=False, help_text="多个用顿号分隔,如:低保、城乡低保。"
    )


class ItemSettingsForm(ItemForm):
    is_active = forms.BooleanField(label="在用", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["code"]


class GuideForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = GuideVersion
        fields = [*GUIDE_FIELDS, "change_note"]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "procedure": forms.Textarea(attrs={"rows": 5}),
            "fees": forms.Textarea(attrs={"rows": 2}),
            "fee_basis": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        errors = guide_errors(
            handling_type=data.get("handling_type", ""),
            statutory_limit_days=data.get("statutory_limit_days"),
            promised_limit_days=data.get("promised_limit_days") or 0,
            is_free=bool(data.get("is_free")),
            fees=data.get("fees", ""),
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return data


class MaterialRowForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="材料名称", max_length=120, required=False)
    form = forms.ChoiceField(label="形式", choices=MaterialForm.choices, initial=MaterialForm.ORIGINAL)
    copies = forms.IntegerField(label="份数", min_value=1, max_value=20, initial=1)
    required = forms.BooleanField(label="必需", required=False, initial=True)
    pending_allowed = forms.BooleanField(label="可容缺", required=False)
    notes = forms.CharField(label="备注", max_length=200, required=False)
    blank_form = DocumentFileField(label="空白表格", required=False)
    sample = DocumentFileField(label="示范文本", required=False)


MaterialFormSet = forms.formset_factory(MaterialRowForm, extra=3, can_delete=True)
