"""Forms of supervision: the public rating form, the director's rectification form, and the filters
of the rating and rectification lists. The complaint forms (public and register) and the complaint
register's filter are in ``forms_complaints``.

Every writing form carries ``request_key`` (a fresh token per rendered form) so a double submit is
answered once; staff forms also carry the ``version`` seen, so a record changed meanwhile is refused.
"""

from django import forms

from bianmin.cases.forms import KeyedForm
from bianmin.core.forms import BootstrapFormMixin
from bianmin.org.models import Centre, Staff
from bianmin.supervision import rules
from bianmin.supervision.models import Rectification
from bianmin.supervision.selectors import overdue_filter

LEVEL_CHOICES = [(str(value), label) for value, label in rules.LEVELS_BEST_FIRST]


def _level_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=LEVEL_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": f"请选择“{label}”。", "invalid_choice": f"请选择“{label}”。"},
    )


class RatingForm(KeyedForm):
    """好差评: four indicators on the five national levels, and a comment (required for a bad review)."""

    overall = _level_field(rules.INDICATORS["overall"])
    efficiency = _level_field(rules.INDICATORS["efficiency"])
    attitude = _level_field(rules.INDICATORS["attitude"])
    guide_accuracy = _level_field(rules.INDICATORS["guide_accuracy"])
    comment = forms.CharField(
        label="意见建议",
        required=False,
        max_length=rules.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": rules.COMMENT_MAX}),
        help_text="选择“不满意”或“非常不满意”时必须写明原因。请不要填写身份证号、电话等个人信息。",
    )

    def clean(self):
        data = super().clean()
        scores = {name: data.get(name) for name in rules.INDICATORS}
        if all(scores.values()):
            for field, message in rules.rating_errors(scores, data.get("comment", "")).items():
                self.add_error(field, message)
        return data

    def indicator_fields(self):
        return [self[name] for name in rules.INDICATORS]


# --- staff ------------------------------------------------------------------------------------


class VersionedForm(KeyedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class RectificationForm(VersionedForm):
    callback_at = forms.DateTimeField(
        label="回访时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    callback_by = forms.ModelChoiceField(label="回访人", required=False, queryset=Staff.objects.none())
    callback_note = forms.CharField(
        label="回访情况",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="群众对问题的说明和意见。",
    )
    finding = forms.CharField(
        label="核实情况", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    action = forms.CharField(
        label="整改措施", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    CLOSE_REQUIRED = {
        "callback_at": "请填写回访时间。",
        "callback_note": "请填写回访情况(群众的意见)。",
        "finding": "请填写核实情况。",
        "action": "请填写整改措施。",
    }

    def __init__(
        self, *args, rectification: Rectification, actor: Staff | None = None, closing: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.closing = closing
        self.fields["callback_by"].queryset = Staff.objects.filter(centre_id=rectification.centre_id, is_active=True)
        if not self.is_bound:
            self.initial.update(
                version=rectification.version,
                callback_at=rectification.callback_at,
                callback_by=rectification.callback_by_id or (actor.pk if actor else None),
                callback_note=rectification.callback_note,
                finding=rectification.finding,
                action=rectification.action,
            )

    def clean(self):
        data = super().clean()
        if self.closing:  # all at once here; the service checks again (rules.close_errors)
            for name, message in self.CLOSE_REQUIRED.items():
                value = data.get(name)
                if name not in self.errors and (value is None or (isinstance(value, str) and not value.strip())):
                    self.add_error(name, message)
        return data


# --- list filters -----------------------------------------------------------------------------


class FilterForm(BootstrapFormMixin, forms.Form):
    """A centre picker for the county roles; each list narrows in ``narrow`` (also used by
    ``forms_complaints``)."""

    centre = forms.ModelChoiceField(
        label="中心", required=False, queryset=Centre.objects.none(), empty_label="全部中心"
    )

    def __init__(self, *args, countywide: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if countywide:
            self.fields["centre"].queryset = Centre.objects.filter(is_active=True)
        else:
            del self.fields["centre"]

    def apply(self, qs):
        if not self.is_valid():
            return qs
        if self.cleaned_data.get("centre"):
            qs = qs.filter(centre=self.cleaned_data["centre"])
        return self.narrow(qs, self.cleaned_data)

    def narrow(self, qs, data):
        return qs


class RatingFilterForm(FilterForm):
    kind = forms.ChoiceField(
        label="评价", required=False, choices=[("", "全部"), ("bad", "差评(不满意、非常不满意)"), ("good", "好评")]
    )

    def narrow(self, qs, data):
        bad = [int(level) for level in rules.BAD_LEVELS]
        if data.get("kind") == "bad":
            return qs.filter(overall__in=bad)
        if data.get("kind") == "good":
            return qs.exclude(overall__in=bad)
        return qs


class RectificationFilterForm(FilterForm):
    state = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), ("open", "整改中"), ("overdue", "已超期"), ("closed", "已办结")],
    )

    def narrow(self, qs, data):
        state = data.get("state")
        if state == "overdue":
            return qs.filter(overdue_filter())
        if state in Rectification.Status.values:
            return qs.filter(status=state)
        return qs
