"""Writes that touch several rows or models (STYLE.md, "Services"): one module
per part of the domain, each function keyword-only, typed and atomic."""
