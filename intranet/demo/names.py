"""Given names and family names for generated demo staff (Finnish, Finland-Swedish, international)."""

FINNISH_WOMEN = ["Aino", "Anna", "Anne", "Anu", "Eeva", "Emilia", "Hanna", "Heli", "Helena", "Jenni", "Katja",
                 "Laura", "Leena", "Maria", "Marja", "Minna", "Niina", "Noora", "Pirjo", "Riikka", "Saara", "Satu",
                 "Suvi", "Tiina", "Tuula", "Ulla", "Veera", "Milla", "Kirsi", "Sari"]
FINNISH_MEN = ["Antti", "Eero", "Heikki", "Ilkka", "Janne", "Jari", "Juha", "Kalle", "Kari", "Lauri", "Markku",
               "Mikko", "Olli", "Pasi", "Risto", "Sami", "Teemu", "Tuomas", "Joonas", "Aleksi", "Jaakko", "Tapio",
               "Esa", "Vesa", "Marko", "Toni"]
FINNISH_FAMILY = ["Virtanen", "Mäkelä", "Hämäläinen", "Koskinen", "Lehtinen", "Saarinen", "Heinonen", "Niemi",
                  "Heikkilä", "Kinnunen", "Turunen", "Salo", "Laitinen", "Tuominen", "Karjalainen", "Jokinen",
                  "Mattila", "Savolainen", "Lahtinen", "Ahonen", "Kettunen", "Miettinen", "Leinonen", "Hiltunen",
                  "Pitkänen", "Manninen", "Väisänen", "Ojala", "Hakala", "Räsänen", "Peltonen", "Toivonen",
                  "Hirvonen", "Vainio", "Seppälä", "Kivelä", "Anttila", "Haapala", "Lehto", "Nurmi", "Aalto",
                  "Kurki", "Rautiainen", "Mustonen", "Valtonen", "Honkanen", "Lindroos", "Suominen"]
SWEDISH_WOMEN = ["Annika", "Camilla", "Carina", "Emma", "Ebba", "Frida", "Ida", "Jessica", "Karin", "Linnea",
                 "Lisa", "Matilda", "Sofia", "Susanne", "Ulrika", "Vera", "Malin", "Josefin", "Pia", "Tove",
                 "Stina", "Maja"]
SWEDISH_MEN = ["Anders", "Axel", "Björn", "Christian", "Daniel", "Gustav", "Henrik", "Jakob", "Johan", "Jonas",
               "Kim", "Lars", "Magnus", "Mats", "Niklas", "Oskar", "Patrik", "Rasmus", "Stefan", "Tobias",
               "Viktor", "Ulf", "Robin", "Sebastian"]
SWEDISH_FAMILY = ["Lindholm", "Björklund", "Blomqvist", "Eriksson", "Forsman", "Gustafsson", "Holmberg",
                  "Johansson", "Karlsson", "Lindberg", "Lindström", "Lundqvist", "Nyman", "Öhman", "Sandberg",
                  "Strömberg", "Sundström", "Wikström", "Westerlund", "Åström", "Ekholm", "Fagerström",
                  "Granqvist", "Hägg", "Lönnqvist", "Mattsson", "Nordström", "Sjöholm", "Söderberg", "Wikman",
                  "Enqvist", "Bergman", "Sjöblom", "Långbacka"]
# (given name, family name, languages): colleagues who work mainly in English.
INTERNATIONAL = [("Emily", "Carter", ["en", "fi"]), ("Daniel", "Brooks", ["en"]), ("Lucas", "Moreau", ["fr", "en"]),
                 ("Katrin", "Müller", ["de", "en", "fi"]), ("Marta", "Kask", ["et", "en", "fi"]),
                 ("Olga", "Smirnova", ["ru", "en", "fi"])]

FOLD = str.maketrans({"ä": "a", "ö": "o", "å": "a", "ü": "u", "é": "e", " ": "-"})


def ascii_name(name: str) -> str:
    return name.lower().translate(FOLD)
