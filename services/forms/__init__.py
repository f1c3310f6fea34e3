"""The services app's forms, one module per part of the domain."""
