"""THE table: for every item in a state that hides something and every surface
that can show it, the roles that must see it. Every other role must not.

This is the one place a new surface is added to (docs/architecture.md): add a
probe in ``probes.py`` and its rows here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from tests.permission_matrix import probes as p
from tests.permission_matrix.world import (
    ANONYMOUS,
    INVITED,
    MODERATOR,
    OWNER,
    ROLES,
    SUPERUSER,
    UNINVITED,
)

ALL = frozenset(ROLES)
SIGNED_IN = ALL - {ANONYMOUS}
NOBODY = frozenset()
OWNERS = frozenset(OWNER)
OWNER_EDITORS = frozenset({"owner_editor", "owner_admin"})  # run the owner's events
INVITEDS = frozenset(INVITED)
SU = frozenset({SUPERUSER})
ADMIN_USERS = frozenset({MODERATOR, SUPERUSER})  # who reaches Wagtail's admin at all
GROUP = frozenset({"invited_member"})  # the groups restriction's group
assert not set(UNINVITED) & (OWNERS | INVITEDS | GROUP)


@dataclass(frozen=True)
class Row:
    item: str
    surface: str
    probe: object
    sees: frozenset
    xfail: str = ""  # a known leak: "leak: ..." (strict, so fixing it fails the test)

    @property
    def id(self) -> str:
        return f"{self.item}/{self.surface}"


# -- surfaces, by kind of item ------------------------------------------------------

PAGE = ("page", p.shows(p.page_url))
SEARCH = ("search", p.search_results)
SUGGEST = ("suggestions", p.search_suggestions)
API_SEARCH = ("api-pages-search", p.shows(p.api_pages_search))
API_TYPE = ("api-pages-type", p.shows(p.api_pages_type))
CHOOSER = ("page-chooser-search", p.page_chooser)
CHOOSER_BROWSE = ("page-chooser-browse", p.page_chooser_browse)
PAPER = ("position-paper-choice", p.position_paper_choice)
SOCKET = ("socket", p.socket_opens)
HOME = ("home", p.shows(lambda w, i: "/"))
ORG_PROFILE = (
    "organisation-profile",
    p.shows(lambda w, i: reverse("organisations:detail", args=[w.orgs["owner"].slug])),
)
MY_PROFILE = ("my-profile", p.shows(lambda w, i: reverse("profile")))


def listing(url):
    return ("listing", p.shows(lambda w, i: url))


CONSULTATION_LISTING = listing("/consultations/")
PRACTICE_LISTING = listing("/practices/")
EVENT_LISTING = listing("/events/")
MONTH_GRID = ("month-grid", p.shows(p._month))
CALENDAR = ("calendar-ics", p.shows(lambda w, i: "/events/calendar.ics"))
EVENT_ICS = ("event-ics", p.shows(p.event_ics_url))
PERSONAL_FEED = ("personal-feed", p.personal_feed)
PARTICIPANTS = ("participants", p.shows(lambda w, i: w.items[i].url + "participants/"))
PARTICIPANTS_CSV = (
    "participants-csv",
    p.answers_200(lambda w, i: w.items[i].url.rstrip("/") + "/participants.csv"),
)
REGISTER = ("register", p.reaches_action(lambda w, i: w.items[i].url + "register/"))
DELEGATION_NEW = (
    "delegation-create",
    p.reaches_action(lambda w, i: w.items[i].url + "delegations/new/"),
)
EDIT_EVENT = ("edit", p.shows(lambda w, i: w.items[i].url + "edit/"))
EDIT_EVENT_POST = ("edit-post", p.posts_form(lambda w, i: w.items[i].url + "edit/"))
EVENT_TRANSLATIONS = ("translations", p.shows(lambda w, i: w.items[i].url + "translations/"))
EVENT_TRANSLATION = (
    "translation-editor",
    p.shows(lambda w, i: w.items[i].url + "translations/fr/"),
)
EVENT_TRANSLATION_POST = (
    "translation-editor-post",
    p.accepts_post(lambda w, i: w.items[i].url + "translations/fr/"),
)
CANCEL_EVENT_POST = ("cancel-post", p.posts_form(lambda w, i: w.items[i].url + "edit/cancel/"))
# Restoring an event that is not cancelled: its organisers are sent back to the edit page.
RESTORE_EVENT_POST = (
    "restore-post",
    p.reaches_action(lambda w, i: w.items[i].url + "edit/restore/"),
)
EXPORT_CSV = ("export-csv", p.shows(lambda w, i: "/practices/export.csv"))
EXPORT_XLSX = ("export-xlsx", p.shows(lambda w, i: "/practices/export.xlsx"))
EXPORT_JSON = ("export-json", p.shows(lambda w, i: "/practices/export.json"))
EXCHANGE = ("exchange-map", p.shows(lambda w, i: "/practices/exchange/"))
CANCEL_REGISTRATION = (
    "cancel-registration",
    p.reaches_action(lambda w, i: w.items[i].url + "cancel/"),
)
# The old address of an event's file, /events/<slug>.ics: a permanent redirect
# to the page's route for those who may see the event, a 404 for the others.
ICS_MOVED = (
    "event-ics-moved",
    lambda w, r, i: p.get(w, r, f"/events/{w.items[i].slug}.ics")[0] == 301,
)
LISTED = ("listed", p.reaches_action(lambda w, i: w.items[i].url + "listed/"))
API_DETAIL = ("api-pages-detail", p.shows(p.api_page_detail))
API_FIND = ("api-pages-find", p.api_page_find)
# Wagtail's own page search (/admin/pages/search/) lists the pages the user may
# explore in the admin (Wagtail page permissions): the practice moderators' reach
# the practice library only; superusers everything.
ADMIN_SEARCH = ("admin-page-search", p.admin_shows("wagtailadmin_pages:search"))
NOTIFICATIONS = ("notifications", p.notified)


def _thread_of(world, item) -> str:
    return f"/discussions/threads/{world.items[item].get_thread().pk}/"


THREAD_PAGE = ("thread-page", p.thread_page)
THREAD_POST = ("thread-post", p.accepts_post(lambda w, i: _thread_of(w, i) + "post/"))


def rows_for(item: str, cells) -> list[Row]:
    return [
        Row(item, surface, probe, frozenset(sees), KNOWN.get(f"{item}/{surface}", ""))
        for (surface, probe), sees in cells
    ]


# Known departures from the rule, each a strict xfail (fixing it fails the test
# until the entry is removed): "leak: ..." or "miss: ...".
KNOWN: dict[str, str] = {}


def consultation_rows() -> list[Row]:
    rows = []
    invited = OWNERS | INVITEDS | SU
    # Who may open the response form: members of an organisation that may
    # respond (not the consulting one; the moderator and the superuser have none).
    others = INVITEDS | frozenset(UNINVITED)
    # Who may post in its discussion: the consulting organisation, those who may
    # respond, superusers; in a draft's, superusers only.
    posters = OWNERS | others | SU
    for item, sees, socket, respond, post in (
        ("consultation-public", ALL, ALL, others, posters),
        ("consultation-invited", invited, invited, INVITEDS, invited),
        # A draft is served, listed and found by nobody; its own organisation
        # prepares it (and its discussion) in the admin.
        ("consultation-draft", NOBODY, OWNERS | SU, NOBODY, SU),
        ("consultation-login-restricted", SIGNED_IN, SIGNED_IN, others, posters),
    ):
        rows += rows_for(
            item,
            [
                (PAGE, sees),
                (CONSULTATION_LISTING, sees),
                (HOME, sees),
                (ORG_PROFILE, sees),
                (SEARCH, sees),
                (SUGGEST, sees),
                (API_SEARCH, sees),
                (API_TYPE, sees),
                (CHOOSER, (sees & ADMIN_USERS) | SU),
                (CHOOSER_BROWSE, (sees & ADMIN_USERS) | SU),
                (PAPER, sees),
                (SOCKET, socket),
                # The owner's edit pages, whatever the state: its editors only.
                (_edit_surface("edit"), OWNER_EDITORS | SU),
                (_edit_surface("edit_questions"), OWNER_EDITORS | SU),
                (_edit_surface("edit_preview"), OWNER_EDITORS | SU),
                (_edit_surface("edit", post=True), OWNER_EDITORS | SU),
                (_edit_surface("edit_questions", post=True), OWNER_EDITORS | SU),
                (_edit_surface("dashboard"), OWNER_EDITORS | SU),
                (_edit_surface("outcome"), OWNER_EDITORS | SU),
                (_edit_surface("outcome", post=True), OWNER_EDITORS | SU),
                (_edit_surface("publish", post=True), OWNER_EDITORS | SU),
                # Translating it on the front end: whoever edits it (rules.may_translate).
                *[
                    (surface, OWNER_EDITORS | SU)
                    for surface in _translation_surfaces("consultations")
                ],
                (_edit_surface("respond"), respond),
                (_edit_surface("respond", post=True), respond),
                (THREAD_PAGE, socket),
                (THREAD_POST, post),
                (NOTIFICATIONS, socket - {ANONYMOUS}),
                (API_DETAIL, sees),
                (API_FIND, sees),
                (ADMIN_SEARCH, SU),
            ],
        )
    # A submitted response: the responding organisation and the owner's editors.
    response_readers = INVITEDS | OWNER_EDITORS | SU
    exporters = OWNER_EDITORS | SU
    rows += rows_for(
        "consultation-response",
        [
            (
                ("response-page", p.shows(lambda w, i: _response_url(w))),
                response_readers,
            ),
            (
                ("responses-export-csv", p.shows(lambda w, i: _consultation_url(w, "export_csv"))),
                exporters,
            ),
            (
                (
                    "responses-export-xlsx",
                    p.shows(lambda w, i: _consultation_url(w, "export_xlsx")),
                ),
                exporters,
            ),
            (("dashboard", p.shows(lambda w, i: _consultation_url(w, "dashboard"))), exporters),
            (SEARCH, NOBODY),
        ],
    )
    # A paragraph of the invited consultation's draft text and its comment: the
    # consultation's audience reads and discusses it; the owner's editors edit,
    # survey and export it; search never indexes it.
    readers = OWNERS | INVITEDS | SU
    rows += rows_for(
        "draft-paragraph",
        [
            (
                ("consultation-page", p.shows(lambda w, i: w.items["consultation-invited"].url)),
                readers,
            ),
            (("paragraph-page", p.shows(lambda w, i: w.items[i].get_absolute_url())), readers),
            (_draft_surface("edit_draft_text"), exporters),
            (_draft_surface("draft_overview"), exporters),
            (_draft_surface("draft_export_csv"), exporters),
            (
                (
                    "draft-export-xlsx",
                    p.answers_200(
                        lambda w, i: reverse(
                            "consultations:draft_export_xlsx",
                            args=[w.items[i].draft.consultation_id],
                        )
                    ),
                ),
                exporters,
            ),
            (SEARCH, NOBODY),
            (SOCKET, readers),
            (("socket-resume", p.socket_resume_shows), readers),
            (THREAD_PAGE, readers),
            (NOTIFICATIONS, readers - {ANONYMOUS}),
            # Proposing a wording: those who may post in the consultation's discussion.
            (
                (
                    "propose-post",
                    p.takes_effect(
                        lambda w, i: w.items[i].get_absolute_url() + "propose/",
                        {"proposed": "A better wording.", "explanation": "Clearer."},
                        lambda w, i: w.items[i].get_thread().comments.count(),
                    ),
                ),
                readers,
            ),
        ],
    )
    return rows


def _draft_surface(name):
    """``/consultations/<pk>/…`` of the paragraph's consultation."""
    return (
        name.replace("_", "-"),
        p.shows(
            lambda w, i: reverse(f"consultations:{name}", args=[w.items[i].draft.consultation_id])
        ),
    )


