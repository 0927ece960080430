"""The content's way in and out: the fixtures, checked row by row (``reader``, with the rules
the admin applies too in ``rules``), loaded and exported without losing an editor's work
(``loader``), and compared with the IANA registry (``registry``).
"""
