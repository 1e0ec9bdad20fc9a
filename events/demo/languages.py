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
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from events.demo.pages import _aware
from events.models import EventIndexPage, EventPage
from forum_site.translations import page_in_locale_tree, translate_page

# The words of the Milan forum's agenda (``events.demo.pages._mayoral_sessions``):
# session titles, rooms, speakers' names and roles.
MILAN_AGENDA = {
    "fr": {
        "Opening: cities at the table of global migration governance": (
            "Ouverture : les villes à la table de la gouvernance mondiale des migrations"
        ),
        "Labour mobility and skills partnerships led by cities": (
            "Mobilité de la main-d’œuvre et partenariats pour les compétences menés par les villes"
        ),
        "Climate mobility and urban resilience": "Mobilité climatique et résilience urbaine",
        "Closing: messages to the Global Forum": "Clôture : messages au Forum mondial",
        "Plenary hall": "Salle plénière",
        "Room B": "Salle B",
        "Mayor of the host city": "Maire de la ville hôte",
        "Host": "Ville hôte",
        "Inclusion Policies Unit": "Unité des politiques d’inclusion",
        "Migration Policy Officer": "Chargée des politiques migratoires",
        "Urban Planning": "Urbanisme",
        "Analyst": "Analyste",
    },
    "ar": {
        "Opening: cities at the table of global migration governance": (
            "الافتتاح: المدن على طاولة الحوكمة العالمية للهجرة"
        ),
        "Labour mobility and skills partnerships led by cities": (
            "تنقل اليد العاملة وشراكات المهارات بقيادة المدن"
        ),
        "Climate mobility and urban resilience": "التنقل المرتبط بالمناخ وقدرة المدن على الصمود",
        "Closing: messages to the Global Forum": "الختام: رسائل إلى المنتدى العالمي",
        "Plenary hall": "قاعة الجلسات العامة",
        "Room B": "القاعة B",
        "Mayor of the host city": "رئيس بلدية المدينة المضيفة",
        "Host": "المدينة المضيفة",
        "Giulia Rossi": "جوليا روسي",
        "Inclusion Policies Unit": "وحدة سياسات الإدماج",
        "Abena Owusu": "أبينا أووسو",
        "Migration Policy Officer": "موظفة شؤون سياسات الهجرة",
        "Wanjiru Kamau": "وانجيرو كاماو",
        "Urban Planning": "التخطيط الحضري",
        "Sofia Lindqvist": "صوفيا ليندكفيست",
        "Analyst": "محللة",
    },
    "zh-hans": {
        "Opening: cities at the table of global migration governance": (
            "开幕式：城市参与全球移民治理"
        ),
        "Labour mobility and skills partnerships led by cities": (
            "城市主导的劳动力流动与技能伙伴关系"
        ),
        "Climate mobility and urban resilience": "气候流动与城市韧性",
        "Closing: messages to the Global Forum": "闭幕式：致全球论坛的信息",
        "Plenary hall": "全体会议厅",
        "Room B": "B会议室",
        "Mayor of the host city": "东道主城市市长",
        "Host": "东道主城市",
        "Giulia Rossi": "朱莉娅·罗西",
        "Inclusion Policies Unit": "融合政策股",
        "Abena Owusu": "阿贝娜·奥乌苏",
        "Migration Policy Officer": "移民政策干事",
        "Wanjiru Kamau": "万吉鲁·卡茂",
        "Urban Planning": "城市规划",
        "Sofia Lindqvist": "索菲娅·林德奎斯特",
        "Analyst": "分析师",
    },
}

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

for _language, _words in MILAN_AGENDA.items():
    MAYORAL_MILAN[_language].update(_words)

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


def _translate_agenda(source: EventPage, page: EventPage, words: dict[str, str]) -> EventPage:
    """``page``, a translation of ``source``, with its agenda in its words: a
    translation seeded before sessions were translatable kept the source's
    session titles; they are translated and the translation synced again (as a
    translator does after "Sync translated pages"). Nothing when they are."""
    if not any(words.get(session.title) for session in page.sessions.all()):
        return page
    translation_source, _created = TranslationSource.update_or_create_from_instance(source)
    translation = Translation.objects.get(source=translation_source, target_locale=page.locale)
    segments = StringSegment.objects.filter(source=translation_source).select_related(
        "string", "context"
    )
    for segment in segments:
        text = words.get(segment.string.data)
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=page.locale,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
    translation.save_target(publish=False)
    page = EventPage.objects.get(pk=page.pk)
    page.get_latest_revision().publish()
    return EventPage.objects.get(pk=page.pk)


def seed_languages(pages: dict[str, EventPage]) -> dict[str, EventPage]:
    """The translations and the events written in other languages, by
    ``<slug>@<language>``; made once (idempotent)."""
    made = {}
    for slug, languages in TRANSLATIONS.items():
        source = pages.get(slug)
        if source is None:
            continue
        for language, words in languages.items():
            page = translate_page(source, language, words)
            made[f"{slug}@{language}"] = _translate_agenda(source, page, words)
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
