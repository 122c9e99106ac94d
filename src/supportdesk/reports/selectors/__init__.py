"""Reads behind the reports: each module answers one question about a period."""
