"""The demo's organisations: three cooperating home municipalities with their units, and the
partners they work with. Names of partner companies are invented."""

# key, name, email domain, staff count (featured people included)
MUNICIPALITIES = [
    ("jarvenpaa", "Järvenpään kaupunki", "jarvenpaa.example", 110),
    ("kerava", "Keravan kaupunki", "kerava.example", 100),
    ("sipoo", "Sipoon kunta – Sibbo kommun", "sipoo.example", 90),
]

# Units every municipality has: slug, Finnish name, Swedish name, weight (share of staff),
# the skills its people tend to have, titles (fi, sv), and the parent unit's slug.
UNITS = [
    (
        "kanslia",
        "Kaupunginkanslia",
        "Stadskansliet",
        5,
        [
            "administrative-law",
            "contract-law",
            "internal-control",
            "preparedness",
            "participation",
            "project-management",
            "wellbeing-promotion",
        ],
        [
            ("hallintojohtaja", "förvaltningsdirektör"),
            ("lakimies", "jurist"),
            ("hallintosihteeri", "förvaltningssekreterare"),
            ("kehittämispäällikkö", "utvecklingschef"),
            ("erityisasiantuntija", "specialsakkunnig"),
            ("kirjaaja", "registrator"),
        ],
        None,
    ),
    (
        "hankinnat",
        "Hankintapalvelut",
        "Upphandlingstjänster",
        3,
        ["public-procurement", "contract-law", "municipal-finance", "data-analytics"],
        [
            ("hankinta-asiantuntija", "upphandlingsexpert"),
            ("hankintasihteeri", "upphandlingssekreterare"),
            ("sopimushallinnan asiantuntija", "avtalsexpert"),
        ],
        "kanslia",
    ),
    (
        "talous",
        "Talous- ja henkilöstöpalvelut",
        "Ekonomi- och personaltjänster",
        6,
        ["municipal-finance", "accounting", "human-resources", "labour-law", "internal-control", "data-analytics"],
        [
            ("controller", "controller"),
            ("kirjanpitäjä", "bokförare"),
            ("HR-asiantuntija", "HR-expert"),
            ("palkka-asiantuntija", "löneexpert"),
            ("henkilöstöpäällikkö", "personalchef"),
        ],
        "kanslia",
    ),
    (
        "viestinta",
        "Viestintä ja osallisuus",
        "Kommunikation och delaktighet",
        3,
        ["communications", "participation", "accessibility", "swedish-language-services", "digital-services"],
        [
            ("viestintäasiantuntija", "kommunikationsexpert"),
            ("verkkotoimittaja", "webbredaktör"),
            ("osallisuuskoordinaattori", "delaktighetskoordinator"),
            ("kääntäjä", "översättare"),
        ],
        "kanslia",
    ),
    (
        "digi",
        "Tietohallinto ja digitalisaatio",
        "IT och digitalisering",
        4,
        [
            "digital-services",
            "information-security",
            "information-management",
            "accessibility",
            "data-protection",
            "data-analytics",
            "project-management",
        ],
        [
            ("järjestelmäasiantuntija", "systemexpert"),
            ("digikehittäjä", "digiutvecklare"),
            ("tietoturva-asiantuntija", "informationssäkerhetsexpert"),
            ("arkistonhoitaja", "arkivarie"),
            ("IT-tukihenkilö", "IT-stödperson"),
        ],
        "kanslia",
    ),
    (
        "varhaiskasvatus",
        "Varhaiskasvatus",
        "Småbarnspedagogik",
        22,
        [
            "early-childhood-education",
            "special-education",
            "immigrant-integration",
            "wellbeing-promotion",
            "swedish-language-services",
        ],
        [
            ("varhaiskasvatuksen opettaja", "lärare inom småbarnspedagogik"),
            ("päiväkodin johtaja", "daghemsföreståndare"),
            ("varhaiskasvatuksen erityisopettaja", "speciallärare inom småbarnspedagogik"),
            ("lastenhoitaja", "barnskötare"),
            ("varhaiskasvatuksen sosionomi", "socionom inom småbarnspedagogik"),
        ],
        None,
    ),
    (
        "opetus",
        "Perusopetus",
        "Grundläggande utbildning",
        22,
        [
            "basic-education",
            "special-education",
            "immigrant-integration",
            "youth-work",
            "eu-funding",
            "wellbeing-promotion",
        ],
        [
            ("luokanopettaja", "klasslärare"),
            ("aineenopettaja", "ämneslärare"),
            ("erityisopettaja", "speciallärare"),
            ("rehtori", "rektor"),
            ("koulusihteeri", "skolsekreterare"),
            ("koulunkäynninohjaaja", "skolgångsbiträde"),
        ],
        None,
    ),
    (
        "ruokapalvelut",
        "Ruokapalvelut",
        "Kostservice",
        6,
        ["school-catering", "public-procurement", "climate-action", "facility-management"],
        [
            ("ravitsemistyönjohtaja", "kostserviceledare"),
            ("kokki", "kock"),
            ("ravitsemussuunnittelija", "näringsplanerare"),
        ],
        None,
    ),
    (
        "kaupunkisuunnittelu",
        "Kaupunkisuunnittelu",
        "Stadsplanering",
        5,
        ["zoning", "gis", "climate-action", "participation", "environmental-protection"],
        [
            ("kaavoitusarkkitehti", "planläggningsarkitekt"),
            ("maankäyttöinsinööri", "markanvändningsingenjör"),
            ("paikkatietoasiantuntija", "GIS-expert"),
            ("liikenneinsinööri", "trafikingenjör"),
        ],
        None,
    ),
    (
        "tekniikka",
        "Rakennusvalvonta ja kuntatekniikka",
        "Byggnadstillsyn och kommunteknik",
        7,
        ["building-control", "street-maintenance", "facility-management", "environmental-protection", "gis"],
        [
            ("rakennustarkastaja", "byggnadsinspektör"),
            ("kunnossapitoinsinööri", "underhållsingenjör"),
            ("kiinteistöpäällikkö", "fastighetschef"),
            ("työnjohtaja", "arbetsledare"),
        ],
        None,
    ),
    (
        "ymparisto",
        "Ympäristöpalvelut",
        "Miljötjänster",
        3,
        ["environmental-protection", "climate-action", "participation", "eu-funding"],
        [("ympäristötarkastaja", "miljöinspektör"), ("ilmastokoordinaattori", "klimatkoordinator")],
        None,
    ),
    (
        "elinvoima",
        "Elinvoima- ja työllisyyspalvelut",
        "Livskraft och sysselsättning",
        6,
        ["employment-services", "business-services", "immigrant-integration", "social-work", "eu-funding"],
        [
            ("työllisyyskoordinaattori", "sysselsättningskoordinator"),
            ("elinkeinoasiamies", "näringslivsombud"),
            ("työvalmentaja", "arbetscoach"),
            ("sosiaaliohjaaja", "socialhandledare"),
            ("kotoutumiskoordinaattori", "integrationskoordinator"),
        ],
        None,
    ),
    (
        "vapaa-aika",
        "Kulttuuri- ja vapaa-aikapalvelut",
        "Kultur- och fritidstjänster",
        8,
        ["cultural-events", "library-services", "sports-services", "youth-work", "participation"],
        [
            ("kulttuurituottaja", "kulturproducent"),
            ("kirjastonhoitaja", "bibliotekarie"),
            ("liikuntasuunnittelija", "idrottsplanerare"),
            ("nuoriso-ohjaaja", "ungdomsledare"),
        ],
        None,
    ),
]

