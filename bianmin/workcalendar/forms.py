from django import forms

from bianmin.core.forms import BootstrapFormMixin
from bianmin.workcalendar.models import DayKind


class NoticeForm(BootstrapFormMixin, forms.Form):
    source = forms.CharField(
        label="依据(通知名称和文号)", max_length=120, help_text="如:国务院办公厅关于2027年部分节假日安排的通知"
    )
    text = forms.CharField(
        label="放假和调休安排",
        widget=forms.Textarea(attrs={"rows": 12, "class": "font-monospace"}),
        help_text="每行一条:“2027-10-01 至 2027-10-07 放假 国庆节”或“2027-09-26 上班 国庆节调休”。",
    )


class LocalDayForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="类型", choices=DayKind.choices)
    name = forms.CharField(label="名称或事由", max_length=40)
