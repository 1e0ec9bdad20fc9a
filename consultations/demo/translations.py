"""A demo consultation translated with wagtail-localize (docs/i18n.md, "Demo"):
Ecuador's consultation on the regulations of the Organic Law on Human
Mobility, in Spanish. Its questions, dates and audience are the source's
(``forum_site.translatable``); responses made on the Spanish page count for the
consultation. Idempotent."""

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


def seed_translation(page):
    """The Spanish page of ``page`` when it is the Ecuadorian consultation and live."""
    if page.slug != SLUG or not page.live:
        return None
    return translate_page(page, "es", SPANISH)
