from django.urls import path

from forum_site.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<str:slug>/", views.organisation_detail, name="detail"),
    path("<str:slug>/members/", views.manage_members, name="members"),
    path("<str:slug>/members/<int:membership_id>/", views.change_member, name="change_member"),
]
