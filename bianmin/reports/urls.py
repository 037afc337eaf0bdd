"""Pages of the monthly information reports (信息报送)."""

app_name = "reports"

urlpatterns: list = []
