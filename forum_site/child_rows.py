"""Child rows (a page's InlinePanel objects) that keep their primary keys when
copied onto a page that already holds rows.

wagtail-localize synchronises a page's child relations that are not
translatable (an event's agenda sessions, cancelled dates, ...) by copying the
source's rows onto the translation with modelcluster's ``copy_child_relation``
each time the translation is created or updated, and Wagtail does the same to
an alias each time its original is published. That copy gives every row a new
primary key: saving the page deletes the old rows and inserts new ones. Work
queued for the old rows then finds nothing: Wagtail's reference-index task,
queued by every row's save, fails in the worker with ``DoesNotExist`` (the
rows a translation's first copy makes are replaced in the same operation), and
the translation's session UIDs in its calendar feed change at every sync.

``ChildRowsKeptOnCopy`` gives the copies the keys of the rows the target has
in the database (in key order, one for one), so the save updates those rows;
only surplus rows are deleted and only missing ones inserted. A new page (a
copy, a new translation) has none: its copies are new rows. Translatable rows
(``TranslatableMixin``: an event's sessions) take the row with their own
``translation_key`` first, the others the remaining keys; wagtail-localize then
matches them by ``translation_key`` too.
"""

from __future__ import annotations


class ChildRowsKeptOnCopy:
    """Mixin for a ClusterableModel (a Page subclass with child relations); put
    it before ``Page`` in the bases."""

    def copy_child_relation(self, child_relation, target, commit=False, append=False):
        if isinstance(child_relation, str):
            child_relation = self._meta.get_field(child_relation)
        model = child_relation.related_model
        translatable = any(f.name == "translation_key" for f in model._meta.concrete_fields)
        kept = []
        if not append and target.pk is not None:
            # The target's rows as stored: in memory it may hold another page's
            # (an alias is given its original's content, child rows and keys included).
            kept = list(
                model._default_manager.filter(**{child_relation.field.attname: target.pk})
                .order_by("pk")
                .values_list("pk", "translation_key" if translatable else "pk")
            )
        copies = super().copy_child_relation(child_relation, target, commit=False, append=append)
        new_rows = []
        for value in copies.values():  # the source's rows in key order, then unsaved ones
            new_rows.extend(value if isinstance(value, list) else [value])
        if translatable:
            # A translated row takes the row of its translation (the same
            # translation_key) first: given another's key, the update could meet
            # that row's key, still stored, in the unique (translation_key, locale).
            by_key = {key: pk for pk, key in kept}
            matched = {}
            for row in new_rows:
                pk = by_key.pop(row.translation_key, None)
                if pk is not None:
                    matched[id(row)] = pk
            free = iter(sorted(by_key.values()))
            pks = [matched.get(id(row)) or next(free, None) for row in new_rows]
        else:
            pks = [pk for pk, _key in kept]
        for row, pk in zip(new_rows, pks, strict=False):
            if pk is None:
                continue
            row.pk = pk
            row._state.adding = False
        if commit:
            getattr(target, child_relation.get_accessor_name()).commit()
        return copies
