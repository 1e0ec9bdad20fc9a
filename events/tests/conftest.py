from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

REPOSITORY = Path(__file__).resolve().parents[2]


def find_samples() -> Path | None:
    """The iCalendar samples in ``shared/ics-samples`` beside the repository
    (``../shared``, where CI puts a copy), or beside a folder further up (a git
    worktree in ``/work/wt/`` reads ``/work/shared``). Their owner asks that
    they are read from there, not copied into the project."""
    for folder in REPOSITORY.parents:
        samples = folder / "shared" / "ics-samples"
        if samples.is_dir():
            return samples
    return None


SAMPLES = find_samples()
# Our own small calendars (written for these tests, in the repository): the import
# is tested on them from any clone, with or without the shared samples.
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ics"


@pytest.fixture
def index_page(db):
    from events.models import EventIndexPage
    from forum_site.site_structure import ensure_site_structure

    ensure_site_structure()
    return EventIndexPage.objects.get()


@pytest.fixture
def make_event(index_page):
    from events.models import EventPage

    counter = {"n": 0}

    def make(title=None, *, organisers=(), sessions=(), exceptions=(), **fields):
        counter["n"] += 1
        title = title or f"Event {counter['n']}"
        start = fields.pop("start", timezone.now() + timedelta(days=10 + counter["n"]))
        fields.setdefault("end", start + timedelta(hours=3))
        fields.setdefault("city", "Accra")
        fields.setdefault("country", "GH")
        page = EventPage(title=title, start=start, **fields)
        if organisers:
            page.organisers = list(organisers)
        if sessions:
            from events.models import EventSession

            page.sessions = [EventSession(**s) for s in sessions]
        if exceptions:
            from events.models import EventException

            page.exceptions = [EventException(date=d) for d in exceptions]
        index_page.add_child(instance=page)
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def samples():
    if SAMPLES is None:
        pytest.skip(f"iCalendar samples not found: no shared/ics-samples beside {REPOSITORY}")
    return SAMPLES


def berlin(*args):
    return datetime(*args, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture
def people(make_user, city, ngo):
    # First names that no random token (CSRF) can contain by chance.
    return [
        make_user(f"p{n}", org=city if n % 2 else ngo, first_name=f"Person-{n}-Name")
        for n in range(4)
    ]


@pytest.fixture
def editor(make_user, city):
    return make_user("editor", org=city, role="editor")


# Small .ics files for the importer tests: ics(vevent(...), vevent(...)).
def ics(*events, extra=""):
    body = "\r\n".join(events)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        f"{extra}{body}\r\nEND:VCALENDAR\r\n"
    ).encode()


def vevent(
    uid="u1@test", start="20270510T090000", tz="Europe/Rome", seq=0, summary="Hearing", extra=""
):
    uid_line = f"UID:{uid}\r\n" if uid else ""
    return (
        f"BEGIN:VEVENT\r\n{uid_line}DTSTAMP:20260101T000000Z\r\n"
        f"DTSTART;TZID={tz}:{start}\r\nDTEND;TZID={tz}:20270510T170000\r\n"
        f"SUMMARY:{summary}\r\nSEQUENCE:{seq}\r\n{extra}END:VEVENT"
    )


@pytest.fixture
def hang_guard():
    """Fail (instead of hanging the run) if the test is still busy after 30 s.

    Not a timing assertion: the tests using it assert on work counters; this
    only turns a regression into an infinite loop into a failure."""
    import signal

    class Hang(BaseException):
        """Not an Exception: code that catches Exception must not swallow it."""

    def interrupt(signum, frame):
        raise Hang("still running after 30 s: an unbounded loop")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
