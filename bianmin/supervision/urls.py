"""Staff pages of supervision built so far: ratings and their rectifications, complaints received
from the public (the full registers come with issue #7)."""

from django.urls import path

from bianmin.supervision import views

app_name = "supervision"

urlpatterns = [
    path("ratings/", views.rating_list, name="rating_list"),
    path("rectifications/", views.rectification_list, name="rectification_list"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="rectification_detail"),
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
]
