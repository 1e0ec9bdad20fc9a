"""Demo practices written in French, Spanish and Arabic by cities that work in
those languages, so that searching in them can be tried on the demo."""

# Practices written in the city's own language (title, summary and every section),
# as a city would share them: (owner, language, slug, concept as in CONCEPTS, wording
# of the fields that are not in the concept).
WRITTEN_IN_OTHER_LANGUAGES = [
    (
        "dakar",
        "fr",
        "guichet-retour-reinsertion-dakar",
        (
            "Guichet municipal pour le retour et la réinsertion",
            "Un guichet de la mairie accueille les migrants de retour, les oriente vers la "
            "formation professionnelle et le logement, et accompagne leur projet pendant un an.",
            ["integration-services", "vocational-skills-labour-market", "housing"],
            ["returnees", "youth"],
            [21, 16],
            [8, 10],
            ["10.7"],
            ["people-centred", "whole-of-government"],
            ["local", "national"],
            ["civil-society", "national-government", "migrants-diaspora"],
            "Les migrants de retour à {city} ne savaient pas à quel service s'adresser et "
            "beaucoup repartaient faute de travail ou de logement.",
            "La mairie a ouvert un guichet unique avec des conseillers formés, une liste de "
            "logements d'accueil et des places réservées en formation professionnelle.",
            "Plus de la moitié des personnes accompagnées ont un emploi ou une activité "
            "après un an.",
            "Il faut un suivi personnel et régulier, pas seulement un premier rendez-vous.",
            "Un local accessible, deux conseillers et des accords avec les centres de formation.",
        ),
        {
            "status": "ongoing",
            "figure": "personnes accompagnées",
            "contact_role": "Coordinatrice du guichet",
            "funding": "Budget municipal et programme national de réinsertion",
        },
    ),
    (
        "quito",
        "es",
        "vivienda-temporal-acogida-quito",
        (
            "Vivienda temporal y acogida para personas en movilidad humana",
            "Una red municipal de albergues y viviendas temporales ofrece acogida a personas "
            "refugiadas y migrantes mientras tramitan sus documentos y buscan empleo.",
            ["housing", "integration-services", "referral-mechanisms"],
            ["refugees-asylum-seekers", "women-girls"],
            [7, 16],
            [1, 11],
            ["11.1"],
            ["human-rights", "gender-responsive"],
            ["local"],
            ["civil-society", "international-organisations"],
            "Muchas familias recién llegadas a {city} dormían en la calle o en cuartos "
            "sobreocupados durante sus primeras semanas.",
            "El municipio coordina albergues con organizaciones de la sociedad civil y un "
            "equipo que deriva a cada familia a salud, educación y asesoría legal.",
            "La estancia media en albergue bajó y casi todas las familias encontraron una "
            "vivienda propia en tres meses.",
            "La acogida funciona cuando la vivienda va unida a empleo y asesoría legal.",
            "Convenios con albergues, un equipo de derivación y un fondo para el primer alquiler.",
        ),
        {
            "status": "completed",
            "figure": "personas acogidas",
            "contact_role": "Coordinador de movilidad humana",
            "funding": "Presupuesto municipal y cooperación internacional",
        },
    ),
    (
        "amman",
        "ar",
        "amman-refugee-community-centres",
        (
            "مراكز مجتمعية لدعم اللاجئين والمجتمع المضيف",
            "مراكز في أحياء عمّان تقدّم للاجئين وللسكان المضيفين دروس اللغة والتدريب المهني "
            "والدعم النفسي في مكان واحد.",
            ["social-cohesion-anti-discrimination", "vocational-skills-labour-market", "health"],
            ["refugees-asylum-seekers", "host-communities", "youth"],
            [16, 18],
            [4, 10],
            ["10.2"],
            ["whole-of-society", "people-centred"],
            ["local"],
            ["civil-society", "international-organisations"],
            "في {city} كان اللاجئون والسكان المضيفون يعيشون في الأحياء نفسها دون أماكن "
            "مشتركة، وازدادت التوترات حول الخدمات والعمل.",
            "افتتحت البلدية مراكز مجتمعية مفتوحة للجميع يديرها موظفون من الحي بالتعاون مع "
            "منظمات المجتمع المدني.",
            "شارك آلاف السكان في الأنشطة، وحصل كثير من الشباب على عمل بعد التدريب.",
            "يجب أن تكون المراكز للجميع وليست للاجئين وحدهم.",
            "مبنى في الحي وفريق صغير وشراكات مع مراكز التدريب.",
        ),
        {
            "status": "ongoing",
            "figure": "مستفيد",
            "contact_role": "منسقة المراكز المجتمعية",
            "funding": "ميزانية البلدية ومنحة دولية",
        },
    ),
]
