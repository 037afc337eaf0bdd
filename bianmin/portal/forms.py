"""Forms of the portal's staff pages: the centre's hall display notices (plan 四(一)2(3))."""

from django import forms
from django.utils import timezone

from bianmin.core.forms import BootstrapFormMixin
from bianmin.org.models import Centre
from bianmin.portal.models import BODY_MAX, TITLE_MAX, DisplayNotice, NoticeKind, NoticeState
from bianmin.portal.services import FIELDS

DATE_FORMAT = "%Y-%m-%d"


class NoticeForm(BootstrapFormMixin, forms.ModelForm):
    """A notice; ``centres`` (the county admin's choice) adds a centre field, otherwise the centre is fixed."""

    class Meta:
        model = DisplayNotice
        fields = list(FIELDS)
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8, "maxlength": BODY_MAX}),
            "title": forms.TextInput(attrs={"maxlength": TITLE_MAX}),
            "publish_on": forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
            "expire_on": forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
        }
        error_messages = {
            "kind": {"required": "请选择公告类别。", "invalid_choice": "请选择公告类别。"},
            "title": {"required": "请填写标题。", "max_length": f"标题不能超过 {TITLE_MAX} 个字。"},
            "body": {"required": "请填写正文。", "max_length": f"正文不能超过 {BODY_MAX} 个字。"},
            "publish_on": {"required": "请填写发布日期。", "invalid": "请按“年-月-日”填写发布日期。"},
            "expire_on": {"invalid": "请按“年-月-日”填写截止日期。"},
        }

    field_order = ["centre", *FIELDS]

    def __init__(self, *args, centres=None, **kwargs):
        super().__init__(*args, **kwargs)
        if centres is not None:
            self.fields["centre"] = forms.ModelChoiceField(
                queryset=centres,
                label="便民服务中心",
                initial=self.instance.centre_id if self.instance.centre_id else None,
                empty_label="请选择中心",
                error_messages={"required": "请选择中心。", "invalid_choice": "请选择中心。"},
            )
            self.fields["centre"].widget.attrs["class"] = "form-select"  # added after the mixin styled the rest
            self.order_fields(self.field_order)
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("publish_on", timezone.localdate())

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("请填写标题。")
        return title

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("请填写正文。")
        return body

    def clean(self):
        data = super().clean()
        publish_on, expire_on = data.get("publish_on"), data.get("expire_on")
        if publish_on and expire_on and expire_on < publish_on:
            self.add_error("expire_on", "截止日期不能早于发布日期。")
        return data

    @property
    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in FIELDS}

    @property
    def chosen_centre(self) -> Centre | None:
        return self.cleaned_data.get("centre")


class NoticeFilterForm(forms.Form):
    """Filters of the notice list (GET)."""

    state = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *NoticeState.choices], widget=forms.Select
    )
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *NoticeKind.choices])
    centre = forms.ModelChoiceField(label="中心", required=False, queryset=Centre.objects.none(), empty_label="全部")

    def __init__(self, *args, centres=None, **kwargs):
        super().__init__(*args, **kwargs)
        if centres is None:
            del self.fields["centre"]
        else:
            self.fields["centre"].queryset = centres
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
