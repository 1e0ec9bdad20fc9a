"""URLs of the events app under /events/ (the index page itself is a Wagtail page)."""

from django.urls import path

from events.views import delegations as views
from events.views import feeds

app_name = "events"

urlpatterns = [
    path("calendar.ics", feeds.calendar_ics, name="calendar_ics"),
    path("feed/token/", views.feed_token_view, name="feed_token"),
    path("feed/<str:token>.ics", feeds.personal_feed, name="personal_feed"),
    path("import/", views.import_view, name="import"),
    path("import/<int:pk>/confirm/", views.import_confirm_view, name="import_confirm"),
    path("delegations/<int:pk>/", views.delegation_view, name="delegation"),
    path("delegations/<int:pk>/invite/", views.delegation_invite_view, name="delegation_invite"),
    path("delegations/<int:pk>/respond/", views.delegation_respond_view, name="delegation_respond"),
    path("delegations/<int:pk>/checklist/", views.checklist_add_view, name="checklist_add"),
    path(
        "delegations/<int:pk>/checklist/<int:item_pk>/toggle/",
        views.checklist_toggle_view,
        name="checklist_toggle",
    ),
    path("delegations/<int:pk>/documents/", views.document_upload_view, name="document_upload"),
    path(
        "delegations/<int:pk>/documents/<int:doc_pk>/",
        views.document_download_view,
        name="document_download",
    ),
    path("delegations/<int:pk>/paper/", views.position_paper_view, name="position_paper"),
    path("<slug:slug>.ics", feeds.event_ics, name="event_ics"),
    path("<slug:slug>/register/", views.register_view, name="register"),
    path("<slug:slug>/cancel/", views.cancel_registration_view, name="cancel_registration"),
    path("<slug:slug>/listed/", views.listed_view, name="listed"),
    path("<slug:slug>/participants/", views.participants_view, name="participants"),
    path("<slug:slug>/participants.csv", views.participants_csv, name="participants_csv"),
    path("<slug:slug>/delegations/new/", views.delegation_create_view, name="delegation_create"),
]
