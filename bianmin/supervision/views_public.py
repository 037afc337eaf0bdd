"""Public pages of supervision (no login, issue #6 points 3, 4 and 7): rating a decided case
(好差评), filing a complaint (投诉举报) and following it up with its query code.

Every form is throttled per client (bianmin/core/throttle.py) and protected by Django's CSRF check.
Nothing about the rater or the complainant is shown back; the rating page opens only for a case
whose receipt the visitor proved to hold in the progress lookup (session proof, set there).
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from bianmin.core import throttle
from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.portal.views_kiosk import kiosk_home_for
from bianmin.portal.views_progress import is_verified
from bianmin.supervision import selectors, services, services_complaints
from bianmin.supervision.forms import RatingForm
from bianmin.supervision.forms_complaints import ComplaintForm, StatusLookupForm
from bianmin.supervision.models import ComplaintChannel, Rating, RatingChannel

RATE_LIMIT = 10  # rating submissions per client and minute
COMPLAINT_LIMIT, COMPLAINT_WINDOW = 5, 600  # complaints per client and 10 minutes
STATUS_LIMIT = 10  # status lookups per client and minute
COMPLAINT_THROTTLED = "提交过于频繁,请 10 分钟后再试。如情况紧急,请拨打中心公布的投诉电话。"


def _kiosk(request) -> dict:
    """Kiosk mode (``?kiosk=<centre pk>``, set by the touch kiosk's links; a form posts back to its own
    URL, so the parameter stays): the channel is recorded and kiosk.js keeps the page in kiosk mode."""
    home = kiosk_home_for(request)
    return {"kiosk": request.GET["kiosk"] if home else "", "kiosk_home": home}


@never_cache
def rate(request, case_pk: int):
    """好差评 of one decided case: one rating per case; a bad one needs a reason and opens a rectification."""
    context = _kiosk(request)
    kiosk = context["kiosk"]
    context["progress_url"] = reverse("portal:progress") + (f"?kiosk={kiosk}" if kiosk else "")
    if not is_verified(request, case_pk):  # the proof the progress lookup left in the session
        return render(request, "portal/rate.html", context | {"state": "unverified"}, status=403)
    case = selectors.rateable_case(case_pk)
    if case is None:
        raise Http404("办件不存在")
    context["case"] = case
    if not selectors.is_rateable(case):
        return render(request, "portal/rate.html", context | {"state": "not_decided"})
    if request.method == "POST":
        if not throttle.hit(request, "rate", limit=RATE_LIMIT):
            context |= {"state": "form", "form": RatingForm(request.POST), "throttled": throttle.message(RATE_LIMIT)}
            return render(request, "portal/rate.html", context, status=429)
        form = RatingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.rating_submit(
                    case=case,
                    overall=data["overall"],
                    efficiency=data["efficiency"],
                    attitude=data["attitude"],
                    guide_accuracy=data["guide_accuracy"],
                    comment=data["comment"],
                    channel=RatingChannel.KIOSK if kiosk else RatingChannel.PROGRESS,
                    request_key=data["request_key"],
                )
            except ApplicationError as exc:
                if not selectors.is_rated(case):
                    add_application_error(form, exc)
                    return render(request, "portal/rate.html", context | {"state": "form", "form": form})
                return render(request, "portal/rate.html", _rated(context, case) | {"refused": exc.message})
            url = reverse("portal:rate", args=[case.pk]) + "?done=1" + (f"&kiosk={kiosk}" if kiosk else "")
            return redirect(url)
        return render(request, "portal/rate.html", context | {"state": "form", "form": form})
    if selectors.is_rated(case):
        return render(request, "portal/rate.html", _rated(context, case) | {"done": request.GET.get("done") == "1"})
    form = RatingForm()
    return render(request, "portal/rate.html", context | {"state": "form", "form": form})


def _rated(context: dict, case) -> dict:
    """Thanks, and for a bad rating the promise of a call-back by the deadline (never the findings)."""
    rating = Rating.objects.select_related("rectification").filter(case_id=case.pk).first()
    rect = getattr(rating, "rectification", None) if rating and rating.is_bad else None
    return context | {"state": "rated", "deadline": rect.deadline if rect else None}


@never_cache
def complaint_new(request):
    """投诉举报: anonymous or named; the query code is shown once, on the page after submitting."""
    context = _kiosk(request)
    kiosk = context["kiosk"]
    if request.method == "POST":
        form = ComplaintForm(request.POST)
        if not throttle.hit(request, "complaint", limit=COMPLAINT_LIMIT, per_seconds=COMPLAINT_WINDOW):
            return render(
                request,
                "portal/complaint_new.html",
                context | {"form": form, "throttled": COMPLAINT_THROTTLED},
                status=429,
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = services_complaints.complaint_submit(
                    centre=data["centre"],
                    category=data["category"],
                    content=data["content"],
                    name=data["name"],
                    phone=data["phone"],
                    staff=data["staff_obj"],
                    subject=data["subject"],
                    receipt_number=data["receipt_number"],
                    channel=ComplaintChannel.KIOSK if kiosk else ComplaintChannel.PORTAL,
                    request_key=data["request_key"],
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                return render(request, "portal/complaint_new.html", context | {"complaint": complaint})
        return render(request, "portal/complaint_new.html", context | {"form": form})
    initial = {}
    if (centre := request.GET.get("centre", "")).isdigit():
        initial["centre"] = int(centre)
    return render(request, "portal/complaint_new.html", context | {"form": ComplaintForm(initial=initial)})


@never_cache
def complaint_status(request):
    """Follow-up by query code: category, centre, date, status and the public reply; nothing else."""
    form = StatusLookupForm(request.GET if "code" in request.GET else None)
    context = {"form": form, **_kiosk(request)}
    if form.is_bound:
        if not throttle.hit(request, "complaint_status", limit=STATUS_LIMIT):
            return render(
                request,
                "portal/complaint_status.html",
                context | {"throttled": throttle.message(STATUS_LIMIT)},
                status=429,
            )
        if form.is_valid():
            complaint = selectors.public_complaint(form.cleaned_data["code"])
            context |= {"complaint": complaint, "not_found": complaint is None}
    return render(request, "portal/complaint_status.html", context)
