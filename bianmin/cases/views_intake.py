"""Intake (收件/代办登记): pick the item by search (name, 俗称, pinyin or initials), tick off the
material checklist from its guide, and let the system decide (plan 四(一)4(2)(3)):

- every required material received → 受理 (承诺件: the promise notice is printed; 即办件: completed
  on the spot when ticked);
- only materials the guide allows to follow are missing, with the pledge and a date → 容缺受理;
- otherwise → the 一次性告知单 listing exactly what is missing or defective.
At an agency point the application is registered (代办登记) and, when ticked, handed over at once.
Opened from a queue ticket (``?ticket=<pk>``, the window screen's 收件登记), the search keeps to the
ticket's business line and the case is recorded on the ticket.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from bianmin.cases.forms import IntakeForm
from bianmin.cases.models import NoticeKind
from bianmin.cases.notices import latest_print_url
from bianmin.cases.selectors import consultations_for
from bianmin.cases.services_intake import case_intake
from bianmin.catalogue.search import search_items
from bianmin.catalogue.selectors import intake_entry
from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.org.selectors import scope_for

RESULT_LIMIT = 30


def _intake_centre(user):
    """The centre whose implementation list an intake uses, and whether it is at a point."""
    scope = scope_for(user)
    staff = getattr(user, "staff", None)
    if scope.is_centre:
        return staff.centre, False
    if scope.is_agency_point:
        return staff.agency_point.centre, True
    raise PermissionDenied("只有中心窗口工作人员和代办点工作人员可以收件。")


def _ticket(request, at_point: bool):
    """The hall queue ticket this intake serves (scoped: another centre's ticket is 404)."""
    pk = request.GET.get("ticket", "")
    if at_point or not pk.isdigit():
        return None
    from bianmin.hallqueue.selectors import get_ticket

    return get_ticket(request.user, int(pk))


def _suffix(consultation, ticket) -> str:
    params = {"consultation": consultation.pk if consultation else None, "ticket": ticket.pk if ticket else None}
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"?{query}" if query else ""


def _consultation(request):
    pk = request.GET.get("consultation", "")
    if not pk.isdigit():
        return None
    found = consultations_for(request.user).filter(pk=int(pk), state="open").first()
    if found is None:
        raise Http404("咨询登记不存在或已办结")
    return found


@login_required
def pick_item(request):
    centre, at_point = _intake_centre(request.user)
    query = request.GET.get("q", "").strip()[:100]
    ticket = _ticket(request, at_point)
    line_id = ticket.line.business_line_id if ticket and request.GET.get("all") != "1" else None
    hits = search_items(query, centre=centre, business_line_id=line_id, limit=RESULT_LIMIT)
    consultation = _consultation(request)
    suffix = _suffix(consultation, ticket)
    context = {
        "query": query,
        "hits": hits,
        "centre": centre,
        "at_point": at_point,
        "consultation": consultation,
        "suffix": suffix,
        "ticket": ticket,
        "line_only": line_id is not None,
    }
    template = "cases/_intake_hits.html" if request.htmx else "cases/intake_pick.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def intake_form(request, item_pk: int):
    centre, at_point = _intake_centre(request.user)
    entry = intake_entry(centre, item_pk)
    if entry is None:
        raise Http404("本中心的实施清单中没有该事项")
    guide = entry.item.current
    if at_point and not guide.agency_allowed:
        messages.error(request, f"“{guide.name}”不是代办点可代办事项,请告知群众到{centre.name}窗口办理。")
        return redirect("cases:intake")
    materials = list(enumerate(guide.materials.all(), start=1))
    consultation = _consultation(request)
    ticket = _ticket(request, at_point)
    form = IntakeForm(request.POST or None, guide=guide, materials=materials, at_point=at_point)
    if request.method == "POST" and form.is_valid():
        try:
            url = _register_and_decide(request, form, entry, consultation, ticket)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            return redirect(url)
    context = {
        "form": form,
        "guide": guide,
        "entry": entry,
        "at_point": at_point,
        "consultation": consultation,
        "ticket": ticket,
    }
    return render(request, "cases/intake_form.html", context)


def _link_ticket(request, ticket, case) -> None:
    from bianmin.hallqueue.services import ticket_link_case

    try:
        ticket_link_case(ticket=ticket, case=case, actor=request.user.staff)
    except ApplicationError as exc:
        messages.warning(request, f"办件已登记,但未能关联排队号 {ticket.number}:{exc.message}")


def _register_and_decide(request, form, entry, consultation, ticket=None) -> str:
    outcome = case_intake(
        actor=request.user.staff,
        item=entry.item,
        applicant=form.applicant(),
        materials=form.material_states(),
        channel=form.cleaned_data.get("channel"),
        consultation=consultation,
        idempotency_key=form.cleaned_data["request_key"],
        complete_now=bool(form.cleaned_data.get("complete_now")),
        pledge=bool(form.cleaned_data.get("pledge")),
        catch_up=form.cleaned_data.get("catch_up"),
        hand_over_now=bool(form.cleaned_data.get("hand_over_now")),
        entry=entry,
    )
    case = outcome.case
    if ticket is not None and ticket.case_id is None:
        _link_ticket(request, ticket, case)
    detail = reverse("cases:detail", args=[case.pk])
    if outcome.error:
        # The application is registered (收件); the decision can be taken again on the case page.
        messages.error(request, f"已收件(办件编号 {case.receipt_number}),但未能完成:{outcome.error}")
        return detail
    if outcome.decision == "handed_over":
        messages.success(request, f"已代办登记并移交中心,办件编号 {case.receipt_number}。请打印代办移交单。")
        return latest_print_url(case, NoticeKind.HANDOVER) or detail
    if outcome.decision == "registered_at_point":
        messages.success(request, f"已代办登记,办件编号 {case.receipt_number}。")
        return detail
    if outcome.decision == "accept":
        if case.status == "delivered":
            messages.success(request, f"即办件已当场办结,办件编号 {case.receipt_number}。")
            return detail
        messages.success(request, f"已受理,办件编号 {case.receipt_number}。请打印受理通知书(承诺件告知单)交申请人。")
        return latest_print_url(case, NoticeKind.PROMISE) or detail
    if outcome.decision == "accept_pending":
        messages.success(request, f"已容缺受理,办件编号 {case.receipt_number}。请打印容缺受理告知书。")
        return latest_print_url(case, NoticeKind.PENDING) or detail
    messages.warning(request, f"材料不齐,已生成一次性告知单,办件编号 {case.receipt_number}。")
    return latest_print_url(case, NoticeKind.ONE_TIME) or detail
