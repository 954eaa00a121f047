"""Running untrusted work (reading an uploaded document) in a child process with limits.

``run_limited("package.module:function", *args, limits=Limits(...))`` starts a fresh Python
(``python -m mahalleh.core.sandbox``) in a session of its own; before it imports the function, the child
caps its own address space (``RLIMIT_AS``), CPU time (``RLIMIT_CPU``) and the files it may write
(``RLIMIT_FSIZE`` = 0), and the parent kills the whole session when the wall-clock timeout passes. The
arguments go in pickled (the parent is trusted); the answer comes back as JSON only (a child subverted
by a hostile file cannot make the parent run code). So a document that expands to gigabytes, or loops,
costs one child its limit, never the web server its memory or its threads' time.

The function must return JSON-ready data; what it raises comes back as ``SandboxRaised`` (its class name
and ``message``, or its text). Memory exhausted is ``SandboxMemoryExceeded``, time is
``SandboxTimeout``, anything else the child died of is ``SandboxCrashed``; all are ``SandboxError``.
``Limits.from_settings()`` reads ``PARSE_MEMORY_MB``, ``PARSE_CPU_SECONDS``, ``PARSE_TIMEOUT_SECONDS``; a
background job (the coming OCR, per page) passes its own. The child has no Django and no database: what
needs them runs in the parent, on the child's answer.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import pickle
import signal
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

_MEMORY_EXIT = 86  # the child's exit status when it ran out of memory


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 768
    cpu_seconds: int = 30
    timeout_seconds: float = 40.0

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        return cls(
            memory_mb=int(getattr(settings, "PARSE_MEMORY_MB", cls.memory_mb)),
            cpu_seconds=int(getattr(settings, "PARSE_CPU_SECONDS", cls.cpu_seconds)),
            timeout_seconds=float(getattr(settings, "PARSE_TIMEOUT_SECONDS", cls.timeout_seconds)),
        )


class SandboxError(Exception):
    """The child gave no answer."""


class SandboxTimeout(SandboxError):
    """It ran past its CPU or wall-clock time and was killed."""


class SandboxMemoryExceeded(SandboxError):
    """It needed more memory than its limit."""


class SandboxCrashed(SandboxError):
    """It died otherwise (a signal, a broken answer); ``detail`` says how, for the log."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class SandboxRaised(SandboxError):
    """The function raised: ``kind`` is the exception's class name, ``message`` its message."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


def run_limited(target: str, *args: Any, limits: Limits | None = None, **kwargs: Any) -> Any:
    """Call ``target`` (``"module:function"``) with the arguments in a limited child; its return value."""
    limits = limits or Limits.from_settings()
    payload = pickle.dumps((target, args, kwargs))
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1",
           "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    command = [sys.executable, "-m", "mahalleh.core.sandbox", str(limits.memory_mb), str(limits.cpu_seconds)]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env, start_new_session=True)
    try:
        out, err = process.communicate(payload, timeout=limits.timeout_seconds)
    except subprocess.TimeoutExpired as exc:
        _kill(process)
        process.communicate()
        raise SandboxTimeout(f"{target} passed {limits.timeout_seconds}s") from exc
    finally:
        if process.poll() is None:  # an exception in the parent (KeyboardInterrupt): leave no child behind
            _kill(process)
    code = process.returncode
    if code == _MEMORY_EXIT:
        raise SandboxMemoryExceeded(f"{target} passed {limits.memory_mb} MB")
    if code in (-signal.SIGXCPU, -signal.SIGKILL) and not out:
        raise SandboxTimeout(f"{target} passed {limits.cpu_seconds} CPU seconds")
    try:
        answer = json.loads(out)
    except ValueError:
        answer = None
    if code != 0 or not isinstance(answer, dict):
        raise SandboxCrashed(f"{target} exited {code}: {err.decode(errors='replace')[-2000:]}")
    if "raised" in answer:
        raise SandboxRaised(str(answer["raised"]), str(answer.get("message", "")))
    return answer.get("result")


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    import resource

    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # the soft limit sends SIGXCPU (the child dies of it); the hard one, a second later, SIGKILL
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child(argv: list[str]) -> int:
    _limit(int(argv[0]), int(argv[1]))
    out = sys.stdout
    sys.stdout = sys.stderr  # what the function prints must not corrupt the answer
    try:
        target, args, kwargs = pickle.loads(sys.stdin.buffer.read())
        module, _, name = target.partition(":")
        result = getattr(importlib.import_module(module), name)(*args, **kwargs)
        text = json.dumps({"result": result}, ensure_ascii=False)
    except MemoryError:
        return _MEMORY_EXIT
    except Exception as exc:  # reported to the parent, which decides what the user is told
        text = json.dumps({"raised": type(exc).__name__, "message": getattr(exc, "message", None) or str(exc)},
                          ensure_ascii=False)
    try:
        out.write(text)
        out.flush()
    except MemoryError:
        return _MEMORY_EXIT
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
