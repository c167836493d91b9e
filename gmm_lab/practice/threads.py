"""One BLAS thread for a block of small matrix products (``one_blas_thread``).

Bernoulli EM (``bernoulli``) and the course's checks multiply small arrays many times: a
BLAS thread pool costs more there than it shares out, and on a busy machine (a shared
server, a CI runner, a lecture hall's Binder) several threads fighting for the cores can
make a run 10x slower. ``threadpoolctl`` comes with scikit-learn (the course set); without
it the block runs as it is.
"""

import contextlib

try:  # installed with scikit-learn (the course set); optional for gmm_lab itself
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover
    threadpool_limits = None

__all__ = ["one_blas_thread"]


def one_blas_thread():
    """A context manager: one BLAS thread inside it (a no-op without ``threadpoolctl``)."""
    return threadpool_limits(1) if threadpool_limits else contextlib.nullcontext()
