"""The demo's ten groups and who belongs to them."""

import random

HOME = ["jarvenpaa", "kerava", "sipoo"]

# key, name, description, visibility, owning organisations, owner, moderators,
# skills or unit slugs whose people join (up to `size`), extra random members
GROUPS = [
    (
        "kestava-kouluruoka",
        "Kestävä kouluruoka – Hållbar skolmat",
        "Järvenpään, Keravan ja Sipoon yhteinen hanke 2026–2027: enemmän kasvisruokaa ja puolet vähemmän hävikkiä "
        "kouluissa. Gemensamt projekt för Träskända, Kervo och Sibbo. Tutkimuskumppanina Helsingin yliopisto.",
        "private",
        HOME,
        "aino.laine",
        ["anna.sjoberg"],
        {"skills": ["school-catering"], "size": 10},
        0,
    ),
    (
        "hankintaverkosto",
        "Hankintaverkosto – Upphandlingsnätverket",
        "Kolmen kunnan hankinta-asiantuntijat ja kaikki, jotka kilpailuttavat. Kysy kynnysarvoista, "
        "tarjouspyynnöistä ja sopimuksista. Frågor på svenska är också välkomna.",
        "public",
        HOME,
        "kaisa.nieminen",
        [],
        {"skills": ["public-procurement", "contract-law"], "size": 30},
        8,
    ),
    (
        "tietosuoja",
        "Tietosuoja ja tietoturva – Dataskydd och informationssäkerhet",
        "GDPR, tietoturvapoikkeamat ja asiakirjojen käsittely. Dataskydd, incidenter och arkivering.",
        "public",
        HOME,
        "johanna.lindqvist",
        ["jukka.lehtonen"],
        {"skills": ["data-protection", "information-security", "information-management"], "size": 30},
        8,
    ),
    (
        "varhaiskasvatus",
        "Varhaiskasvatuksen kehittäjät – Utvecklare inom småbarnspedagogik",
        "Varhaiskasvatuksen arki ja kehittäminen kolmessa kunnassa. Småbarnspedagogik på finska och svenska.",
        "public",
        HOME,
        "liisa.heikkinen",
        ["sara.nyberg"],
        {"units": ["varhaiskasvatus"], "size": 40},
        0,
    ),
    (
        "kaavoitus",
        "Maankäyttö ja kaavoitus – Markanvändning och planläggning",
        "Kaavoitus, paikkatieto ja rakennusvalvonta yli kuntarajojen.",
        "public",
        HOME,
        "matti.korhonen",
        ["erik.backman"],
        {"skills": ["zoning", "gis", "building-control"], "size": 25},
        3,
    ),
    (
        "eu-rahoitus",
        "EU-rahoitus ja hankkeet – EU-finansiering och projekt",
        "Rahoitushaut, kumppanihaut ja hankkeiden hallinto. Calls, partner searches and project administration.",
        "public",
        HOME,
        "sanna.makinen",
        [],
        {"skills": ["eu-funding", "project-management"], "size": 25},
        5,
    ),
    (
        "svenska-natverket",
        "Svenska nätverket – Ruotsinkielinen verkosto",
        "Svensk service, översättningar och termer. Ruotsinkieliset palvelut ja käännösapu.",
        "public",
        HOME,
        "mikael.holmstrom",
        [],
        {"swedish": True, "size": 80},
        5,
    ),
    (
        "keravan-esihenkilot",
        "Keravan esihenkilöt",
        "Keravan esihenkilöiden ajankohtaiset asiat: talous, henkilöstö ja johtaminen.",
        "private",
        ["kerava"],
        "timo.rantanen",
        ["paivi.kallio"],
        {"managers_of": "kerava", "size": 20},
        0,
    ),
    (
        "kuntajohto",
        "Kuntajohdon valmistelu – Kommunledningens beredning",
        "Kaupungin- ja kunnanjohtajien luottamuksellinen valmistelutila.",
        "secret",
        HOME,
        "harri.aaltonen",
        ["outi.salminen"],
        {"size": 0},
        0,
    ),
    (
        "kahvihuone",
        "Kahvihuone – Kafferummet – Coffee room",
        "Vapaata keskustelua, kimppakyytejä ja kadonneita sateenvarjoja. Fritt prat. Small talk welcome.",
        "public",
        HOME,
        "mikael.holmstrom",
        [],
        {"size": 0},
        80,
    ),
]
EXTRA_MEMBERS = {
    "kestava-kouluruoka": [("kaisa.nieminen", "member"), ("sanna.makinen", "member"), ("elina.koivisto", "guest")],
    "kuntajohto": [("paivi.kallio", "member"), ("fredrik.gronroos", "member")],
    "keravan-esihenkilot": [("heidi.salonen", "member"), ("kaisa.nieminen", "member")],
}
MANAGER_WORDS = ("päällikkö", "johtaja", "rehtori", "föreståndare", "chef", "rektor")


def group_lines() -> list[dict]:
    return [
        {
            "type": "group",
            "key": key,
            "name": name,
            "description": description,
            "visibility": visibility,
            "organisations": organisations,
        }
        for key, name, description, visibility, organisations, *_rest in GROUPS
    ]


def memberships(rng: random.Random, people: list[dict]) -> dict[tuple[str, str], str]:
    """(group, person) -> role. Only staff join by skill, unit or chance; the guest is invited."""
    staff = [p for p in people if not p.get("guest")]
    roles: dict[tuple[str, str], str] = {}
    for key, _name, _description, _visibility, _orgs, owner, moderators, rule, extra in GROUPS:
        roles[(key, owner)] = "owner"
        for person in moderators:
            roles[(key, person)] = "moderator"
        for person, role in EXTRA_MEMBERS.get(key, []):
            roles[(key, person)] = role
        for person in _matching(staff, rule)[: rule["size"]]:
            roles.setdefault((key, person), "member")
        for person in rng.sample(staff, k=extra):
            roles.setdefault((key, person["key"]), "member")
    return roles


def _matching(staff: list[dict], rule: dict) -> list[str]:
    def fits(person: dict) -> bool:
        skills = {item["skill"] for item in person.get("skills", [])}
        if "skills" in rule:
            return bool(skills & set(rule["skills"]))
        if "units" in rule:
            return person.get("unit", "").split(".", 1)[-1] in rule["units"]
        if rule.get("swedish"):
            return person["languages"][0] == "sv"
        if "managers_of" in rule:
            title = person.get("title", "").lower()
            return person["organisation"] == rule["managers_of"] and any(w in title for w in MANAGER_WORDS)
        return False

    return [person["key"] for person in staff if fits(person)]


def membership_lines(roles: dict[tuple[str, str], str]) -> list[dict]:
    return [
        {"type": "membership", "group": group, "person": person, "role": role}
        for (group, person), role in roles.items()
    ]
