"""URLs of the consultations app under /consultations/ (the index page itself is a Wagtail page)."""

from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("open/", views.open_consultation, name="open"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/responses/<int:response_id>/", views.response_detail, name="response"),
    path("<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/export.csv", views.export_csv, name="export_csv"),
    path("<int:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:pk>/outcome/", views.outcome, name="outcome"),
    path("<int:pk>/publish/", views.publish_consultation, name="publish"),
]
