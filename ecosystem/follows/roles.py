"""Who may see follows in the admin. Addresses are personal data: only
administrators see them; editors see how many follow what (admin.py)."""

from ecosystem.core import roles

roles.grant(
    roles.ADMINISTRATORS,
    "follows",
    {"subscriber": ("view", "delete"), "follow": ("view", "change", "delete"), "mail": ("view",)},
)
roles.grant(roles.EDITORS, "follows", {"follow": ("view",)})
