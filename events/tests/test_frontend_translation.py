"""Translating an event on the front end (docs/i18n.md, "Translating on the
site"): the organisers' editors translate it into French through the event
page's ``translations/`` routes and publish it; others are refused; a source
change is flagged."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation

from events.models import EventPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_event, city):
    page = make_event(
        "Reception forum",
        organisers=[city],
        description='<p>We meet in <a href="https://example.org/accra">Accra</a>.</p>',
    )
    page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)


def field(page, text):
    segment = StringSegment.objects.get(source__object_id=page.translation_key, string__data=text)
    return f"s{segment.pk}"


def test_an_organiser_translates_and_publishes(
    client, event, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    overview = event.url + "translations/"
    assert overview in client.get(event.url).content.decode()
    html = client.get(overview).content.decode()
    assert "Reception forum" in html and f"{overview}fr/" in html
    editor_html = client.get(f"{overview}fr/").content.decode()
    title = field(event, "Reception forum")
    text = field(event, 'We meet in <a id="a1">Accra</a>.')
    assert "We meet in &lt;a id=&quot;a1&quot;&gt;Accra&lt;/a&gt;." in editor_html
    assert "tags such as &lt;b&gt; or &lt;a id=&quot;a1&quot;&gt;" in editor_html  # named, not used
    # A link with an address of its own, or a tag the original has not, is refused.
    response = client.post(
        f"{overview}fr/",
        {title: "Forum", text: 'Rendez-vous à <a id="a2">Accra</a>.', "action": "draft"},
    )
    assert response.status_code == 400 and "Keep the tags" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{overview}fr/",
            {
                title: "Forum de l’accueil",
                text: 'Rendez-vous à <a id="a1" href="https://evil.example">Accra</a>.'
                "<img src=x onerror=alert(1)>",
                "action": "publish",
            },
        )
    assert response.status_code == 302
    french = Locale.objects.get(language_code="fr")
    traduction = EventPage.objects.get(translation_key=event.translation_key, locale=french)
    assert traduction.live and traduction.title == "Forum de l’accueil"
    served = client.get(f"/fr/events/{event.slug}/").content.decode()
    assert "Forum de l’accueil" in served
    # The link keeps the source's address (wagtail-localize's tag format).
    assert 'Rendez-vous à <a href="https://example.org/accra">Accra</a>.' in served
    assert "evil.example" not in served and "onerror" not in served
    html = client.get(overview).content.decode()
    assert "not translated" in html  # the city and the slug keep the original's words

    event.title = "Reception and housing forum"
    event.save_revision().publish()
    html = client.get(f"{overview}fr/").content.decode()
    assert "Changed in the source since your translation" in html
    assert "Forum de l’accueil" in html  # the earlier translation, for reference


def test_others_are_refused(client, event, make_user, city, ngo):
    url = event.url + "translations/"
    client.force_login(make_user("member", org=city, role="member"))
    assert client.get(url).status_code == 403
    assert client.get(url + "fr/").status_code == 403
    client.force_login(make_user("ngo_editor", org=ngo, role="editor"))
    assert client.get(url).status_code == 403
    assert client.post(url + "fr/", {"action": "publish"}).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    assert not Translation.objects.exists()


def test_bad_languages(client, event, editor):
    client.force_login(editor)
    url = event.url + "translations/"
    assert client.get(url + "xx/").status_code == 404
    response = client.get(url + "en/")
    assert response.status_code == 302 and response["Location"] == url
