"""Forms of 投诉举报: the public complaint form and status lookup, the complaint register's forms (登记,
交办, 调查核实, 查证, 答复/办结), and the register's filter.

Every writing form carries ``request_key`` (a fresh token per rendered form) so a double submit is
answered once; the register's forms also carry the ``version`` seen, so a complaint changed meanwhile
is refused.
"""

from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone

from bianmin.cases.forms import KeyedForm
from bianmin.core.forms import BootstrapFormMixin
from bianmin.core.personal import normalize_phone, phone_error
from bianmin.core.uploads import ScanFileField
from bianmin.core.validators import validate_person_name
from bianmin.org.models import Centre, Staff
from bianmin.supervision import rules, selectors, services_complaints
from bianmin.supervision.forms import FilterForm, VersionedForm
from bianmin.supervision.models import STAFF_CHANNELS, Complaint, ComplaintCategory, ComplaintChannel, Verdict

# --- the public form and status lookup ----------------------------------------------------------


class ComplaintForm(KeyedForm):
    """投诉举报 from the public: name and phone optional (anonymous is allowed)."""

    centre = forms.ModelChoiceField(
        label="被投诉的便民服务中心",
        queryset=Centre.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择便民服务中心。", "invalid_choice": "请选择便民服务中心。"},
    )
    category = forms.ChoiceField(
        label="类别",
        choices=[("", "请选择"), *ComplaintCategory.choices],
        error_messages={"required": "请选择投诉举报类别。"},
    )
    staff = forms.TypedChoiceField(
        label="被投诉的工作人员(选填)",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="名单来自各中心岗位公示牌;不知道姓名可不选,在下面描述。",
        error_messages={"invalid_choice": "请重新选择工作人员。"},
    )
    subject = forms.CharField(
        label="被投诉人或窗口描述(选填)", required=False, max_length=60, help_text="如:3号窗口、穿蓝色马甲的男同志。"
    )
    receipt_number = forms.CharField(
        label="相关办件编号(选填)", required=False, max_length=40, help_text="告知单或回执上的办件编号。"
    )
    content = forms.CharField(
        label="投诉举报内容",
        min_length=rules.CONTENT_MIN,
        max_length=rules.CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": rules.CONTENT_MAX}),
        help_text=f"请写明时间、地点、经过({rules.CONTENT_MIN}–{rules.CONTENT_MAX} 字)。",
        error_messages={
            "required": "请填写投诉举报内容。",
            "min_length": f"请把情况写清楚,至少 {rules.CONTENT_MIN} 个字。",
            "max_length": f"内容最多 {rules.CONTENT_MAX} 字。",
        },
    )
    name = forms.CharField(label="您的姓名(选填)", required=False, max_length=30, validators=[validate_person_name])
    phone = forms.CharField(
        label="联系电话(选填)",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text="留下电话便于中心回复您;只有中心负责人能看到。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        centres = list(Centre.objects.filter(is_active=True).select_related("township"))
        self.fields["centre"].queryset = Centre.objects.filter(is_active=True)
        self.fields["centre"].choices = [("", "请选择"), *[(c.pk, c.name) for c in centres]]
        self.fields["staff"].choices = [("", "不指定"), *_public_staff_choices(centres)]
        for field in self.fields.values():  # large controls for elderly users (public layout)
            css = field.widget.attrs.get("class", "")
            if "form-select" in css:
                field.widget.attrs["class"] = css + " form-select-lg"
            elif "form-control" in css:
                field.widget.attrs["class"] = css + " form-control-lg"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:  # screen readers announce the message with the field
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self.add_prefix(name)}-error"}
                )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        if message := phone_error(phone):
            raise forms.ValidationError(message)
        return normalize_phone(phone)

    def clean_content(self):
        content = self.cleaned_data["content"]
        if message := rules.content_error(content):
            raise forms.ValidationError(message)
        return content.strip()

    def clean(self):
        data = super().clean()
        staff_pk, centre = data.get("staff"), data.get("centre")
        data["staff_obj"] = None
        if staff_pk and centre:
            staff = Staff.objects.filter(pk=staff_pk).select_related("agency_point").first()
            home = None if staff is None else (staff.centre_id or getattr(staff.agency_point, "centre_id", None))
            if staff is None or home != centre.pk:
                self.add_error("staff", "所选工作人员不属于该中心,请重新选择。")
            else:
                data["staff_obj"] = staff
        return data


def _public_staff_choices(centres) -> list:
    """The post boards' people grouped by centre (what the public pages already show, nothing more)."""
    names = {c.pk: c.name for c in centres}
    groups: dict[int, list] = {pk: [] for pk in names}
    rows = (
        Staff.objects.filter(is_active=True, on_post_board=True)
        .filter(Q(centre_id__in=list(names)) | Q(agency_point__centre_id__in=list(names)))
        .select_related("agency_point")
        .order_by("name", "pk")
    )
    for staff in rows:
        centre_id = staff.centre_id or staff.agency_point.centre_id
        label = f"{staff.name}({staff.post})" if staff.post else staff.name
        if staff.agency_point_id:
            label += f" · {staff.agency_point.name}"
        groups[centre_id].append((staff.pk, label))
    return [(names[pk], options) for pk, options in groups.items() if options]


class StatusLookupForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label="查询码",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "form-control-lg font-monospace",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
            }
        ),
        error_messages={"required": "请输入查询码。"},
    )


# --- the complaint register (issue #7 point 2) -----------------------------------------------------


def _grouped_staff_choices(rows) -> list:
    """Staff grouped by their centre (or 县级) for a select box."""
    groups: dict[str, list] = {}
    for staff in rows:
        if staff.centre_id:
            group = staff.centre.name
        elif staff.agency_point_id:
            group = staff.agency_point.centre.name
        else:
            group = "县级"
        label = staff.name + (f"({staff.post or staff.get_role_display()})")
        if staff.agency_point_id:
            label += f" · {staff.agency_point.name}"
        groups.setdefault(group, []).append((staff.pk, label))
    return list(groups.items())


def _datetime_local(label: str, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        **kwargs,
    )


class ComplaintRegisterForm(KeyedForm):
    """登记: a complaint received by phone, box, visit, 12345, the media or a superior's referral.

    County roles choose the centre; a director's own centre is fixed (the field is removed).
    """

    channel = forms.ChoiceField(
        label="来源",
        choices=[("", "请选择"), *[(c.value, c.label) for c in STAFF_CHANNELS]],
        error_messages={"required": "请选择来源。", "invalid_choice": "请选择来源。"},
    )
    external_ref = forms.CharField(
        label="来源编号",
        required=False,
        max_length=60,
        help_text="12345热线填工单号,新闻媒体填报道标题,上级转办填转办文号;其他来源可不填。",
    )
    received_at = _datetime_local("受理时间", help_text="收到投诉的时间(可早于现在,如开箱时间)。办理期限从此日起算。")
    centre = forms.ModelChoiceField(
        label="被投诉中心",
        queryset=Centre.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择便民服务中心。", "invalid_choice": "请选择便民服务中心。"},
    )
    category = forms.ChoiceField(
        label="类别",
        choices=[("", "请选择"), *ComplaintCategory.choices],
        error_messages={"required": "请选择投诉举报类别。"},
    )
    staff = forms.TypedChoiceField(
        label="被投诉人(选填)",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "请重新选择被投诉人。"},
    )
    subject = forms.CharField(label="被投诉人/窗口描述(选填)", required=False, max_length=60)
    content = forms.CharField(
        label="投诉举报内容",
        min_length=rules.CONTENT_MIN,
        max_length=rules.CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": rules.CONTENT_MAX}),
        error_messages={
            "required": "请填写投诉举报内容。",
            "min_length": f"请把情况写清楚,至少 {rules.CONTENT_MIN} 个字。",
        },
    )
    name = forms.CharField(label="投诉人姓名(选填)", required=False, max_length=30, validators=[validate_person_name])
    phone = forms.CharField(
        label="投诉人电话(选填)",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
        help_text="仅中心主任和县级管理部门可见。",
    )
    evidence = ScanFileField(
        label="证据材料(选填)", required=False, help_text="投诉信扫描件、工单截图、报道截图等(PDF、JPEG、PNG)。"
    )

    def __init__(self, *args, scope, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_centre = None
        if scope.is_countywide:
            centres = Centre.objects.filter(is_active=True)
            self.fields["centre"].queryset = centres
            staff = Staff.objects.filter(is_active=True).filter(
                Q(centre__in=centres) | Q(agency_point__centre__in=centres)
            )
        else:
            self.fixed_centre = Centre.objects.get(pk=scope.centre_id)
            del self.fields["centre"]
            staff = Staff.objects.filter(is_active=True).filter(
                Q(centre_id=scope.centre_id) | Q(agency_point__centre_id=scope.centre_id)
            )
        rows = staff.select_related("centre", "agency_point__centre").order_by(
            "centre__township__code", "agency_point__centre__township__code", "agency_point", "name", "pk"
        )
        self.fields["staff"].choices = [("", "不指定"), *_grouped_staff_choices(rows)]
        if not self.is_bound:
            now = timezone.localtime(now) if now else timezone.localtime()
            self.initial.setdefault("received_at", now.replace(second=0, microsecond=0))

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        if message := phone_error(phone):
            raise forms.ValidationError(message)
        return normalize_phone(phone)

    def clean_content(self):
        content = self.cleaned_data["content"]
        if message := rules.content_error(content):
            raise forms.ValidationError(message)
        return content.strip()

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now():
            raise forms.ValidationError("受理时间不能晚于现在。")
        return value

    def clean(self):
        data = super().clean()
        centre = self.fixed_centre or data.get("centre")
        data["centre_obj"] = centre
        data["staff_obj"] = None
        if data.get("staff") and centre is not None:
            staff = services_complaints.staff_of(centre.pk).filter(pk=data["staff"]).first()
            if staff is None:
                self.add_error("staff", "被投诉人不是该中心或其代办点的工作人员。")
            data["staff_obj"] = staff
        channel = data.get("channel")
        if channel in services_complaints.REF_REQUIRED and not data.get("external_ref", "").strip():
            self.add_error("external_ref", services_complaints.REF_REQUIRED[channel])
        return data


class ComplaintAssignForm(VersionedForm):
    assignee = forms.TypedChoiceField(
        label="承办人",
        coerce=int,
        error_messages={"required": "请选择承办人。", "invalid_choice": "请重新选择承办人。"},
    )

    def __init__(self, *args, complaint: Complaint, scope, **kwargs):
        super().__init__(*args, **kwargs)
        rows = selectors.assignable_staff(scope, complaint).select_related("centre", "agency_point__centre")
        self.fields["assignee"].choices = [("", "请选择"), *_grouped_staff_choices(rows)]
        if not self.is_bound:
            self.initial.update(version=complaint.version, assignee=complaint.assigned_to_id)


class ComplaintInvestigateForm(VersionedForm):
    investigation = forms.CharField(
        label="调查核实情况",
        max_length=services_complaints.INVESTIGATION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="调查经过、询问了谁、查阅了什么、查明的事实。仅工作人员可见。",
        error_messages={"required": "请填写调查核实情况。"},
    )
    evidence = ScanFileField(
        label="证据材料(选填)",
        required=False,
        help_text="询问笔录、监控截图等(PDF、JPEG、PNG);上传后替换原有的证据材料。",
    )

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(version=complaint.version, investigation=complaint.investigation)


class ComplaintVerdictForm(VersionedForm):
    verdict = forms.ChoiceField(
        label="查证结论",
        choices=Verdict.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "请选择查证结论(属实或不属实)。"},
    )
    evidence = ScanFileField(
        label="证据材料",
        required=False,
        help_text=(
            "认定“属实”须有证据材料,或调查核实情况写明事实经过"
            f"(不少于 {services_complaints.SUBSTANTIATED_DETAIL_MIN} 字)。"
            "上传后替换原有的证据材料。"
        ),
    )

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.complaint = complaint
        if not self.is_bound:
            self.initial.update(version=complaint.version, verdict=complaint.verdict or None)

    def clean(self):
        data = super().clean()
        if data.get("verdict"):
            errors = services_complaints.verdict_errors(
                verdict=data["verdict"],
                investigation=self.complaint.investigation,
                has_evidence=self.complaint.has_evidence or bool(data.get("evidence")),
            )
            for field, message in errors.items():
                self.add_error(field, message)
        return data


