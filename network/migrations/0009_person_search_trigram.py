"""People search by substring served by a trigram index on PostgreSQL (core.db.trigram)."""

from django.db import migrations

from core.db.trigram import TrigramIndex


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0008_registered_on"),
    ]

    operations = [
        TrigramIndex(
            model_name="person",
            name="person_search_trgm",
            columns=["first_name", "last_name", "phone"],
        ),
    ]
