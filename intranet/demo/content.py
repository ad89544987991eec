"""Demo posts, questions and answers in Finnish, Swedish and English.

An author is a featured person's key, or a "~role" that the cast fills with a generated colleague
(e.g. "~teacher-jp": a Finnish-speaking teacher in Järvenpää). Times are UTC."""

from intranet.demo.featured import FEATURED

# group, slug, author, kind, title, body, time, [(author, body, time)], index of the accepted answer
THREADS = [
    (
        "hankintaverkosto",
        "kynnysarvot-kouluruoka",
        "aino.laine",
        "question",
        "Kouluruoan raaka-ainehankinta – EU-menettely vai kansallinen?",
        "Valmistelemme Kestävä kouluruoka -hankkeessa kolmen kunnan yhteistä raaka-ainehankintaa. Arvio on noin "
        "900 000 € neljälle vuodelle. Ylittyykö EU-kynnysarvo, ja pitääkö ilmoitus julkaista Hilman lisäksi "
        "jossain muualla?",
        "2026-09-08T06:15:00",
        [
            (
                "kaisa.nieminen",
                "Ylittyy selvästi. Laske arvoon koko sopimuskausi optioineen ja kaikkien kolmen kunnan osuudet. "
                "EU-kynnysarvot tarkistetaan kahden vuoden välein, joten tarkista ajantasainen luku Hilmasta. "
                "Ilmoitus julkaistaan Hilmassa, josta se välittyy automaattisesti EU:n TED-tietokantaan – erillistä "
                "julkaisua ei tarvita. Suosittelen jakamaan hankinnan osiin (esim. maitotuotteet, leipä, kasvikset), "
                "jotta myös paikalliset tuottajat voivat tarjota.",
                "2026-09-08T07:02:00",
            ),
            (
                "anna.sjoberg",
                "Vi i Sibbo delade upp förra upphandlingen i fem delområden och fick anbud från tre lokala "
                "producenter. Jag delar gärna våra kriterier för närproducerat.",
                "2026-09-08T09:40:00",
            ),
            (
                "aino.laine",
                "Kiitos molemmille! Otetaan osiin jako mukaan markkinavuoropuheluun.",
                "2026-09-08T11:05:00",
            ),
        ],
        0,
    ),
    (
        "hankintaverkosto",
        "pienhankinnat-tarjoukset",
        "~teacher-jp",
        "question",
        "Pitääkö pienhankinnasta pyytää useampi tarjous?",
        "Koulumme ostaa uusia soittimia noin 8 000 eurolla. Hankintalaki ei kai koske näin pientä hankintaa, "
        "mutta riittääkö yksi tarjous?",
        "2026-09-22T10:30:00",
        [
            (
                "kaisa.nieminen",
                "Hankintalaki ei koske kansallisen kynnysarvon (tavarat ja palvelut 60 000 €) alittavia hankintoja, "
                "mutta kunnan hankintaohje ja hallinnon periaatteet – tasapuolisuus, avoimuus ja taloudellisuus – "
                "koskevat. Pyydä vähintään kolme tarjousta sähköpostilla ja dokumentoi valinta lyhyesti. "
                "Tarkista ensin, onko soittimille jo puitejärjestely: silloin tilaat sen kautta.",
                "2026-09-22T11:10:00",
            ),
            ("~teacher-jp", "Selvä, puitejärjestely löytyi. Kiitos!", "2026-09-22T12:45:00"),
        ],
        0,
    ),
    (
        "hankintaverkosto",
        "dps-vikarier",
        "~procurement-sipoo-sv",
        "question",
        "Dynamiskt inköpssystem för vikarier – erfarenheter?",
        "Vi funderar på ett dynamiskt inköpssystem (DPS) för vikarietjänster inom småbarnspedagogiken. "
        "Har någon av er använt det? Vad ska man tänka på?",
        "2026-10-06T08:20:00",
        [
            (
                "kaisa.nieminen",
                "Ja, i Kervo har vi haft ett DPS för vikarietjänster sedan 2024. Fördelen är att nya leverantörer kan "
                "ansluta under hela avtalsperioden. Tänk på att varje avrop konkurrensutsätts mellan alla godkända "
                "leverantörer, så avropskriterierna måste vara enkla. Jag skickar vår mall för avropsförfrågan.",
                "2026-10-06T09:05:00",
            ),
            (
                "liisa.heikkinen",
                "Meillä Järvenpäässä sama pohdinta – olisi kiva nähdä mallinne myös.",
                "2026-10-06T10:30:00",
            ),
        ],
        0,
    ),
    (
        "hankintaverkosto",
        "koulutusaamu",
        "kaisa.nieminen",
        "post",
        "",
        "Hankintojen koulutusaamu to 10.12. klo 9–11 (Teams): hankintapäätöksen perustelut, valitusajat ja "
        "odotusaika. Ilmoittaudu kommentoimalla tähän. Utbildningen hålls på finska, frågor får ställas på svenska.",
        "2026-11-16T07:00:00",
        [
            ("~procurement-sipoo-sv", "Jag kommer gärna!", "2026-11-16T08:12:00"),
            ("~finance-kerava", "Ilmoittaudun.", "2026-11-16T09:30:00"),
        ],
        None,
    ),
    (
        "tietosuoja",
        "oppilaiden-kuvat",
        "~teacher-jp",
        "question",
        "Saako oppilaiden kuvia julkaista koulun somessa?",
        "Haluaisimme julkaista kuvia koulun kevätjuhlasta koulun Instagram-tilillä. Mitä pitää ottaa huomioon?",
        "2026-09-15T12:00:00",
        [
            (
                "johanna.lindqvist",
                "Kuva, josta henkilö on tunnistettavissa, on henkilötieto. Julkaisu somessa tarvitsee suostumuksen – "
                "alaikäisen kohdalla käytännössä huoltajalta – ja suostumuksen pitää olla peruttavissa. Kerää "
                "suostumukset lukuvuoden alussa lomakkeella, pidä niistä kirjaa ja poista kuva, jos suostumus perutaan. "
                "Ryhmäkuva, jossa ketään ei voi tunnistaa, on helpompi.",
                "2026-09-15T13:20:00",
            ),
            (
                "jukka.lehtonen",
                "Ja käytä koulun tiliä, älä omaa. Tilin salasana kuuluu salasanaholviin.",
                "2026-09-15T14:02:00",
            ),
        ],
        0,
    ),
    (
        "tietosuoja",
        "dpia-booking-bot",
        "~it-kerava",
        "question",
        "Do we need a DPIA for the new booking bot?",
        "We are piloting a chat bot that books appointments at the service point. It stores names, phone numbers "
        "and the reason for the visit. Do we need a data protection impact assessment before the pilot?",
        "2026-10-01T07:45:00",
        [
            (
                "johanna.lindqvist",
                "Start with the threshold assessment: new technology, a public service and possibly sensitive reasons "
                "for the visit together point towards a full DPIA. Do it before the pilot, not after. Limit the free-text "
                "reason field, set a retention time, and update the privacy notice. I can review your draft – the "
                "template is in the group's files.",
                "2026-10-01T08:30:00",
            ),
            ("jukka.lehtonen", "Also check where the bot vendor processes the data (EU/EEA?).", "2026-10-01T09:10:00"),
        ],
        0,
    ),
    (
        "tietosuoja",
        "fel-mottagare",
        "~teacher-sipoo-sv",
        "question",
        "Personuppgiftsincident – ett mejl gick till fel mottagare",
        "Jag skickade av misstag en elevlista med kontaktuppgifter till fel vårdnadshavare. Vad ska jag göra nu?",
        "2026-10-20T13:05:00",
        [
            (
                "johanna.lindqvist",
                "Bra att du frågar genast! 1) Be mottagaren radera meddelandet och bekräfta det. 2) Anmäl incidenten "
                "till dataskyddsombudet via blanketten för personuppgiftsincidenter i dag. 3) Vi bedömer risken "
                "tillsammans: om incidenten sannolikt medför en risk ska den anmälas till Dataombudsmannens byrå inom "
                "72 timmar. Du behöver inte skämmas – det viktiga är att reagera snabbt.",
                "2026-10-20T13:30:00",
            )
        ],
        0,
    ),
    (
        "tietosuoja",
        "verkkokurssi",
        "johanna.lindqvist",
        "post",
        "",
        "Muistutus / Påminnelse: tietosuojan ja tietoturvan verkkokurssi on pakollinen kaikille uusille "
        "työntekijöille kolmen kuukauden kuluessa aloituksesta. Kursen finns på finska, svenska och engelska.",
        "2026-11-03T06:30:00",
        [],
        None,
    ),
    (
        "varhaiskasvatus",
        "tuen-kirjaaminen",
        "~ece-kerava",
        "question",
        "Miten kirjaatte lapsen tuen varhaiskasvatussuunnitelmaan?",
        "Meillä on yksikössä erilaisia käytäntöjä lapsen tuen ja tukitoimien kirjaamisessa. Miten te teette, "
        "ja milloin tarvitaan hallintopäätös?",
        "2026-09-29T11:00:00",
        [
            (
                "liisa.heikkinen",
                "Kirjaamme tuen tarpeen, tukitoimet ja niiden arvioinnin lapsen vasuun, ja keskustelemme niistä "
                "huoltajan kanssa. Hallintopäätös tehdään tukitoimista silloin, kun laki sitä edellyttää – esimerkiksi "
                "erityisopettajan säännöllisestä tuesta. Meillä on Järvenpäässä yhteinen kirjausmalli, jaan sen tänne.",
                "2026-09-29T12:15:00",
            ),
            (
                "sara.nyberg",
                "Vi använder samma modell på svenska i Sibbo – jag kan dela vår översättning.",
                "2026-09-29T13:00:00",
            ),
        ],
        0,
    ),
    (
        "varhaiskasvatus",
        "material-hallbarhet",
        "sara.nyberg",
        "question",
        "Material på svenska om hållbar utveckling för de minsta?",
        "Har någon tips på svenskspråkigt material om hållbar utveckling för 3–5-åringar?",
        "2026-10-14T09:00:00",
        [
            ("~ece-sipoo-sv", "Vi har använt Grön Flagg-materialet, det finns på svenska.", "2026-10-14T10:20:00"),
            ("liisa.heikkinen", "Vihreä lippu -materiaali toimii meillä myös hyvin!", "2026-10-14T11:00:00"),
        ],
        None,
    ),
    (
        "varhaiskasvatus",
        "kehittamispaiva",
        "liisa.heikkinen",
        "post",
        "",
        "Varhaiskasvatuksen yhteinen kehittämispäivä pidetään 15.1. Keravalla. Teemana leikki ja osallisuus. "
        "Utvecklingsdagen har också ett svenskspråkigt spår.",
        "2026-11-10T08:00:00",
        [],
        None,
    ),
    (
        "kaavoitus",
        "poikkeaminen-ranta",
        "~building-jp",
        "question",
        "Suunnittelutarveratkaisu vai poikkeamispäätös rannalle?",
        "Asiakas kysyy saunan rakentamisesta järven rannalle alueelle, jolla ei ole ranta-asemakaavaa. "
        "Kumpi lupa tarvitaan ensin?",
        "2026-09-17T08:40:00",
        [
            (
                "matti.korhonen",
                "Ranta-alueella, jolla ei ole rantakaavaa, tarvitaan yleensä poikkeamispäätös ennen rakennuslupaa. "
                "Suunnittelutarveratkaisu koskee suunnittelutarvealueita muualla kuin rannoilla. Ohjaa asiakas "
                "kaavoituksen neuvontaan, niin katsotaan yleiskaava ja rantaviivan mitoitus yhdessä.",
                "2026-09-17T09:30:00",
            )
        ],
        0,
    ),
    (
        "kaavoitus",
        "gis-kuntaraja",
        "~international",
        "question",
        "Where can I find the GIS layers for the Kerava–Järvenpää border area?",
        "I need the land-use and street layers for a cycling route study across the border. Are they shared?",
        "2026-10-09T07:00:00",
        [
            (
                "ville.hakala",
                'Yes: the joint map service has both municipalities\' layers under "Kuntarajat". The WMS address and '
                "the licence terms are pinned in this group. Ping me if you need the street network as a GeoPackage.",
                "2026-10-09T07:45:00",
            )
        ],
        0,
    ),
    (
        "eu-rahoitus",
        "interreg-kumppanit",
        "aino.laine",
        "question",
        "Interreg Central Baltic: kuka voi olla kumppanina?",
        "Haemme kouluruokahankkeelle jatkoa virolaisen kumppanin kanssa. Voiko Rakveren kaupunki olla "
        "pääkumppani, ja tarvitaanko yliopisto mukaan?",
        "2026-10-12T10:00:00",
        [
            (
                "sanna.makinen",
                "Virolainen kunta voi olla kumppanina, ja pääkumppani voi olla kummasta maasta tahansa. Yliopisto ei ole "
                "pakollinen, mutta vahvistaa tuloksellisuutta. Katso ohjelma-asiakirjasta tukikelpoiset alueet ja "
                "aloita budjetista ajoissa. Voin sparrata hakemusta – varataan tunti ensi viikolle.",
                "2026-10-12T11:30:00",
            )
        ],
        0,
    ),
    (
        "eu-rahoitus",
        "erasmus-haku",
        "sanna.makinen",
        "post",
        "",
        "Erasmus+ -ohjelman koulujen liikkuvuushaku aukeaa pian. Kerro kommentilla, jos koulusi haluaa mukaan "
        "yhteiseen konsortioon. Also English-speaking colleagues welcome!",
        "2026-11-02T09:00:00",
        [("~teacher-sipoo-sv", "Nickby skola är intresserad!", "2026-11-02T10:00:00")],
        None,
    ),
    (
        "svenska-natverket",
        "valkommen",
        "mikael.holmstrom",
        "post",
        "",
        "Välkommen till Svenska nätverket! Här delar vi tips om svensk service, översättningar och termer. "
        "Tervetuloa myös suomenkieliset – kysykää rohkeasti ruotsinkielisistä teksteistä.",
        "2026-09-01T06:00:00",
        [],
        None,
    ),
    (
        "svenska-natverket",
        "hyvinvointialue-svenska",
        "~communications-jp",
        "question",
        "Mikä on 'hyvinvointialue' ruotsiksi virallisissa teksteissä?",
        "Kirjoitan tiedotetta ja haluan käyttää oikeaa termiä.",
        "2026-09-25T11:30:00",
        [
            (
                "mikael.holmstrom",
                "Välfärdsområde. Hyvinvointialueen nimi: Vantaan ja Keravan hyvinvointialue = Vanda och Kervo "
                "välfärdsområde, Itä-Uudenmaan hyvinvointialue = Östra Nylands välfärdsområde.",
                "2026-09-25T12:00:00",
            )
        ],
        0,
    ),
    (
        "svenska-natverket",
        "tiedote-ruotsiksi",
        "~finance-kerava",
        "question",
        "Tarvitsen tiedotteen ruotsiksi huomiseksi – kenelle lähetän?",
        "Talousarviotiedote pitäisi saada ruotsiksi huomisaamuun mennessä.",
        "2026-11-12T13:00:00",
        [
            (
                "mikael.holmstrom",
                "Lähetä käännöspyyntö kielipalvelujen lomakkeella ja merkitse kiireelliseksi. Jos teksti on alle "
                "sivun, laita se minulle suoraan, niin hoidan sen tänään.",
                "2026-11-12T13:20:00",
            )
        ],
        0,
    ),
    (
        "kestava-kouluruoka",
        "tervetuloa",
        "aino.laine",
        "post",
        "",
        "Tervetuloa hankkeeseen! Tavoitteemme 2026–2027: kasvisruoan osuus ylös ja hävikki puoleen kolmen kunnan "
        "kouluissa. Elina Koivisto Helsingin yliopistosta on mukana tutkimuskumppanina – hän näkee vain tämän "
        "ryhmän. Välkommen till projektet! Welcome, Elina!",
        "2026-09-02T07:00:00",
        [
            (
                "elina.koivisto",
                "Thank you! Looking forward to working with all three municipalities.",
                "2026-09-02T08:30:00",
            )
        ],
        None,
    ),
    (
        "kestava-kouluruoka",
        "havikkimittaukset",
        "elina.koivisto",
        "question",
        "Plate-waste measurements from last term?",
        "Could each municipality share last term's plate-waste measurements? A spreadsheet per school is fine; "
        "I will harmonise the units.",
        "2026-09-10T09:00:00",
        [
            ("anna.sjoberg", "Sibbo: attached for all nine schools, measured in weeks 38–40.", "2026-09-10T10:15:00"),
            ("aino.laine", "Järvenpään luvut tulevat perjantaina.", "2026-09-10T11:00:00"),
            ("kaisa.nieminen", "Keravan koulujen tiedot pyydetty ruokapalveluilta.", "2026-09-11T06:30:00"),
        ],
        0,
    ),
    (
        "kestava-kouluruoka",
        "smakpanel",
        "anna.sjoberg",
        "post",
        "",
        "Vi testar nya vegetariska rätter vecka 48 i Nickby skola – smakpanel med elever. "
        "Maistelupaneelin tulokset jaetaan täällä.",
        "2026-11-05T08:00:00",
        [],
        None,
    ),
    (
        "kestava-kouluruoka",
        "hankinnan-aikataulu",
        "kaisa.nieminen",
        "post",
        "",
        "Hankinnan aikataulu: markkinavuoropuhelu tammikuussa, tarjouspyyntö maaliskuussa, päätös toukokuussa. "
        "Elina, voisitko kommentoida vastuullisuuskriteerejä ennen joulua?",
        "2026-11-13T12:00:00",
        [("elina.koivisto", "Sure – I'll send comments by 18 December.", "2026-11-13T14:00:00")],
        None,
    ),
    (
        "keravan-esihenkilot",
        "toteutumaraportti",
        "timo.rantanen",
        "post",
        "",
        "Lokakuun talousarvion toteutumaraportit ovat valmiina. Katsokaa oman yksikkönne luvut ja kommentoikaa "
        "poikkeamat 5.12. mennessä.",
        "2026-11-09T07:00:00",
        [],
        None,
    ),
    (
        "keravan-esihenkilot",
        "etatyo",
        "heidi.salonen",
        "question",
        "Miten sovitte etätyöpäivistä tiimeissänne?",
        "Meillä on kysytty kiinteitä etätyöpäiviä. Onko teillä yhteisiä pelisääntöjä?",
        "2026-10-27T12:00:00",
        [
            (
                "paivi.kallio",
                "Kaupungin etätyöohje antaa raamit; tiimi sopii lähipäivät yhdessä. Asiakastyön tarpeet menevät edelle.",
                "2026-10-27T13:00:00",
            ),
            (
                "kaisa.nieminen",
                "Meillä hankinnoissa tiistai on yhteinen lähipäivä – toimii hyvin.",
                "2026-10-27T14:00:00",
            ),
        ],
        0,
    ),
    (
        "kuntajohto",
        "yhteistyosopimus",
        "harri.aaltonen",
        "post",
        "",
        "LUOTTAMUKSELLINEN: kolmen kunnan yhteistyösopimuksen luonnos, versio 3. Kommentit perjantaihin mennessä.",
        "2026-11-17T06:00:00",
        [("fredrik.gronroos", "Kommentarer om avsnitt 4 kommer på torsdag.", "2026-11-17T09:00:00")],
        None,
    ),
    (
        "kahvihuone",
        "teams-hairio",
        "~ece-kerava",
        "question",
        "Toimiiko kenelläkään Teams-puhelut tänään?",
        "Puhelut katkeavat koko ajan.",
        "2026-10-30T07:10:00",
        [
            (
                "jukka.lehtonen",
                "Häiriö on korjattu klo 10.15. Käynnistä Teams uudelleen, jos ongelma jatkuu.",
                "2026-10-30T08:20:00",
            )
        ],
        0,
    ),
    (
        "kahvihuone",
        "kimppakyyti",
        "~ece-sipoo-sv",
        "post",
        "",
        "Någon som vill dela skjuts från Nickby till Kervo på morgnarna? Jag kör kl. 7.15.",
        "2026-10-15T05:30:00",
        [("~finance-sipoo", "Jag är med på tisdagar!", "2026-10-15T06:10:00")],
        None,
    ),
    (
        "kahvihuone",
        "umbrella",
        "~international",
        "post",
        "",
        "Found: a blue umbrella in the Kerava city hall lobby. It is waiting at the info desk.",
        "2026-11-18T12:00:00",
        [("~teacher-jp", "Minun! Kiitos!", "2026-11-18T12:30:00")],
        None,
    ),
    (
        "kahvihuone",
        "salibandy",
        "~building-jp",
        "post",
        "",
        "Kolmen kunnan salibandyturnaus 24.1. Järvenpäässä – kootaan joukkueita, ilmoittaudu kommentilla!",
        "2026-11-19T08:00:00",
        [
            ("ville.hakala", "Kerava lähtee mukaan!", "2026-11-19T08:40:00"),
            ("~procurement-sipoo-sv", "Sibbo också!", "2026-11-19T09:00:00"),
        ],
        None,
    ),
]

