from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_indexes_for_pages_reports_and_assessment"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="caseevent",
            index=models.Index(fields=["at", "id"], name="caseevent_at"),
        ),
    ]
