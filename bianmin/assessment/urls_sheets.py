"""The assessment workflow pages, mounted under /assessment/ in the ``assessment`` namespace
(see ``urls.py``): the years, a year's ranking, one centre's sheet and its items."""

from django.urls import path

from bianmin.assessment import views_scoring, views_sheets

urlpatterns = [
    path("", views_sheets.index, name="index"),
    path("open/", views_sheets.year_open, name="year_open"),
    path("<int:year>/", views_sheets.detail, name="year"),
    path("<int:year>/autoscore/", views_sheets.year_autoscore, name="year_autoscore"),
    path("<int:year>/publish/", views_sheets.year_publish, name="year_publish"),
    path("sheet/<int:pk>/", views_scoring.sheet, name="sheet"),
    path("sheet/<int:pk>/autoscore/", views_scoring.sheet_autoscore, name="sheet_autoscore"),
    path("sheet/<int:pk>/correct/", views_scoring.sheet_correct, name="sheet_correct"),
    path("sheet/<int:pk>/publish/", views_scoring.sheet_publish, name="sheet_publish"),
    path("score/<int:pk>/", views_scoring.score_save, name="score_save"),
    path("score/<int:pk>/restore/", views_scoring.score_restore, name="score_restore"),
    path("score/<int:pk>/evidence/", views_scoring.score_evidence, name="score_evidence"),
]
