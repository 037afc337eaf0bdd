"""Forms of the monthly report: the director's texts (draft or submit) and the resubmission reason,
and the county page's month picker.

Every writing form carries ``request_key`` (a fresh token per rendered form) so a double submit is
answered once, and the report's ``version`` as seen, so a report changed meanwhile is refused.
"""

from django import forms

from bianmin.cases.forms import KeyedForm
from bianmin.cases.ledgers import Month
from bianmin.core.forms import BootstrapFormMixin
from bianmin.reports import rules


def _text(label: str, rows: int, help_text: str = "", required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=rules.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": rules.TEXT_MAX}),
        help_text=help_text,
    )


class ReportForm(KeyedForm):
    """本月工作总结、存在问题、改进措施; on a submitted report also the reason for resubmitting."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    summary = _text(
        "本月工作总结",
        5,
        f"概述本月办件、咨询、代办、群众评价和投诉办理等情况(报送时不少于 {rules.SUMMARY_MIN} 个字)。",
    )
    problems = _text("存在问题", 3, "如:超期办结、差评、投诉、窗口缺岗等。")
    measures = _text("改进措施", 3, "针对存在问题的整改措施和下月工作打算。")
    reason = _text("重新报送理由", 2, "原报送版本将保留,县管委会可以看到每一版及其理由。")

    def __init__(self, *args, resubmission: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.resubmission = resubmission
        if not resubmission:
            del self.fields["reason"]

    def check_submit(self) -> bool:
        """The submit rules on top of field validation (a draft may be saved incomplete)."""
        if not self.is_valid():
            return False
        errors = rules.submit_errors(
            summary=self.cleaned_data["summary"],
            reason=self.cleaned_data.get("reason", ""),
            resubmission=self.resubmission,
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return not errors


class MonthForm(BootstrapFormMixin, forms.Form):
    month = forms.CharField(
        label="月份",
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}),
    )

    def __init__(self, *args, default: Month, latest: Month, **kwargs):
        super().__init__(*args, **kwargs)
        self.default = default
        self.latest = latest

    def clean_month(self) -> Month:
        text = self.cleaned_data.get("month") or ""
        if not text:
            return self.default
        try:
            month = Month.parse(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        if month > self.latest:
            raise forms.ValidationError("还没有到这个月。")
        return month

    def chosen(self) -> Month:
        return self.cleaned_data["month"] if self.is_valid() else self.default
