from django import template

from bianmin.core.personal import mask_id_document, mask_id_number, mask_phone

register = template.Library()


@register.filter
def masked_phone(value: str) -> str:
    return mask_phone(value) if value else ""


@register.filter
def masked_id(value: str) -> str:
    return mask_id_number(value) if value else ""


@register.filter
def masked_document(value: str, id_type: str) -> str:
    """``{{ number|masked_document:id_type }}``: an ID document number masked for its type."""
    return mask_id_document(id_type or "", value) if value else ""


@register.filter
def dangers(findings) -> list:
    return [f for f in findings if f.severity == "danger"]


@register.filter
def actor_name(user) -> str:
    """Who did it: the user's name, or 系统 for changes made by commands and imports."""
    if user is None:
        return "系统"
    return user.first_name or user.username