def _edit_surface(name, post=False):
    """``/consultations/<pk>/edit/…`` (and its other pages) of the row's own
    consultation, asked (GET) or posted back empty."""
    surface = name.replace("_", "-") + ("-post" if post else "")
    probe = p.accepts_post if post else p.shows
    return (surface, probe(lambda w, i: reverse(f"consultations:{name}", args=[w.items[i].pk])))


def _translation_surfaces(app):
    """The front-end translation pages of the row's own practice or consultation
    (``/<app>/<id>/translations/`` and its French editor, asked and posted back
    empty: an empty post is refused with the form again, a 400)."""
    return [
        (
            "translations",
            p.shows(lambda w, i: reverse(f"{app}:translations", args=[w.items[i].pk])),
        ),
        (
            "translation-editor",
            p.shows(lambda w, i: reverse(f"{app}:translation", args=[w.items[i].pk, "fr"])),
        ),
        (
            "translation-editor-post",
            p.accepts_post(lambda w, i: reverse(f"{app}:translation", args=[w.items[i].pk, "fr"])),
        ),
    ]


def _response_url(world) -> str:
    response = world.items["consultation-response"]
    return reverse("consultations:response", args=[response.consultation_id, response.pk])


def _consultation_url(world, name) -> str:
    return reverse(f"consultations:{name}", args=[world.items["consultation-public"].pk])


