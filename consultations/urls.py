"""URLs of the consultations app under /consultations/ (the index page itself is a Wagtail page)."""

from django.urls import path

from consultations.views import authoring, drafts, opening, owner, responding, translations

app_name = "consultations"

urlpatterns = [
    path("open/", opening.open_consultation, name="open"),
    path("<id:pk>/respond/", responding.respond, name="respond"),
    path("<id:pk>/responses/<id:response_id>/", responding.response_detail, name="response"),
    path("<id:pk>/dashboard/", owner.dashboard, name="dashboard"),
    path("<id:pk>/edit/", authoring.edit, name="edit"),
    path("<id:pk>/edit/questions/", authoring.edit_questions, name="edit_questions"),
    path("<id:pk>/edit/preview/", authoring.preview, name="edit_preview"),
    path("<id:pk>/edit/draft-text/", drafts.edit_draft_text, name="edit_draft_text"),
    path("<id:pk>/draft-text/overview/", drafts.overview, name="draft_overview"),
    path("<id:pk>/draft-text/comments.csv", drafts.export_comments_csv, name="draft_export_csv"),
    path("<id:pk>/draft-text/comments.xlsx", drafts.export_comments_xlsx, name="draft_export_xlsx"),
    path("<id:pk>/draft-text/<slug:key>/", drafts.draft_paragraph, name="draft_paragraph"),
    path("<id:pk>/draft-text/<slug:key>/propose/", drafts.propose, name="draft_propose"),
    path("<id:pk>/export.csv", owner.export_csv, name="export_csv"),
    path("<id:pk>/export.xlsx", owner.export_xlsx, name="export_xlsx"),
    path("<id:pk>/outcome/", owner.outcome, name="outcome"),
    path("<id:pk>/publish/", opening.publish_consultation, name="publish"),
    path("<id:pk>/translations/", translations.overview, name="translations"),
    path("<id:pk>/translations/<str:language>/", translations.editor, name="translation"),
]
