"""The facet table: each searchable object's facet values, in one row.

Counting facets exactly means looking up, for every match, its themes, target
groups, countries, organisation kind and year. Read from the content tables
that is one join per facet over every match (about 50 ms for 5,000 matching
practices on PostgreSQL). With one row per object holding every facet value
as a token (``theme=housing country=GH year=2021``), counting them is one
pass over the matched rows: ``ts_stat`` on PostgreSQL, a ``Counter`` on SQLite.

Only counting reads this table. Which objects match, which a user may see and
which a facet filter keeps are always decided on the content tables, by the
owning app's rules; ``search.facet_index`` keeps the rows in step.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models


class FacetRow(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    # Space-separated "key=value" tokens, values percent-encoded (see facet_index).
    tokens = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_facetrow_unique_object"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"
