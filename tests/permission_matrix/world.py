"""The world the permission matrix probes: three organisations around one
owner, a practice moderator, a superuser, and one item in each state that
hides something. Every item has a marker word of its own (in its title, body
or file name), so that "role R sees item I on surface S" is "the marker is in
what S answers R".

Built once per module and committed (socket consumers read the database from
other threads, on PostgreSQL from other connections, so an outer transaction
would hide it from them); ``tests/test_permission_matrix.py`` flushes it away
afterwards, as a transactional test does.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

ANONYMOUS = "anonymous"
OWNER = ("owner_member", "owner_editor", "owner_admin")
INVITED = ("invited_member", "invited_editor", "invited_admin")
UNINVITED = ("uninvited_member", "uninvited_editor", "uninvited_admin")
MODERATOR = "moderator"
SUPERUSER = "superuser"
ROLES = (ANONYMOUS, *OWNER, *INVITED, *UNINVITED, MODERATOR, SUPERUSER)
PARTNERS_GROUP = "Matrix partners"  # the groups restriction admits it (invited_member only)

# One marker word per item: distinct words (no common prefix a search could
# complete), found nowhere else on the site.
MARKERS = {
    "consultation-public": "quillwortpub",
    "consultation-invited": "marramgrass",
    "consultation-draft": "bladderwrack",
    "consultation-login-restricted": "eelgrasslogin",
    "consultation-response": "samphirecrest",
    "practice-public": "cowslipmeadow",
    "practice-login-restricted": "hornwortlogin",
    "practice-groups-restricted": "spleenwortgrp",
    "practice-unmoderated": "toadflaxdraft",
    "attachment-document": "sorreldocument",
    "attachment-image": "yarrowpicture",
    "event-public": "kingcupevent",
    "event-login-restricted": "foxglovelogin",
    "event-groups-restricted": "eyebrightgrp",
    "event-password-restricted": "lousewortpass",
    "hidden-comment": "butterburhidden",
    "delegation-document": "stitchwortpaper",
    "import-job": "sedgewarbler",
    "draft-paragraph": "glasswortclause",
    "event-draft": "meadowsweetdraft",
    "call-login-restricted": "bogbeanlogin",
    "call-draft": "frogbitdraft",
    "practice-form-draft": "bistortunsent",
    # French translations of hidden items (the translation keeps the restriction).
    "consultation-invited-fr": "dunecabbagefr",
    "practice-groups-restricted-fr": "pennywortfr",
    "event-login-restricted-fr": "ragwortfr",
}

# The items whose discussion a mention reaches: everyone signed in is
# @mentioned in each of their threads (``_mentions``); the rule decides who is notified.
THREAD_ITEMS = (
    "consultation-public",
    "consultation-invited",
    "consultation-draft",
    "consultation-login-restricted",
    "practice-public",
    "practice-login-restricted",
    "practice-groups-restricted",
    "practice-unmoderated",
    "delegation",
    "draft-paragraph",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role -> User (AnonymousUser for anonymous)
    clients: dict = field(default_factory=dict)  # role -> Client, signed in once
    items: dict = field(default_factory=dict)  # item name -> model instance
    orgs: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)  # role -> personal feed token

    def client(self, role: str) -> Client:
        return self.clients[role]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def _png(name: str) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 120, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _users(world: World) -> None:
    from forum_site.organisations.models import Membership, Organisation
    from practices.rules import moderators_group

    User = get_user_model()
    world.orgs = {
        "owner": Organisation.objects.create(
            name="Ministry of Matrices", kind="national", country="GH"
        ),
        "invited": Organisation.objects.create(
            name="City of Matrixville", kind="city", country="GH", population=200_000
        ),
        "uninvited": Organisation.objects.create(
            name="Matrix Migrant Help", kind="civil_society", country="GH"
        ),
    }
    for prefix, org in world.orgs.items():
        for role in ("member", "editor", "admin"):
            name = f"{prefix}_{role}"
            user = User.objects.create_user(name, f"{name}@example.org", "pw-matrix-1")
            Membership.objects.create(user=user, organisation=org, role=role)
            world.users[name] = user
    moderator = User.objects.create_user(
        MODERATOR, "moderator@example.org", "pw-matrix-1", is_staff=True
    )
    moderator.groups.add(moderators_group())
    world.users[MODERATOR] = moderator
    world.users[SUPERUSER] = User.objects.create_superuser(
        SUPERUSER, "superuser@example.org", "pw-matrix-1"
    )
    partners = Group.objects.create(name=PARTNERS_GROUP)
    world.users["invited_member"].groups.add(partners)
    world.users[ANONYMOUS] = AnonymousUser()
    for role in ROLES:
        client = Client()
        if role != ANONYMOUS:
            client.force_login(world.users[role])
        world.clients[role] = client


def _restrict(page, kind: str, password: str = "") -> None:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password=password
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get(name=PARTNERS_GROUP))


def _consultations(world: World) -> None:
    from consultations.models import (
        ConsultationIndexPage,
        ConsultationPage,
        ConsultationResponse,
        Question,
        ResponseVersion,
    )

    index = ConsultationIndexPage.objects.get()
    now = timezone.now()
    for n, (name, audience, live) in enumerate(
        (
            ("consultation-public", "public", True),
            ("consultation-invited", "invited", True),
            ("consultation-draft", "invited", False),
            # Public audience behind a login restriction: every signed-in user.
            ("consultation-login-restricted", "public", True),
        )
    ):
        marker = MARKERS[name]
        page = ConsultationPage(
            title=f"Consultation {marker}",
            slug=f"matrix-consultation-{n}",  # no marker in URLs
            owner_organisation=world.orgs["owner"],
            summary=f"About {marker}.",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=7),
            audience=audience,
            live=live,
        )
        page.questions = [Question(sort_order=0, text="Tell us more", kind="text")]
        page.invited_organisations = [world.orgs["invited"]]
        index.add_child(instance=page)
        world.items[name] = ConsultationPage.objects.get(pk=page.pk)
    _restrict(world.items["consultation-login-restricted"], PageViewRestriction.LOGIN)
    public = world.items["consultation-public"]
    question = public.questions.get()
    answers = {str(question.pk): f"Our answer {MARKERS['consultation-response']}"}
    response = ConsultationResponse.objects.create(
        consultation=public,
        organisation=world.orgs["invited"],
        answers=answers,
        submitted_answers=answers,
        consent="private",
        submitted_consent="private",
        status="submitted",
        submission_count=1,
        submitted_at=now,
    )
    ResponseVersion.objects.create(
        response=response, number=1, answers=answers, consent="private", submitted_at=now
    )
    world.items["consultation-response"] = response
    _draft_text(world)


def _draft_text(world: World) -> None:
    """A paragraph of the invited consultation's draft text, with a comment
    (both carry the marker): its page, the consultation page, the owner's
    pages and exports, search and its socket."""
    from consultations import drafts
    from forum_site.discussions import services as discussions

    page = world.items["consultation-invited"]
    marker = MARKERS["draft-paragraph"]
    drafts.replace_text(
        page,
        drafts.split_html(f"<h1>Draft</h1><p>The {marker} paragraph.</p>"),
        world.users["owner_editor"],
    )
    paragraph = drafts.current_paragraphs(page)[1]
    discussions.post_comment(
        paragraph.get_thread(), world.users["invited_editor"], f"On {marker}, we agree."
    )
    world.items["draft-paragraph"] = paragraph


def _practices(world: World) -> None:
    from forum_site.discussions import services as discussions
    from practices import services
    from practices.testing import make_practice, practice_index

    owner = world.orgs["owner"]
    for n, name in enumerate(
        ("practice-public", "practice-login-restricted", "practice-groups-restricted")
    ):
        marker = MARKERS[name]
        world.items[name] = make_practice(
            owner,
            title=f"Practice {marker}",
            summary=f"A practice about {marker}.",
            slug=f"matrix-practice-{n}",
        )
    _restrict(world.items["practice-login-restricted"], PageViewRestriction.LOGIN)
    _restrict(world.items["practice-groups-restricted"], PageViewRestriction.GROUPS)

    # A submission waiting for moderation, with a document and an image
    # (private until the practice is published: practices.attachments).
    submitter = world.users["owner_member"]
    marker = MARKERS["practice-unmoderated"]
    data = {
        "title": f"Practice {marker}",
        "summary": f"A submitted practice about {marker}.",
        "cities": "Matrixville",
        "start_year": 2021,
        "end_year": None,
        "status": "ongoing",
        "people_reached": 100,
        "budget_band": "",
        "funding_sources": "",
        "original_language": "en",
        "contact_name": "Ama Matrix",
        "contact_role": "",
        "contact_email": "ama.matrix@example.org",
        "organisation": owner,
        "countries": ["GH"],
        "challenge": f"The {marker} challenge.",
        "attachments": [
            ("document", _pdf(f"{MARKERS['attachment-document']}.pdf"), "pdf"),
            ("image", _png(f"{MARKERS['attachment-image']}.png"), "png"),
        ],
    }
    page = services.create_practice(practice_index(), data, submitter)
    page.slug = "matrix-practice-submitted"
    page.save(update_fields=["slug"])
    world.items["practice-unmoderated"] = page
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    world.items["attachment-document"] = get_document_model().objects.get(
        title__startswith=MARKERS["attachment-document"]
    )
    world.items["attachment-image"] = get_image_model().objects.get(
        title__startswith=MARKERS["attachment-image"]
    )

    # A practice half-written in the step-by-step form, not yet submitted, by a
    # member of the invited city (a local authority: its members share practices).
    from practices.models import PracticeDraft

    marker = MARKERS["practice-form-draft"]
    world.items["practice-form-draft"] = PracticeDraft.objects.create(
        user=world.users["invited_member"],
        organisation=world.orgs["invited"],
        title=f"Practice {marker}",
        data={"title": f"Practice {marker}", "summary": f"Unsent {marker}."},
        step="about",
    )

    # A comment hidden by a moderator on the public practice's discussion.
    thread = world.items["practice-public"].get_thread()
    comment = discussions.post_comment(
        thread,
        world.users["invited_member"],
        f"A remark {MARKERS['hidden-comment']} for @owner_member @owner_editor @moderator.",
    )
    discussions.hide_comment(comment, world.users[MODERATOR])
    world.items["hidden-comment"] = comment


def _events(world: World) -> None:
    from events.models import (
        CalendarToken,
        Delegation,
        DelegationDocument,
        DelegationMember,
        EventIndexPage,
        EventPage,
        Registration,
    )

    index = EventIndexPage.objects.get()
    start = timezone.now() + timedelta(days=10)
    names = (
        "event-public",
        "event-login-restricted",
        "event-groups-restricted",
        "event-password-restricted",
    )
    for n, name in enumerate(names):
        marker = MARKERS[name]
        page = EventPage(
            title=f"Event {marker}",
            slug=f"matrix-event-{n}",
            start=start + timedelta(hours=n),
            end=start + timedelta(hours=n + 3),
            city="Accra",
            country="GH",
            registration_enabled=True,
            participant_visibility="public",
        )
        page.organisers = [world.orgs["owner"]]
        index.add_child(instance=page)
        world.items[name] = EventPage.objects.get(pk=page.pk)
    _restrict(world.items["event-login-restricted"], PageViewRestriction.LOGIN)
    _restrict(world.items["event-groups-restricted"], PageViewRestriction.GROUPS)
    _restrict(world.items["event-password-restricted"], PageViewRestriction.PASSWORD, "matrix-pw")

    # Everyone signed in registered (listed) for every event before it was
    # restricted, and has a personal feed.
    for role in ROLES:
        if role == ANONYMOUS:
            continue
        user = world.users[role]
        org = user.memberships.first()
        organisation = org.organisation if org else world.orgs["owner"]
        for name in names:
            Registration.objects.create(
                event=world.items[name],
                user=user,
                organisation=organisation,
                status=Registration.Status.CONFIRMED,
                listed=True,
            )
        world.tokens[role] = CalendarToken.objects.create(
            user=user, token=CalendarToken.new_token()
        ).token

    # The owner's delegation to the public event: headed by its administrator,
    # the invited city's member confirmed as its local-authority representative.
    delegation = Delegation.objects.create(
        event=world.items["event-public"],
        organisation=world.orgs["owner"],
        country="GH",
        head=world.users["owner_admin"],
    )
    DelegationMember.objects.create(
        delegation=delegation,
        user=world.users["invited_member"],
        organisation=world.orgs["invited"],
        role=DelegationMember.Role.LOCAL_AUTHORITY,
        status=DelegationMember.Status.CONFIRMED,
    )
    marker = MARKERS["delegation-document"]
    document = DelegationDocument(
        delegation=delegation, title=f"Paper {marker}", uploaded_by=world.users["owner_admin"]
    )
    document.file.save(f"{marker}.pdf", _pdf(f"{marker}.pdf"), save=True)
    world.items["delegation"] = delegation
    world.items["delegation-document"] = document
    # A calendar import the owner's editor started (its progress page is theirs).
    from events.models import CalendarImport

    world.items["import-job"] = CalendarImport.objects.create(
        uploaded_by=world.users["owner_editor"],
        organisation=world.orgs["owner"],
        filename=f"{MARKERS['import-job']}.ics",
        data=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        status=CalendarImport.Status.FAILED,
        errors=["Nothing was imported."],
    )
    # And one previewed, waiting for its confirmation.
    world.items["import-preview"] = CalendarImport.objects.create(
        uploaded_by=world.users["owner_editor"],
        organisation=world.orgs["owner"],
        filename="preview.ics",
        data=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        status=CalendarImport.Status.PREVIEWED,
    )


def _more(world: World) -> None:
    """What the side surfaces show: adoptions (the exchange map), a checklist
    task (the workspace's toggle), a draft event, French translations of hidden
    items, and a mention of everyone in each discussion (notifications)."""
    from django.test import override_settings

    from events.models import ChecklistItem, EventIndexPage, EventPage
    from forum_site.discussions import services as discussions
    from practices.models import Adoption

    # The invited city adopted every practice (the exchange map shows each).
    for name in (
        "practice-public",
        "practice-login-restricted",
        "practice-groups-restricted",
        "practice-unmoderated",
    ):
        Adoption.objects.create(
            practice=world.items[name],
            organisation=world.orgs["invited"],
            status="implemented",
            created_by=world.users["invited_admin"],
        )
    world.items["checklist-item"] = ChecklistItem.objects.create(
        delegation=world.items["delegation"], category="other", title="Book the rooms"
    )

    # Calls for practices of the owner: one behind a login restriction, one a draft.
    from datetime import date

    from practices.models import CallForPracticesPage
    from practices.testing import practice_index

    for n, (name, live) in enumerate((("call-login-restricted", True), ("call-draft", False))):
        call = CallForPracticesPage(
            title=f"Call {MARKERS[name]}",
            slug=f"matrix-call-{n}",
            intro=f"We look for {MARKERS[name]}.",
            deadline=date.today() + timedelta(days=30),
            organisation=world.orgs["owner"],
            live=live,
        )
        practice_index().add_child(instance=call)
        call.save_revision()
        world.items[name] = CallForPracticesPage.objects.get(pk=call.pk)
    _restrict(world.items["call-login-restricted"], PageViewRestriction.LOGIN)

    # A draft event of the owner: never published, served to nobody.
    start = timezone.now() + timedelta(days=20)
    marker = MARKERS["event-draft"]
    draft = EventPage(
        title=f"Event {marker}",
        slug="matrix-event-draft",
        start=start,
        end=start + timedelta(hours=3),
        city="Accra",
        country="GH",
        registration_enabled=True,
        participant_visibility="public",
        live=False,
    )
    draft.organisers = [world.orgs["owner"]]
    EventIndexPage.objects.get().add_child(instance=draft)
    draft.save_revision()
    world.items["event-draft"] = EventPage.objects.get(pk=draft.pk)

    # French translations (published) of an invited-only consultation, a
    # groups-restricted practice and a login-restricted event.
    from wagtail.models import Locale

    french = Locale.objects.get_or_create(language_code="fr")[0]
    for name, source in (
        ("consultation-invited-fr", "consultation-invited"),
        ("practice-groups-restricted-fr", "practice-groups-restricted"),
        ("event-login-restricted-fr", "event-login-restricted"),
    ):
        page = world.items[source]
        copy = page.copy_for_translation(french, copy_parents=True)
        for ancestor in copy.get_ancestors(inclusive=True).filter(depth__gt=1).specific():
            if not ancestor.live:
                ancestor.save_revision().publish()
        copy = type(page).objects.get(pk=copy.pk)
        copy.title = f"Traduction {MARKERS[name]}"
        copy.save_revision().publish()
        world.items[name] = type(page).objects.get(pk=copy.pk)

    # Everyone signed in is @mentioned in every discussion, by a superuser
    # outside the roles (who may post anywhere); the rule decides who is
    # notified (``notify_mentions``).
    herald = get_user_model().objects.create_superuser(
        "matrix_herald", "herald@example.org", "pw-h-1"
    )
    everyone = " ".join(f"@{role}" for role in ROLES if role != ANONYMOUS)
    with override_settings(MENTION_RATE_LIMIT="1000/60"):
        for name in THREAD_ITEMS:
            discussions.post_comment(world.items[name].get_thread(), herald, f"Hello {everyone}")
    world.items["notification"] = world.users["owner_member"].notifications.first()


def build() -> World:
    world = World()
    _users(world)
    _consultations(world)
    _practices(world)
    _events(world)
    _more(world)
    # Every discussion thread, committed now: sockets read them from other
    # connections (on PostgreSQL), which never see the test's own writes.
    for item in list(world.items.values()):
        if hasattr(item, "get_thread"):
            item.get_thread()
    return world
