"""The form of a standardization plan (plan 三); the rules themselves are in ``services_progress``."""

from django import forms

from bianmin.assessment.models import TargetStatus
from bianmin.assessment.services_progress import NOTE_MAX
from bianmin.core.forms import BootstrapFormMixin


class TargetForm(BootstrapFormMixin, forms.Form):
    code = forms.ChoiceField(label="标准项目")
    status = forms.ChoiceField(label="进度", choices=TargetStatus.choices, initial=TargetStatus.PLANNED)
    target_date = forms.DateField(
        label="目标日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="计划在哪一天前达标;已完成的可不填。",
    )
    note = forms.CharField(
        label="整改措施",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX}),
        help_text=f"如:租用村委会一楼扩建大厅、申请经费购置触摸查询机等,不超过{NOTE_MAX}字。",
    )

    def __init__(self, *args, items, **kwargs):
        """``items``: (code, label) of the unit's standard items; unmet ones are marked."""
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = items
