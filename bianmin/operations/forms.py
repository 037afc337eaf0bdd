"""Forms of daily management: sign-in, 补录, leave request and decision, running log, patrol, staff
change and annulment. Forms check the shape of the input; the rules are checked again by the
services (which raise ``ApplicationError`` shown on the field). The list filters and the month picker
are in ``forms_filters``.

Writing forms carry ``request_key`` (a double submit is answered once) and, for changes of an
existing record, the ``version`` seen (a record changed meanwhile is refused: "已被他人处理").
"""

from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone

from bianmin.cases.forms import KeyedForm
from bianmin.core.annul import REASON_MAX, reason_error
from bianmin.core.forms import BootstrapFormMixin
from bianmin.core.uploads import ScanFileField
from bianmin.operations import rules
from bianmin.operations.models import CentreLog, LeaveKind, StaffChangeKind
from bianmin.operations.selectors import centre_people
from bianmin.operations.selectors_attendance import at_local, office_hours
from bianmin.org.models import Staff, Window

DATETIME_WIDGET = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label: str, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs=DATETIME_WIDGET, format=DATETIME_FORMAT),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        **kwargs,
    )


def date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs)


def _time_field(label: str, **kwargs) -> forms.TimeField:
    return forms.TimeField(label=label, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), **kwargs)


def person_label(staff: Staff) -> str:
    label = staff.name
    if staff.post:
        label += f"({staff.post})"
    if staff.agency_point_id:
        label += f" · {staff.agency_point.name}"
    if not staff.is_active:
        label += " [已离岗]"
    return label


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class WindowChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}号 {obj.name}"


# --- 考勤 ----------------------------------------------------------------------------------------


class SignInForm(BootstrapFormMixin, forms.Form):
    """签到: the window worked today, the person's own first (another one of the centre = 顶岗)."""

    window = WindowChoiceField(label="上岗窗口", required=False, queryset=Window.objects.none(), empty_label="不在窗口")

    def __init__(self, *args, staff: Staff, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff.centre_id:
            del self.fields["window"]
            return
        own = list(staff.windows.filter(is_active=True).order_by("number").values_list("pk", flat=True))
        qs = Window.objects.filter(centre_id=staff.centre_id, is_active=True).order_by("number")
        field = self.fields["window"]
        field.queryset = qs
        windows = sorted(qs, key=lambda w: (w.pk not in own, w.number))
        field.choices = [("", "不在窗口(管理岗)"), *[(w.pk, field.label_from_instance(w)) for w in windows]]
        if own:
            self.initial.setdefault("window", own[0])


class AttendanceEnterForm(BootstrapFormMixin, forms.Form):
    """补录/更正 by the director (reason required)."""

    staff = PersonChoiceField(label="工作人员", queryset=Staff.objects.none(), empty_label="请选择")
    day = date_field("日期")
    signed_in = _time_field("签到时间")
    signed_out = _time_field("签退时间", required=False)
    window = WindowChoiceField(label="上岗窗口", required=False, queryset=Window.objects.none(), empty_label="不在窗口")
    note = forms.CharField(
        label="补录原因",
        max_length=200,
        help_text="如:忘记签到,经核实 8:20 已到岗;外出办事返回后补录。",
        widget=forms.TextInput(attrs={"maxlength": 200}),
    )

    def __init__(self, *args, people, windows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = people
        self.fields["window"].queryset = windows

    def clean(self):
        data = super().clean()
        day = data.get("day")
        if day and day > timezone.localdate():
            self.add_error("day", "不能补录今后的考勤。")
        if data.get("signed_in") and data.get("signed_out") and data["signed_out"] <= data["signed_in"]:
            self.add_error("signed_out", "签退时间必须晚于签到时间。")
        return data


# --- 请销假 --------------------------------------------------------------------------------------


class LeaveForm(KeyedForm):
    staff = PersonChoiceField(label="请假人", queryset=Staff.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="请假类别", choices=[("", "请选择"), *LeaveKind.choices])
    starts_at = _datetime_field("开始时间")
    ends_at = _datetime_field("预计结束时间")
    reason = forms.CharField(
        label="事由", max_length=rules.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3, "maxlength": rules.TEXT_MAX})
    )
    stand_in = PersonChoiceField(
        label="顶岗人员",
        required=False,
        queryset=Staff.objects.none(),
        empty_label="无需顶岗",
        help_text="请假期间由谁顶岗,保证窗口不缺岗(四(二))。",
    )

    def __init__(self, *args, actor: Staff, people, centre_id: int, **kwargs):
        """``people``: whom the actor may request leave for (themselves only, or the centre's people)."""
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = people
        self.fields["stand_in"].queryset = centre_people(centre_id)
        if people.count() == 1:
            self.fields["staff"].widget = forms.HiddenInput()
        if not self.is_bound:
            tomorrow, hours = timezone.localdate() + timedelta(days=1), office_hours()
            self.initial.setdefault("staff", actor.pk)
            self.initial.setdefault("starts_at", timezone.localtime(at_local(tomorrow, hours.start)))
            self.initial.setdefault("ends_at", timezone.localtime(at_local(tomorrow, hours.end)))

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and (message := rules.leave_period_error(starts_at, ends_at)):
            self.add_error("ends_at", message)
        if data.get("stand_in") and data.get("staff") and data["stand_in"].pk == data["staff"].pk:
            self.add_error("stand_in", "顶岗人员不能是请假人本人。")
        return data


