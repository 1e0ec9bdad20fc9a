"""URLs of the practices app under /practices/ (the index page itself is a Wagtail page)."""

from django.urls import path

from practices.views import adoptions, calls, drafts, exports, submissions, translations

app_name = "practices"

urlpatterns = [
    path("submit/", drafts.start, name="submit"),
    path("drafts/<id:draft_id>/delete/", drafts.delete_draft, name="draft_delete"),
    path("drafts/<id:draft_id>/<slug:step>/", drafts.draft_step, name="draft_step"),
    path("<id:page_id>/edit/", submissions.edit, name="edit"),
    path("<id:page_id>/adopt/", adoptions.adopt, name="adopt"),
    path("<id:page_id>/translations/", translations.overview, name="translations"),
    path("<id:page_id>/translations/<str:language>/", translations.editor, name="translation"),
    path("contributions/", submissions.contributions, name="contributions"),
    path("calls/new/", calls.new_call, name="new_call"),
    path("exchange/", adoptions.exchange, name="exchange"),
    path("export.csv", exports.export_csv, name="export_csv"),
    path("export.xlsx", exports.export_xlsx, name="export_xlsx"),
    path("export.json", exports.export_json, name="export_json"),
]
