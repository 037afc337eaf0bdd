"""Input every form refuses or accepts (issue #12 point 3): control and invisible characters in any
text, over-long free text, and what a person's name may be — rare ideographs yes, emoji no."""

import pytest
from django import forms

from bianmin.core.forms import TEXT_MAX_LENGTH, BootstrapFormMixin
from bianmin.core.personal import control_character_error, person_name_error


@pytest.mark.parametrize(
    "name",
    [
        "张三",
        "䶮",  # 刘䶮 (CJK extension A)
        "𠀀",  # CJK extension B, outside the Basic Multilingual Plane
        "欧阳𪚥",
        "阿卜杜·热合曼",  # interpunct of minority names (U+00B7)
        "买买提・艾力",  # katakana middle dot as typed by some input methods
        "John Smith",
        "O'Brien-Lǚ",
    ],
)
def test_a_person_may_be_called(name):
    assert person_name_error(name) is None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "请填写姓名。"),
        ("·", "请填写姓名。"),
        ("张三😀", "姓名只能包含汉字、英文字母、间隔号“·”和空格。"),
        ("张三123", "姓名只能包含汉字、英文字母、间隔号“·”和空格。"),
        ("<script>", "姓名只能包含汉字、英文字母、间隔号“·”和空格。"),
        ("Robert'); DROP TABLE cases_case;--", "姓名只能包含汉字、英文字母、间隔号“·”和空格。"),
        ("张\u200b三", "姓名只能包含汉字、英文字母、间隔号“·”和空格。"),
    ],
)
def test_these_are_not_names(name, message):
    assert person_name_error(name) == message


@pytest.mark.parametrize(
    "text", ["a\x00b", "a\x07b", "a\x1bb", "a\x7fb", "a\x85b", "\u202eevil", "a\u200bb", "\ufeffa"]
)
def test_control_and_invisible_characters_are_refused(text):
    assert "控制字符" in control_character_error(text)


@pytest.mark.parametrize("text", ["第一行\n第二行\r\n\t缩进", "😀 表情可以出现在正文里", "𠀀䶮", "<b>不是标记</b>"])
def test_ordinary_text_passes(text):
    assert control_character_error(text) is None


class _Form(BootstrapFormMixin, forms.Form):
    title = forms.CharField(max_length=20)
    body = forms.CharField(widget=forms.Textarea)
    count = forms.IntegerField(required=False)


def test_every_text_field_of_a_form_refuses_control_characters_and_endless_text():
    form = _Form({"title": "标题\x1b[31m", "body": "字" * (TEXT_MAX_LENGTH + 1)})
    assert not form.is_valid()
    assert "控制字符" in form.errors["title"][0]
    assert form.errors["body"] == [f"最多 {TEXT_MAX_LENGTH} 个字,现有 {TEXT_MAX_LENGTH + 1} 个字,请删减。"]
    assert form.fields["body"].widget.attrs["maxlength"] == str(TEXT_MAX_LENGTH)


def test_a_form_accepts_rare_characters_and_keeps_them_as_typed():
    form = _Form({"title": "刘䶮𠀀", "body": "第一行\n第二行"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "刘䶮𠀀"


class _ChoiceForm(BootstrapFormMixin, forms.Form):
    centre = forms.ModelChoiceField(queryset=None)
    copies = forms.IntegerField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from bianmin.org.models import Centre

        self.fields["centre"].queryset = Centre.objects.all()


@pytest.mark.django_db
def test_a_number_beyond_any_key_or_count_is_refused_without_asking_the_database():
    form = _ChoiceForm({"centre": "99999999999999999999", "copies": "99999999999999999999"})
    assert not form.is_valid()
    assert "选择一个有效的选项" in form.errors["centre"][0]
    assert "2147483647" in form.errors["copies"][0]


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("0", 0),
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), None),
        ("99999999999999999999", None),
        ("-3", None),
        ("1.5", None),
        ("１２", None),  # full-width digits
        ("", None),
        (None, None),
        ("12abc", None),
        ("²", None),
    ],
)
def test_a_number_from_a_request_is_whole_and_fits_a_column(raw, number):
    from bianmin.core.params import whole_number

    assert whole_number(raw) == number
