"""Forms of the case pages: intake (applicant + material checklist) and one small form per action.

Every form carries ``request_key`` (a fresh token per rendered form) so a double submit or a retried
request is answered once (DESIGN §4, issue #5 point 9), and action forms carry the case ``version``
the clerk saw, so a case changed meanwhile is refused with "已被他人处理".
"""

import uuid

from django import forms

from bianmin.cases.models import ID_TYPE_CHOICES, CaseMaterial, Channel, DeliveryMethod, Result, Suspension
from bianmin.cases.services import Applicant, applicant_errors
from bianmin.core.forms import BootstrapFormMixin
from bianmin.core.personal import normalize_id_document, normalize_phone
from bianmin.core.uploads import ScanFileField
from bianmin.core.validators import validate_person_name
from bianmin.org.models import Staff, Window


def new_key() -> str:
    return uuid.uuid4().hex


class KeyedForm(BootstrapFormMixin, forms.Form):
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("request_key", new_key())


MATERIAL_STATES = [
    (CaseMaterial.State.RECEIVED, "已收"),
    (CaseMaterial.State.MISSING, "缺少"),
    (CaseMaterial.State.DEFECTIVE, "不符合要求"),
    (CaseMaterial.State.NOT_NEEDED, "不适用"),
]


class ChecklistMixin:
    """One radio group (``mat_<n>``) and note (``note_<n>``) per material of the checklist."""

    def add_checklist(self, materials) -> None:
        self.checklist = []
        for position, material in materials:
            state = f"mat_{position}"
            note = f"note_{position}"
            choices = MATERIAL_STATES if not material.required else MATERIAL_STATES[:3]
            # On the case page the checklist starts from what was recorded; at intake from "missing",
            # so every material is ticked off deliberately.
            current = getattr(material, "state", CaseMaterial.State.MISSING)
            if current not in dict(choices):
                current = CaseMaterial.State.MISSING
            self.fields[state] = forms.ChoiceField(
                label=material.name,
                choices=choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=current,
            )
            if getattr(material, "note", ""):
                self.initial.setdefault(note, material.note)
            self.fields[note] = forms.CharField(label="说明", required=False, max_length=200)
            self.fields[note].widget.attrs.update(
                {"class": "form-control form-control-sm", "placeholder": "如:复印件不清晰"}
            )
            self.checklist.append((position, material, state, note))

    def checklist_materials(self) -> list:
        return [(position, material) for position, material, _, _ in self.checklist]

    def material_states(self) -> dict[int, tuple[str, str]]:
        return {
            position: (self.cleaned_data[state], self.cleaned_data.get(note, ""))
            for position, _, state, note in self.checklist
        }


