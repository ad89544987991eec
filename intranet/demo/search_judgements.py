"""Writes search/evaluation/queries.json: the judged queries over the demo data
(`python -m intranet.demo.search_judgements`). It lives with the demo data it judges; search only reads
the file it writes.

Grades are given by rules over the demo generator's records (intranet/demo), so they do not
depend on how search ranks, plus the hand-picked judgements listed below:
- a person holding a skill of the query's topic: level 4 -> 3, level 3 -> 2, level 2 -> 1
  (level 1 is a side interest, not someone to ask);
- `best`: the people a colleague should be sent to (the featured experts, the author of the
  accepted answers on that exact question, a stand-in): grade 3; `also`: grade 2;
- a person out of office in the query's scenario counts at most 1 (ask someone who is in);
- name look-ups: only the person named is relevant;
- organisations (`ORGANISATIONS`): colleagues with evidence a colleague of another organisation may see
  (contacts shared with cooperating municipalities, interactions all of whose contacts are): the one
  with most evidence 3, the others 2, former staff 1 (ask their successor);
- former staff by name (`FORMER_NAMES`): the former colleague 3 (staff find them, labelled).
Guests are left out: the evaluation searches as a colleague who shares no group with them.
Rerun after the demo data changes, review the diff, and record a new baseline.
"""

import json
from pathlib import Path

from intranet.demo import demo_records

OUT = Path(__file__).resolve().parents[2] / "search" / "evaluation" / "queries.json"

