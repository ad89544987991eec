# The audit trail's model now belongs to core (core 0001 takes it over, same table); only Django's
# state changes here, no data moves.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("intranet", "0003_home_page"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEntry")],
            database_operations=[],
        ),
    ]
