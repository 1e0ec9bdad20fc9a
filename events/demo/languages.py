"""Demo events in several languages (docs/i18n.md, "Translating content"): two
events written in Russian and Chinese by the bodies that hold them (pages of the
Russian and Chinese trees, listed in every language with their ``lang``), and
translations made with wagtail-localize of two English events: the Milan
Mayoral Forum into French, Arabic and Chinese, the GFMD summit into Spanish and
Russian. Registrations on any translation count for the English event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from django.utils import timezone

from events.demo.pages import _aware
from events.models import EventIndexPage, EventPage
from forum_site.translations import page_in_locale_tree, translate_page

MAYORAL_MILAN = {
    "fr": {
        "Mayoral Forum on Mobility, Migration and Development (Milan)": (
            "Forum des maires sur la mobilité, la migration et le développement (Milan)"
        ),
        "Palazzo Marino": "Palazzo Marino",
        "Milan": "Milan",
        "The next edition: cities' messages to the Global Forum on Migration and "
        "Development, labour pathways, climate mobility. The forum spans the change to "
        "summer time in Europe.": (
            "La prochaine édition : les messages des villes au Forum mondial sur la migration "
            "et le développement, les voies de migration de travail, la mobilité climatique. "
            "Le forum couvre le passage à l’heure d’été en Europe."
        ),
    },
    "ar": {
        "Mayoral Forum on Mobility, Migration and Development (Milan)": (
            "منتدى رؤساء البلديات بشأن التنقل والهجرة والتنمية (ميلانو)"
        ),
        "Palazzo Marino": "قصر مارينو",
        "Milan": "ميلانو",
        "The next edition: cities' messages to the Global Forum on Migration and "
        "Development, labour pathways, climate mobility. The forum spans the change to "
        "summer time in Europe.": (
            "الدورة المقبلة: رسائل المدن إلى المنتدى العالمي المعني بالهجرة والتنمية، ومسارات "
            "هجرة اليد العاملة، والتنقل بسبب تغير المناخ. ويمتد المنتدى على فترة الانتقال إلى "
            "التوقيت الصيفي في أوروبا."
        ),
    },
    "zh-hans": {
        "Mayoral Forum on Mobility, Migration and Development (Milan)": (
            "市长流动、移民与发展论坛（米兰）"
        ),
        "Palazzo Marino": "马里诺宫",
        "Milan": "米兰",
        "The next edition: cities' messages to the Global Forum on Migration and "
        "Development, labour pathways, climate mobility. The forum spans the change to "
        "summer time in Europe.": (
            "下一届论坛：城市向全球移民与发展论坛传达的信息、劳务流动途径、气候流动。"
            "论坛期间适逢欧洲转换夏令时。"
        ),
    },
}

GFMD_SUMMIT = {
    "es": {
        "Global Forum on Migration and Development Summit": (
            "Cumbre del Foro Mundial sobre Migración y Desarrollo"
        ),
        "International Conference Centre Geneva": "Centro Internacional de Conferencias de Ginebra",
        "Geneva": "Ginebra",
        "The annual summit of states, with the Mayors Mechanism and civil society.": (
            "La cumbre anual de los Estados, con el Mecanismo de Alcaldes y la sociedad civil."
        ),
    },
    "ru": {
        "Global Forum on Migration and Development Summit": (
            "Саммит Глобального форума по миграции и развитию"
        ),
        "International Conference Centre Geneva": "Международный конференц-центр Женевы",
        "Geneva": "Женева",
        "The annual summit of states, with the Mayors Mechanism and civil society.": (
            "Ежегодный саммит государств с участием Механизма мэров и гражданского общества."
        ),
    },
}

TRANSLATIONS = {"mayoral-forum-milan": MAYORAL_MILAN, "gfmd-summit": GFMD_SUMMIT}


@dataclass
class WrittenEvent:
    language: str
    slug: str
    title: str
    month: int
    day: int
    tz: str
    city: str
    country: str
    venue: str
    description: str


WRITTEN_IN_OTHER_LANGUAGES = [
    WrittenEvent(
        "ru",
        "almaty-dialog-trudovaya-migratsiya",
        "Региональный диалог городов Центральной Азии по трудовой миграции",
        5,
        19,
        "Asia/Almaty",
        "Алматы",
        "KZ",
        "Дворец Республики",
        "Мэры и специалисты городов Центральной Азии обсуждают, как встречать трудовых "
        "мигрантов и вернувшихся граждан: центры занятости, курсы языка, доступ к жилью и "
        "медицинской помощи, сотрудничество с национальными министерствами.",
    ),
    WrittenEvent(
        "zh-hans",
        "guangzhou-chengshi-yimin-fuwu",
        "城市移民服务交流会：社区接待与就业衔接",
        9,
        15,
        "Asia/Shanghai",
        "广州",
        "CN",
        "广州国际会议展览中心",
        "来自亚洲各地的城市代表交流接待新移民的社区经验：一站式服务窗口、语言课程、"
        "职业培训与就业对接，以及与国家部委和民间组织的合作方式。",
    ),
]


def seed_languages(pages: dict[str, EventPage]) -> dict[str, EventPage]:
    """The translations and the events written in other languages, by
    ``<slug>@<language>``; made once (idempotent)."""
    made = {}
    for slug, languages in TRANSLATIONS.items():
        source = pages.get(slug)
        if source is None:
            continue
        for language, words in languages.items():
            made[f"{slug}@{language}"] = translate_page(source, language, words)
    index = EventIndexPage.objects.filter(locale__language_code="en").first()
    if index is None:
        return made
    year = timezone.localdate().year + 1
    for spec in WRITTEN_IN_OTHER_LANGUAGES:
        parent = page_in_locale_tree(index, spec.language)
        page = EventPage.objects.child_of(parent).filter(slug=spec.slug).first()
        if page is None:
            day = date(year, spec.month, spec.day)
            page = EventPage(
                title=spec.title,
                slug=spec.slug,
                locale=parent.locale,
                event_type="regional_process",
                start=_aware(day, time(9, 30), spec.tz),
                end=_aware(date.fromordinal(day.toordinal() + 1), time(17, 0), spec.tz),
                timezone=spec.tz,
                venue=spec.venue,
                city=spec.city,
                country=spec.country,
                description=f"<p>{spec.description}</p>",
                participant_visibility="public",
            )
            parent.add_child(instance=page)
            page.save_revision().publish()
        made[f"{spec.slug}@{spec.language}"] = page
    return made