class IntakeForm(ChecklistMixin, KeyedForm):
    applicant_name = forms.CharField(label="申请人姓名", max_length=60, validators=[validate_person_name])
    id_type = forms.ChoiceField(label="证件类型", choices=ID_TYPE_CHOICES, initial="resident")
    id_number = forms.CharField(label="证件号码", max_length=30)
    phone = forms.CharField(label="联系电话", max_length=30)
    address = forms.CharField(label="联系地址", max_length=200, required=False)
    agent_name = forms.CharField(
        label="代理人姓名",
        max_length=60,
        required=False,
        help_text="受申请人委托代办时填写。",
        validators=[validate_person_name],
    )
    agent_id_type = forms.ChoiceField(
        label="代理人证件类型", choices=ID_TYPE_CHOICES, initial="resident", required=False
    )
    agent_id_number = forms.CharField(label="代理人证件号码", max_length=30, required=False)
    agent_phone = forms.CharField(label="代理人电话", max_length=30, required=False)
    channel = forms.ChoiceField(
        label="申办渠道",
        choices=[c for c in Channel.choices if c[0] != Channel.AGENCY],
        initial=Channel.WINDOW,
    )
    complete_now = forms.BooleanField(label="即办件当场办结并交付结果", required=False, initial=True)
    pledge = forms.BooleanField(label="申请人已签署容缺补齐承诺书", required=False)
    catch_up = forms.DateField(label="容缺材料补齐期限", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    hand_over_now = forms.BooleanField(label="登记后立即移交中心", required=False, initial=True)

    def __init__(self, *args, guide, materials, at_point: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.guide = guide
        self.at_point = at_point
        self.add_checklist(materials)
        if at_point:
            del self.fields["channel"]
            del self.fields["complete_now"]
            del self.fields["pledge"]
            del self.fields["catch_up"]
        else:
            del self.fields["hand_over_now"]
            if guide.handling_type != "immediate":
                del self.fields["complete_now"]
            if not guide.pending_allowed:
                del self.fields["pledge"]
                del self.fields["catch_up"]

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            name=data["applicant_name"],
            id_type=data["id_type"],
            id_number=data["id_number"],
            phone=data["phone"],
            address=data.get("address", ""),
            agent_name=data.get("agent_name", ""),
            agent_id_type=data.get("agent_id_type") or "resident",
            agent_id_number=data.get("agent_id_number", ""),
            agent_phone=data.get("agent_phone", ""),
        )

    def clean(self):
        data = super().clean()
        if not all(k in data for k in ("applicant_name", "id_type", "id_number", "phone")):
            return data
        applicant = self.applicant()
        applicant = Applicant(
            **{
                **applicant.__dict__,
                "id_number": normalize_id_document(applicant.id_type, applicant.id_number),
                "phone": normalize_phone(applicant.phone),
            }
        )
        for field, message in applicant_errors(applicant).items():
            self.add_error(field if field in self.fields else None, message)
        if data.get("agent_name") and not data.get("agent_id_number"):
            self.add_error("agent_id_number", "填写了代理人时,请填写代理人证件号码。")
        return data


class VersionedForm(KeyedForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class NoteForm(VersionedForm):
    note = forms.CharField(label="说明", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(VersionedForm):
    reason = forms.CharField(label="理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ChecklistForm(ChecklistMixin, NoteForm):
    def __init__(self, *args, materials, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_checklist(materials)


class AcceptForm(ChecklistForm):
    complete_now = forms.BooleanField(label="即办件当场办结并交付结果", required=False)


class AcceptPendingForm(ChecklistForm):
    pledge = forms.BooleanField(label="申请人已签署容缺补齐承诺书", required=True)
    catch_up = forms.DateField(label="容缺材料补齐期限", widget=forms.DateInput(attrs={"type": "date"}))


class ConfirmHandoverForm(NoteForm):
    confirmed = forms.TypedMultipleChoiceField(
        label="逐项核对移交材料",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].choices = [(i["position"], f"{i['name']}({i['copies']}份)") for i in items]
        if not self.is_bound:
            self.initial["confirmed"] = [i["position"] for i in items]


class SuspendForm(ReasonForm):
    kind = forms.ChoiceField(label="特别程序", choices=Suspension.Kind.choices)
    field_order = ["kind", "reason"]


class ExtensionForm(ReasonForm):
    days = forms.IntegerField(label="延长工作日", min_value=1, max_value=30)
    field_order = ["days", "reason"]


class DecideExtensionForm(NoteForm):
    pass


class CompleteForm(NoteForm):
    result = forms.ChoiceField(
        label="办理结果",
        choices=Result.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        initial=Result.APPROVED,
    )
    field_order = ["result", "note"]


class DeliverForm(NoteForm):
    method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices)
    field_order = ["method", "note"]

    def __init__(self, *args, at_point: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if at_point:
            self.fields["method"].choices = [(DeliveryMethod.AGENT, DeliveryMethod.AGENT.label)]
        else:
            self.fields["method"].choices = [c for c in DeliveryMethod.choices if c[0] != DeliveryMethod.AGENT]


class TransferForm(ReasonForm):
    window = forms.ModelChoiceField(label="转至窗口", queryset=Window.objects.none(), required=False)
    handler = forms.ModelChoiceField(label="转至承办人", queryset=Staff.objects.none(), required=False)
    field_order = ["window", "handler", "reason"]

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = Window.objects.filter(centre=centre, is_active=True).order_by("number")
        self.fields["handler"].queryset = Staff.objects.filter(
            centre=centre, is_active=True, role__in=["clerk", "centre_director"]
        ).order_by("name")


class CallbackForm(KeyedForm):
    note = forms.CharField(label="回访情况", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class PendingFulfilledForm(KeyedForm):
    pass


class AttachForm(KeyedForm):
    file = ScanFileField(label="扫描件(PDF、JPEG、PNG)")
    material = forms.TypedChoiceField(label="对应材料", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, materials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].choices = [("", "(其他)")] + [(m.pk, m.name) for m in materials]
