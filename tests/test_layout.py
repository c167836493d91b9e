"""The package's shape: who imports whom, one public surface, one EM loop, each constant once.

The core (what notebooks 01-06 read) imports nothing from the practice or course parts; the
practice part nothing from the course; no module imports another's private name; there is
no import cycle; no module is much over 300 lines; and inputs are checked once per call.
Read from the source (``ast``), so a lazy import inside a function counts as well.
"""

import ast
import dataclasses
import re
import sys
from pathlib import Path

import numpy as np
import pytest

import gmm_lab as g
from gmm_lab import validation

PACKAGE = Path(g.__file__).parent
MODULES = {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): p
           for p in PACKAGE.rglob("*.py")}
CORE = {m for m in MODULES if m.count(".") == 1 and MODULES[m].name != "__init__.py"}
PRACTICE = {m for m in MODULES if m.startswith("gmm_lab.practice")}
COURSE = {m for m in MODULES if m.startswith("gmm_lab.course")}


def _imports(module):
    """(imported module, imported names) for every import statement in `module`, resolved to absolute names."""
    path = MODULES[module]
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.append((sub, None) if sub in MODULES else (target, alias.name))
        elif isinstance(node, ast.Import):
            out += [(alias.name, None) for alias in node.names]
    return [(t, n) for t, n in out if t.startswith("gmm_lab")]


def test_the_parts_are_where_the_brief_says():
    assert {"gmm_lab.em", "gmm_lab.gaussian", "gmm_lab.covariances", "gmm_lab.results", "gmm_lab.init",
            "gmm_lab.sampling", "gmm_lab.criteria", "gmm_lab.validation", "gmm_lab.parameters", "gmm_lab.collapse",
            "gmm_lab.clustering", "gmm_lab.bound"} == CORE
    assert {"gmm_lab.practice.restarts", "gmm_lab.practice.batch", "gmm_lab.practice.prior"} <= PRACTICE
    assert {"gmm_lab.course.plotting", "gmm_lab.course.widgets.live", "gmm_lab.course.checks"} <= COURSE


@pytest.mark.parametrize("module", sorted(CORE | PRACTICE))
def test_each_part_imports_only_from_the_parts_below_it(module):
    allowed = CORE if module in CORE else CORE | PRACTICE
    for target, _ in _imports(module):
        assert target in allowed, f"{module} imports {target}: the core imports only the core, practice no course"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_private_name_crosses_a_module(module):
    """No `from x import _name` between modules; a private module (checks/_engine.py) serves its own package only."""
    package = module.rpartition(".")[0] if MODULES[module].name != "__init__.py" else module
    for target, name in _imports(module):
        if name is not None and target != module:
            assert not name.startswith("_"), f"{module} imports {name} from {target}"
        parent, _, last = target.rpartition(".")
        if last.startswith("_"):
            assert parent == package, f"{module} imports the private module {target} of another package"


def test_no_import_cycle():
    graph = {m: {t for t, _ in _imports(m) if t in MODULES and t != m} for m in MODULES}
    done, path = set(), []

    def visit(m):
        if m in path:
            raise AssertionError("import cycle: " + " -> ".join(path[path.index(m):] + [m]))
        if m in done:
            return
        path.append(m)
        for t in sorted(graph[m]):
            if not (m.endswith("__init__") or t == m.rpartition(".")[0]):  # a package's own __init__
                visit(t)
        path.pop()
        done.add(m)

    for m in sorted(graph):
        visit(m)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_much_over_300_lines(module):
    lines = len(MODULES[module].read_text().splitlines())
    assert lines <= 320, f"{module} has {lines} lines: split it by idea"


def test_one_trimmed_public_surface():
    public = [name for name in dir(g) if not name.startswith("__")]
    assert public == sorted(g.__all__ + ["course", "practice"])
    assert not [name for name in dir(g) if name.startswith("_") and not name.startswith("__")]
    assert len(g.__all__) == len(set(g.__all__))
    for name in g.__all__:
        assert getattr(g, name) is not None
    assert g.course.plotting.new_figure  # a part's modules work without an import of their own
    assert g.course.checks.check_e_step


def test_each_constant_is_defined_once():
    source = {m: p.read_text() for m, p in MODULES.items()}
    for pattern, home in [(r"np\.log\(2(\.0)? \* np\.pi\)", "gmm_lab.gaussian"),
                          (r"10 \* np\.finfo\(float\)\.eps", "gmm_lab.em"),
                          (r"^COVARIANCE_TYPES = ", "gmm_lab.validation"),
                          (r"\(\"full\", \"(tied|diag)\", \"(diag|spherical)\", \"(spherical|tied)\"\)", "gmm_lab.validation")]:
        where = [m for m, text in source.items() if re.search(pattern, text, re.M)]
        assert where == [home], f"/{pattern}/ in {where}"
    assert validation.COVARIANCE_TYPES == ("full", "tied", "diag", "spherical")  # scikit-learn's order


def _loops_over_both_steps(module):
    """Line numbers of `for`/`while` loops in `module` whose body calls an E-step and an M-step."""
    found = []
    for node in ast.walk(ast.parse(MODULES[module].read_text())):
        if isinstance(node, (ast.For, ast.While)):
            called = {(c.func.attr if isinstance(c.func, ast.Attribute) else getattr(c.func, "id", ""))
                      for c in ast.walk(node) if isinstance(c, ast.Call)}
            if any("e_step" in n for n in called) and any("m_step" in n for n in called):
                found.append(node.lineno)
    return found


