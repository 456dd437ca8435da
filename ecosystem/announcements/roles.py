"""What the admin's roles may do with announcements."""

from ecosystem.core import roles

ANNOUNCEMENTS = {
    "announcement": roles.ALL,
    # The history is the record of who changed what: it is read, never edited.
    "historicalannouncement": ("view",),
    "historicalannouncement_brands": ("view",),
    "historicalannouncement_categories": ("view",),
}

for role in roles.ROLES:
    roles.grant(role, "announcements", ANNOUNCEMENTS)
