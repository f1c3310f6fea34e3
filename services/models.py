"""services: models arrive with their issue."""
