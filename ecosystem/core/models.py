"""Core has no tables. The module exists because Django sends post_migrate only
to apps with a models module, and core sets the roles' permissions then."""
