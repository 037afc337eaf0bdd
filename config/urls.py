from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path

admin.site.site_header = "便民服务中心标准化管理平台 · 配置后台"
admin.site.site_title = "便民服务中心管理后台"
admin.site.index_title = "基础配置"


def favicon(request):
    # Pages link the icon themselves; this answers browsers that ask for /favicon.ico anyway (admin).
    return redirect(static_url("bianmin/favicon.svg"), permanent=True)


urlpatterns = [
    path("favicon.ico", favicon),
    path("", include("bianmin.core.urls")),
    path("org/", include("bianmin.org.urls")),
    path("calendar/", include("bianmin.workcalendar.urls")),
    path("catalogue/", include("bianmin.catalogue.urls")),
    path("cases/", include("bianmin.cases.urls")),
    path("supervision/", include("bianmin.supervision.urls")),
    path("operations/", include("bianmin.operations.urls")),
    path("monitoring/", include("bianmin.monitoring.urls")),
    path("reports/", include("bianmin.reports.urls")),
    path("assessment/", include("bianmin.assessment.urls")),
    path("privacy/", include("bianmin.privacy.urls")),
    path("hall-notices/", include("bianmin.portal.urls_staff")),
    path("setup/", include("bianmin.adoption.urls")),
    path("help/", include("bianmin.guide.urls")),
    path("queue/", include("bianmin.hallqueue.urls")),
    path("public/queue/", include("bianmin.hallqueue.urls_public")),
    path("public/", include("bianmin.portal.urls")),
    path("", include("bianmin.portal.urls_screens")),
    path("", include("bianmin.hallqueue.urls_screens")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("bianmin.api.urls")),
    path("account/api-tokens/", include("bianmin.api.urls_pages")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
handler404 = "bianmin.core.views.page_not_found"
# An unreachable database answers 503 with a friendly page (and recovers by itself); other errors 500.
handler500 = "bianmin.core.error_pages.server_error"
