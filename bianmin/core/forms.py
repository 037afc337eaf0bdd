from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator

from bianmin.core.params import KEY_LIMIT
from bianmin.core.validators import validate_no_control_characters

# Free text without a limit of its own (a model TextField) is cut off here: a register entry is
# never a book, and an unbounded field is an easy way to fill the database.
TEXT_MAX_LENGTH = 5000
# Django's own wording ("确保该变量包含不超过…") speaks of variables; users type text.
TOO_LONG = "最多 %(limit_value)d 个字,现有 %(show_value)d 个字,请删减。"
# No count, number of days or points here comes near 2³¹; a bigger number typed into a form is a
# mistake (or an attack) and would overflow the database column.
INT_LIMIT = 2**31 - 1


def _bounded_choices(field: forms.ModelChoiceField) -> None:
    """A choice field given a number beyond any key refuses it as an invalid choice, before the
    database is asked (SQLite raises OverflowError and PostgreSQL an out-of-range error)."""
    clean = field.clean

    def checked(value):
        values = value if isinstance(value, list | tuple) else [value]
        for one in values:
            text = str(one).strip() if one is not None else ""
            if text.lstrip("-").isdigit() and abs(int(text)) > KEY_LIMIT:
                raise ValidationError(
                    field.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
                )
        return clean(value)

    field.clean = checked  # type: ignore[method-assign]


class BootstrapFormMixin:
    """Give every widget the Bootstrap 5 class it needs, so templates render fields plainly; and
    every text field the checks all input gets (issue #12 point 3): no control or invisible format
    characters, and a length limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(validate_no_control_characters)
                field.error_messages.setdefault("max_length", TOO_LONG)
                if field.max_length is None:
                    field.max_length = TEXT_MAX_LENGTH
                    field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
                    field.widget.attrs.setdefault("maxlength", str(TEXT_MAX_LENGTH))
            if isinstance(field, forms.ModelChoiceField):
                _bounded_choices(field)
            if isinstance(field, forms.IntegerField):
                if field.max_value is None:
                    field.validators.append(MaxValueValidator(INT_LIMIT))
                if field.min_value is None:
                    field.validators.append(MinValueValidator(-INT_LIMIT))
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
