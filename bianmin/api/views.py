"""接口令牌 page (issue #10 point 2): a user creates and revokes their own API tokens; the county admin
sees and may revoke everyone's. A new token's secret is shown once, on the answer to the POST that
made it (never stored, never cached, never in a redirect URL)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from bianmin.api import selectors, services
from bianmin.api.forms import TokenForm
from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.org.selectors import require_staff, scope_for


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    require_staff(request.user)
    form = TokenForm(request.POST or None)
    secret = created = None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = services.token_create(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            form = TokenForm()
    rows = list(selectors.tokens_for(request.user)[:200])
    now = timezone.now()
    for row in rows:
        row.current_state = row.state(now)
        row.may_revoke = row.current_state == "active" and services.may_revoke(request.user, row)
    context = {
        "form": form,
        "secret": secret,
        "created": created,
        "rows": rows,
        "is_county_admin": scope_for(request.user).is_county_admin,
        "base_url": request.build_absolute_uri("/api/v1/"),
    }
    # The site's Referrer-Policy (same-origin) stays: "no-referrer" would make the browser send
    # "Origin: null" with this page's forms, which Django's CSRF check rightly refuses.
    return render(request, "api/tokens.html", context)


@login_required
@require_POST
def revoke(request, pk: int):
    require_staff(request.user)
    token = selectors.get_token(request.user, pk)
    try:
        services.token_revoke(token=token, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"令牌 {token.prefix}…(“{token.name}”)已撤销,使用它的调用将被拒绝。")
    return redirect("api:tokens")
