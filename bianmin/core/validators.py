"""Django validators over ``personal.py``, with the Chinese messages users see."""

from django.core.exceptions import ValidationError

from bianmin.core.personal import (
    control_character_error,
    id_document_error,
    id_number_error,
    person_name_error,
    phone_error,
)


def validate_phone(value: str) -> None:
    error = phone_error(value)
    if error:
        raise ValidationError(error, code="invalid_phone")


def validate_id_number(value: str) -> None:
    error = id_number_error(value)
    if error:
        raise ValidationError(error, code="invalid_id_number")


def validate_id_document(id_type: str, value: str) -> None:
    """Two-field check (type and number) for a form's or model's ``clean``."""
    error = id_document_error(id_type, value)
    if error:
        raise ValidationError(error, code="invalid_id_document")


def validate_person_name(value: str) -> None:
    error = person_name_error(value)
    if error:
        raise ValidationError(error, code="invalid_name")


def validate_no_control_characters(value: str) -> None:
    error = control_character_error(value)
    if error:
        raise ValidationError(error, code="control_characters")
