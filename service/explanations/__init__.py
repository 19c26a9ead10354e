"""Explanations of one case (JSON or a German/English note for the file)."""
