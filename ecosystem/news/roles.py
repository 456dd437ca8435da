"""What the admin's roles may do with sources, news items and their brands."""

from ecosystem.core import roles

# Editors hide and unhide items and decide which brands an item names (its
# mentions and detachments); they may look at sources but not change them.
roles.grant(
    roles.EDITORS,
    "news",
    {
        "newsitem": ("change", "view"),
        "mention": roles.ALL,
        "detachment": roles.ALL,
        "source": ("view",),
    },
)
roles.grant(
    roles.ADMINISTRATORS,
    "news",
    {
        "newsitem": roles.ALL,
        "mention": roles.ALL,
        "detachment": roles.ALL,
        "source": roles.ALL,
    },
)
