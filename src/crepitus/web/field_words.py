"""A form's problem as a person reads it: the field named by its label, not by its code."""

from __future__ import annotations

from crepitus.errors import FieldProblem
from crepitus.web.language import N_
from crepitus.web.language import gettext as _

# the fields the account and sharing forms name in their problems, as the forms label them
FIELD_NAMES = {
    "username": N_("Account name"),
    "password": N_("Password"),
    "password_again": N_("Password again"),
    "current_password": N_("Current password"),
    "new_password": N_("New password"),
    "new_password_again": N_("New password again"),
    "confirm": N_("Confirmation"),
    "label": N_("Who it is for"),
    "days": N_("How many days"),
}


def said(problem: FieldProblem) -> str:
    """``problem`` in the page's language, its field by the name the form shows."""
    name = FIELD_NAMES.get(problem.field)
    if name is None:
        return str(problem)
    return _("%(field)s: %(problem)s") % {"field": _(name), "problem": problem.problem}
