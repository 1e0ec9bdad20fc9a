"""URLs of the practices app under /practices/ (the index page itself is a Wagtail page)."""

from django.urls import path

from practices import views

app_name = "practices"

urlpatterns = [
    path("submit/", views.submit, name="submit"),
    path("<int:page_id>/edit/", views.edit, name="edit"),
    path("<int:page_id>/adopt/", views.adopt, name="adopt"),
    path("contributions/", views.contributions, name="contributions"),
    path("calls/new/", views.new_call, name="new_call"),
    path("exchange/", views.exchange, name="exchange"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
]
