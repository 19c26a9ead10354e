"""Stateless scoring of cases sent in the request (nothing is stored)."""
