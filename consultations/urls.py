"""URLs of the consultations app under /consultations/ (the index page itself is a Wagtail page)."""

from django.urls import path

from consultations.views import opening, owner, responding

app_name = "consultations"

urlpatterns = [
    path("open/", opening.open_consultation, name="open"),
    path("<int:pk>/respond/", responding.respond, name="respond"),
    path("<int:pk>/responses/<int:response_id>/", responding.response_detail, name="response"),
    path("<int:pk>/dashboard/", owner.dashboard, name="dashboard"),
    path("<int:pk>/export.csv", owner.export_csv, name="export_csv"),
    path("<int:pk>/export.xlsx", owner.export_xlsx, name="export_xlsx"),
    path("<int:pk>/outcome/", owner.outcome, name="outcome"),
    path("<int:pk>/publish/", opening.publish_consultation, name="publish"),
]
