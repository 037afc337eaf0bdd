"""The stored search text in lower case and NFKC, as ``pinyin_keys.search_text`` now writes it (the
search compares with a case-sensitive ``contains``; the pinyin keys were lower case already)."""

import unicodedata

from django.db import migrations


def lower_case(apps, schema_editor):
    ServiceItem = apps.get_model("catalogue", "ServiceItem")
    changed = []
    for item in ServiceItem.objects.only("pk", "search_text").iterator(chunk_size=2000):
        text = unicodedata.normalize("NFKC", item.search_text).lower()
        if text != item.search_text:
            item.search_text = text
            changed.append(item)
    ServiceItem.objects.bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_catalogue_and_guides"),
    ]

    operations = [
        migrations.RunPython(lower_case, migrations.RunPython.noop),
    ]
