"""Who shares the demo practices, and the facts that vary between them: owner,
city, language, status, budget and fictional contact names."""

OWNERS = [
    "accra",
    "milan",
    "quito",
    "nairobi",
    "lisbon",
    "amman",
    "dakar",
    "barcelona",
    "sao-paulo",
    "kumasi",
    "montreal",
    "gaziantep",
    "palermo",
    "mombasa",
    "ghana-lga",
    "anci",
]
CITY_NAMES = {
    "accra": "Accra",
    "kumasi": "Kumasi",
    "dakar": "Dakar",
    "nairobi": "Nairobi",
    "mombasa": "Mombasa",
    "milan": "Milan",
    "palermo": "Palermo",
    "lisbon": "Lisbon",
    "barcelona": "Barcelona",
    "montreal": "Montréal",
    "sao-paulo": "São Paulo",
    "quito": "Quito",
    "amman": "Amman",
    "gaziantep": "Gaziantep",
    "ghana-lga": "Tamale and Ho",
    "anci": "Bergamo and Bari",
    # Cities that only share a practice written in their own language.
    "kazan": "Казань",
    "yiwu": "义乌",
}
LANGUAGES = {"IT": "it", "PT": "pt", "ES": "es", "EC": "es", "BR": "pt", "SN": "fr", "CA": "fr"}
STATUSES = ["ongoing", "completed", "ongoing", "planned", "completed", "discontinued"]
BUDGETS = ["10k-100k", "100k-1m", "lt10k", "gt1m", ""]
FIRST_NAMES = ["Amara", "Luca", "Inés", "Wanjiku", "Rui", "Layla", "Moussa", "Clara", "Thiago"]
LAST_NAMES = ["Example", "Sample", "Placeholder", "Fictional", "Demo", "Invented"]
