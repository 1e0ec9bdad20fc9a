"""Questions become translatable children of their page (wagtail-localize):
each gets its page's locale and a translation key. The questions of a page
already translated (copied then, not translated) share the keys of the
source's questions, paired in order, when the two questionnaires still have
the same number and kinds of questions; otherwise they get keys of their own.
The page revisions' copies of the questions get the same keys, so publishing
a revision saved before this migration keeps them."""

import uuid
from collections import defaultdict

from django.db import migrations


def _source(members, source_locales):
    if len(members) > 1:
        locale_id = source_locales.get(members[0].translation_key)
        for page in members:
            if page.locale_id == locale_id:
                return page
    return members[0]


def give_keys(apps, schema_editor):
    Question = apps.get_model("consultations", "Question")
    ConsultationPage = apps.get_model("consultations", "ConsultationPage")
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")

    pages = list(ConsultationPage.objects.order_by("pk").only("pk", "locale_id", "translation_key"))
    if not pages:
        return
    by_page = defaultdict(list)
    for question in Question.objects.order_by("page_id", "sort_order", "pk"):
        by_page[question.page_id].append(question)
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
        keys = [uuid.uuid4() for _question in originals]
        for page in members:
            questions = by_page[page.pk]
            paired = page.pk == source.pk or (
                len(questions) == len(originals)
                and all(q.kind == o.kind for q, o in zip(questions, originals, strict=True))
            )
            for index, question in enumerate(questions):
                question.translation_key = keys[index] if paired else uuid.uuid4()
                question.locale_id = page.locale_id
                changed.append(question)
    Question.objects.bulk_update(changed, ["translation_key", "locale"], batch_size=500)

    known = {q.pk: (str(q.translation_key), q.locale_id) for q in changed}
    page_type = ContentType.objects.filter(
        app_label="consultations", model="consultationpage"
    ).first()
    if page_type is None:
        return
    revisions = Revision.objects.filter(content_type=page_type)
    for revision in revisions.iterator(chunk_size=200):
        content = revision.content or {}
        dirty = False
        for item in content.get("questions") or []:
            if not isinstance(item, dict):
                continue
            if item.get("pk") in known:  # the row's, as given above
                key, locale_id = known[item["pk"]]
            elif "translation_key" not in item:  # a question deleted since
                key, locale_id = str(uuid.uuid4()), content.get("locale")
            else:
                continue
            if (item.get("translation_key"), item.get("locale")) != (key, locale_id):
                item["translation_key"] = key
                item["locale"] = locale_id
                dirty = True
        if dirty:
            revision.content = content
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0011_question_translation_fields"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(give_keys, migrations.RunPython.noop, elidable=True),
    ]
