"""Function words that say nothing about expertise, per language.

The language of a text is not known (profiles mix Finnish, Swedish and English), so
a word on any of these lists is dropped entirely: otherwise Swedish "och" would
become a Finnish stem and match every Swedish text.
"""

FINNISH = frozenset(
    """
ja tai sekä mutta kuin että jos kun niin vaan vai eli myös ei en et emme ette eivät
olla on ovat oli olivat ollut olen olet olemme olette ole
minä sinä hän me te he se ne tämä tuo nämä nuo joka jotka mikä mitkä kuka ketkä
minun sinun hänen meidän teidän heidän sen niiden tämän tuon näiden
mukaan kanssa ilman ennen jälkeen alla yli kautta noin paljon vain jo vielä sitten
""".split()
)

SWEDISH = frozenset(
    """
och eller men att som om när så än inte ej också bara redan
är var vara varit blir blev bli har hade haft kan kunde ska skulle vill ville
jag du han hon vi ni de den det dessa denna detta man sig min din sin vår er deras
en ett i på av för med till från hos vid under över efter före mot utan genom om
""".split()
)

ENGLISH = frozenset(
    """
a an the and or but if then than that this these those as so not no nor also only
is are was were be been being am have has had do does did can could will would shall should may might must
i you he she we they me him her us them my your his its our their mine yours
of in on at by for with to from into onto about over under after before between through without within
""".split()
)

ALL = FINNISH | SWEDISH | ENGLISH
