"""Two people saving one response at the same moment, in threads with
connections of their own (issue #14): each ends saved or on the 409 conflict
page with what they typed still in the form; never "database is locked",
never a 500, never a lost update. Runs on SQLite and on PostgreSQL."""

import pytest
from django.test import Client

from consultations.models import ConsultationResponse
from consultations.tests.views.test_responding import post_data, respond_url
from forum_site.tests.concurrency import run_in_threads, shared_database

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 4


@pytest.mark.parametrize("existing", [False, True], ids=["first-save", "draft-exists"])
def test_parallel_saves_of_one_response(make_consultation, ministry, city, make_user, existing):
    page = make_consultation(ministry, audience="invited", invited=[city])
    writers = [make_user(f"writer{n}", org=city, role="member") for n in range(WRITERS)]
    version = 0
    if existing:
        client = Client()
        client.force_login(writers[0])
        client.post(respond_url(page), post_data(page, city, **{"Tell us more": "Draft"}))
        version = 1
    key = str(page.questions.get(text="Tell us more").pk)

    def save(user, text):
        client = Client()
        client.force_login(user)
        response = client.post(
            respond_url(page), post_data(page, city, version=version, **{"Tell us more": text})
        )
        return response.status_code, response.content.decode()

    texts = [f"Text typed by writer {n}" for n in range(WRITERS)]
    with shared_database():
        outcomes = run_in_threads(save, list(zip(writers, texts, strict=True)))
        saved = ConsultationResponse.objects.get()
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert errors == []
    statuses = [status for status, _content in outcomes]
    # All started from the same version: exactly one save wins.
    assert sorted(statuses) == [302] + [409] * (WRITERS - 1)
    winner = texts[statuses.index(302)]
    assert saved.answers[key] == winner and saved.version == version + 1
    for (status, content), text in zip(outcomes, texts, strict=True):
        if status == 409:
            assert text in content  # what they typed is kept in the form
            assert f'name="version" value="{version + 1}"' in content
