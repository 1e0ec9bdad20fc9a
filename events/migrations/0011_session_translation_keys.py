"""Agenda sessions become translatable children of their event
(wagtail-localize): each gets its page's locale and a translation key, and
keeps the UID calendars were given for it ("session-<id>").

The sessions of an event already translated (copied then, not translated)
share the keys, and the UIDs, of the source's sessions they copy: paired in
order when both agendas have as many sessions, otherwise by start time; a
session with no counterpart keeps a key and UID of its own. The page
revisions' copies of the sessions get the same values, so publishing a
revision saved before this migration keeps them."""

import uuid
from collections import defaultdict

from django.db import migrations

UID_DOMAIN = "events.migration-cities-forum"


def _source(members, source_locales):
    if len(members) > 1:
        locale_id = source_locales.get(members[0].translation_key)
        for page in members:
            if page.locale_id == locale_id:
                return page
    return members[0]


def _second(value):
    return value.replace(microsecond=0) if value else None


def _pairs(sessions, originals):
    """{session pk: original session} for the sessions of a translation."""
    if len(sessions) == len(originals):
        return {s.pk: o for s, o in zip(sessions, originals, strict=True)}
    free = list(originals)
    pairs = {}
    for session in sessions:
        for original in free:
            if _second(original.start) == _second(session.start):
                pairs[session.pk] = original
                free.remove(original)
                break
    return pairs


def give_keys(apps, schema_editor):
    EventSession = apps.get_model("events", "EventSession")
    EventPage = apps.get_model("events", "EventPage")
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")

    pages = list(EventPage.objects.order_by("pk").only("pk", "locale_id", "translation_key"))
    if not pages:
        return
    by_page = defaultdict(list)
    for session in EventSession.objects.order_by("page_id", "sort_order", "start", "pk"):
        by_page[session.page_id].append(session)
    groups = defaultdict(list)
    for page in pages:
        groups[page.translation_key].append(page)
    source_locales = {}
    for object_id, locale_id in (
        TranslationSource.objects.filter(
            object_id__in=[str(key) for key, members in groups.items() if len(members) > 1]
        )
        .order_by("-pk")
        .values_list("object_id", "locale_id")
    ):
        source_locales[uuid.UUID(str(object_id))] = locale_id  # the oldest wins

    changed = []
    for members in groups.values():
        source = _source(members, source_locales)
        originals = by_page[source.pk]
        for original in originals:
            original.translation_key = uuid.uuid4()
            original.legacy_uid = f"session-{original.pk}@{UID_DOMAIN}"
            original.legacy_uid_key = original.translation_key
            original.locale_id = source.locale_id
            changed.append(original)
        for page in members:
            if page.pk == source.pk:
                continue
            sessions = by_page[page.pk]
            pairs = _pairs(sessions, originals)
            for session in sessions:
                original = pairs.get(session.pk)
                if original is None:
                    session.translation_key = uuid.uuid4()
                    session.legacy_uid = f"session-{session.pk}@{UID_DOMAIN}"
                else:
                    session.translation_key = original.translation_key
                    session.legacy_uid = original.legacy_uid
                session.legacy_uid_key = session.translation_key
                session.locale_id = page.locale_id
                changed.append(session)
    EventSession.objects.bulk_update(
        changed,
        ["translation_key", "locale", "legacy_uid", "legacy_uid_key"],
        batch_size=500,
    )

    known = {
        s.pk: {
            "translation_key": str(s.translation_key),
            "locale": s.locale_id,
            "legacy_uid": s.legacy_uid,
            "legacy_uid_key": str(s.legacy_uid_key),
        }
        for s in changed
    }
    page_type = ContentType.objects.filter(app_label="events", model="eventpage").first()
    if page_type is None:
        return
    for revision in Revision.objects.filter(content_type=page_type).iterator(chunk_size=200):
        content = revision.content or {}
        dirty = False
        for item in content.get("sessions") or []:
            if not isinstance(item, dict) or "translation_key" in item:
                continue
            values = known.get(item.get("pk")) or {
                "translation_key": str(uuid.uuid4()),
                "locale": content.get("locale"),
            }
            item.update(values)
            dirty = True
        if dirty:
            revision.content = content
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0010_session_translation_fields"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(give_keys, migrations.RunPython.noop, elidable=True),
    ]
