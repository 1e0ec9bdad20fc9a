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
    for item, sees, socket in (
        ("consultation-public", ALL, ALL),
        ("consultation-invited", invited, invited),
        # A draft is served, listed and found by nobody; its own organisation
        # prepares it (and its discussion) in the admin.
        ("consultation-draft", NOBODY, OWNERS | SU),
        ("consultation-login-restricted", SIGNED_IN, SIGNED_IN),
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


def _edit_surface(name):
    """``/consultations/<pk>/edit/…`` of the row's own consultation."""
    surface = name.replace("_", "-")
    return (surface, p.shows(lambda w, i: reverse(f"consultations:{name}", args=[w.items[i].pk])))


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
            ],
        )
    # The submission's attachments: private until the practice is published.
    uploader_and_moderators = frozenset({"owner_member"}) | ADMIN_USERS
    rows += rows_for(
        "attachment-document",
        [
            (("document-download", p.answers_200(_document_url)), uploader_and_moderators),
            (("api-documents", p.shows(lambda w, i: "/api/v2/documents/?limit=100")), NOBODY),
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
            (("socket-hello-and-resume", p.socket_resume_shows), NOBODY),
            (SEARCH, NOBODY),
        ],
    )
    return rows


def _image_url(world, item) -> str:
    return world.items[item].file.url


def _rendition_url(world, item) -> str:
    return world.items[item].get_rendition("fill-20x20").url


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
                (CHOOSER, (sees & ADMIN_USERS) | SU),
                (CHOOSER_BROWSE, (sees & ADMIN_USERS) | SU),
                (PAPER, sees),
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


TABLE: list[Row] = [*consultation_rows(), *practice_rows(), *event_rows()]
