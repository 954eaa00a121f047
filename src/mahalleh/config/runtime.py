"""What a long-running process (the web server, the task worker) does once Django is set up.

``gc.freeze()`` moves every object that exists after start-up (Django's and our modules, models,
URL patterns, templates' code) to the collector's permanent generation. Those objects live as long
as the process, yet Python's full collections walk all of them: a page that builds a few thousand
objects (the review of previous resolutions: 784 rows, each a resolution, its latest report and a row)
triggered enough collections to cost 6–7 ms a call, more than building the objects. Frozen, they are
never walked again; cycles among them were never garbage anyway. Measured in bench/RESULTS.md and
docs/decisions/0003-frozen-startup-objects.md. ``MAHALLEH_GC_FREEZE=0`` turns it off.
"""

from __future__ import annotations

import gc
import os


def prepare_process() -> None:
    """Load what every request will need, then freeze it (see the module's docstring)."""
    if os.environ.get("MAHALLEH_GC_FREEZE", "1") == "0":
        return
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (import every view module now, not on the first request)
    gc.collect()  # what start-up left as garbage goes now, not frozen forever
    gc.freeze()
