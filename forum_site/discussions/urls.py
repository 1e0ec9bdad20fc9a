"""Thread URLs under /discussions/, and redirects from where they used to be.

Until issue 19 the same routes lived under /consultations/ whatever the thread
belonged to; ``moved_urlpatterns`` (mounted there by the site's URLconf) keeps
old links, bookmarks and open forms working with permanent redirects.
"""

from django.urls import path

from forum_site.discussions import views

app_name = "discussions"

ROUTES = [
    ("threads/<int:thread_id>/", views.thread_detail, "thread"),
    ("threads/<int:thread_id>/post/", views.thread_post, "thread_post"),
    ("threads/<int:thread_id>/lock/", views.thread_lock, "thread_lock"),
    ("threads/<int:thread_id>/comments/<int:comment_id>/edit/", views.comment_edit, "comment_edit"),
    (
        "threads/<int:thread_id>/comments/<int:comment_id>/delete/",
        views.comment_delete,
        "comment_delete",
    ),
    ("threads/<int:thread_id>/comments/<int:comment_id>/hide/", views.comment_hide, "comment_hide"),
]

urlpatterns = [path(route, view, name=name) for route, view, name in ROUTES]

moved_urlpatterns = [
    path(route, views.moved_permanently, {"name": name}) for route, _view, name in ROUTES
]
