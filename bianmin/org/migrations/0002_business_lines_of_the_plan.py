"""The business lines named by the plan (四(一)3): reference data every county starts from.

The five lines of "5+x" (民政, 劳动保障, 卫计, 医疗保险, 综治信访) are mandatory; the rest are the
plan's examples of x and of the comprehensive window. Counties edit this list in /admin/.
"""

from django.db import migrations

LINES = [
    ("minzheng", "民政", True),
    ("laodong-baozhang", "劳动保障", True),
    ("weiji", "卫计", True),
    ("yiliao-baoxian", "医疗保险", True),
    ("zongzhi-xinfang", "综治信访", True),
    ("shehui-baoxian", "社会保险", False),
    ("shehui-jiuzhu", "社会救助", False),
    ("shehui-fuli", "社会福利", False),
    ("nongyongdi-shenpi", "农用地审批", False),
    ("shenong-butie", "涉农补贴", False),
    ("nongye", "农业", False),
    ("linye", "林业", False),
    ("shuili", "水利", False),
    ("guotu", "国土", False),
    ("sanzi-guanli", "三资管理", False),
    ("caizheng", "财政", False),
    ("dangjian", "党建", False),
    ("gongqingfu", "工青妇", False),
    ("minsheng-dangan", "民生档案查询", False),
]


def add_lines(apps, schema_editor):
    BusinessLine = apps.get_model("org", "BusinessLine")
    for order, (code, name, mandatory) in enumerate(LINES, start=1):
        BusinessLine.objects.get_or_create(
            code=code, defaults={"name": name, "is_mandatory": mandatory, "sort_order": order * 10}
        )


def remove_lines(apps, schema_editor):
    BusinessLine = apps.get_model("org", "BusinessLine")
    BusinessLine.objects.filter(code__in=[code for code, _, _ in LINES], windows__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("org", "0001_organisation")]

    operations = [migrations.RunPython(add_lines, remove_lines)]