# (query, language, kind, topic skills, best, also)
TOPICS = [
    ("julkiset hankinnat", "fi", "skill", ["public-procurement"], ["kaisa.nieminen"], []),
    ("hankinnoissa", "fi", "inflected", ["public-procurement"], ["kaisa.nieminen"], []),
    ("kilpailutuksessa", "fi", "inflected", ["public-procurement"], ["kaisa.nieminen"], []),
    ("offentlig upphandling", "sv", "cross-language", ["public-procurement"], ["kaisa.nieminen"], []),
    ("upphandlingen", "sv", "inflected", ["public-procurement"], ["kaisa.nieminen"], []),
    ("public procurement", "en", "cross-language", ["public-procurement"], ["kaisa.nieminen"], []),
    ("tendering", "en", "synonym", ["public-procurement"], ["kaisa.nieminen"], []),
    ("kaavoitus", "fi", "skill", ["zoning"], ["matti.korhonen", "erik.backman"], []),
    ("asemakaavan", "fi", "inflected", ["zoning"], ["matti.korhonen", "erik.backman"], []),
    ("planläggning", "sv", "cross-language", ["zoning"], ["erik.backman", "matti.korhonen"], []),
    ("detaljplanen", "sv", "inflected", ["zoning"], ["erik.backman", "matti.korhonen"], []),
    ("zoning", "en", "cross-language", ["zoning"], ["matti.korhonen"], []),
    ("tietosuoja", "fi", "cross-language", ["data-protection"], ["johanna.lindqvist"], []),
    ("tietosuojasta", "fi", "inflected", ["data-protection"], ["johanna.lindqvist"], []),
    ("dataskydd", "sv", "skill", ["data-protection"], ["johanna.lindqvist"], []),
    ("GDPR", "en", "synonym", ["data-protection"], ["johanna.lindqvist"], []),
    ("data protection", "en", "cross-language", ["data-protection"], ["johanna.lindqvist"], []),
    ("henkilötietojen käsittely", "fi", "inflected", ["data-protection"], ["johanna.lindqvist"], []),
    ("EU-rahoitus", "fi", "skill", ["eu-funding"], ["sanna.makinen"], []),
    ("EU-finansiering", "sv", "cross-language", ["eu-funding"], ["sanna.makinen"], []),
    ("EU funding", "en", "cross-language", ["eu-funding"], ["sanna.makinen"], []),
    ("Interreg", "en", "synonym", ["eu-funding"], ["sanna.makinen"], []),
    ("varhaiskasvatus", "fi", "skill", ["early-childhood-education"], ["liisa.heikkinen"], ["sara.nyberg"]),
    ("varhaiskasvatuksessa", "fi", "inflected", ["early-childhood-education"], ["liisa.heikkinen"], []),
    (
        "småbarnspedagogik",
        "sv",
        "cross-language",
        ["early-childhood-education"],
        ["liisa.heikkinen", "sara.nyberg"],
        [],
    ),
    ("early childhood education", "en", "cross-language", ["early-childhood-education"], ["liisa.heikkinen"], []),
    ("päiväkoti", "fi", "synonym", ["early-childhood-education"], ["liisa.heikkinen"], []),
    ("kouluruokailu", "fi", "cross-language", ["school-catering"], ["anna.sjoberg"], ["aino.laine"]),
    ("kouluruokailusta", "fi", "inflected", ["school-catering"], ["anna.sjoberg"], ["aino.laine"]),
    ("skolmåltider", "sv", "skill", ["school-catering"], ["anna.sjoberg"], []),
    ("school catering", "en", "cross-language", ["school-catering"], ["anna.sjoberg"], ["aino.laine"]),
    ("ruokahävikki", "fi", "synonym", ["school-catering"], ["anna.sjoberg"], []),
    ("sosiaalityö", "fi", "skill", ["social-work"], ["heidi.salonen"], []),
    ("socialt arbete", "sv", "cross-language", ["social-work"], ["heidi.salonen"], []),
    ("social work", "en", "cross-language", ["social-work"], ["heidi.salonen"], []),
    ("sosiaaliohjaus", "fi", "synonym", ["social-work"], ["heidi.salonen"], []),
    ("paikkatieto", "fi", "skill", ["gis"], ["ville.hakala"], ["matti.korhonen"]),
    ("paikkatietoaineistot", "fi", "inflected", ["gis"], ["ville.hakala"], []),
    ("geografisk information", "sv", "cross-language", ["gis"], ["ville.hakala"], []),
    ("QGIS", "en", "synonym", ["gis"], ["ville.hakala"], []),
    ("tietoturva", "fi", "skill", ["information-security"], ["jukka.lehtonen"], []),
    ("tietoturvapoikkeama", "fi", "synonym", ["information-security"], ["jukka.lehtonen"], []),
    ("informationssäkerhet", "sv", "cross-language", ["information-security"], ["jukka.lehtonen"], []),
    ("phishing", "en", "synonym", ["information-security"], ["jukka.lehtonen"], []),
    ("viestintä", "fi", "cross-language", ["communications"], ["mikael.holmstrom"], []),
    ("kommunikation", "sv", "skill", ["communications"], ["mikael.holmstrom"], []),
    ("press release", "en", "synonym", ["communications"], ["mikael.holmstrom"], []),
    ("käännökset ruotsiksi", "fi", "inflected", ["swedish-language-services"], ["mikael.holmstrom"], []),
    ("översättning", "sv", "skill", ["swedish-language-services"], ["mikael.holmstrom"], []),
    ("talousarvio", "fi", "synonym", ["municipal-finance"], ["timo.rantanen"], []),
    ("kommunalekonomi", "sv", "cross-language", ["municipal-finance"], ["timo.rantanen"], []),
    ("municipal finance", "en", "cross-language", ["municipal-finance"], ["timo.rantanen"], []),
    ("hallinto-oikeus", "fi", "skill", ["administrative-law"], ["outi.salminen"], ["johanna.lindqvist"]),
    ("muutoksenhaku", "fi", "synonym", ["administrative-law"], ["outi.salminen"], []),
    ("avtalsjuridik", "sv", "cross-language", ["contract-law"], ["outi.salminen"], ["kaisa.nieminen"]),
    ("contract law", "en", "cross-language", ["contract-law"], ["outi.salminen"], ["kaisa.nieminen"]),
    ("projektinhallinta", "fi", "skill", ["project-management"], ["aino.laine"], ["sanna.makinen"]),
    ("project management", "en", "cross-language", ["project-management"], ["aino.laine"], ["sanna.makinen"]),
    ("saavutettavuus", "fi", "cross-language", ["accessibility"], ["mikael.holmstrom"], []),
    ("WCAG", "en", "synonym", ["accessibility"], ["mikael.holmstrom"], []),
    ("ilmastotyö", "fi", "skill", ["climate-action"], [], []),
    ("klimatarbete", "sv", "cross-language", ["climate-action"], [], []),
    ("KVTES", "fi", "synonym", ["labour-law"], [], []),
    ("rekrytointi", "fi", "synonym", ["human-resources"], [], []),
    ("erityisopetus", "fi", "skill", ["special-education"], [], []),
    ("kotoutuminen", "fi", "skill", ["immigrant-integration"], [], []),
    ("bygglov", "sv", "cross-language", ["building-control"], [], []),
    ("nuorisotyö", "fi", "skill", ["youth-work"], [], []),
    ("beredskap", "sv", "cross-language", ["preparedness"], [], []),
    # Evidence in answers and "I can help with" texts.
    ("kynnysarvo", "fi", "answers", ["public-procurement"], ["kaisa.nieminen"], []),
    ("dynamiskt inköpssystem", "sv", "answers", ["public-procurement"], ["kaisa.nieminen"], []),
    ("personuppgiftsincident", "sv", "answers", ["data-protection"], ["johanna.lindqvist"], []),
    ("DPIA booking bot", "en", "answers", ["data-protection"], ["johanna.lindqvist"], []),
    ("poikkeamispäätös rannalle", "fi", "answers", ["zoning"], ["matti.korhonen"], []),
    ("välfärdsområde", "sv", "answers", ["swedish-language-services"], ["mikael.holmstrom"], []),
    ("Interreg Central Baltic kumppani", "fi", "answers", ["eu-funding"], ["sanna.makinen"], []),
    ("lapsen tuen kirjaaminen", "fi", "answers", ["early-childhood-education"], ["liisa.heikkinen"], []),
    (
        "school catering procurement",
        "en",
        "topic",
        ["school-catering", "public-procurement"],
        ["anna.sjoberg", "kaisa.nieminen"],
        ["aino.laine"],
    ),
    (
        "kouluruoan hankinta",
        "fi",
        "topic",
        ["school-catering", "public-procurement"],
        ["anna.sjoberg", "kaisa.nieminen"],
        ["aino.laine"],
    ),
]

