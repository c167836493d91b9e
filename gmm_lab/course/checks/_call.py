"""Calling a student's function safely: its signature, a time limit, its own line on error.

The time limit
--------------
A check must not hang the notebook when a student's function is accidentally
quadratic (a Python loop over pairs of points and components on the check's data).

* In the main thread on a system with ``SIGALRM`` (Linux, macOS; an IPython kernel
  runs cells in its main thread), ``signal.setitimer`` arms a timer whose handler
  raises inside the student's code. Python runs signal handlers between bytecodes,
  so this interrupts any Python-level loop, and ``time.sleep``; it can NOT interrupt
  one long call into C (a single huge NumPy or BLAS operation): the handler runs
  when that call returns. A student's bare ``except:`` could also swallow it. Any
  timer and handler already installed (e.g. by pytest-timeout) are put back.
* Elsewhere (another thread, Windows) signals cannot be used. The function then runs
  in a helper thread that we wait for up to the limit; if it is still running, we
  ask it to stop by raising an exception in it at its next bytecode
  (``PyThreadState_SetAsyncExc``, CPython) and report the timeout at once. Same
  limits as above, and a long C call keeps using the CPU until it returns.
"""

import contextvars
import copy
import ctypes
import inspect
import signal
import sys
import sysconfig
import threading
import time
import traceback
from pathlib import Path

import numpy as np

__all__ = ["Outcome", "call_student", "function_name", "require_function", "changed_inputs"]

_PACKAGE_DIR = str(Path(__file__).resolve().parents[2])  # gmm_lab/
_LIBRARY_DIRS = tuple(
    {str(Path(p).resolve()) for key in ("stdlib", "platstdlib", "purelib", "platlib") if (p := sysconfig.get_paths().get(key))}
)


class _Timeout(BaseException):
    """Raised inside the student's code when the time limit is up (BaseException: `except Exception` lets it through)."""


def function_name(fn):
    return getattr(fn, "__name__", None) or type(fn).__name__


def require_function(fn, check, params, args, kwargs):
    """ValueError, in one sentence, unless `fn` is a function that accepts the check's call."""
    call = f"{params[0]}({', '.join(params[1:])})"
    if not callable(fn):
        raise ValueError(
            f"{check} needs your function itself, not {type(fn).__name__} {_short(fn)}: "
            f"write {check}({params[0]}), without parentheses after {params[0]}."
        )
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return  # a builtin or C function: we cannot tell before calling it
    try:
        sig.bind(*args, **kwargs)
    except TypeError as exc:
        raise ValueError(
            f"{check} calls your function as {call}, but {function_name(fn)}{sig} cannot "
            f"be called that way ({exc}); give it the parameters {call}."
        ) from None


def _short(value):
    text = repr(value).replace("\n", " ")
    return text if len(text) <= 40 else text[:37] + "..."


class Outcome:
    """What happened in one call: a value, an exception, a stub, or a timeout."""

    def __init__(self, value=None, error=None, timed_out=False):
        self.value = value
        self.error = error
        self.timed_out = timed_out

    @property
    def not_implemented(self):
        return isinstance(self.error, NotImplementedError)


def call_student(fn, args, kwargs, timeout):
    """Call ``fn(*args, **kwargs)`` under a time limit (seconds, or None for none)."""
    try:
        if timeout is None:
            value = fn(*args, **kwargs)
        elif threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM"):
            value = _with_alarm(fn, args, kwargs, timeout)
        else:
            value = _in_thread(fn, args, kwargs, timeout)
    except _Timeout:
        return Outcome(timed_out=True)
    except Exception as exc:  # the student's error, reported with their own line
        return Outcome(error=exc)
    return Outcome(value=value)


def _with_alarm(fn, args, kwargs, timeout):
    def on_alarm(signum, frame):
        raise _Timeout

    start = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        try:
            return fn(*args, **kwargs)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:  # someone else's timer: resume it, minus the time we used
            left = previous_delay - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), previous_interval)


def _in_thread(fn, args, kwargs, timeout):
    box = {}
    context = contextvars.copy_context()  # e.g. numpy.errstate, as in the caller

    def target():
        try:
            box["value"] = context.run(fn, *args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller
            box["error"] = exc

    worker = threading.Thread(target=target, name="gmm_lab-check", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident), ctypes.py_object(_Timeout))
        raise _Timeout
    if "error" in box:
        raise box["error"]
    return box["value"]


# --------------------------------------------------------------------------- #
# The student's own line
# --------------------------------------------------------------------------- #
def _is_library(filename):
    if filename.startswith("<frozen") or filename.startswith(_PACKAGE_DIR):
        return True
    try:
        resolved = str(Path(filename).resolve())
    except (OSError, ValueError):
        return False
    return resolved.startswith(_PACKAGE_DIR) or resolved.startswith(_LIBRARY_DIRS)


def _label(filename):
    """'Cell In[7]' for a notebook cell (as IPython's own tracebacks say), else the file name."""
    shell = sys.modules.get("IPython") and getattr(sys.modules["IPython"], "get_ipython", lambda: None)()
    compiler = getattr(shell, "compile", None)
    if compiler is not None and hasattr(compiler, "format_code_name"):
        named = compiler.format_code_name(filename)
        if named:
            return " ".join(named)
    return filename


def student_line(exc):
    """The deepest frame of the traceback in the student's code: where, the line, the exception."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames if not _is_library(f.filename)]
    message = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    if not own:
        return message
    frame = own[-1]
    where = f"{_label(frame.filename)}, line {frame.lineno}, in {frame.name}:"
    text = (frame.line or "").strip()
    return "\n".join([where, f"    {text}" if text else "    (source not available)", message])


# --------------------------------------------------------------------------- #
# Inputs the function must not change
# --------------------------------------------------------------------------- #
def snapshot(args):
    return copy.deepcopy(args)


def changed_inputs(names, before, after):
    """Names of the arguments whose values differ from their snapshot."""
    changed = []
    for name, old, new in zip(names, before, after):
        try:
            same = np.array_equal(np.asarray(old, dtype=float), np.asarray(new, dtype=float), equal_nan=True)
        except (TypeError, ValueError):  # not numbers (a string argument), or a list the function made ragged
            same = type(old) is type(new) and isinstance(old, str) and old == new
        if not same:
            changed.append(name)
    return changed
