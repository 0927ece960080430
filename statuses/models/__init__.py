"""The content models, one module per model (the guides' together), and the fields they share.

Everything is imported here, so the rest of the project says ``from statuses.models import
StatusCode`` without knowing which module a model lives in. ``BilingualMixin`` is here too
because the migrations name it as ``statuses.models.BilingualMixin``.

What the models share as mechanism lives once, in ``fields``: the base of every content model
(its version, ``updated_at`` and history), the kinds of field (``line``, ``long_text``,
``MarkdownField``, the bilingual descriptions and summaries). What is left alike across the
modules is Django's declarative form: a field per attribute with its verbose name, length and
help text, a ``Meta`` with ordering, constraints and names, then ``__str__``. Those lines state
each model's own facts (its fields, its rules, its names in the admin); they share a shape, not a
fact, and each is read and changed on its own.
"""

from .baseline import ContentBaseline
from .comparison import CodeComparison
from .fields import LONG_TEXT_LIMIT, BilingualMixin, MarkdownField, comma_list, markdown_fields
from .guides import DecisionAnswer, DecisionStep, Guide, GuideFact
from .status_class import StatusClass
from .status_code import (
    FIRST_CODE,
    FOLLOWED_REDIRECTS,
    LAST_CODE,
    NAME_FIELDS,
    PYTHON_313_NAMES,
    SEARCHED_FIELDS,
    WITHOUT_CONTENT,
    StatusCode,
)
from .vendor_usage import VendorUsage

# What editors change, rows that others point at first: a change to any of them changes some page.
GUIDE_MODELS = (Guide, DecisionStep, DecisionAnswer, GuideFact)
CONTENT_MODELS = (StatusClass, StatusCode, VendorUsage, CodeComparison, *GUIDE_MODELS)

__all__ = [
    "CONTENT_MODELS",
    "GUIDE_MODELS",
    "FIRST_CODE",
    "FOLLOWED_REDIRECTS",
    "LAST_CODE",
    "LONG_TEXT_LIMIT",
    "MarkdownField",
    "NAME_FIELDS",
    "PYTHON_313_NAMES",
    "SEARCHED_FIELDS",
    "WITHOUT_CONTENT",
    "BilingualMixin",
    "comma_list",
    "CodeComparison",
    "ContentBaseline",
    "DecisionAnswer",
    "DecisionStep",
    "Guide",
    "GuideFact",
    "StatusClass",
    "StatusCode",
    "VendorUsage",
    "markdown_fields",
]
