"""Forms of the assessment workflow pages (plan 五(三)): open a year, score an item, correct a sheet.

Business rules stay in ``services``: these forms only read the typed text; what a value may be
(0.5 steps, at most the item's points, whole counts) is checked by ``services.score_set``.
"""

from decimal import Decimal

from django import forms

from bianmin.assessment.models import Score
from bianmin.assessment.scoring import Rule, fmt
from bianmin.assessment.services import NOTE_MAX, REASON_MIN, parse_value
from bianmin.core.errors import ApplicationError
from bianmin.core.forms import BootstrapFormMixin
from bianmin.core.uploads import ScanFileField


class OpenYearForm(BootstrapFormMixin, forms.Form):
    year = forms.TypedChoiceField(label="考核年度", coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year}年") for year in years]


def value_label(rule: Rule) -> str:
    """What the number of an item is: points, or a count of occurrences or months (附件)."""
    if rule is Rule.PER_MONTH:
        return "月数"
    return "次数" if rule.counts else "得分"


class ScoreForm(BootstrapFormMixin, forms.Form):
    """One item's value, note and evidence file; ``seen_lock`` is read separately (see the view)."""

    value = forms.CharField(label="得分", required=False, max_length=12)
    note = forms.CharField(
        label="评分说明", required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 1})
    )
    evidence = ScanFileField(label="证据材料", required=False, help_text="PDF、JPEG 或 PNG")

    def __init__(self, *args, score: Score, rule: Rule, **kwargs):
        kwargs.setdefault("auto_id", f"score{score.pk}_%s")
        if not args and "data" not in kwargs:
            kwargs.setdefault("initial", {"value": "" if score.value is None else fmt(score.value), "note": score.note})
        super().__init__(*args, **kwargs)
        self.score = score
        self.rule = rule
        self.seen_lock: int | None = None  # the lock a posted form carried (kept when it is refused)
        value = self.fields["value"]
        value.label = value_label(rule)
        value.widget = forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": "0"})
        if rule.counts:
            value.widget.attrs["step"] = "1"
            if rule is Rule.PER_MONTH:
                value.widget.attrs["max"] = "12"
        else:
            value.widget.attrs.update(step="0.5", max=fmt(score.item.points))
        self.fields["note"].widget.attrs["class"] += " form-control-sm"
        self.fields["evidence"].widget.attrs["class"] += " form-control-sm"

    def clean_value(self) -> Decimal | None:
        try:
            return parse_value(self.cleaned_data["value"])
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from None


class CorrectForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="更正理由",
        min_length=REASON_MIN,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="例如:复核发现某项评分有误、投诉经复查不属实等。更正版本发布后替代原评分表,原版本保留。",
    )
