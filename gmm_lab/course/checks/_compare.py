"""Comparing a student's answer with the reference, and showing where they differ."""

import numpy as np

__all__ = ["as_array", "close", "fmt", "fmt_whole", "fmt_pair", "first_difference", "matches_any", "numbered"]

RTOL = 1e-6


def as_array(value):
    """`value` as a float array, or None if it is not array-like numbers."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return arr


def close(expected, got, rtol=RTOL, atol=None):
    """Same shape and equal within tolerance; NaN matches only NaN, inf only the same inf.

    `atol` defaults to 1e-9 times the largest finite |expected| (at least 1e-300), so
    an entry that should be 0 must be tiny on the scale of the whole answer.
    """
    expected = np.asarray(expected, dtype=float)
    got = as_array(got)
    if got is None or got.shape != expected.shape:
        return False
    if atol is None:
        finite = np.abs(expected[np.isfinite(expected)])
        atol = 1e-9 * (finite.max() if finite.size else 1.0) + 1e-300
    with np.errstate(invalid="ignore"):
        return bool(np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True))


def matches_any(got, candidates, **tol):
    """The hint of the first (hint, value) candidate that `got` equals, else None."""
    for hint, value in candidates:
        if value is not None and close(value, got, **tol):
            return hint
    return None


def numbered(index, noun="component"):
    """How a report names component `index` (0-based in code): "component 2 (index 1)".

    The notebooks count components from 1 (π₁, μ₁, "component 1"); code indexes from 0.
    """
    return f"{noun} {int(index) + 1} (index {int(index)})"


def fmt(value, digits=6):
    """Numbers as the report shows them: 6 significant digits, short arrays in full.

    Integer (and boolean) arrays print as integers: a table of counts reads [[27 1 2] ...],
    not [[27. 1. 2.] ...].
    """
    arr = np.asarray(value)
    arr = arr.astype(int) if arr.dtype.kind in "iub" else arr.astype(float)
    if arr.ndim == 0:
        return str(int(arr)) if arr.dtype.kind == "i" else f"{float(arr):.{digits}g}"
    text = np.array2string(arr, precision=digits, threshold=12, edgeitems=3, max_line_width=200)
    return " ".join(text.split())


def fmt_whole(value, digits=6):
    """As ``fmt``, with whole numbers as integers even in a float array ([0 2 2], not [0. 2. 2.])."""
    arr = np.asarray(value, dtype=float)
    return fmt(arr.astype(int)) if np.array_equal(arr, np.round(arr)) else fmt(arr, digits)


def fmt_pair(expected, got):
    """Both values, with more digits when 6 would print them the same."""
    for digits in (6, 10, 16):
        e, g = fmt(expected, digits), fmt(got, digits)
        if e != g:
            break
    return e, g


def _shape(value):
    arr = as_array(value)
    if arr is None:
        return type(value).__name__
    return f"shape {arr.shape}"


def first_difference(expected, got, labels=None, what="entry", count_from_one=False, first=None):
    """(summary, expected text, got text) for the worst mismatch of `got` against `expected`.

    Shapes first when they differ. For arrays, the row (first axis) with the largest
    difference is shown, named by `labels[i]` when given (e.g. "the far point"). With
    `count_from_one` (components, centres) the row is named as the notebooks number it,
    with its index for code: "component 2 (index 1)". With `first` (an rtol, as ``close``'s),
    the first row that differs beyond it is shown instead (where a running sum goes wrong).
    """
    expected = np.asarray(expected, dtype=float)
    arr = as_array(got)
    if arr is None:
        return f"not an array of numbers: got {type(got).__name__}", _shape(expected), _shape(got)
    if arr.shape != expected.shape:
        return "wrong shape", f"shape {expected.shape}", f"shape {arr.shape}"
    if expected.ndim == 0:
        return ("wrong value", *fmt_pair(expected, arr))
    with np.errstate(invalid="ignore"):
        err = np.abs(arr - expected)
    err = np.where(np.isnan(err) & ~(np.isnan(arr) & np.isnan(expected)), np.inf, err)
    err = np.where(np.isnan(err), 0.0, err)  # NaN where NaN was expected is no error
    per_row = err.reshape(len(expected), -1).max(axis=1)
    i = int(np.argmax(per_row))
    if first is not None:
        finite = np.abs(expected[np.isfinite(expected)])
        atol = 1e-9 * (finite.max() if finite.size else 1.0) + 1e-300
        off = (err > atol + first * np.abs(np.nan_to_num(expected))).reshape(len(expected), -1).any(axis=1)
        i = int(np.argmax(off)) if off.any() else i
    name = labels.get(i) if labels else None
    place = (numbered(i, what) if count_from_one else f"{what} {i}") + (f" ({name})" if name else "")
    if expected[i].size <= 6:
        return (f"differs at {place}", *fmt_pair(expected[i], arr[i]))
    j = np.unravel_index(int(np.argmax(err[i])), expected[i].shape)  # a big matrix: its worst entry
    where = ", ".join(str(int(x)) for x in j)
    return (f"differs at {place}, entry [{where}]", *fmt_pair(expected[i][j], arr[i][j]))
