"""URLs of the events app under /events/ (the index page itself is a Wagtail page)."""

app_name = "events"

urlpatterns: list = []
