from django.urls import include, path

from bianmin.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.item_list, name="item_list"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/settings/", views.item_settings, name="item_settings"),
    path("items/<int:pk>/draft/", views.draft_edit, name="draft_edit"),
    path("items/<int:pk>/draft/materials/", views.draft_materials, name="draft_materials"),
    path("items/<int:pk>/draft/publish/", views.draft_publish, name="draft_publish"),
    path("items/<int:pk>/draft/discard/", views.draft_discard, name="draft_discard"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("centres/<int:centre_pk>/", views.centre_list, name="centre_list"),
    path("centres/<int:centre_pk>/edit/", views.centre_list_edit, name="centre_list_edit"),
    path("", include("bianmin.catalogue.urls_excel")),
    path("", include("bianmin.catalogue.urls_search")),
    path("", include("bianmin.catalogue.urls_print")),
]
