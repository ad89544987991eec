"""Demo news articles under the intranet home page (Wagtail pages), created once by slug."""

from datetime import date

from intranet.models import HomePage, NewsPage

# slug, title, date, introduction, body (rich text HTML)
NEWS = [
    (
        "tervetuloa-yhteiseen-intranetiin",
        "Tervetuloa yhteiseen intranetiin – Välkommen till det gemensamma intranätet",
        date(2026, 9, 1),
        "Järvenpää, Kerava ja Sipoo ottivat käyttöön yhteisen intranetin: löydä kollega, joka osaa auttaa.",
        "<p>Kolmen kunnan henkilöstö löytää nyt toisensa yhdestä paikasta. Täytä profiiliisi osaamisesi ja "
        "se, missä voit auttaa – niin kollegat löytävät sinut.</p>"
        "<p>Personalen i tre kommuner hittar nu varandra på ett ställe. Fyll i din profil på svenska eller "
        "finska.</p>",
    ),
    (
        "kestava-kouluruoka-kaynnistyi",
        "Kestävä kouluruoka -hanke käynnistyi",
        date(2026, 9, 3),
        "Kolmen kunnan yhteishanke lisää kasvisruokaa ja vähentää hävikkiä kouluissa 2026–2027.",
        "<p>Hanketta vetää Järvenpää, ja mukana ovat Kerava ja Sipoo sekä tutkimuskumppanina Helsingin "
        "yliopisto. Hankkeen työtila on intranetin ryhmä <b>Kestävä kouluruoka – Hållbar skolmat</b>.</p>",
    ),
    (
        "tietosuojakoulutus-uusille",
        "Tietosuojakoulutus uusille työntekijöille – Dataskyddsutbildning",
        date(2026, 11, 3),
        "Verkkokurssi on pakollinen kaikille uusille työntekijöille kolmen kuukauden kuluessa aloituksesta.",
        "<p>Kurssi on suomeksi, ruotsiksi ja englanniksi. Kysymyksiä voi esittää ryhmässä Tietosuoja ja "
        "tietoturva.</p>",
    ),
]


def publish_news() -> int:
    """Publish the articles that are not there yet; the number published is returned."""
    home = HomePage.objects.first()
    if home is None:
        return 0
    existing = set(home.get_children().values_list("slug", flat=True))
    published = 0
    for slug, title, day, intro, body in NEWS:
        if slug in existing:
            continue
        page = home.add_child(instance=NewsPage(title=title, slug=slug, date=day, intro=intro, body=body))
        page.save_revision().publish()
        published += 1
    return published
