"""Included by ``assessment/urls.py`` into the ``assessment`` namespace (no app_name here): the rubric
(考核评分细则) — list, the 附件 table, print, load the default, copy, publish, and editing a draft."""

from django.urls import path

from bianmin.assessment import views_rubric as views
from bianmin.assessment import views_rubric_edit as edits

urlpatterns = [
    path("rubrics/", views.rubric_list, name="rubric_list"),
    path("rubrics/load-default/", views.rubric_load_default, name="rubric_load_default"),
    path("rubrics/<int:pk>/", views.rubric_detail, name="rubric_detail"),
    path("rubrics/<int:pk>/print/", views.rubric_print, name="rubric_print"),
    path("rubrics/<int:pk>/copy/", views.rubric_copy, name="rubric_copy"),
    path("rubrics/<int:pk>/publish/", views.rubric_publish, name="rubric_publish"),
    path("rubrics/<int:pk>/edit/", edits.rubric_edit, name="rubric_edit"),
    path("rubrics/<int:pk>/delete/", edits.rubric_delete, name="rubric_delete"),
    path("rubrics/<int:pk>/sections/new/", edits.rubric_section_add, name="rubric_section_add"),
    path("rubrics/sections/<int:pk>/edit/", edits.rubric_section_edit, name="rubric_section_edit"),
    path("rubrics/sections/<int:pk>/remove/", edits.rubric_section_remove, name="rubric_section_remove"),
    path("rubrics/sections/<int:pk>/move/", edits.rubric_section_move, name="rubric_section_move"),
    path("rubrics/sections/<int:pk>/indicators/new/", edits.rubric_indicator_add, name="rubric_indicator_add"),
    path("rubrics/indicators/<int:pk>/edit/", edits.rubric_indicator_edit, name="rubric_indicator_edit"),
    path("rubrics/indicators/<int:pk>/remove/", edits.rubric_indicator_remove, name="rubric_indicator_remove"),
    path("rubrics/indicators/<int:pk>/move/", edits.rubric_indicator_move, name="rubric_indicator_move"),
    path("rubrics/indicators/<int:pk>/items/new/", edits.rubric_item_add, name="rubric_item_add"),
    path("rubrics/items/<int:pk>/edit/", edits.rubric_item_edit, name="rubric_item_edit"),
    path("rubrics/items/<int:pk>/remove/", edits.rubric_item_remove, name="rubric_item_remove"),
    path("rubrics/items/<int:pk>/move/", edits.rubric_item_move, name="rubric_item_move"),
]
