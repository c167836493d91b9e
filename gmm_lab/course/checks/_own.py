"""Refusing gmm_lab's own answer: an exercise is passed by writing the function, not by calling it.

The student edition ships ``gmm_lab``, which holds a reference for every function an
exercise asks for. While the student's function runs inside a check, a profile hook
(``sys.setprofile``, for that call only and in the thread that makes it) watches which
Python functions start; if one of the check's ``Refused`` code objects starts, however it
was reached (``g.e_step``, ``from gmm_lab import e_step``, ``gmm_lab.em.e_step``, an
alias, a lambda or a function of the student's that wraps it, ``g.run_em`` whose loop runs
the E-step), the case fails with "this exercise is to write it yourself: your function
calls gmm_lab.e_step". The student's value is not even judged.

What a check refuses is the reference and the private code that computes it (the E-step's
``_e_step`` as well as ``e_step``); gmm_lab's *other* functions, those that earlier
notebooks had the student write (``log_gaussian_pdf`` in an E-step, ``e_step`` and
``m_step`` in an EM loop), stay allowed, as do NumPy, SciPy and scikit-learn: each
check's docstring says which. The check modules' own code (``gmm_lab.course.checks.clustering``
and the others: their references, e.g. ``reference_kmeans_step``, and helpers) is refused in
every check. What is not
caught: the reference's source copied into the student's cell (a new code object), or a call
made in another thread or process.
"""

import sys
import threading
from pathlib import Path

__all__ = ["Refused", "watch", "OWN_SUMMARY"]

_GMM_LAB = str(Path(__file__).resolve().parents[2])  # gmm_lab/
_CHECKS = str(Path(__file__).resolve().parent)  # gmm_lab/course/checks/: the check, not the student
OWN_SUMMARY = "this exercise is to write it yourself: your function calls {entry}"


def _code(function):
    return getattr(function, "__code__", None) or function.fget.__code__  # a function, or a property


def public_name(code, module):
    """``gmm_lab.e_step`` when the package exports the function, else ``gmm_lab.em._e_step``."""
    import gmm_lab

    exported = getattr(gmm_lab, code.co_name, None)
    if getattr(exported, "__code__", None) is code:
        return f"gmm_lab.{code.co_name}"
    return f"{module}.{getattr(code, 'co_qualname', code.co_name)}"


class Refused:
    """The functions a check refuses (the first one names the reference), and what the student may use.

    `allowed` completes the hint: "write it with NumPy{allowed}", e.g. ", and gmm_lab.log_gaussian_pdf
    (notebook 01)".
    """

    def __init__(self, functions, allowed=""):
        self.codes = {}
        for function in functions:
            code = _code(function)
            module = getattr(function, "__module__", None) or function.fget.__module__
            self.codes[code] = public_name(code, module)
        self.reference = next(iter(self.codes.values()))
        self.allowed = allowed

    @property
    def hint(self):
        return (f"the check compares your answer with {self.reference}, so calling it (or a gmm_lab function "
                f"that runs it) proves nothing: write the computation with NumPy{self.allowed}.")

    def summary(self, hit):
        entry, inner = hit
        text = OWN_SUMMARY.format(entry=entry)
        return text if entry == inner else f"{text}, which runs {inner}"


def _in_gmm_lab(code):
    name = code.co_filename
    return name.startswith(_GMM_LAB) and not name.startswith(_CHECKS)


def _entry(frame):
    """The gmm_lab function the student's code called on the way to `frame` (the outermost one)."""
    entry = frame
    caller = frame.f_back
    while caller is not None and _in_gmm_lab(caller.f_code):
        entry, caller = caller, caller.f_back
    return public_name(entry.f_code, entry.f_globals.get("__name__", "gmm_lab"))


class Watch:
    """`fn` wrapped so that each call records the first refused function it starts (``hit``)."""

    def __init__(self, fn, refused):
        self.fn, self.refused, self.hit = fn, refused, None

    def __call__(self, *args, **kwargs):
        codes, thread = self.refused.codes, threading.get_ident()

        def profile(frame, event, arg):
            if event != "call" or self.hit is not None or threading.get_ident() != thread:
                return
            code = frame.f_code
            if code in codes:
                self.hit = (_entry(frame), codes[code])
            elif code.co_filename.startswith(_CHECKS) and not Path(code.co_filename).name.startswith("_"):
                # a check module's own code (its references ship too); the engine's private modules
                # (_call.py's time-limit handler runs inside the student's call) are not answers
                name = public_name(code, frame.f_globals.get("__name__", "gmm_lab.course.checks"))
                self.hit = (name, name)

        previous = sys.getprofile()
        sys.setprofile(profile)
        try:
            return self.fn(*args, **kwargs)
        finally:
            sys.setprofile(previous)


def watch(fn, refused):
    """`fn` as the check should call it: watched when the check refuses something, else `fn` itself."""
    return fn if refused is None else Watch(fn, refused)
