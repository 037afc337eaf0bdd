"""The provincial catalogue import keeps local items' codes in step, then the guides, all or nothing."""

import json
from io import BytesIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from bianmin.api import province
from bianmin.api.tests.helpers import get, token_for
from bianmin.cases.tests.helpers import listed_item, received_case
from bianmin.catalogue import excel
from bianmin.catalogue.models import ServiceItem
from bianmin.catalogue.tests.helpers import published_item
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db
PROVINCIAL = "11361123MB0001001"


def sheets_of(items) -> dict[str, list[dict]]:
    """The catalogue's own export, read back as {sheet: [{header: value}]}."""
    wb = load_workbook(BytesIO(excel.export_workbook(excel.with_materials(items))), read_only=True)
    out = {}
    for title in (excel.ITEMS_SHEET, excel.MATERIALS_SHEET):
        rows = list(wb[title].iter_rows(values_only=True))
        out[title] = [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]
    return out


def write_json(tmp_path, sheets) -> str:
    path = tmp_path / "province.json"
    path.write_text(json.dumps(sheets, ensure_ascii=False, default=str), encoding="utf-8")
    return str(path)


def test_a_local_item_takes_the_provincial_code_by_name_and_its_cases_follow(client, county, tmp_path, settings):
    settings.EXCHANGE_SETTLE_SECONDS = 0
    calendar_services.seed_from_package()
    item = listed_item(county)
    case = received_case(county, item)
    sheets = sheets_of(ServiceItem.objects.filter(pk=item.pk))
    for row in sheets[excel.ITEMS_SHEET] + sheets[excel.MATERIALS_SHEET]:
        row["事项编码"] = PROVINCIAL
    result = province.import_catalogue(write_json(tmp_path, sheets), actor=county.users["county_admin"])
    assert result.errors == [] and result.recoded == [("YS-MZ-001", PROVINCIAL)]
    item.refresh_from_db()
    assert item.code == PROVINCIAL and ServiceItem.objects.count() == 1
    feed = get(client, "/api/v1/exchange/cases", token_for(county.users["county_admin"])).json()
    assert {r["case"]["item_code"] for r in feed["records"] if r["case"]["receipt_number"] == case.receipt_number} == {
        PROVINCIAL
    }


def test_the_old_code_column_decides_between_items_of_the_same_name(county, tmp_path):
    first = published_item(code="YS-A", name="同名事项")
    second = published_item(code="YS-B", name="同名事项")
    sheets = sheets_of(ServiceItem.objects.filter(pk=second.pk))
    sheets[excel.ITEMS_SHEET][0]["事项编码"] = PROVINCIAL
    for row in sheets[excel.MATERIALS_SHEET]:
        row["事项编码"] = PROVINCIAL
    ambiguous = province.import_catalogue(write_json(tmp_path, sheets), actor=None)
    assert ambiguous.errors and "多个同名事项" in ambiguous.errors[0].reason
    assert set(ServiceItem.objects.values_list("code", flat=True)) == {"YS-A", "YS-B"}  # nothing written
    sheets[excel.ITEMS_SHEET][0]["原事项编码"] = "YS-B"
    result = province.import_catalogue(write_json(tmp_path, sheets), actor=None)
    assert result.errors == [] and result.recoded == [("YS-B", PROVINCIAL)]
    first.refresh_from_db()
    assert first.code == "YS-A"


def test_a_bad_row_writes_nothing_and_names_the_row(county, tmp_path):
    item = published_item(code="YS-C", name="某事项")
    sheets = sheets_of(ServiceItem.objects.filter(pk=item.pk))
    sheets[excel.ITEMS_SHEET][0]["事项编码"] = PROVINCIAL
    sheets[excel.ITEMS_SHEET][0]["办件类型"] = "快办件"
    result = province.import_catalogue(write_json(tmp_path, sheets), actor=None)
    assert result.recoded == [] and result.errors[0].row == 2 and result.errors[0].column == "办件类型"
    item.refresh_from_db()
    assert item.code == "YS-C"


def test_the_command_reads_xlsx_and_dry_runs(county, tmp_path, capsys):
    item = published_item(code="YS-D", name="另一事项")
    data = excel.export_workbook(excel.with_materials(ServiceItem.objects.filter(pk=item.pk)))
    wb = load_workbook(BytesIO(data))
    for title in (excel.ITEMS_SHEET, excel.MATERIALS_SHEET):
        for row in wb[title].iter_rows(min_row=2):
            row[0].value = PROVINCIAL
    path = tmp_path / "province.xlsx"
    wb.save(path)
    call_command("import_province_catalogue", str(path), "--dry-run")
    assert "YS-D → " + PROVINCIAL in capsys.readouterr().out
    item.refresh_from_db()
    assert item.code == "YS-D"
    call_command("import_province_catalogue", str(path))
    item.refresh_from_db()
    assert item.code == PROVINCIAL
    with pytest.raises(CommandError):
        call_command("import_province_catalogue", str(tmp_path / "missing.txt"))
