from django.urls import path

from bianmin.api import views

app_name = "api"
urlpatterns = [
    path("", views.tokens, name="tokens"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
]
