from django.core.management.base import BaseCommand

from bianmin.workcalendar.services import seed_from_package


class Command(BaseCommand):
    help = "从 chinesecalendar 软件包载入已知年份的节假日和调休安排(已有年份不覆盖)。"

    def handle(self, *args, **options):
        added = seed_from_package()
        if added:
            self.stdout.write(
                self.style.SUCCESS(f"已载入 {added[0]}–{added[-1]} 年共 {len(added)} 个年度的节假日安排。")
            )
        else:
            self.stdout.write("节假日安排已是最新,无需载入。")
