"""Demo practices written in French, Spanish, Arabic, Russian and Chinese by
cities that work in those languages, so that searching in them can be tried on
the demo."""

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
    (
        "kazan",
        "ru",
        "tsentr-adaptatsii-trudovykh-migrantov-kazan",
        (
            "Центр адаптации трудовых мигрантов",
            "Муниципальный центр, где трудовые мигранты за одно посещение оформляют "
            "документы, записываются на курсы русского языка и получают консультации "
            "юриста, врача и службы занятости.",
            ["migrant-centres-one-stop-shops", "language-training", "information-orientation"],
            ["labour-migrants", "women-girls"],
            [3, 6, 16],
            [8, 10],
            ["8.8", "10.7"],
            ["people-centred", "whole-of-government"],
            ["local", "regional"],
            ["civil-society", "national-government", "private-sector"],
            "Трудовые мигранты в Казани обходили несколько ведомств, чтобы оформить патент "
            "и найти работу, и часто платили посредникам за услуги, которые ничего не давали.",
            "Город вместе с территориальным органом миграционной службы и общественными "
            "организациями открыл центр, где в одном здании работают курсы русского языка, "
            "бесплатные юридические консультации и окно службы занятости; работодатели "
            "размещают вакансии прямо в центре.",
            "Оформление документов занимает несколько дней вместо нескольких недель, а "
            "обращений к неофициальным посредникам стало заметно меньше.",
            "Центру нужны сотрудники, говорящие на языках мигрантов, и постоянная связь с "
            "работодателями, а не только с ведомствами.",
            "Помещение в удобном для транспорта районе, соглашение с миграционной службой, "
            "пять–восемь сотрудников и переводчики по вызову.",
        ),
        {
            "status": "ongoing",
            "figure": "человек получили консультации",
            "contact_role": "Руководитель центра адаптации",
            "funding": "Городской бюджет и средства региональной программы",
        },
    ),
    (
        "yiwu",
        "zh-hans",
        "yiwu-jingwai-keshang-fuwu-zhongxin",
        (
            "境外客商“一站式”服务中心",
            "义乌市在国际商贸城附近设立服务中心，外国客商在同一个大厅即可办理居留登记、"
            "经营咨询、纠纷调解和子女入学咨询等事项。",
            ["migrant-centres-one-stop-shops", "integration-services", "information-orientation"],
            ["labour-migrants"],
            [3, 15, 16],
            [8, 16],
            ["10.7", "16.9"],
            ["whole-of-government", "whole-of-society"],
            ["local"],
            ["private-sector", "migrants-diaspora", "national-government"],
            "每年有大批外国客商来义乌采购和经商，他们需要往返多个部门办理居留、工商和"
            "税务手续，语言不通还常常引发商业纠纷。",
            "市政府把出入境、市场监管、税务和人民调解等窗口集中到同一中心，配备多语种"
            "工作人员，并邀请长期在义乌经商的外籍人士担任志愿调解员。",
            "办事时间明显缩短，多数涉外商业纠纷在几天内通过调解解决，外国客商对公共服务"
            "的满意度有所提高。",
            "请外籍商人参与服务和调解，能够增进信任，也让规则更容易被理解和接受。",
            "一处交通便利的办公场所、各部门派驻人员、多语种服务团队和一支外籍志愿者队伍。",
        ),
        {
            "status": "ongoing",
            "figure": "人次获得服务",
            "contact_role": "服务中心主任",
            "funding": "市级财政预算",
        },
    ),
]
