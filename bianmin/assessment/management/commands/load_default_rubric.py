"""Load the plan's 附件 (2018 考核评分细则) as the published default rubric; idempotent.

The same as the county admin's "载入2018年默认细则" button on the rubric list: when a published
rubric of 2018 exists nothing is written and the command says so.
"""

from django.core.management.base import BaseCommand

from bianmin.assessment.models import Indicator, Item, Rubric, RubricStatus
from bianmin.assessment.scoring import fmt
from bianmin.assessment.services_rubric import rubric_load_default, rubric_sums

YEAR = 2018


class Command(BaseCommand):
    help = "载入2018年考核评分细则(实施方案附件)为默认细则并发布;已存在时不重复载入。"

    def handle(self, *args, **options):
        existed = Rubric.objects.filter(year=YEAR, status=RubricStatus.PUBLISHED).exists()
        rubric = rubric_load_default(year=YEAR)
        sums = rubric_sums(rubric)
        indicators = Indicator.objects.filter(section__rubric=rubric).count()
        items = Item.objects.filter(indicator__section__rubric=rubric).count()
        shape = (
            f"{rubric.sections.count()} 项考核内容、{indicators} 个考核指标、{items} 条评分细则,"
            f"基础分 {fmt(sums.base)} 分、加分 {fmt(sums.bonus)} 分"
        )
        if existed:
            self.stdout.write(f"{YEAR}年已有发布的考核细则“{rubric.name}”(ID {rubric.pk}),未重复载入:{shape}。")
        else:
            self.stdout.write(self.style.SUCCESS(f"已载入并发布“{rubric.name}”(ID {rubric.pk}):{shape}。"))
