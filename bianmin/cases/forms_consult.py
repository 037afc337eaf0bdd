"""Forms of the consultation register (首问/咨询登记) and the agency points' 帮扶/调解 records.

Create forms carry ``idempotency_key``, a fresh token per rendered form, so a double submit or a
retried request makes one row (issue #5 point 9); the services return the first row on a replay.
"""

import uuid
from datetime import date

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from bianmin.cases.models import Channel, Consultation, PointRecord
from bianmin.cases.services_records import CENTRE_CHANNELS, POINT_CHANNELS, STALE_FORM
from bianmin.catalogue.models import ServiceItem
from bianmin.catalogue.selectors import centre_items
from bianmin.core.forms import BootstrapFormMixin
from bianmin.core.personal import normalize_phone, phone_error
from bianmin.core.roles import CENTRE_ROLES
from bianmin.core.validators import validate_person_name
from bianmin.org.models import Centre, Staff, Window

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _clean_phone(value: str) -> str:
    value = normalize_phone(value or "")
    if value and (message := phone_error(value)):
        raise forms.ValidationError(message)
    return value


class KeyedForm(BootstrapFormMixin, forms.Form):
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, max_length=64, error_messages={"required": STALE_FORM, "max_length": STALE_FORM}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


# --- consultations ----------------------------------------------------------------------------------


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ServiceItem) -> str:
        return obj.current.name if obj.current else obj.code


class ConsultationForm(KeyedForm):
    asked_at = forms.DateTimeField(
        label="咨询时间",
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text="当场登记可不改;事后补登电话咨询时填写实际时间。",
        error_messages={"required": "请填写咨询时间。", "invalid": "咨询时间格式不正确。"},
    )
    visitor_name = forms.CharField(
        label="咨询人",
        max_length=60,
        error_messages={"required": "请填写咨询人姓名。"},
        validators=[validate_person_name],
    )
    visitor_phone = forms.CharField(label="联系电话", max_length=30, required=False, help_text="选填,用于跟踪回复。")
    channel = forms.ChoiceField(label="方式")
    item = ItemChoiceField(
        label="涉及事项", queryset=ServiceItem.objects.none(), required=False, empty_label="(未涉及具体事项)"
    )
    question = forms.CharField(label="咨询内容", widget=_textarea(4), error_messages={"required": "请填写咨询内容。"})
    answer = forms.CharField(label="答复/告知内容", widget=_textarea(3), required=False)

    def __init__(self, *args, centre: Centre, at_point: bool, **kwargs):
        super().__init__(*args, **kwargs)
        channels = POINT_CHANNELS if at_point else CENTRE_CHANNELS
        # Channel.AGENCY reads "代办点代办" on cases; for a question asked at the point, say where.
        labels = {**dict(Channel.choices), Channel.AGENCY.value: "代办点现场"}
        self.fields["channel"].choices = [(c.value, labels[c.value]) for c in channels]
        self.fields["channel"].initial = channels[0].value
        # Only the items this centre implements (its 实施清单), in the order of its list.
        self.fields["item"].queryset = (
            ServiceItem.objects.filter(pk__in=centre_items(centre).values("item_id"))
            .select_related("current")
            .order_by("business_line__sort_order", "code")
        )
        if not self.is_bound:
            self.initial.setdefault("asked_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean_visitor_phone(self) -> str:
        return _clean_phone(self.cleaned_data["visitor_phone"])

    def clean_asked_at(self):
        value = self.cleaned_data["asked_at"]
        if value > timezone.now():
            raise forms.ValidationError("咨询时间不能晚于当前时间。")
        return value


class RouteForm(BootstrapFormMixin, forms.Form):
    """引导: to a window and/or a colleague of the consultation's centre."""

    window = forms.ModelChoiceField(label="引导至窗口", queryset=Window.objects.none(), required=False)
    staff = forms.ModelChoiceField(label="引导至工作人员", queryset=Staff.objects.none(), required=False)

    def __init__(self, *args, centre_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = Window.objects.filter(centre_id=centre_id, is_active=True).order_by("number")
        self.fields["staff"].queryset = Staff.objects.filter(
            centre_id=centre_id, is_active=True, role__in=[r.value for r in CENTRE_ROLES]
        ).order_by("name")
        self.fields["staff"].label_from_instance = lambda s: f"{s.name}({s.post})" if s.post else s.name

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("window") is None and data.get("staff") is None:
            raise forms.ValidationError("请选择引导至的窗口或工作人员。")
        return data


class CloseForm(BootstrapFormMixin, forms.Form):
    outcome = forms.CharField(
        label="办结结果",
        max_length=200,
        help_text="如:已当场答复;已引导至3号窗口办理;已告知到县民政局办理。",
        error_messages={"required": "请填写办结结果。"},
    )
    answer = forms.CharField(label="答复/告知内容", widget=_textarea(3), required=False)


class ConsultationFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="查找", required=False, max_length=60)
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *Consultation.State.choices])
    date_from = forms.DateField(label="咨询日期自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return data

    def apply(self, qs: QuerySet[Consultation]) -> QuerySet[Consultation]:
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if q := data.get("q", "").strip():
            qs = qs.filter(Q(visitor_name__icontains=q) | Q(question__icontains=q) | Q(outcome__icontains=q))
        if data.get("state"):
            qs = qs.filter(state=data["state"])
        if data.get("date_from"):
            qs = qs.filter(asked_at__date__gte=data["date_from"])
        if data.get("date_to"):
            qs = qs.filter(asked_at__date__lte=data["date_to"])
        return qs


# --- agency point records ---------------------------------------------------------------------------


class PointRecordForm(KeyedForm):
    kind = forms.ChoiceField(
        label="类别",
        choices=PointRecord.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择类别:帮扶或调解。", "invalid_choice": "请选择类别:帮扶或调解。"},
    )
    happened_on = forms.DateField(
        label="日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写日期。", "invalid": "日期格式不正确。"},
    )
    people = forms.CharField(
        label="对象/当事人", max_length=120, error_messages={"required": "请填写帮扶对象或调解当事人。"}
    )
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    subject = forms.CharField(label="事由", max_length=120, error_messages={"required": "请填写事由。"})
    content = forms.CharField(label="经过", widget=_textarea(5), error_messages={"required": "请填写经过。"})
    outcome = forms.CharField(label="结果", widget=_textarea(3), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("happened_on", timezone.localdate())

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data["phone"])

    def clean_happened_on(self) -> date:
        value = self.cleaned_data["happened_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("日期不能晚于今天。")
        return value


class PointRecordFilterForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部类别"), *PointRecord.Kind.choices])
    month = forms.DateField(
        label="月份",
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": "月份格式应为 年-月,如 2026-03。"},
    )

    def apply(self, qs: QuerySet[PointRecord]) -> QuerySet[PointRecord]:
        if not self.is_valid():
            return qs
        if kind := self.cleaned_data.get("kind"):
            qs = qs.filter(kind=kind)
        if month := self.cleaned_data.get("month"):
            qs = qs.filter(happened_on__year=month.year, happened_on__month=month.month)
        return qs