# (query, person): name look-ups, with and without diacritics and with typos.
NAMES = [
    ("Kaisa Nieminen", "kaisa.nieminen"),
    ("kaisa niemnen", "kaisa.nieminen"),
    ("Anna Sjöberg", "anna.sjoberg"),
    ("Sjoberg", "anna.sjoberg"),
    ("Mikael Holmstrom", "mikael.holmstrom"),
    ("Holmström", "mikael.holmstrom"),
    ("Johanna Lindkvist", "johanna.lindqvist"),
    ("Matti Korhonen", "matti.korhonen"),
    ("Jukka Lehtonnen", "jukka.lehtonen"),
    ("Ville Hakkala", "ville.hakala"),
    ("Sana Makinen", "sanna.makinen"),
    ("Heidi Salonen", "heidi.salonen"),
    ("Fredrik Gronros", "fredrik.gronroos"),
    ("Outi Salminen", "outi.salminen"),
    ("Timo Rantanen", "timo.rantanen"),
    ("Liisa Heikinen", "liisa.heikkinen"),
    ("Erik Bakman", "erik.backman"),
    ("Päivi Kallio", "paivi.kallio"),
    ("Paivi Kalio", "paivi.kallio"),
    ("Aino Laine", "aino.laine"),
]

# (query, language, topic skills, away person, stand-in, other best): the expert is out of office.
AVAILABILITY = [
    ("julkiset hankinnat", "fi", ["public-procurement"], "kaisa.nieminen", "anna.sjoberg", []),
    ("tietosuoja", "fi", ["data-protection"], "johanna.lindqvist", "outi.salminen", []),
    ("EU funding", "en", ["eu-funding"], "sanna.makinen", "aino.laine", []),
    ("paikkatieto", "fi", ["gis"], "ville.hakala", "matti.korhonen", []),
    ("skolmåltider", "sv", ["school-catering"], "anna.sjoberg", "aino.laine", []),
    ("tietoturva", "fi", ["information-security"], "jukka.lehtonen", "johanna.lindqvist", []),
]
# (query, language, organisation key): "who has dealt with ..." by the organisation's name or kind.
ORGANISATIONS = [
    ("Kuntaliitto", "fi", "kuntaliitto"),
    ("Kommunförbundet", "sv", "kuntaliitto"),
    ("Opetushallitus", "fi", "opetushallitus"),
    ("Rakvere", "any", "rakvere"),
]
# (query, person): former staff found by name, with and without diacritics.
FORMER_NAMES = [("Ritva Örnberg", "ritva.ornberg-demo"), ("Ritva Ornberg", "ritva.ornberg-demo")]
AWAY_DAYS = 14
LEVEL_GRADES = {4: 3, 3: 2, 2: 1}