# Cast: role -> (organisation, unit slug, first language), filled by a generated colleague.
CAST = {
    "~teacher-jp": ("jarvenpaa", "opetus", "fi"),
    "~teacher-sipoo-sv": ("sipoo", "opetus", "sv"),
    "~procurement-sipoo-sv": ("sipoo", "hankinnat", "sv"),
    "~finance-kerava": ("kerava", "talous", "fi"),
    "~finance-sipoo": ("sipoo", "talous", "sv"),
    "~it-kerava": ("kerava", "digi", "fi"),
    "~ece-kerava": ("kerava", "varhaiskasvatus", "fi"),
    "~ece-sipoo-sv": ("sipoo", "varhaiskasvatus", "sv"),
    "~building-jp": ("jarvenpaa", "tekniikka", "fi"),
    "~communications-jp": ("jarvenpaa", "viestinta", "fi"),
    "~international": (None, None, "en"),
}


def cast_roles(people: list[dict]) -> dict[str, str]:
    """Give each role a distinct generated person, relaxing the wish list until someone fits."""
    taken: set[str] = set()
    cast = {}
    for role, (org, unit, language) in CAST.items():
        for relax in range(3):
            found = [
                p
                for p in people
                if p["key"] not in taken
                and not p.get("guest")
                and (org is None or p["organisation"] == org)
                and (relax >= 2 or unit is None or p.get("unit", "").endswith("." + unit))
                and (
                    relax >= 1
                    or p["languages"][0] == language
                    or (language == "en" and p["languages"][0] not in ("fi", "sv"))
                )
            ]
            if found:
                cast[role] = found[0]["key"]
                taken.add(found[0]["key"])
                break
    return cast


def feed_lines(people: list[dict]) -> tuple[list[dict], list[tuple[str, str]]]:
    """Post and comment lines, and the (group, person) pairs who wrote them (they must be members)."""
    cast = cast_roles([p for p in people if p["key"] not in FEATURED])

    def who(author: str) -> str:
        return cast.get(author, author)

    lines, writers = [], []
    for group, slug, author, kind, title, body, at, comments, accepted in THREADS:
        post_key = f"{group}.{slug}"
        post = {
            "type": "post",
            "key": post_key,
            "group": group,
            "author": who(author),
            "kind": kind,
            "title": title,
            "body": body,
            "created_at": at + "Z",
        }
        if accepted is not None:
            post["accepted_answer"] = f"{post_key}.{accepted + 1}"
        lines.append(post)
        writers.append((group, who(author)))
        for n, (commenter, text, time) in enumerate(comments, start=1):
            lines.append(
                {
                    "type": "comment",
                    "key": f"{post_key}.{n}",
                    "post": post_key,
                    "author": who(commenter),
                    "body": text,
                    "created_at": time + "Z",
                }
            )
            writers.append((group, who(commenter)))
    return lines, writers
