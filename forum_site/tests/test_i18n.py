"""Six languages: page language and direction, sign-in that keeps the
language, the switcher, the preferred language and the emails written in it,
the JavaScript catalog (docs/i18n.md)."""

import json
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.translation import get_language_info
from wagtail.models import Locale

from forum_site import i18n
from forum_site.models import UserProfile
from forum_site.notifications import service
from forum_site.notifications import tasks as notification_tasks

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh-hans"]


def prefix(code):
    return "/" if code == settings.LANGUAGE_CODE else f"/{code}/"


def html_tag(html):
    return re.search(r"<html[^>]*>", html).group(0)


def test_the_six_un_languages_are_site_and_content_languages():
    assert [code for code, _name in settings.LANGUAGES] == LANGUAGES
    assert [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES] == LANGUAGES
    assert set(Locale.objects.values_list("language_code", flat=True)) >= set(LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("page", ["", "accounts/login/", "organisations/", "search/?q=city"])
def test_html_lang_and_direction(client, code, page):
    response = client.get(prefix(code) + page)
    assert response.status_code == 200
    direction = "rtl" if code == "ar" else "ltr"
    assert html_tag(response.content.decode()) == f'<html lang="{code}" dir="{direction}">'


class TestSignIn:
    @pytest.fixture
    def officer(self, make_user):
        return make_user("officer", password="a-Long-pass-123")

    def post_login(self, client, url, **extra):
        return client.post(url, {"username": "officer", "password": "a-Long-pass-123", **extra})

    def test_sign_in_from_arabic_lands_on_an_arabic_page(self, client, officer):
        response = self.post_login(client, "/ar/accounts/login/")
        assert response.status_code == 302
        assert response["Location"] == "/ar/accounts/profile/"
        page = client.get(response["Location"])
        assert html_tag(page.content.decode()) == '<html lang="ar" dir="rtl">'

    def test_next_keeps_its_language(self, client, officer):
        response = self.post_login(client, "/ar/accounts/login/", next="/ar/organisations/")
        assert response["Location"] == "/ar/organisations/"

    def test_next_without_prefix_goes_to_the_sign_in_pages_language(self, client, officer):
        response = self.post_login(client, "/fr/accounts/login/", next="/organisations/")
        assert response["Location"] == "/fr/organisations/"

    def test_english_sign_in_unchanged(self, client, officer):
        response = self.post_login(client, "/accounts/login/", next="/organisations/")
        assert response["Location"] == "/organisations/"

    def test_unsafe_next_is_still_refused(self, client, officer):
        response = self.post_login(client, "/ar/accounts/login/", next="https://evil.example/")
        assert response["Location"] == "/ar/accounts/profile/"

    def test_private_page_sends_to_the_sign_in_page_in_its_language(self, client):
        response = client.get("/ar/accounts/profile/")
        assert response.status_code == 302
        assert response["Location"].startswith("/ar/accounts/login/?next=/ar/accounts/profile/")

    def test_the_log_in_link_of_an_arabic_page(self, client):
        html = client.get("/ar/organisations/").content.decode()
        assert 'href="/ar/accounts/login/?next=/ar/organisations/"' in html

    def test_first_sign_in_remembers_the_language(self, client, officer):
        self.post_login(client, "/es/accounts/login/")
        assert i18n.preferred_language(officer) == "es"
        client.logout()
        self.post_login(client, "/ar/accounts/login/")  # a later sign-in changes nothing
        assert i18n.preferred_language(officer) == "es"

    def test_sign_out_stays_in_the_language(self, client, officer):
        client.force_login(officer)
        html = client.get("/ru/accounts/profile/").content.decode()
        assert 'action="/ru/accounts/logout/"' in html
        assert '<input type="hidden" name="next" value="/ru/">' in html
        response = client.post("/ru/accounts/logout/", {"next": "/ru/"})
        assert response["Location"] == "/ru/"


class TestSwitcher:
    def test_lists_the_six_languages_in_their_own_names(self, client):
        html = client.get("/fr/").content.decode()
        switcher = re.search(r'<select id="language-select".*?</select>', html, re.S).group(0)
        option = r'<option value="([^"]+)" lang="([^"]+)"[^>]*>([^<]+)</option>'
        options = re.findall(option, switcher)
        assert [(value, lang) for value, lang, _name in options] == [(c, c) for c in LANGUAGES]
        names = [name for _v, _l, name in options]
        assert names == [get_language_info(c)["name_local"] for c in LANGUAGES]
        assert {"English", "français", "español", "العربيّة", "Русский", "简体中文"} == set(names)
        assert '<option value="fr" lang="fr" selected>' in switcher

    def test_switching_goes_to_the_same_page_in_the_other_language(self, client):
        response = client.post("/i18n/setlang/", {"language": "ar", "next": "/fr/organisations/"})
        assert response["Location"] == "/ar/organisations/"

    def test_switching_while_signed_in_sets_the_preferred_language(self, client, make_user):
        user = make_user("reader")
        client.force_login(user)
        client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
        assert i18n.preferred_language(user) == "zh-hans"
        client.post("/i18n/setlang/", {"language": "xx", "next": "/"})  # not a site language
        assert i18n.preferred_language(user) == "zh-hans"

    def test_anonymous_switching_stores_nothing(self, client):
        client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
        assert not UserProfile.objects.exists()


class TestProfileLanguage:
    def test_edit_on_the_profile_page(self, client, make_user):
        user = make_user("reader")
        client.force_login(user)
        html = client.get("/accounts/profile/").content.decode()
        assert 'name="preferred_language"' in html and '<option value="ru">' in html
        response = client.post("/accounts/profile/", {"preferred_language": "ru"})
        assert response.status_code == 302
        assert i18n.preferred_language(user) == "ru"

    def test_bad_language_is_a_form_error(self, client, make_user):
        client.force_login(make_user("reader"))
        response = client.post("/accounts/profile/", {"preferred_language": "klingon"})
        assert response.status_code == 200
        assert response.context["language_form"].errors["preferred_language"]

    def test_language_for_falls_back(self, make_user):
        user = make_user("reader")
        assert i18n.language_for(user) == "en"
        assert i18n.language_for(user, "ar") == "ar"
        i18n.set_preferred_language(user, "fr")
        assert i18n.language_for(user, "ar") == "fr"
        assert i18n.language_for(None, "es") == "es"


class TestEmailsInTheRecipientsLanguage:
    def test_notification_written_and_emailed_in_the_recipients_language(
        self, make_user, monkeypatch, django_capture_on_commit_callbacks
    ):
        french = make_user("french")
        arabic = make_user("arabic")
        i18n.set_preferred_language(french, "fr")
        i18n.set_preferred_language(arabic, "ar")
        sent_in = {}
        real_send_mail = notification_tasks.send_mail

        def spy(*, recipient_list, **kwargs):
            sent_in[recipient_list[0]] = translation.get_language()
            return real_send_mail(recipient_list=recipient_list, **kwargs)

        monkeypatch.setattr(notification_tasks, "send_mail", spy)
        with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
            created = service.notify(
                [french, arabic],
                title=lambda: f"title in {translation.get_language()}",
                body=lambda: f"body in {translation.get_language()}",
            )
        assert {n.user.username: (n.title, n.body) for n in created} == {
            "french": ("title in fr", "body in fr"),
            "arabic": ("title in ar", "body in ar"),
        }
        assert sent_in == {"french@example.org": "fr", "arabic@example.org": "ar"}
        assert sorted(m.subject for m in mail.outbox) == ["title in ar", "title in fr"]

    def test_plain_strings_are_kept(self, make_user):
        (notification,) = service.notify([make_user("someone")], title="Hello", body="There")
        assert (notification.title, notification.body) == ("Hello", "There")

    def test_password_reset_link_in_the_account_holders_language(self, client, make_user):
        user = make_user("forgetful")
        i18n.set_preferred_language(user, "fr")
        client.post("/accounts/password_reset/", {"email": user.email})
        (message,) = mail.outbox
        assert "/fr/accounts/reset/" in message.body

    def test_password_reset_without_preference_in_the_pages_language(self, client, make_user):
        user = make_user("forgetful")
        client.post("/ar/accounts/password_reset/", {"email": user.email})
        (message,) = mail.outbox
        assert "/ar/accounts/reset/" in message.body


class TestJavaScriptCatalog:
    def test_served_with_the_french_catalog_under_fr(self, client):
        response = client.get("/fr/jsi18n/")
        assert response.status_code == 200
        assert "javascript" in response["Content-Type"]
        body = response.content.decode()
        assert '"Dismiss": "Fermer"' in body
        assert '"Dismiss"' not in client.get("/jsi18n/").content.decode()

    def test_plural_forms_of_the_language(self, client):
        body = client.get("/ru/jsi18n/").content.decode()
        assert "n%10==1 && n%100!=11" in body  # Russian plural rule
        # The typing indicator's four Russian forms ("Печатает: …", "Печатают: …").
        assert json.dumps("Печатает: %(names)s…") in body
        assert json.dumps("Печатают: %(names)s…") in body

    def test_revalidated_with_its_etag(self, client):
        response = client.get("/ar/jsi18n/")
        etag = response["ETag"]
        assert etag != client.get("/es/jsi18n/")["ETag"]
        assert client.get("/ar/jsi18n/", HTTP_IF_NONE_MATCH=etag).status_code == 304

    def test_loaded_before_the_sites_scripts(self, client, make_user):
        client.force_login(make_user("reader"))
        html = client.get("/zh-hans/").content.decode()
        catalog = html.index('<script src="/zh-hans/jsi18n/" defer></script>')
        assert catalog < html.index("forum_site/js/site.js")
        assert catalog < html.index("forum_site/js/notifications.js")


class TestBidiIsolation:
    def test_bdi_filter_isolates_and_escapes_the_value_not_the_message(self):
        from django.template import Context, Template

        template = Template(
            "{% load i18n forum_tags %}"
            "{% blocktranslate with org=name|bdi %}Response of {{ org }}{% endblocktranslate %}"
        )
        html = template.render(Context({"name": "<b>مدينة عمّان</b>"}))
        assert html == "Response of <bdi>&lt;b&gt;مدينة عمّان&lt;/b&gt;</bdi>"
        assert Template("{% load forum_tags %}[{{ ''|bdi }}]").render(Context()) == "[]"

    def test_isolate_for_plain_text(self):
        assert i18n.isolate("غانا") == "\u2068غانا\u2069"
        assert i18n.isolate("") == ""

    def test_names_in_sentences_of_a_page_are_isolated(self, client, make_org, make_user):
        org = make_org("مدينة عمّان")
        user = make_user("officer", org=org, role="admin")
        client.force_login(user)
        html = client.get("/accounts/profile/").content.decode()
        assert "Manage members of <bdi>مدينة عمّان</bdi>" in html
        assert "Profile (<bdi>officer</bdi>)" in html


@pytest.mark.parametrize("next_url", ["http://[", "\x00", "//evil.example/", "/fr/nowhere/"])
def test_switcher_with_a_hostile_next_never_fails(client, next_url):
    response = client.post("/i18n/setlang/", {"language": "ar", "next": next_url})
    assert response.status_code == 302
    assert not response["Location"].startswith("//evil")


@pytest.mark.parametrize("code", ["ar", "zh-hans"])
def test_error_pages_send_to_the_sign_in_page_in_their_language(client, code):
    html = client.get(f"/{code}/no-such-page/").content.decode()
    assert f'href="/{code}/accounts/login/?next=/{code}/no-such-page/"' in html
