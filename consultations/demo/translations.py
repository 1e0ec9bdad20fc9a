"""A demo consultation translated with wagtail-localize (docs/i18n.md, "Demo"):
Ecuador's consultation on the regulations of the Organic Law on Human
Mobility, in Spanish, questions included (their words are translated; their
kinds and the answers' values are the source's). Dates and audience are the
source's (``forum_site.translatable``); responses made on the Spanish page
count for the consultation and its English questions. Idempotent."""

from __future__ import annotations

from forum_site.translations import translate_page

SLUG = "human-mobility-law-regulations-ecuador"

SPANISH = {
    "Regulations of the Organic Law on Human Mobility: migration marker review": (
        "Reglamento de la Ley Orgánica de Movilidad Humana: revisión del marcador migratorio"
    ),
    "Any organisation may tell the Vice-Ministry how sensitive the new regulations are to "
    "migration dynamics.": (
        "Cualquier organización puede indicar al Viceministerio en qué medida el nuevo "
        "reglamento tiene en cuenta las dinámicas migratorias."
    ),
    "Why we consult": "Por qué consultamos",
    "Local authorities deliver most services migrants use. This consultation asks them how "
    "the policy works where they are.": (
        "Los gobiernos locales prestan la mayoría de los servicios que utilizan las personas "
        "migrantes. Esta consulta les pregunta cómo funciona la política en su territorio."
    ),
    "Consultation desk": "Mesa de consultas",
}

# The questions (the migration-marker template's), translated with the page.
# Choices are one string of lines; the answers keep the English values.
SPANISH_QUESTIONS = {
    "Does the policy explicitly recognise migrants as a population group it affects?": (
        "¿Reconoce explícitamente la política a las personas migrantes como un grupo de "
        "población al que afecta?"
    ),
    "Migrants include international migrants, refugees, internally displaced people and "
    "returnees, whatever their status.": (
        "Las personas migrantes incluyen a los migrantes internacionales, los refugiados, los "
        "desplazados internos y los retornados, cualquiera que sea su situación."
    ),
    "Yes, explicitly and throughout the policy\nYes, but only in passing\n"
    "No, migrants are not mentioned\nThe policy deliberately addresses all residents alike": (
        "Sí, de forma explícita y en toda la política\nSí, pero solo de pasada\n"
        "No, no se menciona a las personas migrantes\n"
        "La política se dirige deliberadamente a todos los residentes por igual"
    ),
    "Does the policy rely on data disaggregated by migratory status?": (
        "¿Se basa la política en datos desglosados por situación migratoria?"
    ),
    "For example by country of birth, citizenship or length of residence.": (
        "Por ejemplo, por país de nacimiento, nacionalidad o duración de la residencia."
    ),
    "Yes, and the data are published\nYes, but the data are not published\n"
    "For some indicators only\nNo\nWe do not know": (
        "Sí, y los datos se publican\nSí, pero los datos no se publican\n"
        "Solo para algunos indicadores\nNo\nNo lo sabemos"
    ),
    "How far were local and regional authorities involved in preparing the policy?": (
        "¿En qué medida participaron los gobiernos locales y regionales en la preparación de "
        "la política?"
    ),
    "1 = not consulted at all; 3 = consulted on a draft; 5 = co-designed it.": (
        "1 = no fueron consultados; 3 = fueron consultados sobre un borrador; "
        "5 = la diseñaron conjuntamente."
    ),
    "Does the budget set aside resources for migrants' access to services at local level?": (
        "¿Prevé el presupuesto recursos para el acceso de las personas migrantes a los "
        "servicios en el ámbito local?"
    ),
    "Services such as health care, schooling, housing, civil registration and legal aid, "
    "where local authorities deliver them.": (
        "Servicios como la atención de salud, la escolarización, la vivienda, el registro civil "
        "y la asistencia jurídica, cuando los prestan los gobiernos locales."
    ),
    "Yes, a dedicated budget line\nYes, identifiable within general budgets\n"
    "No identifiable resources\nWe do not know": (
        "Sí, una partida presupuestaria específica\nSí, identificables en los presupuestos "
        "generales\nNo hay recursos identificables\nNo lo sabemos"
    ),
    "Which drivers of migration does the policy address?": (
        "¿Qué factores de la migración aborda la política?"
    ),
    "Tick every driver the policy takes into account.": (
        "Marque todos los factores que la política tiene en cuenta."
    ),
    "Economic opportunity and decent work\nClimate change and environmental degradation\n"
    "Conflict and insecurity\nFamily reunification\nEducation and training\n"
    "Access to basic services\nNone of these": (
        "Oportunidades económicas y trabajo decente\nCambio climático y degradación "
        "ambiental\nConflictos e inseguridad\nReunificación familiar\nEducación y "
        "formación\nAcceso a los servicios básicos\nNinguno de ellos"
    ),
    "Does the policy name who monitors its effects on migrants?": (
        "¿Indica la política quién hace el seguimiento de sus efectos en las personas migrantes?"
    ),
    "Who monitors it, how often, and how do local authorities take part?": (
        "¿Quién hace el seguimiento, con qué frecuencia y cómo participan los gobiernos locales?"
    ),
    "Name the body or bodies and the reporting cycle, if known.": (
        "Indique el organismo u organismos y el ciclo de presentación de informes, si los conoce."
    ),
    "Overall, how sensitive is the policy to migration dynamics?": (
        "En conjunto, ¿en qué medida tiene en cuenta la política las dinámicas migratorias?"
    ),
    "1 = not at all sensitive; 5 = fully sensitive.": (
        "1 = no las tiene en cuenta en absoluto; 5 = las tiene plenamente en cuenta."
    ),
    "What should change so that the policy serves migrants and their host communities better?": (
        "¿Qué debería cambiar para que la política sirva mejor a las personas migrantes y a "
        "sus comunidades de acogida?"
    ),
    "Concrete proposals are the most useful: what, who, by when.": (
        "Las propuestas concretas son las más útiles: qué, quién y para cuándo."
    ),
}


def seed_translation(page):
    """The Spanish page of ``page`` when it is the Ecuadorian consultation and live."""
    if page.slug != SLUG or not page.live:
        return None
    return translate_page(page, "es", {**SPANISH, **SPANISH_QUESTIONS})
