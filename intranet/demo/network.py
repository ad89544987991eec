"""The demo's handover and partnerships: a procurement specialist of Kerava retired in autumn 2026 and
handed her network to Kaisa Nieminen; projects with partner organisations, one of them ended."""

FORMER = "ritva.ornberg-demo"
SUCCESSOR = "kaisa.nieminen"


def former_staff_lines() -> list[dict]:
    return [
        {
            "type": "person",
            "key": FORMER,
            "email": f"{FORMER}@kerava.example",
            "first_name": "Ritva",
            "last_name": "Örnberg",
            "organisation": "kerava",
            "unit": "kerava.hankinnat",
            "title": "Hankintapäällikkö",
            "languages": ["fi", "sv"],
            "help_with": "Kuntien yhteishankinnat ja puitejärjestelyt (eläkkeellä – kysy Kaisalta).",
            "leaving_on": "2026-09-30",
            "left_on": "2026-09-30",
            "successor": SUCCESSOR,
            "active": False,
            # Level 3: Kaisa stays the one obvious procurement expert the search evaluation expects.
            "skills": [{"skill": "public-procurement", "level": 3, "confirmed": "2025-05-01"}],
        }
    ]


# key, name, kind, starts, ends, organisations, people
PARTNERSHIPS = [
    (
        "kestava-kouluruoka",
        "Kestävä kouluruoka -hanke",
        "national_project",
        "2026-08-01",
        "2028-07-31",
        ["helsingin-yliopisto", "opetushallitus", "ruokapalvelu-kide"],
        ["aino.laine", "anna.sjoberg", SUCCESSOR],
    ),
    (
        "healthy-school-food",
        "Interreg Central Baltic: Healthy School Food",
        "eu_project",
        "2021-01-01",
        "2023-12-31",
        ["rakvere", "helsingin-yliopisto"],
        [FORMER, "anna.sjoberg"],
    ),
    (
        "rakvere-twinning",
        "Ystävyyskaupunki Rakvere – Sipoo",
        "twin_city",
        "1992-05-01",
        None,
        ["rakvere"],
        ["anna.sjoberg"],
    ),
]

# Contacts that Ritva made and handed over: she stays their "added by", Kaisa now knows them.
CONTACTS = [
    (
        "kl-puitejarjestelyt",
        "Petri Anttila",
        "kuntaliitto",
        "Johtava lakimies, hankinnat",
        "petri.anttila@kuntaliitto.example",
        "Kuntaliiton hankintaverkosto",
        "public_task",
        "cooperating",
        None,
    ),
    (
        "rakvere-procurement",
        "Liis Saar",
        "rakvere",
        "Procurement officer",
        "liis.saar@rakvere.example",
        "Healthy School Food",
        "legitimate_interest",
        "organisation",
        "healthy-school-food",
    ),
]

INTERACTIONS = [
    (
        "hsf-final-seminar",
        "event",
        "2023-11-15",
        "rakvere",
        "Healthy School Food final seminar: joint procurement criteria for school meals.",
        [FORMER, "anna.sjoberg"],
        ["rakvere-procurement"],
    ),
    (
        "puitejarjestely-2025",
        "meeting",
        "2025-03-12",
        "kuntaliitto",
        "Puitejärjestelyn sopimusehdot ja kuntien liittymismenettely.",
        [FORMER],
        ["kl-puitejarjestelyt"],
    ),
    (
        "handover-kuntaliitto",
        "call",
        "2026-09-20",
        "kuntaliitto",
        "Ritva esitteli Kaisan seuraajakseen Kuntaliiton hankintaverkostolle.",
        [FORMER, SUCCESSOR],
        ["kl-puitejarjestelyt"],
    ),
]


def partnership_lines() -> list[dict]:
    lines = []
    for key, name, kind, starts, ends, organisations, people in PARTNERSHIPS:
        line = {
            "type": "partnership",
            "key": key,
            "name": name,
            "kind": kind,
            "starts_on": starts,
            "organisations": organisations,
            "people": people,
        }
        if ends:
            line["ends_on"] = ends
        lines.append(line)
    return lines


def handover_contact_lines() -> list[dict]:
    return [
        {
            "type": "contact",
            "key": key,
            "name": name,
            "organisation": org,
            "role": role,
            "email": email,
            "added_by": FORMER,
            "known_by": [SUCCESSOR],
            "source": source,
            "source_kind": "project" if project else "group",
            "legal_basis": basis,
            "visibility": visibility,
            **({"partnership": project} if project else {}),
        }
        for key, name, org, role, email, source, basis, visibility, project in CONTACTS
    ]


def handover_interaction_lines() -> list[dict]:
    return [
        {
            "type": "interaction",
            "key": key,
            "kind": kind,
            "date": day,
            "organisation": org,
            "summary": summary,
            "participants": participants,
            "contacts": contacts,
            "recorded_by": participants[0],
        }
        for key, kind, day, org, summary, participants, contacts in INTERACTIONS
    ]
