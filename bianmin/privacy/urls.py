from django.urls import path

from bianmin.privacy import views

app_name = "privacy"

urlpatterns = [
    path("reveals/", views.reveal_log, name="reveal_log"),
    path("reveals/export.xlsx", views.reveal_log_xlsx, name="reveal_log_xlsx"),
]
