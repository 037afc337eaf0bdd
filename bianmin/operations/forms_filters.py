"""List filters of daily management (考勤, 请销假, 动态巡查, 人员调整报备) and the month picker of the
attendance summary and the running logs. A filter narrows a queryset already scoped by the
selectors (the centre picker is shown to county roles only) and describes itself for the export's
title.
"""

from datetime import date, datetime, timedelta

from django import forms
from django.utils import timezone

from bianmin.core.forms import BootstrapFormMixin
from bianmin.operations.forms import PersonChoiceField, date_field
from bianmin.operations.models import LeaveKind, LeaveStatus, StaffChangeKind
from bianmin.operations.selectors_attendance import at_local, early_q, late_q
from bianmin.org.models import Centre, Staff


class _FilterForm(BootstrapFormMixin, forms.Form):
    """A centre picker for the county roles; the narrowing of each list in ``narrow``."""

    centre = forms.ModelChoiceField(
        label="中心", required=False, queryset=Centre.objects.none(), empty_label="全部中心"
    )

    def __init__(self, *args, countywide: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if countywide:
            self.fields["centre"].queryset = Centre.objects.filter(is_active=True).select_related("township")
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

    def describe(self) -> str:
        """The filters in words, for the export's title."""
        if not self.is_valid():
            return ""
        parts = []
        for name, value in self.cleaned_data.items():
            if value in (None, "", False):
                continue
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                value = dict(field.choices).get(value, value)
            elif isinstance(field, forms.BooleanField):
                value = field.label
            elif isinstance(value, Staff):
                value = value.name
            parts.append(f"{field.label}:{value}" if not isinstance(field, forms.BooleanField) else str(value))
        return ",".join(parts)


class _PeriodMixin(forms.Form):
    date_from = date_field("自", required=False)
    date_to = date_field("至", required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return data


ATTENDANCE_STATES = [
    ("", "全部"),
    ("late", "迟到"),
    ("early", "早退"),
    ("open", "未签退"),
    ("entered", "主任补录"),
]


class AttendanceFilterForm(_PeriodMixin, _FilterForm):
    staff = PersonChoiceField(label="人员", required=False, queryset=Staff.objects.none(), empty_label="全部人员")
    state = forms.ChoiceField(label="情况", required=False, choices=ATTENDANCE_STATES)

    field_order = ["centre", "staff", "date_from", "date_to", "state"]

    def __init__(self, data=None, *args, people, **kwargs):
        # ?day=YYYY-MM-DD (the monitoring dashboard's link for one person's day) means from = to = day.
        if data is not None and data.get("day") and not (data.get("date_from") or data.get("date_to")):
            data = data.copy()
            data["date_from"] = data["date_to"] = data["day"]
        super().__init__(data, *args, **kwargs)
        self.fields["staff"].queryset = people

    def one_day(self) -> tuple[Staff, date] | None:
        """The person and day when the filter asks for exactly one person's one day."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        if data.get("staff") and data.get("date_from") and data.get("date_from") == data.get("date_to"):
            return data["staff"], data["date_from"]
        return None

    def narrow(self, qs, data):
        if data.get("staff"):
            qs = qs.filter(staff=data["staff"])
        if data.get("date_from"):
            qs = qs.filter(day__gte=data["date_from"])
        if data.get("date_to"):
            qs = qs.filter(day__lte=data["date_to"])
        state = data.get("state")
        if state == "late":
            qs = qs.filter(late_q())
        elif state == "early":
            qs = qs.filter(early_q())
        elif state == "open":
            qs = qs.filter(signed_in_at__isnull=False, signed_out_at__isnull=True)
        elif state == "entered":
            qs = qs.filter(source="entered")
        return qs


def month_choices(today: date, months: int = 13) -> list[tuple[str, str]]:
    choices, year, month = [], today.year, today.month
    for _ in range(months):
        choices.append((f"{year:04d}-{month:02d}", f"{year}年{month}月"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return choices


def month_bounds(value: str) -> tuple[date, date]:
    year, month = (int(part) for part in value.split("-"))
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)


class MonthForm(BootstrapFormMixin, forms.Form):
    """A month (this one by default) and, for the county, a centre."""

    month = forms.ChoiceField(label="月份", required=False)
    centre = forms.ModelChoiceField(
        label="中心", required=False, queryset=Centre.objects.none(), empty_label="全部中心"
    )

    def __init__(self, *args, countywide: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(timezone.localdate())
        if countywide:
            self.fields["centre"].queryset = Centre.objects.filter(is_active=True).select_related("township")
        else:
            del self.fields["centre"]

    def bounds(self) -> tuple[date, date]:
        value = self.cleaned_data.get("month") if self.is_valid() else None
        return month_bounds(value or self.fields["month"].choices[0][0])

    def chosen_centre(self) -> Centre | None:
        return self.cleaned_data.get("centre") if self.is_valid() else None


class LeaveFilterForm(_PeriodMixin, _FilterForm):
    staff = PersonChoiceField(label="人员", required=False, queryset=Staff.objects.none(), empty_label="全部人员")
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *LeaveStatus.choices])
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *LeaveKind.choices])

    field_order = ["centre", "staff", "status", "kind", "date_from", "date_to"]

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = people

    def narrow(self, qs, data):
        if data.get("staff"):
            qs = qs.filter(staff=data["staff"])
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("date_from"):  # leaves overlapping the period
            qs = qs.filter(ends_at__gt=at_local(data["date_from"], datetime.min.time()))
        if data.get("date_to"):
            qs = qs.filter(starts_at__lt=at_local(data["date_to"] + timedelta(days=1), datetime.min.time()))
        return qs


class PatrolFilterForm(_PeriodMixin, _FilterForm):
    found_problem = forms.ChoiceField(
        label="发现问题", required=False, choices=[("", "全部"), ("yes", "发现问题"), ("no", "未发现问题")]
    )
    with_annulled = forms.BooleanField(label="含已作废", required=False)

    def narrow(self, qs, data):
        if not data.get("with_annulled"):
            qs = qs.filter(annulled_at__isnull=True)
        if data.get("found_problem"):
            qs = qs.filter(found_problem=data["found_problem"] == "yes")
        if data.get("date_from"):
            qs = qs.filter(patrolled_at__gte=at_local(data["date_from"], datetime.min.time()))
        if data.get("date_to"):
            qs = qs.filter(patrolled_at__lt=at_local(data["date_to"] + timedelta(days=1), datetime.min.time()))
        return qs

    def apply(self, qs):
        if not self.is_valid():
            return qs.filter(annulled_at__isnull=True)
        return super().apply(qs)


class StaffChangeFilterForm(_FilterForm):
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *StaffChangeKind.choices])
    acknowledged = forms.ChoiceField(
        label="县管委会确认", required=False, choices=[("", "全部"), ("no", "待确认"), ("yes", "已确认")]
    )
    timeliness = forms.ChoiceField(
        label="报备", required=False, choices=[("", "全部"), ("on_time", "及时报备"), ("late", "逾期报备")]
    )
    with_annulled = forms.BooleanField(label="含已作废", required=False)

    def narrow(self, qs, data):
        if not data.get("with_annulled"):
            qs = qs.filter(annulled_at__isnull=True)
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("acknowledged"):
            qs = qs.filter(acknowledged_at__isnull=data["acknowledged"] == "no")
        return qs

    def apply(self, qs):
        if not self.is_valid():
            return qs.filter(annulled_at__isnull=True)
        return super().apply(qs)

    def timeliness_filter(self, rows: list) -> list:
        """On time or late depends on the working-day calendar: filtered after ``with_timeliness``
        (a centre reports a handful of changes a year)."""
        wanted = self.cleaned_data.get("timeliness") if self.is_valid() else ""
        if wanted == "on_time":
            return [r for r in rows if r.on_time]
        if wanted == "late":
            return [r for r in rows if not r.on_time]
        return rows