def practice_rows() -> list[Row]:
    rows = []
    for item, sees, page, socket in (
        ("practice-public", ALL, ALL, ALL),
        ("practice-login-restricted", SIGNED_IN, SIGNED_IN, SIGNED_IN),
        # Wagtail serves a groups-restricted page to the group (and superusers);
        # the practice's discussion is also open to its editors and moderators.
        (
            "practice-groups-restricted",
            GROUP | SU,
            GROUP | SU,
            GROUP | OWNER_EDITORS | ADMIN_USERS,
        ),
        # Waiting for moderation: listed and served nowhere; its editors and
        # the moderators reach it (and its discussion).
        ("practice-unmoderated", NOBODY, NOBODY, OWNER_EDITORS | ADMIN_USERS),
    ):
        # The chooser offers what the user may see plus what they may edit in
        # the admin: practice moderators edit every practice.
        chooser = (sees & ADMIN_USERS) | ADMIN_USERS
        rows += rows_for(
            item,
            [
                (PAGE, page),
                (PRACTICE_LISTING, sees),
                (HOME, sees),
                (ORG_PROFILE, sees),
                (SEARCH, sees),
                (SUGGEST, sees),
                (API_SEARCH, sees),
                (API_TYPE, sees),
                (EXPORT_CSV, sees),
                (EXPORT_XLSX, sees),
                (EXPORT_JSON, sees),
                (CHOOSER, chooser),
                (CHOOSER_BROWSE, chooser),
                (PAPER, sees),
                (SOCKET, socket),
                (THREAD_PAGE, socket),
                (THREAD_POST, socket - {ANONYMOUS}),
                (NOTIFICATIONS, socket - {ANONYMOUS}),
                (EXCHANGE, sees),
                # Recording an adoption: members of another local authority (the
                # invited city) who may see the practice.
                (ADOPT_POST, sees & INVITEDS),
                # The owner's editors (practice moderators work in the admin).
                (PRACTICE_EDIT, OWNER_EDITORS | SU),
                # Translating it on the front end: whoever edits it (rules.may_translate).
                *[(surface, OWNER_EDITORS | SU) for surface in _translation_surfaces("practices")],
                (API_DETAIL, sees),
                (API_FIND, sees),
                (ADMIN_SEARCH, chooser),
            ],
        )
    # Calls for practices: one behind a login restriction, one a draft. They are
    # not on the home page nor in search (neither lists calls).
    submit_form = ("submit-form-call-choice", p.shows(lambda w, i: "/practices/submit/"))
    for item, sees in (("call-login-restricted", SIGNED_IN), ("call-draft", NOBODY)):
        rows += rows_for(
            item,
            [
                (PAGE, sees),
                (PRACTICE_LISTING, sees),
                (HOME, NOBODY),
                (SEARCH, NOBODY),
                (API_SEARCH, sees),
                (API_TYPE, sees),
                (API_DETAIL, sees),
                (CHOOSER, (sees & ADMIN_USERS) | ADMIN_USERS),
                # The submission form's choice of call: members of a local
                # authority (the invited city) share practices.
                (submit_form, sees & INVITEDS),
            ],
        )
    rows += rows_for(
        "practice-unmoderated",
        # "Your contributions": its submitter's own list.
        [
            (
                ("contributions", p.shows(lambda w, i: "/practices/contributions/")),
                frozenset({"owner_member"}),
            )
        ],
    )
    # A practice half-written in the step-by-step form: its author's only (not
    # the organisation's editors, the moderators or superusers; practices.rules).
    author = frozenset({"invited_member"})
    rows += rows_for(
        "practice-form-draft",
        [
            (("draft-step", p.shows(lambda w, i: _draft_url(w, i, "about"))), author),
            (("draft-review", p.shows(lambda w, i: _draft_url(w, i, "review"))), author),
            (("draft-delete", p.shows(lambda w, i: _draft_delete_url(w, i))), author),
            (
                (
                    "draft-step-post",
                    p.takes_effect(
                        lambda w, i: _draft_url(w, i, "where"),
                        {"cities": "Elsewhere", "action": "save"},
                        lambda w, i: type(w.items[i]).objects.get(pk=w.items[i].pk).data,
                    ),
                ),
                author,
            ),
            (
                (
                    "draft-delete-post",
                    p.takes_effect(
                        lambda w, i: _draft_delete_url(w, i),
                        {},
                        lambda w, i: type(w.items[i]).objects.filter(pk=w.items[i].pk).exists(),
                    ),
                ),
                author,
            ),
            (("contributions", p.shows(lambda w, i: "/practices/contributions/")), author),
            (MY_PROFILE, author),
            (SEARCH, NOBODY),
        ],
    )
    # The submission's attachments: private until the practice is published.
    uploader_and_moderators = frozenset({"owner_member"}) | ADMIN_USERS
    rows += rows_for(
        "attachment-document",
        [
            (("document-download", p.answers_200(_document_url)), uploader_and_moderators),
            (("api-documents", p.shows(lambda w, i: "/api/v2/documents/?limit=100")), NOBODY),
            (("api-documents-detail", p.shows(_api_detail("documents"))), NOBODY),
            (("document-chooser", p.admin_shows("wagtaildocs_chooser:choose")), ADMIN_USERS),
            (
                (
                    "api-documents-search",
                    p.shows(lambda w, i: f"/api/v2/documents/?search={p.marker(i)}"),
                ),
                NOBODY,
            ),
        ],
    )
    rows += rows_for(
        "attachment-image",
        [
            # Its file and its renditions: served only through /private-media/.
            (("image-file", p.answers_200(_image_url)), uploader_and_moderators),
            (("image-rendition", p.answers_200(_rendition_url)), uploader_and_moderators),
            (("api-images", p.shows(lambda w, i: "/api/v2/images/?limit=100")), NOBODY),
            (("api-images-detail", p.shows(_api_detail("images"))), NOBODY),
            (("image-chooser", p.admin_shows("wagtailimages_chooser:choose")), ADMIN_USERS),
            (
                (
                    "api-images-search",
                    p.shows(lambda w, i: f"/api/v2/images/?search={p.marker(i)}"),
                ),
                NOBODY,
            ),
        ],
    )
    # A hidden comment's text: the thread's moderators (the practice's editors
    # and the practice moderators) on the page and the edit view; never on a
    # socket (docs/architecture.md, "a hidden comment's text").
    moderators = OWNER_EDITORS | ADMIN_USERS
    rows += rows_for(
        "hidden-comment",
        [
            (("thread-page", p.shows(p.thread_url)), moderators),
            (("practice-page", p.shows(lambda w, i: w.items["practice-public"].url)), moderators),
            # Its author reads it in the edit view (not on the page: "moderators only").
            (("comment-edit", p.shows(p.comment_edit_url)), moderators | {"invited_member"}),
            # Live and resumed comments are rendered per viewer like the page:
            # moderators see the hidden text (marked hidden), nobody else.
            (("socket-hello-and-resume", p.socket_resume_shows), moderators),
            # Its mentions were notified before it was hidden; hiding withdrew their text.
            (("notifications", p.shows(lambda w, i: "/notifications/")), NOBODY),
            # An edit posted back (empty, refused) shows what was posted, not the text.
            (("comment-edit-post", p.accepts_post(p.comment_edit_url)), NOBODY),
            # Moderation actions: showing the comment again, locking its thread.
            (
                (
                    "comment-unhide-post",
                    p.takes_effect(
                        lambda w, i: p.comment_edit_url(w, i).removesuffix("edit/") + "hide/",
                        {"hidden": "0"},
                        lambda w, i: type(w.items[i]).objects.get(pk=w.items[i].pk).hidden,
                    ),
                ),
                moderators,
            ),
            (
                (
                    "thread-lock-post",
                    p.takes_effect(
                        lambda w, i: p.thread_url(w, i) + "lock/",
                        {"locked": "1"},
                        lambda w, i: (
                            type(w.items[i].thread).objects.get(pk=w.items[i].thread_id).locked
                        ),
                    ),
                ),
                moderators,
            ),
            (SEARCH, NOBODY),
        ],
    )
    return rows


