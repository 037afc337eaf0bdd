"""Staff pages of the hall queue, mounted at /queue/."""

from django.urls import path

from bianmin.hallqueue import views_manage, views_window

app_name = "hallqueue"

urlpatterns = [
    path("", views_manage.overview, name="overview"),
    path("figures/", views_manage.figures, name="figures"),
    path("appointments/", views_manage.appointments, name="appointments"),
    path("lines/", views_manage.line_list, name="line_list"),
    path("lines/new/", views_manage.line_edit, name="line_new"),
    path("lines/from-windows/", views_manage.lines_from_windows, name="lines_from_windows"),
    path("lines/<int:pk>/", views_manage.line_edit, name="line_edit"),
    path("issue/", views_window.issue, name="issue"),
    path("windows/<int:pk>/", views_window.window_page, name="window"),
    path("windows/<int:pk>/act/<str:action>/", views_window.act, name="act"),
    path("tickets/<int:pk>/print/", views_window.ticket_print, name="ticket_print"),
    path("tickets/<int:pk>/<str:action>/", views_window.ticket_act, name="ticket_act"),
]
