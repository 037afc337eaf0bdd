"""Forms of the supervision registers: the four record forms, the rectification and annul forms, and
the list filters (shared by the pages and the Excel exports).

Record forms carry ``request_key`` (``KeyedForm``) so a double submit records once; the services
check everything again (centre membership, times not in the future, who may record).
"""

from django import forms

from bianmin.cases.forms import KeyedForm
from bianmin.core.annul import REASON_MAX, REASON_MIN
from bianmin.core.forms import BootstrapFormMixin
from bianmin.core.params import whole_number
from bianmin.core.roles import CENTRE_ROLES
from bianmin.core.uploads import ScanFileField
from bianmin.org.models import AgencyPoint, Centre, Staff, Window
from bianmin.supervision import rules_findings
from bianmin.supervision.models import (
    AspectResult,
    AuthorityLevel,
    BulletinOutcome,
    FindingKind,
    Inspection,
    InspectionKind,
    InspectorKind,
    Tone,
)

DATETIME_WIDGET = {"widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}
EVIDENCE_HELP = "照片、视频截图或通报扫描件(PDF、JPEG、PNG)。"
CITY_UP = "city_up"
LEVEL_FILTER_CHOICES = [("", "全部"), (CITY_UP, "上饶市级以上"), *AuthorityLevel.choices]
PRAISE_OR_CRITICISM = [(BulletinOutcome.PRAISE.value, "通报表扬"), (BulletinOutcome.CRITICISM.value, "通报批评")]


def _date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=forms.DateInput(attrs={"type": "date"})
    )


def _text_area(label: str, *, required: bool = True, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _centre_field(label: str = "中心") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Centre.objects.filter(is_active=True),
        empty_label="请选择",
        error_messages={"required": "请选择便民服务中心。", "invalid_choice": "请选择便民服务中心。"},
    )


def _evidence_field() -> ScanFileField:
    return ScanFileField(label="证据材料", required=False, help_text=EVIDENCE_HELP)


# --- record forms ------------------------------------------------------------------------------


class _PointChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: AgencyPoint) -> str:
        return f"{obj.centre.name} · {obj.name}"


class InspectionForm(KeyedForm):
    centre = _centre_field("被检查中心")
    agency_point = _PointChoice(
        label="代办点(检查代办点时选择)",
        required=False,
        queryset=AgencyPoint.objects.filter(is_active=True).select_related("centre").order_by("centre", "name"),
        empty_label="中心本身",
    )
    kind = forms.ChoiceField(label="检查类型", choices=[("", "请选择"), *InspectionKind.choices])
    inspector_kind = forms.ChoiceField(label="检查方", choices=[("", "请选择"), *InspectorKind.choices])
    inspector_name = forms.CharField(
        label="检查单位/人员", max_length=100, help_text="如:县管委会督查股 张某某;玉山电视台;社会监督员 李某某。"
    )
    inspected_at = forms.DateTimeField(label="检查时间", **DATETIME_WIDGET)
    attitude = forms.ChoiceField(label="服务态度", required=False, choices=AspectResult.choices)
    conduct = forms.ChoiceField(label="工作作风", required=False, choices=AspectResult.choices)
    efficiency = forms.ChoiceField(label="工作效率", required=False, choices=AspectResult.choices)
    quality = forms.ChoiceField(label="办事质量", required=False, choices=AspectResult.choices)
    charging = forms.ChoiceField(label="收费行为", required=False, choices=AspectResult.choices)
    findings = _text_area("发现的问题", rows=4, help_text="没有发现问题请写“未发现问题”。")
    suggestions = _text_area(
        "意见建议", required=False, help_text="收集到的社会各界对窗口服务和大厅建设的意见建议(五(二))。"
    )
    outcome = forms.ChoiceField(label="通报结果", choices=BulletinOutcome.choices, initial=BulletinOutcome.NONE)
    bulletin_ref = forms.CharField(label="通报文号", required=False, max_length=60)
    bulletin_issued_on = _date_field(
        "通报日期", required=False, help_text="通报表扬或批评时同时登记一条县级“上级通报”;不填为检查当日。"
    )
    rectification_due = _date_field("整改期限", required=False)
    evidence = _evidence_field()

    ASPECTS = Inspection.ASPECTS

    def aspect_fields(self):
        return [self[name] for name in self.ASPECTS]

    def other_fields(self):
        return [field for field in self if field.name not in self.ASPECTS]