ADOPT_POST = ("adopt-post", p.accepts_post(lambda w, i: f"/practices/{w.items[i].pk}/adopt/"))
PRACTICE_EDIT = ("edit", p.shows(lambda w, i: f"/practices/{w.items[i].pk}/edit/"))


def _draft_url(world, item, step) -> str:
    return reverse("practices:draft_step", args=[world.items[item].pk, step])


def _draft_delete_url(world, item) -> str:
    return reverse("practices:draft_delete", args=[world.items[item].pk])


def _image_url(world, item) -> str:
    return world.items[item].file.url


def _rendition_url(world, item) -> str:
    return world.items[item].get_rendition("fill-20x20").url


def _api_detail(endpoint):
    return lambda w, i: f"/api/v2/{endpoint}/{w.items[i].pk}/"


def _document_url(world, item) -> str:
    document = world.items[item]
    return document.url


def event_rows() -> list[Row]:
    rows = []
    for item, sees, page in (
        ("event-public", ALL, ALL),
        ("event-login-restricted", SIGNED_IN, SIGNED_IN),
        # The organisers' editors see their events whatever the restriction
        # (lists, feeds, choosers); Wagtail serves the page itself to the group.
        ("event-groups-restricted", GROUP | OWNER_EDITORS | SU, GROUP | SU),
        # A password admits nobody off the page; the page asks for it.
        ("event-password-restricted", OWNER_EDITORS | SU, NOBODY),
    ):
        signed_in = sees - {ANONYMOUS}
        # The event's actions and its .ics are routes of its page: Wagtail's
        # restriction answers first (sign-in or password form), then the rule.
        route = page & sees
        rows += rows_for(
            item,
            [
                (PAGE, page),
                (EVENT_LISTING, sees),
                (MONTH_GRID, sees),
                (HOME, sees),
                (ORG_PROFILE, sees),
                # "Your events": everyone signed in registered for every event.
                (MY_PROFILE, signed_in),
                (SEARCH, sees),
                (SUGGEST, sees),
                (API_SEARCH, sees),
                (API_TYPE, sees),
                (CALENDAR, sees),
                (EVENT_ICS, route),
                (PERSONAL_FEED, signed_in),
                (PARTICIPANTS, route),
                (PARTICIPANTS_CSV, (OWNER_EDITORS | SU) & route),
                (REGISTER, route - {ANONYMOUS}),
                (DELEGATION_NEW, route - {ANONYMOUS}),
                # The organisers' pages: editors and administrators of the
                # organising organisation, and superusers, once Wagtail served them.
                (EDIT_EVENT, (OWNER_EDITORS | SU) & route),
                (EDIT_EVENT_POST, (OWNER_EDITORS | SU) & route),
                (CANCEL_EVENT_POST, (OWNER_EDITORS | SU) & route),
                (RESTORE_EVENT_POST, (OWNER_EDITORS | SU) & route),
                # Translating it: routes of its page, for whoever edits it.
                (EVENT_TRANSLATIONS, (OWNER_EDITORS | SU) & route),
                (EVENT_TRANSLATION, (OWNER_EDITORS | SU) & route),
                (EVENT_TRANSLATION_POST, (OWNER_EDITORS | SU) & route),
                (CHOOSER, (sees & ADMIN_USERS) | SU),
                (CHOOSER_BROWSE, (sees & ADMIN_USERS) | SU),
                (PAPER, sees),
                (ICS_MOVED, sees),
                (CANCEL_REGISTRATION, route - {ANONYMOUS}),
                (LISTED, route - {ANONYMOUS}),
                (API_DETAIL, sees),
                (API_FIND, sees),
                (ADMIN_SEARCH, SU),
            ],
        )
    # A draft event: served, listed and found by nobody; its organisers edit it
    # at an address of its own.
    rows += rows_for(
        "event-draft",
        [
            (PAGE, NOBODY),
            (EVENT_LISTING, NOBODY),
            (MONTH_GRID, NOBODY),
            (HOME, NOBODY),
            (ORG_PROFILE, NOBODY),
            (SEARCH, NOBODY),
            (SUGGEST, NOBODY),
            (API_SEARCH, NOBODY),
            (API_TYPE, NOBODY),
            (API_DETAIL, NOBODY),
            (CALENDAR, NOBODY),
            (EVENT_ICS, NOBODY),
            (ICS_MOVED, NOBODY),
            (REGISTER, NOBODY),
            (PARTICIPANTS, NOBODY),
            (CHOOSER, SU),
            (CHOOSER_BROWSE, SU),
            (ADMIN_SEARCH, SU),
            (PAPER, NOBODY),
            (DRAFT_EDIT, OWNER_EDITORS | SU),
            (DRAFT_EDIT_POST, OWNER_EDITORS | SU),
        ],
    )
    # The delegation's workspace: its managers and confirmed members.
    workspace = OWNER_EDITORS | frozenset({"invited_member"}) | SU
    rows += rows_for(
        "delegation-document",
        [
            (("workspace-page", p.shows(_workspace_url)), workspace),
            (("document-download", p.answers_200(_delegation_document_url)), workspace),
            (("workspace-socket", _delegation_socket), workspace),
            (SEARCH, NOBODY),
        ],
    )
    # The workspace's actions and discussion, asked of the delegation itself.
    managers = OWNER_EDITORS | SU  # can_manage_delegation: its head and the owner's editors
    rows += rows_for(
        "delegation",
        [
            (_delegation_post("invite"), managers),
            # Answering an invitation: its members other than the head.
            (_delegation_post("respond"), frozenset({"invited_member"})),
            (_delegation_post("checklist"), workspace),
            (
                (
                    "checklist-toggle-post",
                    p.accepts_post(
                        lambda w, i: (
                            _delegation_path(w, "checklist/")
                            + f"{w.items['checklist-item'].pk}/toggle/"
                        )
                    ),
                ),
                workspace,
            ),
            (_delegation_post("documents"), workspace),
            (_delegation_post("paper"), workspace),
            (THREAD_PAGE, workspace),
            (THREAD_POST, workspace),
            (NOTIFICATIONS, workspace),
        ],
    )
    # Creating an event: editors and administrators of any organisation, superusers.
    creators = frozenset(r for r in ROLES if r.endswith(("_editor", "_admin"))) | SU
    rows += rows_for(
        "events-new",
        [
            (("new-event", p.answers_page("/events/new/")), creators),
            (("new-event-post", p.answers_page("/events/new/", method="post")), creators),
        ],
    )
    # A calendar import's progress: the person who started it, and superusers.
    importer = frozenset({"owner_editor"}) | SU
    rows += rows_for(
        "import-job",
        [
            (
                ("import-progress", p.shows(lambda w, i: f"/events/import/{w.items[i].pk}/")),
                importer,
            ),
            (
                (
                    "import-progress-json",
                    p.answers_200(lambda w, i: f"/events/import/{w.items[i].pk}/progress.json"),
                ),
                importer,
            ),
            # Restarting a failed import: the person who started it only.
            (
                (
                    "import-restart-post",
                    p.accepts_post(lambda w, i: f"/events/import/{w.items[i].pk}/restart/"),
                ),
                frozenset({"owner_editor"}),
            ),
        ],
    )
    # Confirming a previewed import: the person who started it only.
    rows += rows_for(
        "import-preview",
        [
            (
                (
                    "import-confirm-post",
                    p.accepts_post(lambda w, i: f"/events/import/{w.items[i].pk}/confirm/"),
                ),
                frozenset({"owner_editor"}),
            ),
        ],
    )
    return rows


