"""The practice page (what it shows whom: ``practices.context``) and its model validation."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from forum_site.taxonomy.models import GCMObjective
from practices.models import Adoption, PracticeCountry
from practices.rules import can_see_contact

pytestmark = pytest.mark.django_db


def test_contact_is_shown_to_signed_in_users_only(client, city, make_practice, make_user, ngo):
    page = make_practice(
        city, contact_name="Nadia Fictional", contact_email="nadia@example.org", summary="S."
    )
    html = client.get(page.url).content.decode()
    assert "Nadia Fictional" not in html and "nadia@example.org" not in html
    assert "Log in to see the contact person" in html
    user = make_user("anyone", org=ngo)
    assert can_see_contact(user, page) and not can_see_contact(None, page)
    client.force_login(user)
    html = client.get(page.url).content.decode()
    assert "Nadia Fictional" in html and "nadia@example.org" in html


def test_page_shows_facts_sections_and_figures(client, city, make_practice, themes):
    import json

    body = json.dumps(
        [
            {"type": "challenge", "value": "<p>Long queues.</p>"},
            {
                "type": "results",
                "value": {
                    "text": "<p>Shorter.</p>",
                    "figures": [{"value": "75%", "label": "less waiting"}],
                },
            },
            {"type": "transfer", "value": "<p>Two staff.</p>"},
            {"type": "link", "value": {"url": "https://example.org/r", "title": "Report"}},
        ]
    )
    page = make_practice(
        city,
        "Queue buster",
        themes=[themes["health"]],
        gcm_objectives=[GCMObjective.objects.get(number=15)],
        body=body,
        people_reached=1234,
    )
    html = client.get(page.url).content.decode()
    for text in (
        "Challenge",
        "Long queues.",
        "Results and evidence",
        "75%",
        "less waiting",
        "Conditions for transfer",
        "1,234",
        "15. Provide access to basic services",
        "Health",
        'href="https://example.org/r"',
        city.name,
    ):
        assert text in html, text


def test_practice_page_query_count_is_bounded(
    client, city, make_org, make_practice, themes, make_user, django_assert_max_num_queries
):
    page = make_practice(city, "Bounded", themes=list(themes.values())[:5])
    client.force_login(make_user("viewer", org=make_org(kind="city")))
    # About 40 for the page itself, 8 for its discussion thread (thread,
    # first page of comments, who may post, for which organisations).
    with django_assert_max_num_queries(50):
        client.get(page.url)
    with django_assert_max_num_queries(50) as captured:
        client.get(page.url)
    few = len(captured.captured_queries)
    for i in range(30):
        Adoption.objects.create(practice=page, organisation=make_org(f"Adopter {i}", kind="city"))
    with django_assert_max_num_queries(few):
        response = client.get(page.url)
    assert response.content.decode().count("Adopter ") >= 30


def test_practice_edit_form_renders_in_the_wagtail_admin(client, make_user, city, make_practice):
    admin = make_user("root2", is_superuser=True, is_staff=True)
    practice = make_practice(city, title="Admin practice")
    client.force_login(admin)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[practice.pk]))
    assert response.status_code == 200
    assert 'name="themes"' in response.content.decode()
    add_call = reverse(
        "wagtailadmin_pages:add",
        args=["practices", "callforpracticespage", practice.get_parent().pk],
    )
    assert client.get(add_call).status_code == 200


@pytest.mark.parametrize(
    "fields,error_field",
    [
        ({"start_year": 2020, "end_year": 2019}, "end_year"),
        ({"start_year": 2999}, "start_year"),
        ({"start_year": 2010, "end_year": 2999}, "end_year"),
        ({"start_year": 2000, "end_year": 2001, "status": "ongoing"}, "status"),
        ({"summary": "x" * 301}, "summary"),
        ({"start_year": 1900}, "start_year"),
    ],
)
def test_model_validation(city, index, fields, error_field):
    from practices.models import PracticePage

    values = {"title": "T", "slug": "t", "summary": "S", "start_year": 2020, "status": "completed"}
    values.update(fields)
    page = PracticePage(organisation=city, **values)
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean(exclude=["path", "depth", "content_type", "locale", "draft_title"])
    assert error_field in excinfo.value.message_dict


def test_country_row_gets_its_region(city, make_practice):
    page = make_practice(city, countries=["BR", "PT"])
    assert dict(PracticeCountry.objects.filter(page=page).values_list("country", "region")) == {
        "BR": "019",
        "PT": "150",
    }
