"""Emails and iCalendar text in each of the six languages (issue #15).

Every email the site sends, rendered for a recipient whose preferred language
(``UserProfile.preferred_language``) is each site language, whoever triggers
it and whatever the language of the request:

- notifications (a consultation's invitations, here; every notification goes
  through ``notify()``, which writes title and body in the recipient's
  language, and ``deliver_email``, which sends them);
- the event registration confirmation, the updated invitation and the
  withdrawal, with their iCalendar attachment;
- the password reset email, asked for from a page in English.

Each subject and body must hold no message of the English catalog whose
translation differs (``untranslated_strings_in_text``), must show the sentence
of the translation, and dates as ``forum_site.dates`` writes them in that
language. The iCalendar text the site writes (the attachment's DESCRIPTION,
the feeds' calendar name) is checked the same way.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import translation
from icalendar import Calendar

from forum_site.dates import moment_text
from forum_site.i18n import set_preferred_language
from tests.test_every_page_in_every_language import (
    MIN_LETTERS,
    _letters,
    _normal,
    untranslated_patterns,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def untranslated_strings_in_text(text: str, language: str) -> list[str]:
    """Messages of the English catalog left in ``text`` (an email, an
    iCalendar property): a line that is one, or a long message (three words
    and more) anywhere in it."""
    if language == settings.LANGUAGE_CODE:
        return []
    exact, patterns = untranslated_patterns(language)
    found = []
    for line in [*text.splitlines(), text]:
        line = _normal(line)
        if _letters(line) < MIN_LETTERS:
            continue
        if line in exact or any(p.match(line) for p in patterns):
            found.append(line)
    flat = _normal(text)
    for message in exact:
        if len(message.split()) >= 3 and re.search(rf"(?<!\w){re.escape(message)}(?!\w)", flat):
            found.append(message)
    for pattern in patterns:
        unanchored = pattern.pattern.strip("^$")
        literal = re.sub(r"\\.|\.\+", " ", unanchored)
        if len(literal.split()) >= 3 and re.search(unanchored, flat):
            found.append(unanchored)
    return sorted(set(found))


def _prefix(msgid: str, language: str) -> str:
    """The translation of ``msgid`` up to its first placeholder."""
    with translation.override(language):
        return translation.gettext(msgid).split("%(")[0].strip()


def _assert_in_language(text: str, language: str, msgid: str):
    assert not untranslated_strings_in_text(text, language), (language, text)
    assert _prefix(msgid, language) in text, (language, msgid, text)


@pytest.fixture
def registration(seeded_demo):
    from events.models import Registration

    found = (
        Registration.objects.filter(status=Registration.Status.CONFIRMED, user__email__gt="")
        .select_related("user", "organisation", "event")
        .order_by("pk")
        .first()
    )
    assert found is not None, "the demo has a confirmed registration"
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_registration_emails_and_invitations(registration, language):
    from events import tasks
    from events.models import EventPage
    from forum_site.i18n import for_recipient

    user = registration.user
    set_preferred_language(user, language)
    event = EventPage.objects.get(pk=registration.event_id)
    if not event.online_url:
        event.online_url = "https://meet.example.org/forum"
        event.save_revision().publish()
    with translation.override(language):
        when = moment_text(event.local_start, zone=event.timezone)
    with translation.override("fr" if language != "fr" else "en"):
        other = moment_text(event.local_start, zone=event.timezone)

    with for_recipient(user):
        confirmation = tasks.confirmation_message(registration)
        update = tasks.change_message(registration, tasks.UPDATE, [])
        withdrawal = tasks.withdrawal_message(registration)
    for message, msgid in [
        (confirmation, "Registration confirmed: %(title)s"),
        (update, "Event updated: %(title)s"),
        (withdrawal, "Registration cancelled: %(title)s"),
    ]:
        _assert_in_language(message.subject, language, msgid)
        assert not untranslated_strings_in_text(message.body, language), (language, message.body)
    _assert_in_language(
        confirmation.body,
        language,
        "You are registered for %(title)s on behalf of %(org)s.\n\n%(when)s\n%(where)s\n\n"
        "The invitation is attached; open it to add the event to your calendar.\n%(url)s",
    )
    assert when in confirmation.body and when in update.body
    if when != other:
        assert other not in confirmation.body

    # The invitation: the site's own words in DESCRIPTION are in the language too.
    attachment = next(a for a in confirmation.attachments if "calendar" in a.get_content_type())
    calendar = Calendar.from_ical(attachment.get_payload(decode=True))
    vevent = next(c for c in calendar.walk("VEVENT"))
    assert str(vevent["SUMMARY"]) == event.title
    description = str(vevent.get("DESCRIPTION", ""))
    assert not untranslated_strings_in_text(description, language), (language, description)
    with translation.override(language):
        online = translation.gettext("Online: %(url)s") % {"url": event.online_url}
    assert online in description


@pytest.mark.parametrize("language", LANGUAGES)
def test_notification_emails(seeded_demo, language):
    from consultations import rules
    from consultations.models import Audience, ConsultationPage, Status
    from consultations.notifications import _members_of, send_invitations
    from forum_site.notifications.models import Notification
    from forum_site.notifications.tasks import deliver_email

    page = next(
        p
        for p in ConsultationPage.objects.live().filter(audience=Audience.INVITED).order_by("pk")
        if p.status == Status.OPEN
    )
    members = list(_members_of(rules.invited_organisations(page).values_list("pk", flat=True)))
    assert members
    for member in members:
        set_preferred_language(member, language)
    Notification.objects.filter(user__in=members).delete()
    mail.outbox = []
    with translation.override("en"):  # the owner acts from an English page
        assert send_invitations(page)
    sent = Notification.objects.filter(user__in=members, kind__contains="invit")
    assert sent.exists()
    for notification in sent:
        assert notification.language == language
        _assert_in_language(notification.title, language, "You are invited to respond: %(title)s")
        _assert_in_language(
            notification.body, language, "%(owner)s consults you until %(closes)s. %(summary)s"
        )
        with translation.override(language):
            closes = moment_text(page.local_closes_at())
        assert closes in notification.body
    notification = sent.exclude(user__email="").first()
    mail.outbox = []
    Notification.objects.filter(pk=notification.pk).update(emailed=False)
    assert deliver_email.call(notification.pk)
    (email,) = mail.outbox
    assert email.subject == notification.title
    assert not untranslated_strings_in_text(email.body, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_email(seeded_demo, language):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username="city_member").get()
    set_preferred_language(user, language)
    mail.outbox = []
    response = Client().post("/accounts/password_reset/", {"email": user.email})
    assert response.status_code == 302
    (email,) = mail.outbox
    assert not untranslated_strings_in_text(email.subject, language), email.subject
    assert not untranslated_strings_in_text(email.body, language), email.body
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    assert re.search(rf"https?://[^/\s]+{re.escape(prefix)}/accounts/reset/", email.body), (
        email.body
    )
    if language != settings.LANGUAGE_CODE:  # not the English email
        set_preferred_language(user, "en")
        mail.outbox = []
        Client().post("/accounts/password_reset/", {"email": user.email})
        assert mail.outbox[0].subject != email.subject


@pytest.mark.parametrize("language", LANGUAGES)
def test_calendar_feeds_name_and_describe_in_the_language(seeded_demo, language):
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    response = Client().get(f"{prefix}/events/calendar.ics")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    calendar = Calendar.from_ical(body)
    name = str(calendar.get("X-WR-CALNAME", ""))
    description = str(calendar.get("X-WR-CALDESC", ""))
    with translation.override(language):
        assert name == translation.gettext("Migration fora and events")
        assert description == translation.gettext(
            "Upcoming events from the Migration Cities Forum."
        )
    for vevent in calendar.walk("VEVENT"):
        text = str(vevent.get("DESCRIPTION", ""))
        assert not untranslated_strings_in_text(text, language), text
