"""URLs of the practices app under /practices/ (the index page itself is a Wagtail page)."""

app_name = "practices"

urlpatterns: list = []
