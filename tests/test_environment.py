"""The pinned set is chosen once (requirements.txt); everything else must agree with it."""

import re
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


def read_pins(lines):
    pins = {}
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = PIN.match(line)
        assert m, f"not an exact pin: {raw!r}"
        name = m.group(1).lower().replace("_", "-")
        assert name not in pins, f"{name} pinned twice"
        pins[name] = m.group(2)
    return pins


def root_pins():
    return read_pins((ROOT / "requirements.txt").read_text().splitlines())


def test_binder_requirements_equal_root_pins():
    assert read_pins((ROOT / "binder" / "requirements.txt").read_text().splitlines()) == root_pins()


def test_environment_yml_pip_section_equals_root_pins():
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
            lines.append(m.group(1))
    assert read_pins(lines) == root_pins()


def test_python_versions_agree():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    conda = re.search(r"^\s*- python=(\S+)$", (ROOT / "environment.yml").read_text(), re.M).group(1)
    assert runtime == f"python-{conda}"
    # the version CI and `make` use is the one Binder and conda get
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}"


@pytest.mark.skipif(tomllib is None, reason="needs Python 3.11+ to read pyproject.toml")
def test_pyproject_ranges_admit_the_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = root_pins()
    reqs = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    for spec in reqs:
        req = Requirement(spec)
        name = req.name.lower().replace("_", "-")
        assert name in pins, f"{name} is a dependency of gmm_lab but has no pin in requirements.txt"
        assert req.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside pyproject's {req.specifier}"


def test_installed_versions_are_the_pins():
    for name, version in root_pins().items():
        assert metadata.version(name) == version, f"{name}: installed {metadata.version(name)}, pinned {version}"


def test_postbuild_fails_fast_and_installs_gmm_lab():
    text = (ROOT / "binder" / "postBuild").read_text().splitlines()
    assert text[0].startswith("#!") and "set -e" in text[:3]
    assert any("pip install" in line and "-e ." in line for line in text)


def test_ci_runs_make_test():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
