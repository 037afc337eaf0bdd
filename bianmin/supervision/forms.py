"""Forms of supervision: the public rating and complaint forms, the director's rectification and
complaint forms, and the filters of the staff lists.

Every writing form carries ``request_key`` (a fresh token per rendered form) so a double submit is
answered once; staff forms also carry the ``version`` seen, so a record changed meanwhile is refused.
"""

from django import forms
from django.db.models import Q

from bianmin.cases.forms import KeyedForm
from bianmin.core.forms import BootstrapFormMixin
from bianmin.core.personal import normalize_phone, phone_error
from bianmin.org.models import Centre, Staff
from bianmin.supervision import rules
from bianmin.supervision.models import Complaint, ComplaintCategory, Rectification
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
    name = forms.CharField(label="您的姓名(选填)", required=False, max_length=30)
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


class ComplaintRespondForm(VersionedForm):
    internal_note = forms.CharField(
        label="内部处理记录",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="核查经过、处理结果等,仅工作人员可见。",
    )
    reply = forms.CharField(
        label="答复意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="投诉人凭查询码可以看到;办结时必须填写。请勿写入工作人员以外的个人信息。",
    )

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(version=complaint.version, internal_note=complaint.internal_note, reply=complaint.reply)


# --- list filters -----------------------------------------------------------------------------


class _FilterForm(BootstrapFormMixin, forms.Form):
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


class RatingFilterForm(_FilterForm):
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


class RectificationFilterForm(_FilterForm):
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


class ComplaintFilterForm(_FilterForm):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *Complaint.Status.choices])
    category = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *ComplaintCategory.choices])

    def narrow(self, qs, data):
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("category"):
            qs = qs.filter(category=data["category"])
        return qs
