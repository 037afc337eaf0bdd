"""Form widgets rendered in Python instead of through a template per widget, attribute and option.

Django renders every ``<input>``, ``<select>`` and ``<option>`` through its own little templates
(``input.html`` includes ``attrs.html``, ``select.html`` includes ``select_option.html`` per option,
which includes ``attrs.html`` again). On our pages that is the largest share of a request's time: the
case page's five action forms cost 12 ms of template rendering, a case list's filter form 5 ms (profiled
on the generated county; ``docs/performance.md``). ``FastWidgetRenderer`` writes exactly the HTML those
templates write for the input family, ``textarea``, ``select`` and ``option``, radio buttons and
checkbox groups (a test compares the two on every kind of value and attribute, and on the
application's own forms), and leaves every other template to Django. A template a project
overrides (``templates/django/forms/widgets/…``) is never bypassed: the fast path is used only while
the name resolves to Django's own file.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
DJANGO_WIDGETS = Path(django.forms.__file__).parent / "templates" / "django" / "forms" / "widgets"
# Django's templates that are nothing but ``{% include "django/forms/widgets/input.html" %}``.
INPUTS = (
    "input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "search", "tel",
    "color", "checkbox",
)  # fmt: skip
SELECT_OPTION = WIDGETS + "select_option.html"

_CONTEXT = Context(autoescape=True)  # what a template's {{ value }} is rendered with: escaping, localization


def _shown(value) -> str:
    """``{{ value }}``: localized, escaped unless already safe."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: ``%s`` without localization, escaped unless already safe."""
    text = str(value)  # what "%s" % value gives (Django's filter turns a tuple into its str first)
    return text if isinstance(value, SafeData) else escape(text)


def attrs(widget: dict) -> str:
    """``attrs.html``: `` name="value"`` each, a bare name for True, nothing for False."""
    out = []
    for name, value in widget["attrs"].items():
        if value is False:
            continue
        out.append(" " + _shown(name) if value is True else f' {_shown(name)}="{_formatted(value)}"')
    return "".join(out)


def input_html(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}{attrs(widget)}>'


def textarea_html(widget: dict) -> str:
    value = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_shown(widget["name"])}"{attrs(widget)}>\n{value}</textarea>'


def option_html(option: dict) -> str:
    return f'<option value="{_formatted(option["value"])}"{attrs(option)}>{_shown(option["label"])}</option>'


def select_html(widget: dict) -> str | None:
    parts = [f'<select name="{_shown(widget["name"])}"{attrs(widget)}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != SELECT_OPTION:
                return None  # a widget with options of its own: its templates render it
            parts.append(f"\n  {option_html(option)}\n")  # the included file's own last newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input_option(option: dict) -> str:
    """``input_option.html`` as an include writes it: each included file keeps its last newline."""
    html = input_html(option) + "\n"
    if not option["wrap_label"]:
        return html + "\n"
    label_for = f' for="{_shown(option["attrs"]["id"])}"' if option["attrs"].get("id") else ""
    return f"<label{label_for}>{html} {_shown(option['label'])}</label>\n"


def input_option_html(option: dict) -> str:
    """A radio button or checkbox of a group, its label around it (rendered alone: stripped)."""
    return _input_option(option).strip()


def multiple_input_html(widget: dict) -> str | None:
    """``multiple_input.html`` (radio buttons, checkboxes): a ``div`` of options, by group."""
    own = widget["attrs"]
    parts = ["<div"]
    if own.get("id"):
        parts.append(f' id="{_shown(own["id"])}"')
    if own.get("class"):
        parts.append(f' class="{_shown(own["class"])}"')
    parts.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_shown(group)}</label>")
        for option in options:
            if option["template_name"] not in OPTION_INPUTS:
                return None
            parts.append(f"<div>\n    {_input_option(option)}\n</div>")  # radio_option.html's newline
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


OPTION_INPUTS = (WIDGETS + "radio_option.html", WIDGETS + "checkbox_option.html")

FAST = {
    **{f"{WIDGETS}{name}.html": input_html for name in INPUTS},
    WIDGETS + "textarea.html": textarea_html,
    WIDGETS + "select.html": select_html,
    SELECT_OPTION: option_html,
    WIDGETS + "input_option.html": input_option_html,
    **dict.fromkeys(OPTION_INPUTS, input_option_html),
    WIDGETS + "radio.html": multiple_input_html,
    WIDGETS + "checkbox_select.html": multiple_input_html,
}


class FastWidgetRenderer(DjangoTemplates):
    """Django's template renderer, with the common widgets written in Python (the same HTML)."""

    @cached_property
    def fast(self) -> dict:
        """The fast writers whose template is still Django's own (not overridden by an app)."""
        return {
            name: write
            for name, write in FAST.items()
            if Path(self.get_template(name).origin.name).parent == DJANGO_WIDGETS
        }

    def render(self, template_name, context, request=None):
        write = self.fast.get(template_name)
        if write is not None and "widget" in context:
            html = write(context["widget"])
            if html is not None:
                return mark_safe(html)  # noqa: S308 - every value above is escaped unless already safe
        return super().render(template_name, context, request=request)
