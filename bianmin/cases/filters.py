"""Filters of the case lists (validated GET forms) and the "due soonest first" order."""

from django import forms
from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from bianmin.cases import workflow
from bianmin.cases.models import Channel, StatusChoices
from bianmin.core.forms import BootstrapFormMixin
from bianmin.org.selectors import centres_for, scope_for, windows_for
from bianmin.workcalendar.deadlines import end_of
from bianmin.workcalendar.selectors import load_calendar

DUE_FIRST = (F("due_at").asc(nulls_last=True), "received_at", "pk")
RUNNING = list(workflow.RUNNING_STATES)


class CaseFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="查找", required=False, max_length=60)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *StatusChoices.choices])
    light = forms.ChoiceField(
        label="监察灯",
        required=False,
        choices=[("", "全部"), ("red", "红灯(已超期)"), ("yellow", "黄灯(临近期限)"), ("alarm", "红灯和黄灯")],
    )
    channel = forms.ChoiceField(label="渠道", required=False, choices=[("", "全部渠道"), *Channel.choices])
    centre = forms.ModelChoiceField(label="中心", required=False, queryset=None, empty_label="全部中心")
    window = forms.ModelChoiceField(label="窗口", required=False, queryset=None, empty_label="全部窗口")
    received_from = forms.DateField(label="收件自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    received_to = forms.DateField(label="收件至", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, full: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        self.fields["centre"].queryset = centres_for(user).order_by("township__code")
        # The choices need the window and its centre, not the staff windows_for prefetches.
        windows = windows_for(user).prefetch_related(None).select_related("centre")
        self.fields["window"].queryset = windows.order_by("centre", "number")
        if not scope.is_countywide:
            del self.fields["centre"]
        if scope.is_agency_point:
            del self.fields["window"]
        if not full:
            for name in ("received_from", "received_to", "channel"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", "结束日期不能早于开始日期。")
        return data


def yellow_horizon():
    """The last moment a yellow light covers: the end of the MONITORING_YELLOW_DAYS-th working day
    after today (the share-of-limit rule needs each case's own limit and is applied per row)."""
    calendar = load_calendar()
    return end_of(calendar.add_working_days(timezone.localdate(), settings.MONITORING_YELLOW_DAYS).value)


def apply(form: CaseFilterForm, qs: QuerySet) -> QuerySet:
    if not form.is_bound or not form.is_valid():
        return qs
    data = form.cleaned_data
    if q := data.get("q", "").strip():
        qs = qs.filter(Q(receipt_number__icontains=q) | Q(applicant_name__icontains=q) | Q(item_name__icontains=q))
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("channel"):
        qs = qs.filter(channel=data["channel"])
    if data.get("centre"):
        qs = qs.filter(centre=data["centre"])
    if data.get("window"):
        qs = qs.filter(window=data["window"])
    if data.get("received_from"):
        qs = qs.filter(received_at__date__gte=data["received_from"])
    if data.get("received_to"):
        qs = qs.filter(received_at__date__lte=data["received_to"])
    if light := data.get("light"):
        now = timezone.now()
        if light == "red":
            return qs.filter(status__in=RUNNING, due_at__lt=now)
        # Yellow as in the monitoring rule: due within MONITORING_YELLOW_DAYS working days (the
        # calendar is read only for it).
        horizon = yellow_horizon()
        if light == "yellow":
            return qs.filter(status__in=RUNNING, due_at__gte=now, due_at__lte=horizon)
        return qs.filter(status__in=RUNNING, due_at__lte=horizon)  # red and yellow
    return qs
