"""Reading the forms of a page as a browser would submit them, for the load test's simulated people
(plain standard library: the test suite checks it against the application's real forms)."""

from html.parser import HTMLParser

APPLICANT = {
    "applicant_name": "王小明",
    "id_type": "resident",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
}


class Forms(HTMLParser):
    """The forms of a page: action → {field: value} as the browser would submit them untouched."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self.current: dict[str, str] | None = None
        self.select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = self.forms.setdefault(a.get("action") or "", {})
        elif self.current is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.current[a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.current[a["name"]] = a.get("value") or ""
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
            self.current.setdefault(self.select, "")
        elif tag == "option" and self.select and ("selected" in a or not self.current.get(self.select)):
            self.current[self.select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.current[a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def fill_intake(form: dict[str, str]) -> dict[str, str]:
    """The intake form of a complete application: the applicant, every material brought, at the window."""
    form = dict(form, **APPLICANT)
    for field in [f for f in form if f.startswith("note_")]:
        form["mat_" + field.removeprefix("note_")] = "received"
    form.setdefault("channel", "window")
    return form
