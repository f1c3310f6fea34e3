"""Reads for the services app's pages and reports, one module per part of the domain."""