class _WindowChoice(forms.ModelChoiceField):
    def __init__(self, *args, with_centre: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_centre = with_centre

    def label_from_instance(self, obj: Window) -> str:
        return f"{obj.centre.name} · {obj}" if self.with_centre else str(obj)


class _StaffChoice(_WindowChoice):
    def label_from_instance(self, obj: Staff) -> str:
        label = f"{obj.name}({obj.post})" if obj.post else obj.name
        return f"{obj.centre.name} · {label}" if self.with_centre else label


def _finding_kind_choices() -> list[tuple[str, str]]:
    choices = [("", "请选择")]
    for value, label in FindingKind.choices:
        points = rules_findings.finding_deduction(value)
        choices.append((value, f"{label}(扣{points:g}分)" if points else f"{label}(不扣分)"))
    return choices


class FindingForm(KeyedForm):
    """A video-monitoring finding. The window and staff lists follow the chosen centre (the page
    reloads them with htmx when the centre changes; without a centre they list every centre's)."""

    centre = _centre_field()
    kind = forms.ChoiceField(label="问题类型", choices=_finding_kind_choices)
    observed_at = forms.DateTimeField(label="发现时间", **DATETIME_WIDGET, help_text="监控画面上的时间。")
    window = _WindowChoice(
        label="窗口",
        required=False,
        queryset=Window.objects.none(),
        empty_label="不涉及具体窗口",
        error_messages={"invalid_choice": "所选窗口不属于该中心。"},
    )
    staff = _StaffChoice(
        label="涉及人员",
        required=False,
        queryset=Staff.objects.none(),
        empty_label="未确定到人",
        help_text="无故空岗按人次扣分,必须选择人员。",
        error_messages={"invalid_choice": "所选人员不是该中心的工作人员。"},
    )
    description = _text_area("情况描述", help_text="时间段、画面内容、持续多久等。")
    evidence = _evidence_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.centre_id = self._chosen_centre()
        windows = Window.objects.filter(is_active=True).select_related("centre").order_by("centre", "number")
        staff = (
            Staff.objects.filter(is_active=True, centre__isnull=False, role__in=CENTRE_ROLES)
            .select_related("centre")
            .order_by("centre", "name", "pk")
        )
        if self.centre_id is not None:
            windows, staff = windows.filter(centre_id=self.centre_id), staff.filter(centre_id=self.centre_id)
        for name, queryset in (("window", windows), ("staff", staff)):
            self.fields[name].queryset = queryset
            self.fields[name].with_centre = self.centre_id is None

    def _chosen_centre(self) -> int | None:
        raw = self.data.get(self.add_prefix("centre")) if self.is_bound else self.initial.get("centre")
        return whole_number(raw)


class PressForm(KeyedForm):
    centre = _centre_field()
    tone = forms.ChoiceField(label="报道性质", choices=[("", "请选择"), *Tone.choices])
    level = forms.ChoiceField(
        label="媒体级别",
        choices=[("", "请选择"), *AuthorityLevel.choices],
        help_text="市级以上负面曝光每次扣5分;上饶市级以上正面宣传每次加5分,最多加10分。",
    )
    outlet = forms.CharField(label="媒体名称", max_length=100)
    title = forms.CharField(label="标题", max_length=200)
    published_on = _date_field("发布日期")
    link = forms.URLField(label="网址", required=False, max_length=200, assume_scheme="https")
    summary = _text_area("内容摘要", required=False)
    evidence = _evidence_field()


class BulletinForm(KeyedForm):
    centre = _centre_field()
    outcome = forms.ChoiceField(label="通报类型", choices=[("", "请选择"), *PRAISE_OR_CRITICISM])
    level = forms.ChoiceField(
        label="通报部门级别",
        choices=[("", "请选择"), *AuthorityLevel.choices],
        help_text="通报批评每次扣5分;上饶市级以上通报表扬每次加5分,最多加10分。",
    )
    issuer = forms.CharField(label="通报部门", max_length=100)
    reference = forms.CharField(label="文号", required=False, max_length=60)
    title = forms.CharField(label="标题/事由", max_length=200)
    issued_on = _date_field("通报日期")
    inspection = forms.ModelChoiceField(queryset=Inspection.objects.valid(), required=False, widget=forms.HiddenInput)
    evidence = _evidence_field()


# --- forms on the detail pages -----------------------------------------------------------------


class AnnulForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="作废原因",
        min_length=REASON_MIN,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="记录不会删除:作废后仍保留在历史中,不再计入考核。",
        error_messages={
            "required": "请填写作废原因。",
            "min_length": f"请填写作废原因(至少 {REASON_MIN} 个字)。",
            "max_length": f"作废原因最多 {REASON_MAX} 字。",
        },
    )


