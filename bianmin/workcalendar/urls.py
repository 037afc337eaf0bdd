from django.urls import path

from bianmin.workcalendar import views

app_name = "workcalendar"

urlpatterns = [
    path("", views.calendar_year, name="current"),
    path("<int:year>/", views.calendar_year, name="year"),
    path("<int:year>/configure/", views.calendar_configure, name="configure"),
    path("<int:year>/local/", views.calendar_local_day, name="local_day"),
    path("<int:year>/days/<str:day>/delete/", views.calendar_day_delete, name="day_delete"),
]
