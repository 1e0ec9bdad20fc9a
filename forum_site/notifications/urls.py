from django.urls import path

from forum_site.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("settings/", views.update_settings, name="settings"),
    path("unread.json", views.unread, name="unread"),
    path("read/", views.mark_read, name="mark_all_read"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
]
