# The audit trail moved from the intranet app to core. Its table stays where it is
# (intranet_auditentry): this migration only tells Django's state that core owns the model now;
# intranet's 0004 removes it from the intranet app's state.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("intranet", "0002_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="when")),
                        ("action", models.CharField(db_index=True, max_length=60, verbose_name="action")),
                        ("target_type", models.CharField(max_length=60, verbose_name="object type")),
                        ("target_id", models.CharField(max_length=100, verbose_name="object")),
                        ("details", models.JSONField(blank=True, default=dict, verbose_name="details")),
                        ("actor", models.ForeignKey(blank=True, null=True,
                                                    on_delete=django.db.models.deletion.SET_NULL,
                                                    related_name="+", to=settings.AUTH_USER_MODEL,
                                                    verbose_name="who")),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit entries",
                        "ordering": ["-at", "-id"],
                        "db_table": "intranet_auditentry",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
