"""The `layers` assignment's answer key: the reference under the spec's names.

``reference.py`` is derived from the source notebook's solution cells by
``course build layers``; edit the notebook, never that file.
"""

from .reference import *  # noqa: F401,F403
from .reference import __all__  # noqa: F401
