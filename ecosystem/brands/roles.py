"""What the admin's roles may do with brands, categories, aliases and ties."""

from ecosystem.core import roles

MODELS = (
    "brand",
    "productcategory",
    "alias",
    "exclusionphrase",
    "contextword",
    "referencelink",
    "tie",
)

# Editors look brands up while they write; administrators keep the catalogue.
roles.grant(roles.EDITORS, "brands", dict.fromkeys(MODELS, ("view",)))
roles.grant(roles.ADMINISTRATORS, "brands", dict.fromkeys(MODELS, roles.ALL))
