"""Mahalleh's settings plus what bench/pages.py needs: the ``Server-Timing`` header and the floor views."""

from pathlib import Path

from mahalleh.config.settings import *  # noqa: F403
from mahalleh.config.settings import MIDDLEWARE, TEMPLATES

MIDDLEWARE = ["bench.floor.ServerTiming", *MIDDLEWARE]
ROOT_URLCONF = "bench.floor"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]
