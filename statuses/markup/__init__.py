"""Editors' text as readers see it: the one Markdown renderer and its code-number links."""
