"""Excel pages of the catalogue: export the county catalogue or one centre's implementation list,
and the county admin's import (all or nothing, with a row-by-row error report)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bianmin.catalogue import excel
from bianmin.catalogue.models import ServiceItem
from bianmin.catalogue.selectors import centre_items, published_items
from bianmin.core.downloads import download
from bianmin.org.selectors import get_centre, require_county_admin, require_staff

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Excel 文件",
        help_text=f"只接受 .xlsx 格式,不超过 {excel.MAX_UPLOAD_BYTES // 2**20} MB;格式与“导出Excel”相同。",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )


def _require_county_admin(request) -> None:
    require_county_admin(request.user, "只有县行政服务中心管委会可以导入事项目录。")


def _xlsx(content: bytes, filename: str, fallback: str) -> HttpResponse:
    return download(content, content_type=XLSX_CONTENT_TYPE, filename=filename, fallback=fallback)


def _stamp() -> str:
    return timezone.localdate().strftime("%Y%m%d")


@login_required
def export(request):
    require_staff(request.user)
    items = excel.with_materials(published_items())
    return _xlsx(excel.export_workbook(items), f"政务服务事项目录{_stamp()}.xlsx", f"catalogue-{_stamp()}.xlsx")


@login_required
def centre_export(request, centre_pk: int):
    require_staff(request.user)
    centre = get_centre(request.user, centre_pk)
    lines = [line for line in centre_items(centre) if line.item.current_id and line.item.is_active]
    items = excel.with_materials(ServiceItem.objects.filter(pk__in=[line.item_id for line in lines]))
    items = items.select_related("current", "business_line").order_by("business_line__sort_order", "code")
    windows = {line.item_id: str(line.window) if line.window else "" for line in lines}
    content = excel.export_workbook(items, windows=windows)
    return _xlsx(content, f"{centre.name}事项实施清单{_stamp()}.xlsx", f"centre-{centre.pk}-{_stamp()}.xlsx")


@login_required
def import_template(request):
    _require_county_admin(request)
    return _xlsx(excel.export_workbook([]), "事项目录导入模板.xlsx", "catalogue-template.xlsx")


def _column_notes() -> list[dict]:
    """What each column accepts, shown under the upload form."""
    notes = []
    for sheet, columns in ((excel.ITEMS_SHEET, excel.ITEM_COLUMNS), (excel.MATERIALS_SHEET, excel.MATERIAL_COLUMNS)):
        for col in columns:
            if col.choices:
                hint = "、".join(col.choices)
            elif col.kind == "int":
                hint = f"{col.low}到{col.high}的整数"
            elif col.kind == "line":
                hint = "业务条线名称,如:民政"
            elif col.kind == "phone":
                hint = "手机号或带区号的固定电话"
            else:
                hint = f"文本,不超过{col.max_length}字" if col.max_length else "文本"
            notes.append({"sheet": sheet, "header": col.header, "required": col.required, "hint": hint})
    return notes


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request):
    _require_county_admin(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = excel.import_workbook(form.cleaned_data["file"], actor=request.user)
    return render(
        request,
        "catalogue/excel/import.html",
        {"form": form, "result": result, "columns": _column_notes(), "window_header": excel.WINDOW_HEADER},
    )
