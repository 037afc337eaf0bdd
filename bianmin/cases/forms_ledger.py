"""The ledger's filter form (a validated GET form): month, centre, window, channel, status, item."""

from django import forms
from django.utils import timezone

from bianmin.cases.ledgers import LedgerFilter, Month
from bianmin.cases.models import Channel, StatusChoices
from bianmin.cases.selectors import cases_for
from bianmin.catalogue.models import ServiceItem
from bianmin.core.forms import BootstrapFormMixin
from bianmin.org.selectors import centres_for, scope_for, windows_for

TABS = (("register", "登记簿"), ("stats", "统计簿"))
INVALID = "所选项不在可选范围内,请重新选择。"


class WindowChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, with_centre: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_centre = with_centre

    def label_from_instance(self, obj) -> str:
        return f"{obj.centre.name} {obj}" if self.with_centre else str(obj)


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.current.name}({obj.code})" if obj.current else obj.code


class LedgerFilterForm(BootstrapFormMixin, forms.Form):
    month = forms.CharField(
        label="月份",
        max_length=10,
        error_messages={"required": "请选择月份。"},
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"}),
    )
    centre = forms.ModelChoiceField(
        label="中心", required=False, queryset=None, empty_label="全部中心", error_messages={"invalid_choice": INVALID}
    )
    window = WindowChoiceField(
        label="窗口", required=False, queryset=None, empty_label="全部窗口", error_messages={"invalid_choice": INVALID}
    )
    channel = forms.ChoiceField(
        label="渠道",
        required=False,
        choices=[("", "全部渠道"), *Channel.choices],
        error_messages={"invalid_choice": INVALID},
    )
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部状态"), *StatusChoices.choices],
        error_messages={"invalid_choice": INVALID},
    )
    item = ItemChoiceField(
        label="事项", required=False, queryset=None, empty_label="全部事项", error_messages={"invalid_choice": INVALID}
    )
    tab = forms.ChoiceField(required=False, choices=TABS, widget=forms.HiddenInput)

    def __init__(self, data, *, user, **kwargs):
        """``data`` is the GET query; the month defaults to the current one (Asia/Shanghai)."""
        data = data.copy()
        if not data.get("month"):
            data["month"] = Month.of(timezone.localdate()).param
        super().__init__(data, **kwargs)
        scope = scope_for(user)
        self.countywide = scope.is_countywide
        if scope.is_countywide:
            self.fields["centre"].queryset = centres_for(user).order_by("township__code")
        else:
            # Centre roles and agents see their own unit only; a centre in the query is ignored.
            del self.fields["centre"]
        if scope.is_agency_point:
            del self.fields["window"]
        else:
            windows = windows_for(user).prefetch_related(None).select_related("centre")
            self.fields["window"].queryset = windows.order_by("centre__township__code", "number")
            self.fields["window"].with_centre = scope.is_countywide
        # Only items that have cases in the user's scope: the list stays short and leaks nothing.
        items = ServiceItem.objects.filter(pk__in=cases_for(user).values("item_id")).select_related("current")
        self.fields["item"].queryset = items.order_by("business_line__sort_order", "code")

    def clean_month(self) -> Month:
        try:
            month = Month.parse(self.cleaned_data["month"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        if month > Month.of(timezone.localdate()):
            raise forms.ValidationError("不能查询尚未到来的月份。")
        return month

    def clean(self):
        data = super().clean()
        centre, window = data.get("centre"), data.get("window")
        if centre is not None and window is not None and window.centre_id != centre.pk:
            self.add_error("window", "所选窗口不属于所选中心。")
        return data

    @property
    def active_tab(self) -> str:
        tab = self.data.get("tab")
        return tab if tab in dict(TABS) else "register"

    def spec(self) -> LedgerFilter:
        """The validated filters (call after ``is_valid()``)."""
        data = self.cleaned_data
        return LedgerFilter(
            month=data["month"],
            centre=data.get("centre"),
            window=data.get("window"),
            channel=data.get("channel", ""),
            status=data.get("status", ""),
            item=data.get("item"),
        )

    def describe(self) -> str:
        """The filters other than the month, in words, for titles (e.g. 窗口:1号窗口 民政窗口;渠道:窗口)."""
        parts = []
        for name in ("window", "channel", "status", "item"):
            value = self.cleaned_data.get(name)
            if not value or name not in self.fields:
                continue
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField):
                shown = field.label_from_instance(value)
            else:
                shown = dict(field.choices).get(value, value)
            parts.append(f"{field.label}:{shown}")
        return ";".join(parts)