DRAFT_EDIT = ("draft-edit", p.shows(lambda w, i: f"/events/drafts/{w.items[i].pk}/"))
DRAFT_EDIT_POST = (
    "draft-edit-post",
    p.accepts_post(lambda w, i: f"/events/drafts/{w.items[i].pk}/"),
)


def _delegation_path(world, tail) -> str:
    return reverse("events:delegation", args=[world.items["delegation"].pk]) + tail


def _delegation_post(tail):
    return (f"{tail}-post", p.accepts_post(lambda w, i: _delegation_path(w, tail + "/")))


def site_rows() -> list[Row]:
    """The site shell's own per-user surfaces."""
    return rows_for(
        "notification",
        [
            # Marking a notification read: its recipient only (404 for the others).
            (
                (
                    "mark-read-post",
                    p.accepts_post(lambda w, i: f"/notifications/{w.items[i].pk}/read/"),
                ),
                frozenset({"owner_member"}),
            ),
        ],
    ) + rows_for(
        "organisation",
        [
            # Managing an organisation's members: its administrators, superusers.
            (
                (
                    "members",
                    p.answers_page_for(
                        lambda w, i: reverse("organisations:members", args=[w.orgs["owner"].slug])
                    ),
                ),
                frozenset({"owner_admin", SUPERUSER}),
            ),
        ],
    )


