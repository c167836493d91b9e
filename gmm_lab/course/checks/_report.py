"""What a check returns: a result that is truthy exactly when every case passed.

In a notebook the result shows itself as a short report (``_repr_html_``, with a
plain-text ``__repr__`` for terminals and for nbval); ``result.failures`` holds one
message per failed case.
"""

import html
import os
from dataclasses import dataclass

__all__ = ["CheckFailed", "CheckResult", "Problem", "RAISE_ENV"]

# Set to 1 (e.g. `GMM_LAB_CHECKS_RAISE=1 nbgrader autograde ...`) to make a check that
# does not pass raise CheckFailed, so that an autograder counts the cell as failed (see finish).
RAISE_ENV = "GMM_LAB_CHECKS_RAISE"

PASSED, FAILED, NOT_IMPLEMENTED, TIMED_OUT = "passed", "failed", "not implemented", "timed out"
REFUSED = "refused"  # the function called gmm_lab's own answer (checks/_own.py)


class CheckFailed(AssertionError):
    """Raised by a check that did not pass, only when GMM_LAB_CHECKS_RAISE=1 is set."""


@dataclass
class Problem:
    """One failed case: what differs, expected against got, and a hint."""

    case: str
    summary: str
    expected: str = ""
    got: str = ""
    hint: str = ""
    where: str = ""  # the student's own line, for an exception
    detail: str = ""  # what the judge saw there, e.g. a point and its distances to the centres

    def lines(self):
        out = [f"{self.case}: {self.summary}"]
        for text in (self.where, self.detail):
            out += ["    " + line for line in text.splitlines()]
        if self.expected or self.got:
            out.append(f"    expected {self.expected}")
            out.append(f"    got      {self.got}")
        if self.hint:
            out.append(f"    hint: {self.hint}")
        return out

    def __str__(self):
        return "\n".join(self.lines())

    def html(self, extra=""):
        esc = html.escape
        parts = [f"<li><b>{esc(self.case)}</b>: {esc(self.summary)}"]
        pre = [text for text in (self.where, self.detail) if text]
        if self.expected or self.got:
            pre += [f"expected {self.expected}", f"got      {self.got}"]
        if pre:
            parts.append(f'<pre style="margin:2px 0 2px 0">{esc(chr(10).join(pre))}</pre>')
        if self.hint:
            parts.append(f"<div><i>hint</i>: {esc(self.hint)}</div>")
        parts.append(extra + "</li>")
        return "".join(parts)


class CheckResult:
    """The outcome of one check on one student function.

    Attributes
    ----------
    check : str
        The check's name, e.g. ``"check_e_step"``.
    function : str
        The name of the function that was checked.
    cases : list of str
        Every case the check runs, in order.
    passed : list of str
        The cases that passed.
    failures : list of str
        One message per failed case: the case, expected against got, a hint.
    status : str
        ``"passed"``, ``"failed"``, ``"not implemented"``, ``"timed out"`` or ``"refused"``
        (the function called gmm_lab's own answer).
    hint : str
        For a stub, the message of its ``NotImplementedError`` (the exercise's hint).
    """

    def __init__(self, check, function, cases):
        self.check = check
        self.function = function
        self.cases = list(cases)
        self.passed = []
        self.problems = []
        self.status = PASSED
        self.hint = ""

    @property
    def failures(self):
        return [str(p) for p in self.problems]

    def _grouped(self):
        """Problems to show: the first of each hint in full, with the other cases that share it."""
        groups, by_hint = [], {}
        for p in self.problems:
            if p.hint and p.hint in by_hint:
                by_hint[p.hint][1].append(p.case)
            else:
                groups.append((p, []))
                if p.hint:
                    by_hint[p.hint] = groups[-1]
        return groups

    def __bool__(self):
        return self.status == PASSED and not self.problems

    def _headline(self):
        call = f"{self.check}({self.function})"
        n = len(self.cases)
        if self.status == NOT_IMPLEMENTED:
            return "…", f"{call}: not implemented yet."
        if self.status == TIMED_OUT:
            return "✗", f"{call}: stopped, too slow (see below)."
        if self.status == REFUSED:
            return "✗", f"{call}: not your own work (see below)."
        if self:
            return "✓", f"{call}: all {n} cases pass."
        return "✗", f"{call}: {len(self.problems)} of {n} cases fail."

    def __repr__(self):
        mark, head = self._headline()
        lines = [f"{mark} {head}"]
        if self.status == NOT_IMPLEMENTED:
            if self.hint:
                lines.append(f"    {self.hint}")
            lines.append("    Write the function, run its cell, then run this check again.")
        elif self:
            lines.append("    " + "; ".join(self.cases))
        else:
            for p, same in self._grouped():
                lines += ["  " + line for line in p.lines()]
                if same:
                    lines.append("    the same in: " + "; ".join(same))
            if self.passed:
                lines.append("  passed: " + "; ".join(self.passed))
        return "\n".join(lines)

    def _repr_html_(self):
        esc = html.escape
        mark, head = self._headline()
        colour = {"✓": "#2e7d32", "✗": "#c62828", "…": "#9e6a03"}[mark]
        body = []
        if self.status == NOT_IMPLEMENTED:
            if self.hint:
                body.append(f"<div>{esc(self.hint)}</div>")
            body.append("<div>Write the function, run its cell, then run this check again.</div>")
        elif self:
            body.append(f"<div style='color:#555'>{esc('; '.join(self.cases))}</div>")
        else:
            items = [
                p.html(f"<div style='color:#555'>the same in: {esc('; '.join(same))}</div>" if same else "")
                for p, same in self._grouped()
            ]
            body.append("<ul style='margin:2px 0'>" + "".join(items) + "</ul>")
            if self.passed:
                body.append(f"<div style='color:#555'>passed: {esc('; '.join(self.passed))}</div>")
        return (
            f"<div style='border-left:4px solid {colour};padding:2px 10px;margin:4px 0'>"
            f"<b style='color:{colour}'>{mark} {esc(head)}</b>{''.join(body)}</div>"
        )

    def finish(self):
        """Return self; in grading mode (GMM_LAB_CHECKS_RAISE=1), raise CheckFailed or show and return None.

        nbgrader's autograder scores a graded cell 0 when it errs and reads the cell's value,
        if any, as partial credit: so in grading mode a check that passes displays its report
        (display_data, not the cell's value) and returns None, which earns the full points.
        """
        if os.environ.get(RAISE_ENV, "") in ("", "0"):
            return self
        if not self:
            raise CheckFailed(repr(self))
        try:
            from IPython.display import display
        except ImportError:  # pragma: no cover - IPython comes with every Jupyter kernel
            print(repr(self))
        else:
            display(self)
        return None
