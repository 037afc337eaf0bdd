from django import forms

from bianmin.adoption.redistrict import TOWNSHIP_KINDS
from bianmin.catalogue.excel import MAX_UPLOAD_BYTES
from bianmin.core.forms import BootstrapFormMixin
from bianmin.org.models import Region, RegionKind, RegionLevel


class CountyForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="县(市、区)名称", max_length=50, help_text="如:玉山县")
    code = forms.CharField(label="区划代码", max_length=6, help_text="6位国家统计用区划代码,如 361123")


class WorkbookForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="组织机构工作簿",
        help_text=f"只接受 .xlsx 格式,不超过 {MAX_UPLOAD_BYTES // 2**20} MB;格式与下载的模板相同。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


def _townships():
    return Region.objects.filter(level=RegionLevel.TOWNSHIP, is_active=True).order_by("code")


class ChangeForm(BootstrapFormMixin, forms.Form):
    township = forms.ModelChoiceField(label="乡镇(街道)", queryset=_townships())
    new_name = forms.CharField(label="新名称", max_length=50, help_text="如:冰溪街道")
    new_code = forms.CharField(label="新区划代码", max_length=9, help_text="9位;不变则照填原代码")
    new_kind = forms.ChoiceField(label="新类型", choices=[(k, RegionKind(k).label) for k in TOWNSHIP_KINDS])
    effective_on = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    document = forms.CharField(label="批准文件", max_length=100, required=False, help_text="如:赣府字〔2026〕×号")
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = _townships()


class MergeForm(BootstrapFormMixin, forms.Form):
    absorbed = forms.ModelChoiceField(label="撤销的乡镇(街道)", queryset=_townships())
    into = forms.ModelChoiceField(label="并入", queryset=_townships())
    effective_on = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    document = forms.CharField(label="批准文件", max_length=100, required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["absorbed"].queryset = _townships()
        self.fields["into"].queryset = _townships()
