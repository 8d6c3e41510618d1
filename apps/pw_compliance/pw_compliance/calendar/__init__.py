"""Compliance calendar domain logic: plain Python, importable without a Frappe site."""
