"""The clerk's window screen (叫号): /queue/windows/<window>/.

The current ticket with its actions — 叫号 (call next), 重呼, 开始办理, 办结 (and 办结并叫下一位),
过号, 转窗口, 收件登记 (opens the case intake for this resident) — and the lines the window serves
with who waits, refreshed every few seconds by htmx. Every action posts the ticket's version as the
screen showed it: a ticket changed meanwhile by someone else gets "已被他人处理". Without JavaScript
the forms post and come back to the page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bianmin.catalogue.handbook import qr_png_data_uri
from bianmin.core.errors import ApplicationError
from bianmin.hallqueue import selectors, services
from bianmin.hallqueue.forms import IssueForm, TransferForm
from bianmin.hallqueue.models import Ticket, TicketSource
from bianmin.hallqueue.services import TAKEN
from bianmin.hallqueue.views_kiosk import receipt_width, watch_url

POLL_SECONDS = 5
CURRENT_ACTIONS = ("recall", "start", "finish", "finish_next", "no_show", "transfer")


def _context(request, window, *, error: str = "", form=None) -> dict:
    screen = selectors.window_screen(window, timezone.now())
    return {
        "screen": screen,
        "window": window,
        "error": error,
        "transfer_form": form or TransferForm(window=window),
        "poll_seconds": POLL_SECONDS,
        "can_work": selectors.queue_scope(request.user).is_centre,
    }


@login_required
@require_GET
def window_page(request, pk: int):
    window = selectors.get_window(request.user, pk)
    context = _context(request, window)
    if request.htmx and request.GET.get("part") == "waiting":
        return render(request, "hallqueue/_window_waiting.html", context)
    context["windows"] = selectors.calling_windows(window.centre_id)
    return render(request, "hallqueue/window.html", context)


def _current_ticket(request, window) -> Ticket:
    """The ticket the screen showed, as it was then (its version is checked by the service)."""
    raw, version = request.POST.get("ticket", ""), request.POST.get("version", "")
    if not (raw.isdigit() and version.isdigit()):
        raise ApplicationError("请刷新页面后再操作。")
    ticket = selectors.get_ticket(request.user, int(raw))
    if ticket.version != int(version):
        raise ApplicationError(TAKEN)
    return ticket


def _tell(request, text: str) -> None:
    """A success message for a full page only: the htmx panel shows the result itself, and a message
    left unread would pop up on the next page the clerk opens."""
    if not request.htmx:
        messages.success(request, text)


@login_required
@require_POST
def act(request, pk: int, action: str):
    window = selectors.get_window_for_work(request.user, pk)
    staff = request.user.staff
    form = None
    try:
        if action == "call":
            ticket = services.ticket_call_next(window=window, actor=staff)
            _tell(request, f"已叫 {ticket.number} 号。")
        elif action in CURRENT_ACTIONS:
            ticket = _current_ticket(request, window)
            if action == "recall":
                services.ticket_recall(ticket=ticket, window=window, actor=staff)
            elif action == "start":
                services.ticket_start(ticket=ticket, window=window, actor=staff)
            elif action in ("finish", "finish_next"):
                services.ticket_finish(ticket=ticket, window=window, actor=staff)
                if action == "finish_next":
                    called = services.ticket_call_next(window=window, actor=staff)
                    _tell(request, f"{ticket.number} 号已办结,已叫 {called.number} 号。")
            elif action == "no_show":
                services.ticket_no_show(ticket=ticket, window=window, actor=staff)
            else:
                form = TransferForm(request.POST, window=window)
                if not form.is_valid():
                    raise ApplicationError("请选择要转至的窗口。")
                services.ticket_transfer(
                    ticket=ticket,
                    window=window,
                    to_window=form.cleaned_data["to_window"],
                    actor=staff,
                    note=form.cleaned_data["note"],
                )
                form = None
        else:
            raise Http404("没有这个操作")
    except ApplicationError as exc:
        if not request.htmx:
            messages.error(request, exc.message)
            return redirect("hallqueue:window", pk=window.pk)
        return render(request, "hallqueue/_window_panels.html", _context(request, window, error=exc.message, form=form))
    if not request.htmx:
        return redirect("hallqueue:window", pk=window.pk)
    return render(request, "hallqueue/_window_panels.html", _context(request, window))


@login_required
@require_POST
def ticket_act(request, pk: int, action: str):
    """过号重排 / 取消 from the overview or a window's list of 过号."""
    ticket = selectors.get_ticket(request.user, pk)
    selectors.require_worker(request.user)
    back = request.POST.get("next", "")
    try:
        if action == "requeue":
            services.ticket_requeue(ticket=ticket, actor=request.user.staff)
            messages.success(request, f"{ticket.number} 号已重新排队。")
        elif action == "cancel":
            services.ticket_cancel(ticket=ticket, actor=request.user.staff, note=request.POST.get("note", "")[:100])
            messages.success(request, f"{ticket.number} 号已取消。")
        else:
            raise Http404("没有这个操作")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    if back.startswith("/queue/"):
        return redirect(back)
    return redirect("hallqueue:overview")


@login_required
@require_POST
def issue(request):
    """工作人员代取号 at the guidance desk; the receipt page opens for printing."""
    scope = selectors.require_worker(request.user)
    form = IssueForm(request.POST, centre_id=scope.centre_id)
    if not form.is_valid():
        messages.error(request, "请选择取号业务。")
        return redirect("hallqueue:overview")
    try:
        ticket = services.ticket_take(
            line=form.cleaned_data["line"],
            priority=form.cleaned_data["priority"],
            source=TicketSource.STAFF,
            actor=request.user.staff,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("hallqueue:overview")
    messages.success(request, f"已取号 {ticket.number}。")
    return redirect(reverse("hallqueue:ticket_print", args=[ticket.pk]) + "?print=1")


@login_required
@require_GET
def ticket_print(request, pk: int):
    ticket = selectors.get_ticket(request.user, pk)
    context = {
        "ticket": ticket,
        "centre": ticket.centre,
        "ahead": selectors.ahead_of(ticket, timezone.now()),
        "qr": qr_png_data_uri(watch_url(ticket)),
        "width_mm": receipt_width(),
        "autoprint": request.GET.get("print") == "1",
    }
    return render(request, "hallqueue/ticket_print.html", context)
