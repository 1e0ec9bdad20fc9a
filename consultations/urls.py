"""URLs of the consultations app under /consultations/ (the index page itself is a Wagtail page)."""

app_name = "consultations"

urlpatterns: list = []
