from forum_site.taxonomy.models import TaxonomyTerm
from practices.classification import TAXONOMY_RELATIONS
from practices.models import PracticePage


def test_the_list_names_every_taxonomy_field_of_the_page_in_its_order():
    declared = [
        (field.name, field.related_model)
        for field in PracticePage._meta.get_fields()
        if field.many_to_many
        and not field.auto_created
        and issubclass(field.related_model, TaxonomyTerm)
    ]
    assert declared == [(relation.field, relation.term) for relation in TAXONOMY_RELATIONS]


def test_lookups_reach_each_terms_key():
    lookups = {relation.field: relation.lookup for relation in TAXONOMY_RELATIONS}
    assert lookups["themes"] == "themes__slug"
    assert lookups["gcm_objectives"] == "gcm_objectives__number"
    assert lookups["sdg_targets"] == "sdg_targets__code"
