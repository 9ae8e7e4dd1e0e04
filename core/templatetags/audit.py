"""Template helpers for audit history."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@register.filter
def audit_action(code: str) -> str:
    """created / changed / deleted, translated."""
    return str(ACTIONS.get(code, code))


@register.filter
def audit_source(source: str) -> str:
    """Where a change came from, in words: web, a command, an import or the system."""
    if source.startswith("command:"):
        return str(_("command %(name)s") % {"name": source.split(":", 1)[1]})
    if source.startswith("import:"):
        return str(_("import of %(name)s") % {"name": source.split(":", 1)[1]})
    if source == "system":
        return str(_("system"))
    return ""
