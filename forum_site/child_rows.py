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
copy, a new translation) has none: its copies are new rows.
"""

from __future__ import annotations


class ChildRowsKeptOnCopy:
    """Mixin for a ClusterableModel (a Page subclass with child relations); put
    it before ``Page`` in the bases."""

    def copy_child_relation(self, child_relation, target, commit=False, append=False):
        if isinstance(child_relation, str):
            child_relation = self._meta.get_field(child_relation)
        kept = []
        if not append and target.pk is not None:
            # The target's rows as stored: in memory it may hold another page's
            # (an alias is given its original's content, child rows and keys included).
            kept = sorted(
                child_relation.related_model._default_manager.filter(
                    **{child_relation.field.attname: target.pk}
                ).values_list("pk", flat=True)
            )
        copies = super().copy_child_relation(child_relation, target, commit=False, append=append)
        new_rows = []
        for value in copies.values():  # the source's rows in key order, then unsaved ones
            new_rows.extend(value if isinstance(value, list) else [value])
        for row, pk in zip(new_rows, kept, strict=False):
            row.pk = pk
            row._state.adding = False
        if commit:
            getattr(target, child_relation.get_accessor_name()).commit()
        return copies