class RectifyForm(BootstrapFormMixin, forms.Form):
    rectification = _text_area("整改情况", rows=4, help_text="针对发现的问题采取的措施和结果。")
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


# --- list filters ------------------------------------------------------------------------------


class _RegisterFilter(BootstrapFormMixin, forms.Form):
    """Centre (county roles only), the register's own choices, a date range and 含已作废."""

    date_lookup = ""  # the date the range applies to, e.g. "inspected_at__date"

    centre = forms.ModelChoiceField(
        label="中心", required=False, queryset=Centre.objects.none(), empty_label="全部中心"
    )
    date_from = _date_field("起始日期", required=False)
    date_to = _date_field("截止日期", required=False)
    annulled = forms.BooleanField(label="含已作废", required=False)

    def __init__(self, *args, countywide: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if countywide:
            self.fields["centre"].queryset = Centre.objects.filter(is_active=True)
        else:
            del self.fields["centre"]
        self.order_fields(["centre", *self.choice_names(), "date_from", "date_to", "annulled"])

    def choice_names(self) -> list[str]:
        return [name for name in self.fields if name not in ("centre", "date_from", "date_to", "annulled")]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return data

    def apply(self, qs):
        if not self.is_valid():
            return qs.valid()
        data = self.cleaned_data
        if not data.get("annulled"):
            qs = qs.valid()
        if data.get("centre"):
            qs = qs.filter(centre=data["centre"])
        if data.get("date_from"):
            qs = qs.filter(**{f"{self.date_lookup}__gte": data["date_from"]})
        if data.get("date_to"):
            qs = qs.filter(**{f"{self.date_lookup}__lte": data["date_to"]})
        for name in self.choice_names():
            value = data.get(name)
            if value == CITY_UP:
                qs = qs.filter(**{f"{name}__in": sorted(rules_findings.CITY_OR_ABOVE)})
            elif value:
                qs = qs.filter(**{name: value})
        return qs

    def describe(self) -> str:
        """The chosen filters in words, for the title row of the export."""
        if not self.is_valid():
            return ""
        parts = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if not value or name in ("date_from", "date_to"):
                continue
            if name == "annulled":
                parts.append("含已作废")
            elif name == "centre":
                parts.append(value.name)
            else:
                parts.append(f"{field.label}:{dict(field.choices).get(value, value)}")
        start, end = self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")
        if start or end:
            parts.append(f"{start or '…'} 至 {end or '…'}")
        return ";".join(parts)


def _filter_choice(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[("", "全部"), *choices])


class InspectionFilterForm(_RegisterFilter):
    date_lookup = "inspected_at__date"
    kind = _filter_choice("检查类型", InspectionKind.choices)
    inspector_kind = _filter_choice("检查方", InspectorKind.choices)
    outcome = _filter_choice("通报结果", BulletinOutcome.choices)


class FindingFilterForm(_RegisterFilter):
    date_lookup = "observed_at__date"
    kind = _filter_choice("问题类型", FindingKind.choices)


class PressFilterForm(_RegisterFilter):
    date_lookup = "published_on"
    tone = _filter_choice("性质", Tone.choices)
    level = forms.ChoiceField(label="媒体级别", required=False, choices=LEVEL_FILTER_CHOICES)


class BulletinFilterForm(_RegisterFilter):
    date_lookup = "issued_on"
    outcome = _filter_choice("通报类型", PRAISE_OR_CRITICISM)
    level = forms.ChoiceField(label="部门级别", required=False, choices=LEVEL_FILTER_CHOICES)
