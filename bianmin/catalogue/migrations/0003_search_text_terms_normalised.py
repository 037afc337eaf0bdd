"""The stored search text as ``pinyin_keys.search_text`` now writes it: each term (the current
guide's name, then each alias) normalised as a query is, whitespace inside a term removed, the
terms joined by single spaces. The search tells exact and prefix matches by the spaces around a
term (``search.ranked``), so a name written with spaces must be one term."""

import re
import unicodedata

from django.db import migrations

_SPLIT = re.compile(r"[、,,;;/\s]+")  # pinyin_keys.split_aliases, as of this migration


def _normalise(text):
    return "".join(unicodedata.normalize("NFKC", text or "").lower().split())


def terms_normalised(apps, schema_editor):
    ServiceItem = apps.get_model("catalogue", "ServiceItem")
    GuideVersion = apps.get_model("catalogue", "GuideVersion")
    changed = []
    rows = ServiceItem.objects.select_related("current").only("pk", "search_text", "aliases", "current__name")
    for item in rows.iterator(chunk_size=2000):
        latest = item.current or GuideVersion.objects.filter(item=item).order_by("-number").first()  # as services does
        terms = [latest.name if latest else "", *(part for part in _SPLIT.split(item.aliases or "") if part)]
        text = " ".join(_normalise(term) for term in terms)
        if text != item.search_text:
            item.search_text = text
            changed.append(item)
    ServiceItem.objects.bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_search_text_lower_case"),
    ]

    operations = [
        migrations.RunPython(terms_normalised, migrations.RunPython.noop),
    ]
