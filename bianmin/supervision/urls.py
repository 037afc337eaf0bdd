"""Staff pages of supervision: ratings and rectifications here; the complaint register and the
inspections/findings/press/bulletins registers in ``urls_complaints`` and ``urls_findings``."""

from django.urls import include, path

from bianmin.supervision import views

app_name = "supervision"

urlpatterns = [
    path("ratings/", views.rating_list, name="rating_list"),
    path("rectifications/", views.rectification_list, name="rectification_list"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="rectification_detail"),
    path("", include("bianmin.supervision.urls_complaints")),
    path("", include("bianmin.supervision.urls_findings")),
]