def styleguide_rows() -> list[Row]:
    """The design system's page: staff only (DEBUG is off in tests), a 404 for others."""
    return rows_for(
        "styleguide",
        [
            (("page", p.answers_page("/styleguide/")), ADMIN_USERS),
            (("page-ar", p.answers_page("/ar/styleguide/")), ADMIN_USERS),
        ],
    )


def translation_rows() -> list[Row]:
    """French translations of hidden items keep their restriction and rule, on
    their page, their routes and the French listings."""
    rows = rows_for(
        "consultation-invited-fr",
        [
            (PAGE, OWNERS | INVITEDS | SU),
            (listing("/fr/consultations/"), OWNERS | INVITEDS | SU),
            (API_DETAIL, OWNERS | INVITEDS | SU),
        ],
    )
    rows += rows_for(
        "practice-groups-restricted-fr",
        [
            (PAGE, GROUP | SU),
            (listing("/fr/practices/"), GROUP | SU),
            (API_DETAIL, GROUP | SU),
        ],
    )
    rows += rows_for(
        "event-login-restricted-fr",
        [
            (PAGE, SIGNED_IN),
            (listing("/fr/events/"), SIGNED_IN),
            (API_DETAIL, SIGNED_IN),
            (EVENT_ICS, SIGNED_IN),
            (PARTICIPANTS, SIGNED_IN),
            (REGISTER, SIGNED_IN),
            (CANCEL_REGISTRATION, SIGNED_IN),
            (DELEGATION_NEW, SIGNED_IN),
            (EDIT_EVENT, OWNER_EDITORS | SU),
        ],
    )
    return rows


def _workspace_url(world, item) -> str:
    return world.items["delegation"].get_absolute_url()


def _delegation_document_url(world, item) -> str:
    document = world.items[item]
    return reverse("events:document_download", args=[document.delegation_id, document.pk])


def _delegation_socket(world, role, item):
    return p.socket_opens(world, role, "delegation")


TABLE: list[Row] = [
    *consultation_rows(),
    *practice_rows(),
    *event_rows(),
    *translation_rows(),
    *site_rows(),
    *styleguide_rows(),
]
