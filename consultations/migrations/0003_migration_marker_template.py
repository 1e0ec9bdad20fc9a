"""Seed the migration-marker question template (idempotent: update_or_create by slug)."""

from django.db import migrations

SLUG = "migration-marker-review"

QUESTIONS = [
    {
        "text": "Does the policy explicitly recognise migrants as a population group it affects?",
        "kind": "single",
        "required": True,
        "help_text": "Migrants include international migrants, refugees, internally displaced "
        "people and returnees, whatever their status.",
        "choices": [
            "Yes, explicitly and throughout the policy",
            "Yes, but only in passing",
            "No, migrants are not mentioned",
            "The policy deliberately addresses all residents alike",
        ],
    },
    {
        "text": "Does the policy rely on data disaggregated by migratory status?",
        "kind": "single",
        "required": True,
        "help_text": "For example by country of birth, citizenship or length of residence.",
        "choices": [
            "Yes, and the data are published",
            "Yes, but the data are not published",
            "For some indicators only",
            "No",
            "We do not know",
        ],
    },
    {
        "text": "How far were local and regional authorities involved in preparing the policy?",
        "kind": "scale",
        "required": True,
        "help_text": "1 = not consulted at all; 3 = consulted on a draft; 5 = co-designed it.",
    },
    {
        "text": "Does the budget set aside resources for migrants' access to services at "
        "local level?",
        "kind": "single",
        "required": True,
        "help_text": "Services such as health care, schooling, housing, civil registration "
        "and legal aid, where local authorities deliver them.",
        "choices": [
            "Yes, a dedicated budget line",
            "Yes, identifiable within general budgets",
            "No identifiable resources",
            "We do not know",
        ],
    },
    {
        "text": "Which drivers of migration does the policy address?",
        "kind": "multiple",
        "required": False,
        "help_text": "Tick every driver the policy takes into account.",
        "choices": [
            "Economic opportunity and decent work",
            "Climate change and environmental degradation",
            "Conflict and insecurity",
            "Family reunification",
            "Education and training",
            "Access to basic services",
            "None of these",
        ],
    },
    {
        "text": "Does the policy name who monitors its effects on migrants?",
        "kind": "yes_no",
        "required": True,
        "help_text": "",
    },
    {
        "text": "Who monitors it, how often, and how do local authorities take part?",
        "kind": "text",
        "required": False,
        "help_text": "Name the body or bodies and the reporting cycle, if known.",
        "max_length": 2000,
    },
    {
        "text": "Overall, how sensitive is the policy to migration dynamics?",
        "kind": "scale",
        "required": True,
        "help_text": "1 = not at all sensitive; 5 = fully sensitive.",
    },
    {
        "text": "What should change so that the policy serves migrants and their host "
        "communities better?",
        "kind": "text",
        "required": False,
        "help_text": "Concrete proposals are the most useful: what, who, by when.",
        "max_length": 4000,
    },
]


def seed(apps, schema_editor):
    QuestionTemplate = apps.get_model("consultations", "QuestionTemplate")
    QuestionTemplate.objects.update_or_create(
        slug=SLUG,
        defaults={
            "name": "Migration marker review",
            "description": "Reviews how sensitive a policy is to migration dynamics: whether "
            "it treats migrants as a population group, uses disaggregated data, was prepared "
            "with local authorities, budgets for access to services, addresses the drivers of "
            "migration and names who monitors it.",
            "questions": QUESTIONS,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("consultations", "0002_consultations")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
