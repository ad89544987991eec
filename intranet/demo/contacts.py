"""External contacts (invented people at partner organisations) and the demo staff's interactions
with them."""

# key, name, organisation, role, email, added by, known by, source, legal basis, visibility
CONTACTS = [
    ("kl-hankinnat", "Riitta Hakulinen", "kuntaliitto", "Lakimies, julkiset hankinnat",
     "riitta.hakulinen@kuntaliitto.example", "kaisa.nieminen", ["kaisa.nieminen", "outi.salminen"],
     "Kuntaliiton hankintaverkosto", "public_task", "cooperating"),
    ("kl-eu", "Tomas Lindén", "kuntaliitto", "Erityisasiantuntija, EU-asiat",
     "tomas.linden@kuntaliitto.example", "sanna.makinen", ["sanna.makinen", "aino.laine"],
     "EU-edunvalvontaverkosto", "public_task", "cooperating"),
    ("kl-tietosuoja", "Hanna Vesterinen", "kuntaliitto", "Tietosuoja-asiantuntija",
     "hanna.vesterinen@kuntaliitto.example", "johanna.lindqvist", ["johanna.lindqvist"],
     "Kuntien tietosuojavastaavien verkosto", "public_task", "cooperating"),
    ("oph-vaka", "Marjo Kivinen", "opetushallitus", "Opetusneuvos, varhaiskasvatus",
     "marjo.kivinen@oph.example", "liisa.heikkinen", ["liisa.heikkinen", "sara.nyberg"],
     "Varhaiskasvatuksen kehittämisverkosto", "public_task", "cooperating"),
    ("oph-ruoka", "Jonas Ekström", "opetushallitus", "Opetusneuvos, kouluruokailu",
     "jonas.ekstrom@oph.example", "anna.sjoberg", ["anna.sjoberg", "aino.laine"],
     "Kestävä kouluruoka -hanke", "public_task", "cooperating"),
    ("hy-professori", "Jussi Pellinen", "helsingin-yliopisto", "Professori, ruokajärjestelmät",
     "jussi.pellinen@helsinki-uni.example", "aino.laine", ["aino.laine"],
     "Kestävä kouluruoka -hanke", "legitimate_interest", "cooperating"),
    ("kide-myynti", "Mira Salo", "ruokapalvelu-kide", "Myyntipäällikkö",
     "mira.salo@kide.example", "anna.sjoberg", ["anna.sjoberg", "kaisa.nieminen"],
     "Markkinavuoropuhelu 2026", "legitimate_interest", "organisation"),
    ("pohjoisvayla-arkkitehti", "Arto Lind", "arkkitehdit-pohjoisvayla", "Arkkitehti, osakas",
     "arto.lind@pohjoisvayla.example", "matti.korhonen", ["matti.korhonen", "erik.backman"],
     "Keskustan asemakaavan konsulttityö", "contract", "cooperating"),
    ("digitalo-pm", "Sofia Berg", "digitalo", "Projektipäällikkö",
     "sofia.berg@digitalo.example", "jukka.lehtonen", ["jukka.lehtonen"],
     "Asiointipalvelun toimitusprojekti", "contract", "organisation"),
    ("yrittajat-tj", "Kimmo Rautio", "keski-uudenmaan-yrittajat", "Toiminnanjohtaja",
     "kimmo.rautio@yrittajat.example", "sanna.makinen", ["sanna.makinen", "heidi.salonen"],
     "Yritysaamiaiset", "legitimate_interest", "cooperating"),
    ("rakvere-international", "Kadri Tamm", "rakvere", "International relations manager",
     "kadri.tamm@rakvere.example", "aino.laine", ["aino.laine", "mikael.holmstrom", "sanna.makinen"],
     "Interreg-kumppanihaku", "legitimate_interest", "cooperating"),
    ("rakvere-school", "Peeter Kuusk", "rakvere", "Head of school catering",
     "peeter.kuusk@rakvere.example", "anna.sjoberg", ["anna.sjoberg"],
     "Study visit to Rakvere 2026", "legitimate_interest", "private"),
]