def test_one_em_loop():
    """run_em, run_em_map, fixed_variance_em and one_mean_em all go through em.em_loop; no other loop
    alternates the steps (the handout's own, shown for comparison, the batched engine, and the Bernoulli
    mixture's, whose E-step is not em_loop's Gaussian one, aside)."""
    calls = {m for m in MODULES if re.search(r"\bem_loop\(", MODULES[m].read_text())}
    # run_ecm (notebook 15's generalised EM) is em_loop given a partial M-step
    assert calls == {"gmm_lab.em", "gmm_lab.practice.prior", "gmm_lab.practice.fixed_variance", "gmm_lab.practice.general"}
    loops = {m: lines for m in MODULES if (lines := _loops_over_both_steps(m))}
    # the engine over starts; the handout's; Bernoulli EM (notebook 14), a model without covariances:
    # em_loop calls the Gaussian E-step by name and must stay the loop a student reads; notebook 15's
    # incremental EM, whose loop is over mini-batches (an E-step of a few points, the sums updated, an M-step
    # from the sums: em_loop's steps are over all the data), and its EM for a Gaussian with missing entries
    # (other steps: em_loop's E-step is a mixture's); and variational Bayes (notebook 16), whose steps move
    # distributions q, not parameters, and whose objective is a lower bound made from both steps' results
    assert set(loops) == {"gmm_lab.practice.batch", "gmm_lab.course.handout", "gmm_lab.practice.bernoulli",
                          "gmm_lab.practice.incremental", "gmm_lab.practice.missing",
                          "gmm_lab.practice.variational"}, loops
    em_source = MODULES["gmm_lab.em"].read_text()
    assert em_source.count("for t in range(") == 1  # one loop in em.py, em_loop's
    em_source = MODULES["gmm_lab.em"].read_text()
    loop = em_source[em_source.index("def em_loop("):em_source.index("def run_em(")]
    assert "_e_step(" in loop and "maximize(X, resp, current)  # M-step" in loop  # the E-step by name, the M-step given


def _count_calls(functions, call):
    """How many times each function's code runs during `call()` (however the function was imported)."""
    codes = {f.__code__: f.__name__ for f in functions}
    counts = dict.fromkeys(codes.values(), 0)

    def profile(frame, event, arg):
        if event == "call" and frame.f_code in codes:
            counts[codes[frame.f_code]] += 1

    sys.setprofile(profile)
    try:
        call()
    finally:
        sys.setprofile(None)
    return counts


CALLS = {  # a public call, and how many times it may check X: once, at its boundary
    "run_em": (lambda X: g.run_em(X, *g.init_params(X, 2, random_state=0)), 2),  # init_params, then run_em
    "bic": (lambda X: g.bic(X, g.run_em(X, *g.init_params(X, 2, random_state=0), check_input=False)), 2),
    "sweep": (lambda X: g.sweep(X, [1, 2], ["full", "diag"], range(2)), 1),
    "held_out_log_likelihood": (lambda X: g.held_out_log_likelihood(X, [1, 2], n_folds=3, random_states=range(2)), 1),
    "fit_each_type": (lambda X: g.fit_each_type(X, (X[:, 0] > 3).astype(int)), 1),
    "per_point_scores": (lambda X: g.per_point_scores(X, {1: g.run_em(X, *g.init_params(X, 1, random_state=0),
                                                                          check_input=False)}, X[:10]), 3),
}


@pytest.mark.parametrize("method", ["kmeans", "k-means++", "random", "random_from_data"])
@pytest.mark.parametrize("keep_history", [True, False])
def test_run_restarts_checks_its_inputs_once(method, keep_history):
    X, _ = g.load_faithful()
    counts = _count_calls([validation.check_X, validation.check_covariance_type],
                          lambda: g.run_restarts(X, 2, range(4), method=method, keep_history=keep_history))
    assert counts == {"check_X": 1, "check_covariance_type": 1}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_other_calls_check_x_once(name):
    """per_point_scores checks its two data sets and, the fit's parameters aside, nothing else (3 with init)."""
    X, _ = g.load_faithful()
    call, allowed = CALLS[name]
    assert _count_calls([validation.check_X], lambda: call(X)) == {"check_X": allowed}


def test_results_are_frozen():
    X, _ = g.load_faithful()
    fit = g.run_em(X, *g.init_params(X, 2, random_state=0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        fit.collapsed = (0,)
    for run in g.run_em_batch(X, [g.init_params(X, 2, random_state=s) for s in range(3)]):
        assert dataclasses.is_dataclass(run) and run.__dataclass_params__.frozen
    assert isinstance(g.fixed_variance_em(X[:, :1], [[2.0], [4.0]], 0.5), g.EMResult)


def test_m_step_returns_named_parameters_in_the_handouts_order():
    X, _ = g.load_faithful()
    r = g.e_step(X, *g.init_params(X, 2, random_state=0))
    step = g.m_step(X, r)
    weights, means, covariances = step
    assert isinstance(step, g.MStep) and step.weights is weights and step.means is means
    assert step.covariances is covariances and np.isclose(weights.sum(), 1)
    with pytest.raises(ValueError, match=r"look like m_step's \(weights, means, covariances\), passed in the order "
                                         r"\(means, covariances, weights\).*step\.means, step\.covariances"):
        g.run_em(X, *step)  # the handout's order where run_em takes (means, covariances, weights)
    fit = g.run_em(X, step.means, step.covariances, step.weights)
    assert fit.n_iter >= 1
