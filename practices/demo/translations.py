"""A demo practice translated with wagtail-localize (docs/i18n.md, "Demo"): the
Accra one-stop welcome centre, in French and Arabic, as a translator makes it in
the translation editor. Idempotent (``translate_page`` leaves an existing
translation alone)."""

from __future__ import annotations

from forum_site.translations import translate_page

SLUG = "one-stop-welcome-centre-for-newcomers-accra"

WELCOME_CENTRE = {
    "fr": {
        "One-stop welcome centre for newcomers": "Guichet unique d’accueil des nouveaux arrivants",
        "A single municipal desk where newcomers register, get their papers checked, and are "
        "booked into language courses, health care and schools in one visit.": (
            "Un guichet municipal unique où les nouveaux arrivants s’enregistrent, font vérifier "
            "leurs papiers et sont inscrits en une seule visite aux cours de langue, aux soins "
            "de santé et à l’école."
        ),
        "Municipal budget and EU grant": "Budget municipal et subvention de l’Union européenne",
        "Newcomers had to visit up to seven offices spread across Accra before they could "
        "rent a room or enrol a child, and many gave up half way.": (
            "Les nouveaux arrivants devaient passer par sept bureaux dispersés dans Accra avant "
            "de pouvoir louer une chambre ou inscrire un enfant à l’école, et beaucoup "
            "abandonnaient en cours de route."
        ),
        "The city brought registration, orientation and referral staff into one building "
        "with shared appointment software and interpreters on call.": (
            "La ville a réuni dans un même bâtiment le personnel chargé de l’enregistrement, de "
            "l’information et de l’orientation vers les services, avec un logiciel de "
            "rendez-vous commun et des interprètes disponibles sur appel."
        ),
        "Average time from arrival to first service fell from weeks to days.": (
            "Le délai moyen entre l’arrivée et le premier service est passé de plusieurs "
            "semaines à quelques jours."
        ),
        "Staff from different offices need a shared case file, not just a shared building.": (
            "Le personnel des différents services a besoin d’un dossier commun, pas seulement "
            "d’un bâtiment commun."
        ),
        "A central building, agreements with national offices, and 4–6 trained staff.": (
            "Un bâtiment central, des accords avec les services nationaux et quatre à six "
            "agents formés."
        ),
        "Programme coordinator": "Coordinateur du programme",
        "people reached": "personnes touchées",
    },
    "ar": {
        "One-stop welcome centre for newcomers": "مركز موحد لاستقبال القادمين الجدد",
        "A single municipal desk where newcomers register, get their papers checked, and are "
        "booked into language courses, health care and schools in one visit.": (
            "مكتب بلدي واحد يسجّل فيه القادمون الجدد ويتحققون من وثائقهم ويُسجَّلون في دورات "
            "اللغة والرعاية الصحية والمدارس في زيارة واحدة."
        ),
        "Accra": "أكرا",
        "Municipal budget and EU grant": "ميزانية البلدية ومنحة من الاتحاد الأوروبي",
        "Newcomers had to visit up to seven offices spread across Accra before they could "
        "rent a room or enrol a child, and many gave up half way.": (
            "كان على القادمين الجدد أن يراجعوا ما يصل إلى سبعة مكاتب موزعة في أنحاء أكرا قبل أن "
            "يتمكنوا من استئجار غرفة أو تسجيل طفل في المدرسة، وكان كثيرون منهم يتوقفون في "
            "منتصف الطريق."
        ),
        "The city brought registration, orientation and referral staff into one building "
        "with shared appointment software and interpreters on call.": (
            "جمعت المدينة موظفي التسجيل والتوجيه والإحالة في مبنى واحد، مع برنامج مشترك لحجز "
            "المواعيد ومترجمين شفويين عند الطلب."
        ),
        "Average time from arrival to first service fell from weeks to days.": (
            "انخفض متوسط المدة بين الوصول والحصول على أول خدمة من أسابيع إلى أيام."
        ),
        "Staff from different offices need a shared case file, not just a shared building.": (
            "يحتاج موظفو المكاتب المختلفة إلى ملف مشترك لكل حالة، لا إلى مبنى مشترك فحسب."
        ),
        "A central building, agreements with national offices, and 4–6 trained staff.": (
            "مبنى مركزي، واتفاقات مع المكاتب الوطنية، ومن أربعة إلى ستة موظفين مدرَّبين."
        ),
        "Programme coordinator": "منسق البرنامج",
        "people reached": "شخصاً استفادوا",
    },
}


def seed_translations(practices) -> dict:
    """The translations of the welcome centre, by language (none if the
    practice is missing or not published)."""
    source = next((p for p in practices if p.slug == SLUG and p.live), None)
    if source is None:
        return {}
    return {
        language: translate_page(source, language, words)
        for language, words in WELCOME_CENTRE.items()
    }
