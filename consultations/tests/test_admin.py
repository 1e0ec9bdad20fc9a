"""The Wagtail admin: national editors only, for their own organisation."""

import pytest

from consultations.models import ConsultationPage

pytestmark = pytest.mark.django_db


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
