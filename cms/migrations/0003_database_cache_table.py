"""The demo keeps its cache (and allauth's rate limits) in the database: create that table with
the schema, so `migrate` alone leaves a working site. With Redis as the cache it does nothing."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_staff_groups")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
