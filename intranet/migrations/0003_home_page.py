"""Replace Wagtail's placeholder welcome page with the intranet home page."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("intranet.HomePage")

    if HomePage.objects.exists():
        return
    placeholder = Page.objects.filter(depth=2, slug="home").first()
    path = placeholder.path if placeholder else "00010001"
    if placeholder:
        Site.objects.filter(root_page=placeholder).delete()
        placeholder.delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(app_label="intranet", model="homepage")
    home = HomePage.objects.create(
        title="Intranet", draft_title="Intranet", slug="home", content_type=content_type,
        path=path, depth=2, numchild=0, url_path="/home/", live=True,
        locale=Locale.objects.order_by("pk").first(),
    )
    Page.objects.filter(pk=root.pk).update(numchild=Page.objects.filter(depth=2).count())
    Site.objects.create(hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True,
                        site_name="Intranet")


class Migration(migrations.Migration):
    dependencies = [("intranet", "0002_initial"), ("wagtailcore", "0002_initial_data")]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
