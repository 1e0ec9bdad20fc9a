"""URLs of the consultations app under /consultations/ (the index page itself is a Wagtail page)."""

from django.urls import path

from consultations import views
from forum_site.discussions import views as thread_views

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
    path("threads/<int:thread_id>/", thread_views.thread_detail, name="thread"),
    path("threads/<int:thread_id>/post/", thread_views.thread_post, name="thread_post"),
    path("threads/<int:thread_id>/lock/", thread_views.thread_lock, name="thread_lock"),
    path(
        "threads/<int:thread_id>/comments/<int:comment_id>/edit/",
        thread_views.comment_edit,
        name="comment_edit",
    ),
    path(
        "threads/<int:thread_id>/comments/<int:comment_id>/delete/",
        thread_views.comment_delete,
        name="comment_delete",
    ),
    path(
        "threads/<int:thread_id>/comments/<int:comment_id>/hide/",
        thread_views.comment_hide,
        name="comment_hide",
    ),
]