# key, kind, date, organisation, summary, participants, contacts
INTERACTIONS = [
    ("kick-off-kouluruoka", "meeting", "2026-08-27", "helsingin-yliopisto",
     "Kestävä kouluruoka -hankkeen aloituspalaveri: tavoitteet, mittarit ja aikataulu.",
     ["aino.laine", "anna.sjoberg", "kaisa.nieminen"], ["hy-professori"]),
    ("markkinavuoropuhelu-kide", "meeting", "2026-10-21", "ruokapalvelu-kide",
     "Markkinavuoropuhelu: toimittajan näkemys osiin jaosta ja kasvisproteiinien saatavuudesta.",
     ["kaisa.nieminen", "anna.sjoberg"], ["kide-myynti"]),
    ("kl-hankintaneuvonta", "call", "2026-09-09", "kuntaliitto",
     "Puhelu yhteishankinnan sopimusrakenteesta ja kuntien välisestä vastuunjaosta.",
     ["kaisa.nieminen"], ["kl-hankinnat"]),
    ("oph-kouluruokasuositus", "email", "2026-09-30", "opetushallitus",
     "Kysymys kouluruokailusuosituksen päivityksestä ja kasvisruokapäivistä.",
     ["anna.sjoberg"], ["oph-ruoka"]),
    ("vaka-verkosto-syksy", "event", "2026-10-08", "opetushallitus",
     "Varhaiskasvatuksen kehittämisverkoston syystapaaminen.",
     ["liisa.heikkinen", "sara.nyberg"], ["oph-vaka"]),
    ("keskustan-kaava-tyopaja", "meeting", "2026-09-24", "arkkitehdit-pohjoisvayla",
     "Keskustan asemakaavan vaihtoehtojen työpaja.",
     ["matti.korhonen", "ville.hakala"], ["pohjoisvayla-arkkitehti"]),
    ("asiointipalvelu-ohjausryhma", "project", "2026-10-15", "digitalo",
     "Asiointipalvelun ohjausryhmä: saavutettavuusauditoinnin tulokset.",
     ["jukka.lehtonen"], ["digitalo-pm"]),
    ("interreg-kumppanihaku", "call", "2026-10-16", "rakvere",
     "Partner search call with Rakvere for an Interreg Central Baltic application.",
     ["aino.laine", "sanna.makinen"], ["rakvere-international"]),
    ("rakvere-vierailu", "event", "2026-06-11", "rakvere",
     "Study visit to Rakvere school kitchens.", ["anna.sjoberg", "aino.laine"],
     ["rakvere-school", "rakvere-international"]),
    ("yritysaamiainen-marras", "event", "2026-11-06", "keski-uudenmaan-yrittajat",
     "Yritysaamiainen: kuntien hankinnat ja paikalliset yritykset.",
     ["sanna.makinen", "kaisa.nieminen", "heidi.salonen"], ["yrittajat-tj"]),
    ("tietosuojaverkosto", "meeting", "2026-11-11", "kuntaliitto",
     "Kuntien tietosuojavastaavien verkostotapaaminen: tekoäly ja henkilötiedot.",
     ["johanna.lindqvist"], ["kl-tietosuoja"]),
]


def contact_lines() -> list[dict]:
    return [
        {"type": "contact", "key": key, "name": name, "organisation": org, "role": role, "email": email,
         "added_by": added_by, "known_by": known_by, "source": source, "legal_basis": legal_basis,
         "visibility": visibility}
        for key, name, org, role, email, added_by, known_by, source, legal_basis, visibility in CONTACTS
    ]


def interaction_lines() -> list[dict]:
    return [
        {"type": "interaction", "key": key, "kind": kind, "date": day, "organisation": org, "summary": summary,
         "participants": participants, "contacts": contacts}
        for key, kind, day, org, summary, participants, contacts in INTERACTIONS
    ]
