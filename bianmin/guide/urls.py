from django.urls import path

from bianmin.guide import views

app_name = "guide"

urlpatterns = [
    path("", views.index, name="index"),
    path("guide/<slug:slug>/", views.page, name="page"),
    path("guide/<slug:slug>.pdf", views.pdf, name="pdf"),
    path("img/<str:name>", views.image, name="image"),
]