class ComplaintRespondForm(VersionedForm):
    reply = forms.CharField(
        label="答复意见",
        required=False,
        max_length=services_complaints.REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="投诉人凭查询码可以看到;办结时必须填写。请勿写入工作人员以外的个人信息。",
    )
    internal_note = forms.CharField(
        label="内部处理记录(选填)",
        required=False,
        max_length=services_complaints.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="对当事人的处理、整改措施等,仅工作人员可见。",
    )

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(version=complaint.version, internal_note=complaint.internal_note, reply=complaint.reply)


# --- the register's filter ------------------------------------------------------------------------


class ComplaintFilterForm(FilterForm):
    """The register's filters; ``staff_id`` is the reader (for "交办给我的")."""

    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), ("open", "未办结"), *Complaint.Status.choices]
    )
    channel = forms.ChoiceField(label="来源", required=False, choices=[("", "全部"), *ComplaintChannel.choices])
    category = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *ComplaintCategory.choices])
    verdict = forms.ChoiceField(
        label="查证结论", required=False, choices=[("", "全部"), *Verdict.choices, ("none", "未查证")]
    )
    since = forms.DateField(label="受理日期从", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    overdue = forms.BooleanField(label="仅看逾期", required=False)
    mine = forms.BooleanField(label="交办给我的", required=False)

    def __init__(self, *args, staff_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff_id = staff_id
        if staff_id is None:
            del self.fields["mine"]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "结束日期不能早于开始日期。")
        return data

    def narrow(self, qs, data):
        status = data.get("status")
        if status == "open":
            qs = qs.filter(status__in=selectors.OPEN_COMPLAINT)
        elif status:
            qs = qs.filter(status=status)
        for name in ("channel", "category"):
            if data.get(name):
                qs = qs.filter(**{name: data[name]})
        if data.get("verdict") == "none":
            qs = qs.filter(verdict="")
        elif data.get("verdict"):
            qs = qs.filter(verdict=data["verdict"])
        if data.get("since"):
            qs = qs.filter(submitted_at__gte=_day_start(data["since"]))
        if data.get("until"):
            qs = qs.filter(submitted_at__lt=_day_start(data["until"] + timedelta(days=1)))
        if data.get("overdue"):
            qs = qs.filter(selectors.complaint_overdue_q(timezone.localdate()))
        if data.get("mine") and self.staff_id is not None:
            qs = qs.filter(assigned_to_id=self.staff_id)
        return qs


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time(0)))
