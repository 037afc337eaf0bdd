"""The fast widget renderer writes exactly what Django's widget templates write."""

import datetime as dt
import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from bianmin.cases.tests.helpers import handling_case, listed_item
from bianmin.core.widget_render import FastWidgetRenderer

FAST_RENDERER = FastWidgetRenderer()
DJANGO = DjangoTemplates()

TRICKY = "a<b>&\"'c"
ATTRS = {
    "class": "form-control",
    "required": True,
    "disabled": False,
    "data-none": None,
    "data-safe": mark_safe("<i>"),
    "data-n": 3,
    "data-lazy": gettext_lazy("Yes"),
    "placeholder": TRICKY,
}
CHOICES = [("", "全部"), (1, "一"), ("2", TRICKY), (3, gettext_lazy("No")), ("s", mark_safe("<b>安全</b>"))]
GROUPED = [("", "—"), ("甲组", [(1, "一"), (2, "二")]), (TRICKY, [(3, "三")]), (4, "四")]

CASES = [
    (forms.TextInput(), None),
    (forms.TextInput(), ""),
    (forms.TextInput(attrs=ATTRS), TRICKY),
    (forms.TextInput(), mark_safe("<safe>")),
    (forms.TextInput(), 12345),
    (forms.NumberInput(attrs={"min": 0, "step": "0.5"}), 1234.5),
    (forms.EmailInput(), "a@b.cn"),
    (forms.URLInput(), "https://x.cn/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "secret&"),
    (forms.PasswordInput(), "secret"),
    (forms.HiddenInput(), "7"),
    (forms.DateInput(attrs={"type": "date"}), dt.date(2026, 1, 2)),
    (forms.DateTimeInput(), dt.datetime(2026, 1, 2, 3, 4, 5)),
    (forms.TimeInput(), dt.time(9, 30)),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(attrs=ATTRS), False),
    (forms.Textarea(), None),
    (forms.Textarea(attrs=ATTRS), TRICKY + "\n第二行"),
    (forms.Textarea(), ""),
    (forms.Select(choices=CHOICES), None),
    (forms.Select(choices=CHOICES, attrs=ATTRS), 1),
    (forms.Select(choices=CHOICES), "2"),
    (forms.Select(choices=GROUPED), 3),
    (forms.SelectMultiple(choices=CHOICES), [1, "s"]),
    (forms.NullBooleanSelect(), None),
    (forms.NullBooleanSelect(), True),
    (forms.RadioSelect(choices=CHOICES), 1),
    (forms.RadioSelect(choices=GROUPED, attrs={"class": "list-unstyled"}), 3),
    (forms.RadioSelect(choices=CHOICES), None),
    (forms.CheckboxSelectMultiple(choices=CHOICES), [1]),
    (forms.CheckboxSelectMultiple(choices=GROUPED), [2, 4]),
    # Not on the fast path: Django's templates render them through the fast renderer too.
    (forms.ClearableFileInput(), None),
    (forms.SplitDateTimeWidget(), dt.datetime(2026, 1, 2, 3, 4)),
]


@pytest.mark.parametrize(
    ("widget", "value"), CASES, ids=lambda x: type(x).__name__ if isinstance(x, forms.Widget) else None
)
def test_each_widget_is_written_as_djangos_template_writes_it(widget, value):
    fast = widget.render("field", value, attrs={"id": "id_field"}, renderer=FAST_RENDERER)
    assert fast == widget.render("field", value, attrs={"id": "id_field"}, renderer=DJANGO)


def test_each_radio_button_of_a_field_is_written_as_djangos_template_writes_it():
    class Choice(forms.Form):
        state = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, initial="2")
        many = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple, initial=[1])

    for name in ("state", "many"):
        fast, slow = Choice(renderer=FAST_RENDERER), Choice(renderer=DJANGO)
        assert [str(b) for b in fast[name]] == [str(b) for b in slow[name]]
        assert [b.tag() for b in fast[name]] == [b.tag() for b in slow[name]]


def test_the_fast_path_covers_the_common_widgets():
    written = set(FAST_RENDERER.fast)
    for widget in (forms.TextInput, forms.NumberInput, forms.HiddenInput, forms.DateInput, forms.Textarea,
                   forms.Select, forms.CheckboxInput):  # fmt: skip
        assert widget.template_name in written
    assert "django/forms/widgets/select_option.html" in written


def test_an_overridden_widget_template_is_left_to_the_template(settings, tmp_path):
    override = tmp_path / "django" / "forms" / "widgets"
    override.mkdir(parents=True)
    (override / "text.html").write_text('<input class="ours" name="{{ widget.name }}">', encoding="utf-8")

    class Overriding(FastWidgetRenderer):
        @property
        def engine(self):
            return self.backend(
                {"APP_DIRS": False, "DIRS": [tmp_path, *super().engine.dirs], "NAME": "t", "OPTIONS": {}}
            )

    renderer = Overriding()
    assert "django/forms/widgets/text.html" not in renderer.fast
    assert forms.TextInput().render("f", "x", renderer=renderer) == '<input class="ours" name="f">'


# --- the application's own pages: the same HTML with either renderer --------------------------------

VARYING = re.compile(r'(nonce|value|content)="[A-Za-z0-9_\-+/=]{20,}"|"X-CSRFToken": "[^"]+"')


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return VARYING.sub("…", response.content.decode())


@pytest.mark.django_db
def test_the_applications_forms_render_the_same_with_either_renderer(as_clerk_a, county):
    item = listed_item(county)
    case = handling_case(county, item)
    urls = [
        reverse("cases:detail", args=[case.pk]),  # five action forms
        reverse("cases:queue"),
        reverse("cases:list") + "?light=red",
        reverse("cases:intake_form", args=[item.pk]),
    ]
    fast = [_page(as_clerk_a, url) for url in urls]
    with override_settings(FORM_RENDERER="django.forms.renderers.DjangoTemplates"):
        slow = [_page(as_clerk_a, url) for url in urls]
    for url, a, b in zip(urls, fast, slow, strict=True):
        assert a == b, url
        assert "<select" in a or "<input" in a
