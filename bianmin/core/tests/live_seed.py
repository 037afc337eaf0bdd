"""Prepare a scratch database for a live-server test: migrate it, then seed a small county.

Run by the tests as ``python -m bianmin.core.tests.live_seed <clerks per centre>`` with DATABASE_URL
pointing at the scratch database (bianmin/core/tests/live.py). The named county of the tests
(centres A and B, factories.build_county) gets the holiday calendar, one published 承诺件 item on
both centres' lists, and more clerks with logins; the last line printed is JSON for the test.
"""

import json
import os
import sys


def main(clerks_per_centre: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

    from bianmin.cases.tests.helpers import MATERIALS, listed_item
    from bianmin.core.roles import Role
    from bianmin.org.tests import factories
    from bianmin.workcalendar.services import seed_from_package

    county = factories.build_county()
    seed_from_package()
    item = listed_item(county)
    clerks = {}
    for centre, first in ((county.centre_a, county.clerk_a), (county.centre_b, county.clerk_b)):
        names = [first.user.username]
        for number in range(2, clerks_per_centre + 1):
            username = f"{first.user.username}{number}"
            factories.staff_with_login(username, Role.CLERK, centre=centre, post="民政窗口")
            names.append(username)
        clerks[centre.pk] = names
    return {
        "item": item.pk,
        "materials": len(MATERIALS),
        "clerks": clerks,
        "password": factories.PASSWORD,
        "public_centre": county.centre_a.pk,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
