"""Hand-written demo people: the ones who log in, and the obvious experts that "find a colleague"
should rank first (e.g. Kaisa Nieminen in Kerava for public procurement)."""

GUEST_DOMAIN = "helsinki-uni.example"

# organisation, unit slug (None for a guest), given name, family name, title, languages,
# skills {key: level}, "I can help with", about me
FEATURED = {
    "aino.laine": (
        "jarvenpaa", "kanslia", "Aino", "Laine", "Projektipäällikkö", ["fi", "en", "sv"],
        {"project-management": 4, "eu-funding": 3, "school-catering": 2, "climate-action": 2, "participation": 2},
        "Kuntien yhteishankkeiden käynnistäminen ja vetäminen: hankesuunnitelma, budjetti, ohjausryhmä ja "
        "raportointi rahoittajalle. Vedän kolmen kunnan Kestävä kouluruoka -hanketta – kysy siitä vapaasti.",
        "Projektipäällikkö kaupunginkansliassa, aiemmin ympäristöpalveluissa.",
    ),
    "matti.korhonen": (
        "jarvenpaa", "kaupunkisuunnittelu", "Matti", "Korhonen", "Kaavoitusarkkitehti", ["fi", "en"],
        {"zoning": 4, "gis": 3, "participation": 3, "climate-action": 2},
        "Asemakaavojen valmistelu alusta hyväksymiseen: osallistumis- ja arviointisuunnitelma, kaavamerkinnät, "
        "vuorovaikutus asukkaiden kanssa sekä poikkeamispäätökset ja suunnittelutarveratkaisut.",
        "Kaavoitusarkkitehti, keskustan ja Haarajoen kaavat.",
    ),
    "liisa.heikkinen": (
        "jarvenpaa", "varhaiskasvatus", "Liisa", "Heikkinen", "Varhaiskasvatusjohtaja", ["fi", "sv"],
        {"early-childhood-education": 4, "special-education": 3, "human-resources": 2, "wellbeing-promotion": 2},
        "Varhaiskasvatus ja sen kehittäminen: varhaiskasvatussuunnitelmat, lapsen tuen järjestäminen, "
        "palveluseteli ja päiväkotien henkilöstömitoitus.",
        "",
    ),
    "jukka.lehtonen": (
        "jarvenpaa", "digi", "Jukka", "Lehtonen", "Tietoturvapäällikkö", ["fi", "en"],
        {"information-security": 4, "digital-services": 3, "information-management": 2},
        "Tietoturvapoikkeamat, kalasteluviestit, salasanat ja monivaiheinen tunnistautuminen. "
        "Jos epäilet tietomurtoa, ota yhteyttä heti.",
        "",
    ),
    "outi.salminen": (
        "jarvenpaa", "kanslia", "Outi", "Salminen", "Kaupunginlakimies", ["fi", "sv", "en"],
        {"administrative-law": 4, "contract-law": 4, "data-protection": 2},
        "Hallintopäätösten valmistelu, muutoksenhaku ja sopimusten juridiikka.",
        "",
    ),
    "harri.aaltonen": (
        "jarvenpaa", "kanslia", "Harri", "Aaltonen", "Kaupunginjohtaja", ["fi", "en"],
        {"municipal-finance": 3, "preparedness": 3}, "", "",
    ),
    "kaisa.nieminen": (
        "kerava", "hankinnat", "Kaisa", "Nieminen", "Hankinta-asiantuntija", ["fi", "sv", "en"],
        {"public-procurement": 4, "contract-law": 3, "school-catering": 2, "data-analytics": 2},
        "Julkiset hankinnat alusta loppuun: hankintastrategia ja kynnysarvot, hankintailmoitukset Hilmaan, "
        "tarjouspyynnöt ja vertailuperusteet, hankintapäätökset ja sopimukset. Neuvon myös pienhankinnoissa, "
        "markkinavuoropuhelussa ja dynaamisessa hankintajärjestelmässä. In English too: public procurement, "
        "tendering and contracts.",
        "Hankinta-asiantuntija Keravan hankintapalveluissa vuodesta 2014.",
    ),
    "sanna.makinen": (
        "kerava", "elinvoima", "Sanna", "Mäkinen", "EU-asiantuntija", ["fi", "en", "et"],
        {"eu-funding": 4, "project-management": 3, "business-services": 2},
        "EU-rahoitushaut: EAKR, ESR+, Interreg Central Baltic ja Erasmus+. Autan hakemuksen kirjoittamisessa, "
        "budjetoinnissa ja kumppanien etsimisessä. In English too: EU funding calls, budgets and partner searches.",
        "",
    ),
    "heidi.salonen": (
        "kerava", "elinvoima", "Heidi", "Salonen", "Sosiaalityöntekijä", ["fi", "en"],
        {"social-work": 4, "employment-services": 3, "immigrant-integration": 2},
        "Sosiaalityö ja sosiaaliohjaus työllisyyspalveluissa: aikuissosiaalityö, kuntouttava työtoiminta ja "
        "yhteistyö hyvinvointialueen kanssa. In English: social work and social counselling for jobseekers.",
        "",
    ),
    "ville.hakala": (
        "kerava", "kaupunkisuunnittelu", "Ville", "Hakala", "Paikkatietoasiantuntija", ["fi", "en"],
        {"gis": 4, "data-analytics": 3, "zoning": 2},
        "Paikkatietoaineistot, karttapalvelu ja QGIS. Autan löytämään oikean aineiston ja tekemään siitä kartan.",
        "",
    ),
    "timo.rantanen": (
        "kerava", "talous", "Timo", "Rantanen", "Talousjohtaja", ["fi", "en"],
        {"municipal-finance": 4, "accounting": 3, "internal-control": 3},
        "Talousarvion laadinta ja seuranta sekä investointilaskelmat.", "",
    ),
    "paivi.kallio": (
        "kerava", "kanslia", "Päivi", "Kallio", "Kaupunginjohtaja", ["fi", "sv", "en"],
        {"municipal-finance": 3, "participation": 2}, "", "",
    ),
    "johanna.lindqvist": (
        "sipoo", "kanslia", "Johanna", "Lindqvist", "Dataskyddsombud – tietosuojavastaava", ["sv", "fi", "en"],
        {"data-protection": 4, "information-management": 3, "administrative-law": 3},
        "Dataskydd och GDPR i kommunens vardag: konsekvensbedömningar (DPIA), dataskyddsbeskrivningar, "
        "personuppgiftsincidenter och begäran om insyn. Tietosuoja suomeksi: vaikutustenarvioinnit, "
        "tietoturvaloukkaukset ja tietopyynnöt. Happy to answer in English too.",
        "Dataskyddsombud för Sibbo kommun.",
    ),
    "mikael.holmstrom": (
        "sipoo", "viestinta", "Mikael", "Holmström", "Kommunikationschef – viestintäpäällikkö", ["sv", "fi", "en"],
        {"communications": 4, "swedish-language-services": 4, "accessibility": 3, "participation": 2},
        "Kommunikation på två språk: pressmeddelanden, sociala medier, klarspråk och översättningar mellan "
        "finska och svenska. Jag är också intranätets community manager – hör av dig om grupper och behörigheter.",
        "",
    ),
    "anna.sjoberg": (
        "sipoo", "ruokapalvelut", "Anna", "Sjöberg", "Kostchef – ruokapalvelupäällikkö", ["sv", "fi", "en"],
        {"school-catering": 4, "climate-action": 3, "public-procurement": 2},
        "Skolmåltider som eleverna äter: matsedlar, specialdieter, matsvinn och vegetariska dagar. "
        "Jag leder Sibbos del i projektet Hållbar skolmat. Kouluruokailu ja kouluruoka myös suomeksi: "
        "ruokalistat, erityisruokavaliot ja hävikki.",
        "",
    ),
    "erik.backman": (
        "sipoo", "kaupunkisuunnittelu", "Erik", "Backman", "Planläggningschef – kaavoituspäällikkö", ["sv", "fi"],
        {"zoning": 3, "participation": 3, "environmental-protection": 2},
        "Generalplanen och detaljplaner i Sibbo, särskilt i Söderkulla och Nickby.", "",
    ),
    "sara.nyberg": (
        "sipoo", "varhaiskasvatus", "Sara", "Nyberg", "Lärare inom småbarnspedagogik", ["sv", "fi"],
        {"early-childhood-education": 3, "swedish-language-services": 2},
        "Svenskspråkig småbarnspedagogik och språkbad.", "",
    ),
    "fredrik.gronroos": (
        "sipoo", "kanslia", "Fredrik", "Grönroos", "Kommundirektör – kunnanjohtaja", ["sv", "fi", "en"],
        {"municipal-finance": 3, "preparedness": 3}, "", "",
    ),
    "elina.koivisto": (
        "helsingin-yliopisto", None, "Elina", "Koivisto", "Tutkijatohtori – postdoctoral researcher",
        ["fi", "en", "sv"], {"school-catering": 3, "climate-action": 3},
        "Kestävän kouluruokailun tutkimus: hävikkimittaukset ja kasvisruoan hyväksyttävyys. "
        "Voin auttaa aineiston keruun suunnittelussa.",
        "Helsingin yliopisto, Ruralia-instituutti.",
    ),
}

# Who logs in to the demo, and as what.
LOGINS = [
    ("aino.laine", "staff (Järvenpää), owner of the cross-municipality project"),
    ("kaisa.nieminen", "staff of another municipality (Kerava), procurement expert"),
    ("johanna.lindqvist", "Swedish-speaking staff (Sipoo), data protection officer"),
    ("mikael.holmstrom", "community manager and administrator (/admin)"),
    ("elina.koivisto", "guest partner (University of Helsinki), sees only the project space"),
]
ADMIN = "mikael.holmstrom"
