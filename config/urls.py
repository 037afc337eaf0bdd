from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "便民服务中心标准化管理平台 · 配置后台"
admin.site.site_title = "便民服务中心管理后台"
admin.site.index_title = "基础配置"

urlpatterns = [
    path("", include("bianmin.core.urls")),
    path("org/", include("bianmin.org.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
