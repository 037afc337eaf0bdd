from django import forms

from bianmin.api.services import LIFETIMES
from bianmin.core.forms import BootstrapFormMixin


class TokenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label="用途说明",
        max_length=60,
        help_text="写明哪个系统使用该令牌,如“省政务服务网数据交换”“县大数据平台”,便于日后辨认和撤销。",
        error_messages={"required": "请填写令牌的用途说明。"},
    )
    days = forms.TypedChoiceField(
        label="有效期",
        coerce=int,
        choices=[(d, f"{d}天") for d in LIFETIMES],
        initial=90,
        help_text="到期后令牌自动失效,需重新创建。",
    )
