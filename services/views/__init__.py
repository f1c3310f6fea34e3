"""The services app's public pages, one module per part of the domain."""
