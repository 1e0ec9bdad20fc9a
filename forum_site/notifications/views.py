from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from forum_site.notifications.models import Notification, NotificationSettings
from forum_site.notifications.unread import badge, unread_count


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["email_enabled"]


@login_required
def notification_list(request):
    settings_obj, _created = NotificationSettings.objects.get_or_create(user=request.user)
    form = NotificationSettingsForm(instance=settings_obj)
    paginator = Paginator(request.user.notifications.all(), 30)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page_obj": page,
            "settings_form": form,
            "unread_count": request.user.notifications.filter(read_at__isnull=True).count(),
        },
    )


@login_required
@require_POST
def update_settings(request):
    settings_obj, _created = NotificationSettings.objects.get_or_create(user=request.user)
    form = NotificationSettingsForm(request.POST, instance=settings_obj)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings were saved."))
    return redirect("notifications:list")


@login_required
@require_POST
def mark_read(request, pk=None):
    now = timezone.now()
    if pk is None:
        request.user.notifications.filter(read_at__isnull=True).update(read_at=now)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("notifications:list")
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        notification.read_at = now
        notification.save(update_fields=["read_at"])
    target = notification.url
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return redirect(target)
    return redirect("notifications:list")


@require_GET
@never_cache
def unread(request):
    """The header badge as JSON, for the page's script after a live
    notification (signed out: zero, not a redirect to the login page)."""
    return JsonResponse(badge(unread_count(request.user)))
