"""The POST forms of a page, read from its HTML as a browser would submit them: action, encoding and
each control's name, kind and current value (hidden fields such as the CSRF token, the request key
and the record's version included). Used by the hostile-input pass over every form."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Control:
    name: str
    kind: str  # input type ("text", "hidden", "file", "checkbox", …), "textarea" or "select"
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    action: str
    multipart: bool
    controls: list[Control] = field(default_factory=list)

    def data(self) -> dict[str, str | list[str]]:
        """What submitting the form unchanged sends (buttons aside)."""
        out: dict[str, str | list[str]] = {}
        for control in self.controls:
            if control.kind in ("file", "submit", "button", "reset", "image"):
                continue
            if control.kind in ("checkbox", "radio"):
                if control.value:  # checked: value holds what it sends
                    previous = out.get(control.name)
                    if control.kind == "checkbox" and previous is not None:
                        out[control.name] = [*([previous] if isinstance(previous, str) else previous), control.value]
                    else:
                        out[control.name] = control.value
                continue
            out[control.name] = control.value
        return out

    @property
    def text_controls(self) -> list[Control]:
        editable = ("text", "textarea", "number", "date", "datetime-local", "time", "tel", "email", "search", "url")
        return [c for c in self.controls if c.kind in editable]


class _Parser(HTMLParser):
    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Control | None = None
        self._option: tuple[str, bool] | None = None
        self._textarea: Control | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = a.get("action") or a.get("hx-post") or self.page_path
                self._form = Form(action=action, multipart="multipart" in a.get("enctype", ""))
                self.forms.append(self._form)
            return
        form = self._form
        if form is None or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind in ("checkbox", "radio") and "checked" not in a:
                value = ""
            form.controls.append(Control(a["name"], kind, value))
        elif tag == "textarea":
            self._textarea = Control(a["name"], "textarea")
            form.controls.append(self._textarea)
        elif tag == "select":
            self._select = Control(a["name"], "select", multiple="multiple" in a)
            form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value", ""), "selected" in a)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None and self._select is not None:
            value, selected = self._option
            self._select.options.append(value or data.strip())
            if selected or (not self._select.value and not self._select.multiple and value):
                self._select.value = value or data.strip()
            self._option = None

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def post_forms(html: str, page_path: str) -> list[Form]:
    parser = _Parser(page_path)
    parser.feed(html)
    return parser.forms
