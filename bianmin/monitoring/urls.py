from django.urls import path

from bianmin.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("lights/", views.light_list, name="light_list"),
]
