"""Open a call for practices (``/practices/calls/new/``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from practices import rules
from practices.forms import CallForm
from practices.models import CallForPracticesPage
from practices.services import unique_slug
from practices.views.submissions import index_page


@login_required
def new_call(request):
    if not rules.can_open_call(request.user):
        raise PermissionDenied(_("Moderators and organisation editors open calls for practices."))
    organisations = rules.organisations_that_can_open_calls(request.user)
    moderator = rules.is_moderator(request.user)
    form = CallForm(
        request.POST or None, organisations=organisations, organisation_required=not moderator
    )
    if request.method == "POST" and form.is_valid():
        index = index_page()
        data = form.cleaned_data
        with transaction.atomic():
            call = CallForPracticesPage(
                title=data["title"],
                slug=unique_slug(index, "call-" + data["title"]),
                intro=data["intro"],
                theme=data["theme"],
                deadline=data["deadline"],
                organisation=data.get("organisation"),
                opened_by=request.user,
                owner=request.user,
                locale=index.locale,
            )
            index.add_child(instance=call)
            # rules.can_open_call decided; Wagtail's page permissions are for the admin.
            call.save_revision(user=request.user, log_action=True).publish(
                user=request.user, skip_permission_checks=True
            )
        messages.success(request, _("The call is open."))
        return redirect(call.url)
    return render(request, "practices/call_form.html", {"form": form})
