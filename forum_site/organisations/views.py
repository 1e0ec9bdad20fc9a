from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from forum_site.organisations import rules
from forum_site.organisations.forms import AddMemberForm, ChangeRoleForm
from forum_site.organisations.models import Membership, Organisation, OrganisationKind


def organisation_list(request):
    organisations = Organisation.objects.select_related("parent").order_by("name")
    kind = request.GET.get("kind", "")
    if kind:
        organisations = organisations.filter(kind=kind)
    return render(
        request,
        "organisations/organisation_list.html",
        {"organisations": organisations, "kind": kind, "kind_choices": OrganisationKind.choices},
    )


def organisation_detail(request, slug):
    """Public profile. Feature apps add sections (practices shared, consultations
    held, events organised...) through the ``organisation_profile_sections`` hook:
    each returns ``{"title", "template", "items", "order"}`` or None."""
    organisation = get_object_or_404(
        Organisation.objects.select_related("parent", "logo"), slug=slug
    )
    sections = [
        section
        for fn in hooks.get_hooks("organisation_profile_sections")
        if (section := fn(request, organisation))
    ]
    sections.sort(key=lambda s: s.get("order", 100))
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "sections": sections,
            "can_administer": rules.can_administer(request.user, organisation),
            "children": organisation.children.order_by("name"),
        },
    )


def _administered(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not rules.can_administer(request.user, organisation):
        raise PermissionDenied(_("Only administrators of this organisation manage its members."))
    return organisation


@login_required
def manage_members(request, slug):
    organisation = _administered(request, slug)
    form = AddMemberForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                Membership.objects.create(
                    user=form.cleaned_data["user"],
                    organisation=organisation,
                    role=form.cleaned_data["role"],
                    title=form.cleaned_data["title"],
                )
        except IntegrityError:
            form.add_error("user", _("This person is already a member."))
        else:
            messages.success(
                request,
                _("%(user)s was added.") % {"user": form.cleaned_data["user"].get_username()},
            )
            return redirect("organisations:members", slug=organisation.slug)
    memberships = organisation.memberships.select_related("user").order_by("user__username")
    return render(
        request,
        "organisations/manage_members.html",
        {
            "organisation": organisation,
            "form": form,
            "memberships": memberships,
            "role_choices": ChangeRoleForm.base_fields["role"].choices,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def change_member(request, slug, membership_id):
    organisation = _administered(request, slug)
    with transaction.atomic():
        _lock_memberships(organisation)
        # Asked again under the lock: another administrator may just have
        # changed this one's role (two administrators demoting each other).
        rules.forget_cached_roles(request.user)
        if not rules.can_administer(request.user, organisation):
            raise PermissionDenied(
                _("Only administrators of this organisation manage its members.")
            )
        membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
        message = _change_membership(request, membership)
    level, text = message
    (messages.success if level == "success" else messages.error)(request, text)
    return redirect("organisations:members", slug=organisation.slug)


def _lock_memberships(organisation) -> None:
    """One change to an organisation's members at a time.

    The organisation's row lock serialises the check "it keeps an
    administrator" with the change it allows (PostgreSQL; SQLite's IMMEDIATE
    transactions serialise every write already).
    """
    Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list(
        "pk", flat=True
    ).first()


def _change_membership(request, membership) -> tuple[str, str]:
    keep_an_administrator = _("An organisation must keep at least one administrator.")
    if request.POST.get("action") == "remove":
        if rules.would_remove_last_admin(membership, None):
            return "error", keep_an_administrator
        membership.delete()
        return "success", _("The member was removed.")
    as_stored = Membership.objects.get(
        pk=membership.pk
    )  # the form sets the new role on its instance
    form = ChangeRoleForm(request.POST, instance=membership)
    if not form.is_valid():
        return "error", _("Choose a valid role.")
    if rules.would_remove_last_admin(as_stored, form.cleaned_data["role"]):
        return "error", keep_an_administrator
    form.save()
    return "success", _("The role was changed.")
