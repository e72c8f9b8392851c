"""The toy_manual assignment's answer key (engine tests): ``reference.py`` is derived by ``course build toy_manual``."""

from .reference import *  # noqa: F401,F403
from .reference import __all__  # noqa: F401
