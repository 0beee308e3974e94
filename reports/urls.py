"""Report pages (namespace ``reports``)."""

app_name = "reports"

urlpatterns: list = []
