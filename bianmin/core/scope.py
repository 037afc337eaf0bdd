"""What part of the county a user may see and change (DESIGN §1).

Pure: a ``Scope`` is built once per request from the user's staff record (see
``bianmin.org.selectors.scope_for``) and every selector filters by it. Objects outside the
scope are answered with 404; objects inside it that the role may only read refuse writes with 403.
"""

from dataclasses import dataclass

from bianmin.core.roles import CENTRE_ROLES, COUNTYWIDE_ROLES, Role


@dataclass(frozen=True)
class Scope:
    role: Role | None
    centre_id: int | None = None
    agency_point_id: int | None = None

    @property
    def is_county_admin(self) -> bool:
        return self.role == Role.COUNTY_ADMIN

    @property
    def is_countywide(self) -> bool:
        return self.role in COUNTYWIDE_ROLES

    @property
    def is_centre(self) -> bool:
        return self.role in CENTRE_ROLES and self.centre_id is not None

    @property
    def is_agency_point(self) -> bool:
        return self.role == Role.AGENT and self.agency_point_id is not None

    @property
    def sees_nothing(self) -> bool:
        return not (self.is_countywide or self.is_centre or self.is_agency_point)

    def can_edit_centre(self, centre_id: int) -> bool:
        """The county admin configures every centre; a director runs their own."""
        if self.role == Role.COUNTY_ADMIN:
            return True
        return self.role == Role.CENTRE_DIRECTOR and self.centre_id == centre_id


NO_SCOPE = Scope(role=None)
