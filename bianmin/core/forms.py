from django import forms


class BootstrapFormMixin:
    """Give every widget the Bootstrap 5 class it needs, so templates render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


def add_application_error(form: forms.BaseForm, exc) -> None:
    """Show a business-rule error (ApplicationError) on its field, or on the form when the field
    is not one of the form's."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
