"""Forms of the queue: booking (public), taking a number for someone, transferring, and a line's
settings. Validation of the business rules stays in the services; these only read the input."""

from datetime import date

from django import forms

from bianmin.core.forms import BootstrapFormMixin
from bianmin.hallqueue.models import QueueLine
from bianmin.hallqueue.ordering import GREEN_CHANNEL
from bianmin.hallqueue.slots import Slot
from bianmin.org.models import BusinessLine, Window


class BookingForm(forms.Form):
    choice = forms.ChoiceField(label="预约时段", error_messages={"required": "请选择预约日期和时段。"})
    name = forms.CharField(label="姓名", max_length=30, error_messages={"required": "请填写姓名。"})
    phone = forms.CharField(
        label="手机号码",
        max_length=20,
        error_messages={"required": "请填写手机号码。"},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, days: list[date], slots: tuple[Slot, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [
            (f"{day.isoformat()}|{slot.key}", f"{day:%m-%d} {slot.label}") for day in days for slot in slots
        ]
        self.fields["choice"].error_messages["invalid_choice"] = "该时段不能预约,请重新选择。"

    def clean_choice(self) -> tuple[date, str]:
        day, _, key = self.cleaned_data["choice"].partition("|")
        return date.fromisoformat(day), key


PRIORITY_CHOICES = [("", "普通"), *((p.value, f"绿色通道:{p.label}") for p in GREEN_CHANNEL)]


class IssueForm(BootstrapFormMixin, forms.Form):
    """工作人员代取号: for a resident who cannot use the kiosk."""

    line = forms.ModelChoiceField(label="取号业务", queryset=QueueLine.objects.none(), empty_label=None)
    priority = forms.ChoiceField(label="优先", choices=PRIORITY_CHOICES, required=False)

    def __init__(self, *args, centre_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = QueueLine.objects.filter(centre_id=centre_id, is_active=True).order_by(
            "sort_order", "prefix"
        )


class TransferForm(BootstrapFormMixin, forms.Form):
    to_window = forms.ModelChoiceField(label="转至窗口", queryset=Window.objects.none(), empty_label="请选择窗口")
    note = forms.CharField(label="说明", max_length=100, required=False)

    def __init__(self, *args, window: Window, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_window"].queryset = (
            Window.objects.filter(centre_id=window.centre_id, is_active=True).exclude(pk=window.pk).order_by("number")
        )


class QueueLineForm(BootstrapFormMixin, forms.ModelForm):
    # Read as typed (a, A, ａ); the service upper-cases and checks it (no I or O, unique in the centre).
    prefix = forms.CharField(label="号码字头", max_length=1, help_text="一个大写字母,不用 I、O。如 A → A001、A002 …")
    windows = forms.ModelMultipleChoiceField(
        label="叫号窗口", queryset=Window.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = QueueLine
        fields = ("name", "prefix", "business_line", "daily_limit", "slot_capacity", "sort_order", "is_active")

    def __init__(self, *args, centre_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["windows"].queryset = Window.objects.filter(centre_id=centre_id, is_active=True).order_by("number")
        self.fields["business_line"].queryset = BusinessLine.objects.all()
        if self.instance.pk:
            self.fields["windows"].initial = list(self.instance.windows.values_list("pk", flat=True))

    def clean_prefix(self) -> str:
        return self.cleaned_data["prefix"].strip().upper()

    def _post_clean(self):
        # The services validate the whole line (and its uniqueness in the centre) with clear messages.
        pass
