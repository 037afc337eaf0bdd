from django import template

from bianmin.guide.help import help_for

register = template.Library()


@register.inclusion_tag("guide/_page_help.html", takes_context=True)
def page_help(context):
    """The current page's 本页说明 (collapsed), from the registry in ``bianmin.guide.help``."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return {"help": help_for(match.view_name if match else None)}
