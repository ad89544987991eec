"""The demo skills taxonomy: labels in Finnish, Swedish and English, the other words people use,
and a phrase per language for "I can help with" texts."""

# key, (fi, sv, en), synonyms, help phrases (fi, sv, en)
SKILLS = [
    (
        "public-procurement",
        ("Julkiset hankinnat", "Offentlig upphandling", "Public procurement"),
        [
            "hankinnat",
            "kilpailutus",
            "hankintalaki",
            "tarjouspyyntö",
            "Hilma",
            "upphandling",
            "anbudsförfrågan",
            "tendering",
            "procurement",
        ],
        (
            "kilpailutukset ja tarjouspyynnöt",
            "konkurrensutsättning och anbudsförfrågningar",
            "tendering and calls for tenders",
        ),
    ),
    (
        "early-childhood-education",
        ("Varhaiskasvatus", "Småbarnspedagogik", "Early childhood education"),
        ["päiväkoti", "vasu", "varhaiskasvatussuunnitelma", "daghem", "förskola", "ECEC", "daycare"],
        (
            "varhaiskasvatuksen suunnitelmat ja arki",
            "planer och vardag inom småbarnspedagogiken",
            "early childhood education plans and practice",
        ),
    ),
    (
        "zoning",
        ("Kaavoitus", "Planläggning", "Land-use planning and zoning"),
        ["asemakaava", "yleiskaava", "maankäyttö", "detaljplan", "generalplan", "markanvändning", "zoning plan"],
        (
            "asemakaavat ja kaavaprosessi",
            "detaljplaner och planprocessen",
            "local detailed plans and the zoning process",
        ),
    ),
    (
        "data-protection",
        ("Tietosuoja", "Dataskydd", "Data protection (GDPR)"),
        ["GDPR", "tietosuoja-asetus", "henkilötiedot", "DPIA", "dataskyddsförordningen", "personuppgifter", "privacy"],
        (
            "tietosuoja ja henkilötietojen käsittely",
            "dataskydd och behandling av personuppgifter",
            "data protection and handling personal data",
        ),
    ),
    (
        "eu-funding",
        ("EU-rahoitus", "EU-finansiering", "EU funding"),
        ["rakennerahastot", "Interreg", "Erasmus+", "hankerahoitus", "EAKR", "projektfinansiering", "EU grants"],
        ("EU-rahoitushaut", "ansökningar om EU-finansiering", "EU funding applications"),
    ),
    (
        "school-catering",
        ("Kouluruokailu", "Skolmåltider", "School catering"),
        [
            "kouluruoka",
            "ruokapalvelut",
            "erityisruokavaliot",
            "ruokahävikki",
            "skolmat",
            "kostservice",
            "school meals",
            "food waste",
        ],
        ("kouluruokailu ja ruokalistat", "skolmåltider och matsedlar", "school meals and menus"),
    ),
    (
        "social-work",
        ("Sosiaalityö", "Socialt arbete", "Social work"),
        ["sosiaaliohjaus", "aikuissosiaalityö", "toimeentulotuki", "socialhandledning", "social counselling"],
        ("sosiaalityön kysymykset", "frågor om socialt arbete", "social work questions"),
    ),
    (
        "basic-education",
        ("Perusopetus", "Grundläggande utbildning", "Basic education"),
        ["koulu", "opetussuunnitelma", "OPS", "skola", "läroplan", "school", "curriculum"],
        (
            "perusopetus ja opetussuunnitelmat",
            "grundläggande utbildning och läroplaner",
            "basic education and curricula",
        ),
    ),
    (
        "special-education",
        ("Erityisopetus", "Specialundervisning", "Special needs education"),
        ["oppimisen tuki", "tehostettu tuki", "inkluusio", "stöd för lärande", "inclusion"],
        ("oppimisen ja kasvun tuki", "stöd för lärande och växande", "learning support"),
    ),
    (
        "municipal-finance",
        ("Kuntatalous", "Kommunalekonomi", "Municipal finance"),
        ["talousarvio", "budjetti", "tilinpäätös", "budget", "bokslut", "budgeting"],
        ("talousarvio ja talouden seuranta", "budget och ekonomisk uppföljning", "budgets and financial follow-up"),
    ),
    (
        "accounting",
        ("Kirjanpito", "Bokföring", "Accounting"),
        ["laskutus", "ostolaskut", "fakturering", "invoicing", "bookkeeping"],
        ("kirjanpito ja laskutus", "bokföring och fakturering", "accounting and invoicing"),
    ),
    (
        "human-resources",
        ("Henkilöstöhallinto", "Personaladministration", "Human resources"),
        ["HR", "rekrytointi", "perehdytys", "rekrytering", "introduktion", "recruitment", "onboarding"],
        ("rekrytointi ja perehdytys", "rekrytering och introduktion", "recruitment and onboarding"),
    ),
    (
        "labour-law",
        ("Työoikeus ja virkaehtosopimukset", "Arbetsrätt och tjänstekollektivavtal", "Employment law"),
        ["KVTES", "OVTES", "työehtosopimus", "virkasuhde", "AKTA", "kollektivavtal", "collective agreements"],
        ("työ- ja virkaehtosopimusten tulkinta", "tolkning av kollektivavtal", "interpreting collective agreements"),
    ),
    (
        "administrative-law",
        ("Hallinto-oikeus", "Förvaltningsrätt", "Administrative law"),
        ["hallintolaki", "päätöksenteko", "oikaisuvaatimus", "muutoksenhaku", "förvaltningslagen", "besvär", "appeals"],
        (
            "päätösten valmistelu ja muutoksenhaku",
            "beredning av beslut och ändringssökande",
            "preparing decisions and appeals",
        ),
    ),
    (
        "communications",
        ("Viestintä", "Kommunikation", "Communications"),
        [
            "tiedottaminen",
            "tiedote",
            "some",
            "sosiaalinen media",
            "pressmeddelande",
            "sociala medier",
            "press release",
            "social media",
        ],
        ("tiedotteet ja some", "pressmeddelanden och sociala medier", "press releases and social media"),
    ),
    (
        "swedish-language-services",
        (
            "Ruotsinkieliset palvelut ja käännökset",
            "Svensk service och översättning",
            "Swedish-language services and translation",
        ),
        ["kielipalvelut", "kääntäminen", "kaksikielisyys", "översättning", "tvåspråkighet", "translation"],
        (
            "ruotsinkieliset tekstit ja käännökset",
            "svenska texter och översättningar",
            "Swedish texts and translations",
        ),
    ),
    (
        "accessibility",
        ("Saavutettavuus", "Tillgänglighet", "Digital accessibility"),
        ["WCAG", "saavutettavuusdirektiivi", "saavutettavuusseloste", "tillgänglighetsdirektivet", "a11y"],
        ("verkkopalvelujen saavutettavuus", "tillgängliga webbtjänster", "accessible web services"),
    ),
    (
        "digital-services",
        ("Sähköinen asiointi", "E-tjänster", "Digital services"),
        ["digitalisaatio", "verkkolomakkeet", "asiointipalvelu", "digitalisering", "e-services"],
        ("sähköiset asiointipalvelut", "e-tjänster för invånare", "online services for residents"),
    ),
    (
        "information-management",
        ("Tiedonhallinta ja arkistointi", "Informationshantering och arkivering", "Information and records management"),
        ["arkistointi", "tiedonohjaussuunnitelma", "asiakirjahallinto", "arkivering", "records management"],
        ("asiakirjat ja arkistointi", "handlingar och arkivering", "records and archiving"),
    ),
    (
        "information-security",
        ("Tietoturva", "Informationssäkerhet", "Information security"),
        ["kyberturvallisuus", "tietoturvapoikkeama", "cybersäkerhet", "cybersecurity", "phishing"],
        ("tietoturva ja kalasteluviestit", "informationssäkerhet och nätfiske", "information security and phishing"),
    ),
    (
        "project-management",
        ("Projektinhallinta", "Projektledning", "Project management"),
        ["hankehallinto", "projektipäällikkö", "ohjausryhmä", "projektledare", "styrgrupp", "agile"],
        ("hankkeiden suunnittelu ja vetäminen", "planering och ledning av projekt", "planning and running projects"),
    ),
    (
        "environmental-protection",
        ("Ympäristönsuojelu", "Miljöskydd", "Environmental protection"),
        ["ympäristölupa", "ympäristövalvonta", "miljötillstånd", "environmental permit"],
        ("ympäristöluvat ja valvonta", "miljötillstånd och tillsyn", "environmental permits and supervision"),
    ),
    (
        "climate-action",
        ("Ilmastotyö", "Klimatarbete", "Climate action"),
        ["hiilineutraalius", "päästöt", "ilmasto-ohjelma", "kolneutralitet", "utsläpp", "carbon neutrality"],
        (
            "ilmasto-ohjelma ja päästölaskenta",
            "klimatprogram och utsläppsberäkning",
            "climate programmes and emission accounting",
        ),
    ),
    (
        "building-control",
        ("Rakennusvalvonta", "Byggnadstillsyn", "Building control"),
        ["rakennuslupa", "rakentamislaki", "bygglov", "building permit"],
        ("rakennusluvat", "bygglov", "building permits"),
    ),
    (
        "street-maintenance",
        ("Katujen kunnossapito", "Gatuunderhåll", "Street maintenance"),
        ["talvikunnossapito", "auraus", "katuvalot", "vinterunderhåll", "snöplogning", "snow clearing"],
        ("katujen ja teiden kunnossapito", "underhåll av gator och vägar", "street and road maintenance"),
    ),
    (
        "facility-management",
        ("Kiinteistöt ja toimitilat", "Fastigheter och lokaler", "Facility management"),
        ["kiinteistönhoito", "sisäilma", "tilavaraukset", "inomhusluft", "lokalbokning", "indoor air"],
        ("toimitilat ja sisäilma-asiat", "lokaler och inomhusluft", "premises and indoor air"),
    ),
    (
        "youth-work",
        ("Nuorisotyö", "Ungdomsarbete", "Youth work"),
        ["etsivä nuorisotyö", "nuorisotila", "uppsökande ungdomsarbete", "ungdomsgård", "outreach youth work"],
        (
            "nuorisotyö ja nuorten osallisuus",
            "ungdomsarbete och ungas delaktighet",
            "youth work and youth participation",
        ),
    ),
    (
        "cultural-events",
        ("Kulttuuritapahtumat", "Kulturevenemang", "Cultural events"),
        ["tapahtumatuotanto", "festivaalit", "evenemangsproduktion", "festival", "event production"],
        ("tapahtumien tuottaminen", "produktion av evenemang", "producing events"),
    ),
    (
        "library-services",
        ("Kirjastopalvelut", "Bibliotekstjänster", "Library services"),
        ["kirjasto", "lukutaito", "bibliotek", "läskunnighet", "library", "literacy"],
        ("kirjastopalvelut ja lukutaito", "bibliotekstjänster och läsfrämjande", "library services and literacy"),
    ),
    (
        "sports-services",
        ("Liikuntapalvelut", "Idrottstjänster", "Sports services"),
        ["liikuntapaikat", "uimahalli", "idrottsplatser", "simhall", "sports facilities"],
        ("liikuntapaikat ja -palvelut", "idrottsplatser och motionstjänster", "sports facilities and services"),
    ),
    (
        "employment-services",
        ("Työllisyyspalvelut", "Sysselsättningstjänster", "Employment services"),
        ["TE-palvelut", "työllisyydenhoito", "palkkatuki", "TE-tjänster", "lönesubvention", "wage subsidy"],
        (
            "työllisyyspalvelut ja palkkatuki",
            "sysselsättningstjänster och lönesubvention",
            "employment services and wage subsidies",
        ),
    ),
    (
        "immigrant-integration",
        ("Kotoutuminen", "Integration", "Integration of immigrants"),
        ["maahanmuuttajat", "kotoutumisohjelma", "S2", "invandrare", "integrationsprogram", "immigrants"],
        ("kotoutumisen palvelut", "integrationstjänster", "integration services"),
    ),
    (
        "business-services",
        ("Elinkeinopalvelut", "Näringslivstjänster", "Business development services"),
        ["yrityspalvelut", "elinvoima", "yritysneuvonta", "företagstjänster", "livskraft", "business advice"],
        ("yritysyhteistyö ja elinvoima", "samarbete med företag och livskraft", "working with local businesses"),
    ),
    (
        "gis",
        ("Paikkatieto", "Geografisk information", "GIS and spatial data"),
        ["karttapalvelu", "QGIS", "paikkatietoaineistot", "kartor", "WMS", "maps"],
        ("kartat ja paikkatietoaineistot", "kartor och geodata", "maps and spatial datasets"),
    ),
    (
        "data-analytics",
        ("Tiedolla johtaminen", "Kunskapsbaserad ledning", "Data analytics and reporting"),
        ["raportointi", "Power BI", "tilastot", "rapportering", "statistik", "dashboards"],
        ("raportointi ja tilastot", "rapportering och statistik", "reports and statistics"),
    ),
    (
        "contract-law",
        ("Sopimusjuridiikka", "Avtalsjuridik", "Contract law"),
        ["sopimukset", "sopimushallinta", "avtal", "avtalshantering", "contracts"],
        ("sopimusten laatiminen ja tulkinta", "avtal och deras tolkning", "drafting and interpreting contracts"),
    ),
    (
        "participation",
        ("Osallisuus", "Delaktighet", "Citizen participation"),
        [
            "asukasosallisuus",
            "osallistuva budjetointi",
            "kuntalaisaloite",
            "invånarinflytande",
            "deltagande budgetering",
            "participatory budgeting",
        ],
        ("asukkaiden osallistaminen", "invånarnas delaktighet", "involving residents"),
    ),
    (
        "internal-control",
        (
            "Sisäinen valvonta ja riskienhallinta",
            "Intern kontroll och riskhantering",
            "Internal control and risk management",
        ),
        ["riskienhallinta", "sisäinen tarkastus", "riskhantering", "internal audit", "risk management"],
        ("sisäinen valvonta ja riskit", "intern kontroll och risker", "internal control and risks"),
    ),
    (
        "preparedness",
        ("Varautuminen ja valmiussuunnittelu", "Beredskapsplanering", "Emergency preparedness"),
        ["valmiussuunnitelma", "häiriötilanteet", "varautuminen", "beredskap", "störningssituationer", "contingency"],
        ("varautuminen ja häiriötilanteet", "beredskap och störningssituationer", "preparedness and disruptions"),
    ),
    (
        "wellbeing-promotion",
        ("Hyvinvoinnin edistäminen", "Främjande av välfärd", "Health and wellbeing promotion"),
        ["HYTE", "hyvinvointikertomus", "ehkäisevä työ", "välfärdsberättelse", "prevention"],
        (
            "hyvinvointikertomus ja ehkäisevä työ",
            "välfärdsberättelsen och förebyggande arbete",
            "wellbeing reports and prevention",
        ),
    ),
]

# Skills where a featured demo person is the obvious expert: generated staff stay below them.
FEATURED = {
    "public-procurement",
    "data-protection",
    "zoning",
    "eu-funding",
    "early-childhood-education",
    "school-catering",
    "social-work",
    "gis",
    "information-security",
    "communications",
}

HELP_PHRASES = {key: phrases for key, _labels, _synonyms, phrases in SKILLS}
LANGUAGE_INDEX = {"fi": 0, "sv": 1, "en": 2}


def skill_lines() -> list[dict]:
    return [
        {"type": "skill", "key": key, "label_fi": fi, "label_sv": sv, "label_en": en, "synonyms": synonyms}
        for key, (fi, sv, en), synonyms, _phrases in SKILLS
    ]


def help_phrase(skill: str, language: str) -> str:
    return HELP_PHRASES[skill][LANGUAGE_INDEX.get(language, 2)]
