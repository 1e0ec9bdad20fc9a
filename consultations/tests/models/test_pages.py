"""The consultation page model: derived status, the admin form, serving."""

import pytest
from wagtail import hooks

from consultations.models import ConsultationPage, Outcome, Status
from consultations.models import pages as page_models

pytestmark = pytest.mark.django_db


def test_status_is_derived(make_consultation, ministry):
    assert make_consultation(ministry, live=False).status == Status.DRAFT
    assert make_consultation(ministry, opens=1, closes=3).status == Status.SCHEDULED
    assert make_consultation(ministry, opens=-1, closes=3).status == Status.OPEN
    closed = make_consultation(ministry, opens=-5, closes=-1)
    assert closed.status == Status.CLOSED
    Outcome.objects.create(consultation=closed)
    assert ConsultationPage.objects.get(pk=closed.pk).status == Status.CLOSED
    Outcome.objects.filter(consultation=closed).update(published_at="2026-01-01T00:00Z")
    assert ConsultationPage.objects.get(pk=closed.pk).status == Status.OUTCOME_PUBLISHED


def test_admin_form_limits_owner_organisations(people, ministry, city, make_org, index_page):
    other = make_org("Other ministry", kind="national")
    form_class = ConsultationPage.get_edit_handler().get_form_class()
    form = form_class(instance=ConsultationPage(), parent_page=index_page, for_user=people["owner"])
    choices = set(form.fields["owner_organisation"].queryset)
    assert choices == {ministry}
    assert other not in choices and city not in choices
    form = form_class(instance=ConsultationPage(), parent_page=index_page, for_user=people["root"])
    assert other in set(form.fields["owner_organisation"].queryset)


def test_admin_add_page_renders(client, people, index_page):
    client.force_login(people["root"])
    response = client.get(f"/admin/pages/add/consultations/consultationpage/{index_page.pk}/")
    assert response.status_code == 200
    assert b"Invitation rules" in response.content


def test_serving_asks_the_visibility_hook_and_refuses_without_one(
    client, monkeypatch, make_consultation, ministry, city, people
):
    """The page cannot import consultations.rules: ``serve`` asks the hooks, and
    with none registered nobody, not even a superuser, sees the page."""
    page = make_consultation(ministry, audience="invited", invited=[city])
    client.force_login(people["root"])
    assert client.get(page.url).status_code == 200
    get_hooks = hooks.get_hooks
    monkeypatch.setattr(
        page_models.hooks,
        "get_hooks",
        lambda name: [] if name == "consultation_page_visible" else get_hooks(name),
    )
    assert client.get(page.url).status_code == 404
    client.logout()
    assert client.get(page.url)["Location"].startswith("/accounts/login/")


def test_every_visibility_hook_must_agree(client, make_consultation, ministry, people):
    page = make_consultation(ministry, audience="public")
    client.force_login(people["owner"])
    assert client.get(page.url).status_code == 200
    with hooks.register_temporarily("consultation_page_visible", lambda user, page: False):
        assert client.get(page.url).status_code == 404


def test_page_context_comes_from_the_context_hooks(
    rf, make_consultation, ministry, city, people, index_page
):
    page = make_consultation(ministry, audience="invited", invited=[city])
    request = rf.get(page.url)
    request.user = people["city_editor"]
    context = page.get_context(request)
    assert [org for org, _response in context["respond_as"]] == [city]
    assert context["can_manage"] is False
    request.user = people["owner"]
    assert page.get_context(request)["can_manage"] is True
    index_context = index_page.get_context(request)
    assert list(index_context["consultations"]) == [page]


def test_admin_form_refuses_ids_beyond_a_64_bit_integer(people, index_page):
    from django.core.exceptions import ValidationError

    big = "99999999999999999999"
    form_class = ConsultationPage.get_edit_handler().get_form_class()
    form = form_class(instance=ConsultationPage(), parent_page=index_page, for_user=people["root"])
    for name, value in (("invited_organisations", [big]), ("owner_organisation", big)):
        with pytest.raises(ValidationError):
            form.fields[name].clean(value)
