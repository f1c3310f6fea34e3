"""volunteers: models arrive with their issue."""