class LeaveActionForm(BootstrapFormMixin, forms.Form):
    """审批意见 (不予批准 needs it); the same form carries the version seen, for every action (a
    second action on a page opened before the first is refused: "已被他人处理")."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    note = forms.CharField(
        label="审批意见", required=False, max_length=rules.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- 运行日志 -------------------------------------------------------------------------------------


class CentreLogForm(BootstrapFormMixin, forms.ModelForm):
    """The day's log; the services check the rules (working day, one per day, numbers)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    class Meta:
        model = CentreLog
        fields = [
            "opened_at",
            "closed_at",
            "staff_expected",
            "staff_present",
            "staffing_note",
            "cases_received",
            "cases_completed",
            "consultations",
            "problems",
            "handling",
            "remarks",
        ]
        widgets = {
            "opened_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closed_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "handling": forms.Textarea(attrs={"rows": 3}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "problems": "当天巡查和日常管理中发现的问题;没有可不填。",
            "handling": "对发现问题的处理、协调和纠正情况。",
        }

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


# --- 动态巡查 ---------------------------------------------------------------------------------------


class PatrolForm(BootstrapFormMixin, forms.Form):
    patrolled_at = _datetime_field("巡查时间")
    findings = forms.CharField(
        label="巡查情况",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="窗口在岗、秩序、环境卫生、设备运行、群众等候等。",
    )
    found_problem = forms.BooleanField(label="发现问题", required=False)
    corrections = forms.CharField(
        label="纠正措施",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="发现问题时必填:当场如何纠正、提醒了谁、后续怎么跟进。",
    )
    window = WindowChoiceField(label="涉及窗口", required=False, queryset=Window.objects.none(), empty_label="不涉及")
    staff = PersonChoiceField(label="涉及人员", required=False, queryset=Staff.objects.none(), empty_label="不涉及")
    evidence = ScanFileField(label="现场照片(选填)", required=False, help_text="JPEG、PNG 或 PDF。")

    def __init__(self, *args, centre_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = Window.objects.filter(centre_id=centre_id, is_active=True).order_by("number")
        self.fields["staff"].queryset = centre_people(centre_id)
        if not self.is_bound:
            self.initial.setdefault("patrolled_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean(self):
        data = super().clean()
        if data.get("found_problem") and not (data.get("corrections") or "").strip():
            self.add_error("corrections", "发现问题时请填写纠正措施。")
        return data


class AnnulForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="作废原因",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_MAX}),
        help_text="作废后记录仍保留,显示为删除线并注明原因。",
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        if message := reason_error(reason):
            raise forms.ValidationError(message)
        return reason.strip()


# --- 人员调整报备 -----------------------------------------------------------------------------------


class StaffChangeForm(KeyedForm):
    kind = forms.ChoiceField(label="调整类型", choices=[("", "请选择"), *StaffChangeKind.choices])
    staff = PersonChoiceField(
        label="人员",
        required=False,
        queryset=Staff.objects.none(),
        empty_label="(新进驻人员尚未登记时可不选)",
    )
    name = forms.CharField(label="姓名", required=False, max_length=30, help_text="选择了人员可不填。")
    from_post = forms.CharField(label="原岗位", required=False, max_length=60, help_text="调离、岗位调整时填写。")
    to_post = forms.CharField(label="新岗位", required=False, max_length=60, help_text="新进驻、岗位调整时填写。")
    effective_on = date_field("调整日期")
    reason = forms.CharField(
        label="调整原因", required=False, max_length=rules.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, centre_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = (
            Staff.objects.filter(Q(centre_id=centre_id) | Q(agency_point__centre_id=centre_id))
            .select_related("agency_point")
            .order_by("-is_active", "name", "pk")
        )
        if not self.is_bound:
            self.initial.setdefault("effective_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        if not data.get("staff") and not (data.get("name") or "").strip():
            self.add_error("name", "请选择人员或填写姓名。")
        for field, message in rules.staff_change_errors(
            kind=data.get("kind") or "", from_post=data.get("from_post") or "", to_post=data.get("to_post") or ""
        ).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data
