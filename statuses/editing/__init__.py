"""Saving without losing anyone's work: conflict-safe saves (``locking``) and the history's
word difference (``history``)."""
