from bianmin.assessment import urls_export, urls_progress, urls_rubric, urls_sheets

app_name = "assessment"

urlpatterns = [
    *urls_sheets.urlpatterns,
    *urls_export.urlpatterns,
    *urls_rubric.urlpatterns,
    *urls_progress.urlpatterns,
]