# Sipoo is bilingual: its units carry both names.
BILINGUAL = {"sipoo"}

PARTNERS = [
    {
        "key": "kuntaliitto",
        "name": "Suomen Kuntaliitto ry – Finlands Kommunförbund rf",
        "kind": "association",
        "website": "https://www.kuntaliitto.fi",
    },
    {
        "key": "opetushallitus",
        "name": "Opetushallitus – Utbildningsstyrelsen",
        "kind": "state_agency",
        "website": "https://www.oph.fi",
    },
    {
        "key": "helsingin-yliopisto",
        "name": "Helsingin yliopisto – University of Helsinki",
        "kind": "research_education",
        "website": "https://www.helsinki.fi",
    },
    {"key": "ruokapalvelu-kide", "name": "Ruokapalvelu Kide Oy", "kind": "company", "business_id": "3141592-6"},
    {
        "key": "arkkitehdit-pohjoisvayla",
        "name": "Arkkitehtitoimisto Pohjoisväylä Oy",
        "kind": "company",
        "business_id": "2718281-8",
    },
    {"key": "digitalo", "name": "Digitalo Oy", "kind": "company", "business_id": "1618033-9"},
    {"key": "keski-uudenmaan-yrittajat", "name": "Keski-Uudenmaan Yrittäjät ry", "kind": "association"},
    {"key": "rakvere", "name": "Rakvere linn", "kind": "international_city", "country": "EE"},
]


def unit_key(municipality: str, slug: str) -> str:
    return f"{municipality}.{slug}"


def organisation_lines() -> list[dict]:
    lines = [
        {
            "type": "organisation",
            "key": key,
            "name": name,
            "kind": "municipality",
            "home": True,
            "email_domains": [domain],
        }
        for key, name, domain, _count in MUNICIPALITIES
    ]
    lines += [{"type": "organisation", **partner} for partner in PARTNERS]
    return lines


# A municipality is not a city: Sipoo's units that are named after the city get their own names.
SIPOO_NAMES = {"kanslia": ("Kunnankanslia", "Kommunkansliet"), "kaupunkisuunnittelu": ("Kaavoitus", "Planläggning")}


def unit_name(municipality: str, slug: str, finnish: str, swedish: str) -> str:
    if municipality in BILINGUAL:
        finnish, swedish = SIPOO_NAMES.get(slug, (finnish, swedish))
        return f"{finnish} – {swedish}"
    return finnish


def unit_lines() -> list[dict]:
    lines = []
    for municipality, _name, _domain, _count in MUNICIPALITIES:
        for slug, finnish, swedish, _weight, _skills, _titles, parent in UNITS:
            line = {
                "type": "unit",
                "key": unit_key(municipality, slug),
                "organisation": municipality,
                "name": unit_name(municipality, slug, finnish, swedish),
            }
            if parent:
                line["parent"] = unit_key(municipality, parent)
            lines.append(line)
    return lines
