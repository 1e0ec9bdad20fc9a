"""URLs of the events app under /events/ (the index page itself is a Wagtail page;
each event's actions, /events/<slug>/register/ and the others, are routes of its
page: ``EventPage``)."""

from django.urls import path

from events.views import delegations, editing, feeds, imports, workspace

app_name = "events"

urlpatterns = [
    path("calendar.ics", feeds.calendar_ics, name="calendar_ics"),
    path("feed/token/", feeds.feed_token_view, name="feed_token"),
    path("feed/<str:token>.ics", feeds.personal_feed, name="personal_feed"),
    path("new/", editing.new_event_view, name="new"),
    path("drafts/<id:pk>/", editing.draft_edit_view, name="draft_edit"),
    path("import/", imports.import_view, name="import"),
    path("import/<int:pk>/confirm/", imports.import_confirm_view, name="import_confirm"),
    path("import/<int:pk>/", imports.import_progress_view, name="import_progress"),
    path(
        "import/<int:pk>/progress.json", imports.import_progress_json, name="import_progress_json"
    ),
    path("import/<int:pk>/restart/", imports.import_restart_view, name="import_restart"),
    path("delegations/<int:pk>/", delegations.delegation_view, name="delegation"),
    path(
        "delegations/<int:pk>/invite/",
        delegations.delegation_invite_view,
        name="delegation_invite",
    ),
    path(
        "delegations/<int:pk>/respond/",
        delegations.delegation_respond_view,
        name="delegation_respond",
    ),
    path("delegations/<int:pk>/checklist/", workspace.checklist_add_view, name="checklist_add"),
    path(
        "delegations/<int:pk>/checklist/<int:item_pk>/toggle/",
        workspace.checklist_toggle_view,
        name="checklist_toggle",
    ),
    path("delegations/<int:pk>/documents/", workspace.document_upload_view, name="document_upload"),
    path(
        "delegations/<int:pk>/documents/<int:doc_pk>/",
        workspace.document_download_view,
        name="document_download",
    ),
    path("delegations/<int:pk>/paper/", workspace.position_paper_view, name="position_paper"),
    # The old address of an event's .ics file: a redirect to the page's route.
    # An event's actions are routes of its page (EventPage, served by Wagtail).
    path("<slug:slug>.ics", feeds.event_ics_moved, name="event_ics_moved"),
]
