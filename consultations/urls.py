"""URLs of the consultations app under /consultations/ (the index page itself is a Wagtail page)."""

from django.urls import path

from consultations import thread_views

app_name = "consultations"

urlpatterns = [
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
