"""The pinned set is chosen once (requirements.txt, requirements-dev.txt); everything else includes it."""

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = None

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([A-Za-z0-9_.+\-]+)$")
INCLUDE = re.compile(r"^-r\s+(\S+)$")
TEST_TOOLS = {"pytest", "pytest-xdist", "nbval", "hypothesis", "playwright"}
GRADING_TOOLS = {"nbgrader"}  # `make grade`: the instructor's, never the students' (docs/GRADING.md)


def read_requirements(path, seen=()):
    """{name: version} of a pip requirements file, following its `-r` includes.

    Every line must be an exact pin or an include: no ranges, no duplicates."""
    path = Path(path).resolve()
    assert path not in seen, f"{path} includes itself"
    pins = {}
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        inc = INCLUDE.match(line)
        if inc:
            sub = read_requirements(path.parent / inc.group(1), (*seen, path))
            twice = set(sub) & set(pins)
            assert not twice, f"{sorted(twice)} pinned twice via {path.name}"
            pins.update(sub)
            continue
        m = PIN.match(line)
        assert m, f"{path.name}: not an exact pin or an include: {raw!r}"
        name = m.group(1).lower().replace("_", "-")
        assert name not in pins, f"{name} pinned twice in {path.name}"
        pins[name] = m.group(2)
    return pins


def env_yml_pip_lines():
    text = (ROOT / "environment.yml").read_text()
    in_pip, lines = False, []
    for line in text.splitlines():
        if re.match(r"^\s*- pip:\s*$", line):
            in_pip = True
            continue
        if in_pip:
            m = re.match(r"^\s{4,}- (.+)$", line)
            if not m:
                break
            lines.append(m.group(1).strip())
    return lines


def test_dev_set_is_the_course_set_plus_tools():
    course = read_requirements(ROOT / "requirements.txt")
    dev = read_requirements(ROOT / "requirements-dev.txt")
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text()
    assert {k: dev[k] for k in course} == course
    assert TEST_TOOLS <= set(dev), "the test tools are pinned in requirements-dev.txt"
    assert not TEST_TOOLS & set(course), "the course set (what Binder installs) carries no test tools"
    assert GRADING_TOOLS <= set(dev) and not GRADING_TOOLS & set(course), "the grader is for the instructor only"


def test_binder_installs_the_course_set_by_reference():
    lines = [ln.split("#", 1)[0].strip() for ln in (ROOT / "binder" / "requirements.txt").read_text().splitlines()]
    assert [ln for ln in lines if ln] == ["-r ../requirements.txt"], "binder/requirements.txt should only include ../requirements.txt"
    assert read_requirements(ROOT / "binder" / "requirements.txt") == read_requirements(ROOT / "requirements.txt")


def test_environment_yml_installs_the_dev_set_by_reference():
    assert env_yml_pip_lines() == ["-r requirements-dev.txt"]


def test_python_versions_agree():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    conda = re.search(r"^\s*- python=(\S+)$", (ROOT / "environment.yml").read_text(), re.M).group(1)
    assert runtime == f"python-{conda}"
    # the version CI and `make` use is the one Binder and conda get
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}"


@pytest.mark.skipif(tomllib is None, reason="needs Python 3.11+ to read pyproject.toml")
def test_pyproject_ranges_admit_the_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = read_requirements(ROOT / "requirements-dev.txt")
    reqs = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    for spec in reqs:
        req = Requirement(spec)
        name = req.name.lower().replace("_", "-")
        assert name in pins, f"{name} is a dependency of gmm_lab but has no pin in requirements*.txt"
        assert req.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside pyproject's {req.specifier}"
    runtime = {Requirement(r).name.lower() for r in project["dependencies"] + project["optional-dependencies"]["lab"]}
    assert runtime <= set(read_requirements(ROOT / "requirements.txt")), "what the course imports must be in the course set"


def test_installed_versions_are_the_pins():
    for name, version in read_requirements(ROOT / "requirements-dev.txt").items():
        assert metadata.version(name) == version, f"{name}: installed {metadata.version(name)}, pinned {version}"


def test_postbuild_fails_fast_and_installs_gmm_lab():
    text = (ROOT / "binder" / "postBuild").read_text().splitlines()
    assert text[0].startswith("#!") and "set -e" in text[:3]
    assert any("pip install" in line and "-e ." in line for line in text)
    assert any("tools/lab_settings.py" in line for line in text)


def test_lab_settings_turn_off_the_news_pop_up_and_open_py_as_notebooks():
    import json

    overrides = json.loads((Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["python"] == "Jupytext Notebook"
    # a saved notebook reopens with its figures, not "model not found" (tools/lab_settings.py)
    assert overrides["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is True


def test_ci_runs_make_test():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme


def test_importing_gmm_lab_leaves_the_heavy_scipy_modules_for_later():
    """Every notebook's first cell imports gmm_lab: scipy.stats alone would add 1.3 s to each of them."""
    code = ("import sys, gmm_lab, gmm_lab.course.plotting, gmm_lab.course.widgets.catalog; "
            "print(sorted(m for m in ('scipy.stats', 'scipy.optimize', 'sklearn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