def _by_skill(people: list[dict]) -> dict[str, dict[str, int]]:
    levels: dict[str, dict[str, int]] = {}
    for person in people:
        if person.get("guest") or person.get("active") is False:  # not findable by a colleague
            continue
        for held in person["skills"]:
            levels.setdefault(held["skill"], {})[person["key"]] = held["level"]
    return levels


def _topic_grades(levels, skills, best, also) -> dict[str, int]:
    grades: dict[str, int] = {}
    for skill in skills:
        for key, level in levels.get(skill, {}).items():
            grades[key] = max(grades.get(key, 0), LEVEL_GRADES.get(level, 0))
    for key in also:
        grades[key] = max(grades.get(key, 0), 2)
    for key in best:
        grades[key] = 3
    return {key: grade for key, grade in sorted(grades.items()) if grade}


def _organisation_grades(records: list[dict], organisation: str) -> dict[str, int]:
    """Evidence per colleague visible to staff of any organisation (search.network's audiences)."""
    contacts = {record["key"]: record for record in records if record["type"] == "contact"}
    people = {record["key"]: record for record in records if record["type"] == "person"}
    shared = {key for key, contact in contacts.items() if contact.get("visibility") == "cooperating"}
    counts: dict[str, int] = {}
    for key in shared:
        if contacts[key].get("organisation") == organisation:
            for person in contacts[key].get("known_by", []):
                counts[person] = counts.get(person, 0) + 1
    for record in records:
        if record["type"] != "interaction" or not set(record.get("contacts", [])) <= shared:
            continue
        organisations = {record.get("organisation")} | {
            contacts[key].get("organisation") for key in record.get("contacts", [])
        }
        if organisation in organisations:
            for person in record.get("participants", []):
                counts[person] = counts.get(person, 0) + 1
    former = {key for key, person in people.items() if person.get("left_on")}
    current = {key: count for key, count in counts.items() if key not in former and not people[key].get("guest")}
    most = max(current.values(), default=0)
    grades = {key: (3 if count == most else 2) for key, count in current.items()}
    grades.update({key: 1 for key in counts if key in former})
    return dict(sorted(grades.items()))


def build() -> list[dict]:
    records = demo_records()
    people = [record for record in records if record["type"] == "person"]
    levels = _by_skill(people)
    queries = []
    for query, language, kind, skills, best, also in TOPICS:
        queries.append(
            {"query": query, "language": language, "kind": kind, "relevant": _topic_grades(levels, skills, best, also)}
        )
    for query, person in NAMES:
        queries.append({"query": query, "language": "any", "kind": "name", "relevant": {person: 3}})
    for query, language, skills, away, stand_in, best in AVAILABILITY:
        grades = _topic_grades(levels, skills, [stand_in, *best], [])
        grades[away] = 1
        queries.append(
            {
                "query": query,
                "language": language,
                "kind": "availability",
                "away": {away: {"days": AWAY_DAYS, "stand_in": stand_in}},
                "relevant": grades,
            }
        )
    # Added with network evidence and former staff (appended so earlier ids keep their numbers).
    for query, language, organisation in ORGANISATIONS:
        queries.append(
            {
                "query": query,
                "language": language,
                "kind": "organisation",
                "relevant": _organisation_grades(records, organisation),
            }
        )
    for query, person in FORMER_NAMES:
        queries.append({"query": query, "language": "any", "kind": "former-staff", "relevant": {person: 3}})
    for number, entry in enumerate(queries, start=1):
        entry["id"] = f"q{number:03d}"
    return queries


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(build())} queries")
