"""The roles of DESIGN.md, held as Django groups."""

from enum import StrEnum


class Role(StrEnum):
    """A role name; each is the name of a Django group."""

    ENTERPRISE = "enterprise"
    REVIEWER = "reviewer"
    EXPERT = "expert"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """The Chinese name shown to users."""
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ENTERPRISE: "企业用户",
    Role.REVIEWER: "审核人员",
    Role.EXPERT: "评审专家",
    Role.ADMIN: "管理员",
}
