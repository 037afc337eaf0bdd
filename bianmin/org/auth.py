"""How a signed-in user is read on each request: with their staff row, in one statement.

Every staff page needs the user (Django's session check) and the staff row behind it
(``selectors.scope_for``: role, centre, point). ``ModelBackend`` reads the user alone and the scope
read the staff row next; reading both at once saves a statement on every request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    """``ModelBackend``, the user's staff row joined in (``user.staff``; an inactive row too, which
    ``scope_for`` treats as no role)."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("staff").filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        user.staff_read_with_user = True  # scope_for trusts this user.staff (None: no staff row)
        return user
