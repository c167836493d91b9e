"""The hub recipe (hub/): nbgitpuller links, the Zero to JupyterHub values and the trial hub's config.

Fast: nothing is started here. The load test itself (2 students on a real hub) is
tests/test_hub_loadtest.py, run by CI after `make test`.
"""

import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import hub_config  # noqa: E402
import hub_links  # noqa: E402
from test_environment import read_requirements  # noqa: E402


def decode(url):
    parts = urlsplit(url)
    return parts, {k: v[0] for k, v in parse_qs(parts.query, strict_parsing=True).items()}


def test_a_link_decodes_to_the_student_repository_branch_and_notebook():
    rows = hub_links.links("https://hub.example.edu/", "me/em-2027-students", branch="spring")
    names = [name for name, _ in rows]
    assert names == sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    for name, url in rows:
        parts, query = decode(url)
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
        assert query == {"repo": "https://github.com/me/em-2027-students", "branch": "spring",
                         "urlpath": f"lab/tree/em-2027-students/notebooks/{name}.ipynb"}
        assert list(parse_qs(parts.query)) == ["repo", "urlpath", "branch"]  # nbgitpuller's generator's order


def test_the_guides_example_link_is_what_make_hub_link_prints():
    guide = (ROOT / "docs" / "INSTRUCTORS.md").read_text()
    example = hub_links.links("https://hub.example.edu", "gmm-lab/em-2027-students")[0][1]
    assert f"\n{example}\n" in guide


@pytest.mark.parametrize("repo, folder", [
    ("https://gitlab.example.edu/course/em.git", "em"), ("git@github.com:me/em-students.git", "em-students"),
    ("/srv/git/gmm_lab", "gmm_lab"), ("https://github.com/me/em/", "em")])
def test_the_urlpath_opens_the_folder_git_clones_into(repo, folder):
    _, query = decode(hub_links.link("http://127.0.0.1:8000", hub_links.repo_url(repo), "notebooks/00-Start-Here.ipynb"))
    assert query["urlpath"] == f"lab/tree/{folder}/notebooks/00-Start-Here.ipynb"
    assert query["repo"] == repo and query["branch"] == "main"


@pytest.mark.parametrize("hub, repo, match", [
    ("hub.example.edu", "me/em", "the hub's address"), ("https://hub.example.edu", "em", "owner/name"),
    ("https://hub.example.edu", "me/em/extra", "owner/name")])
def test_bad_link_input_says_what_to_give(hub, repo, match):
    with pytest.raises(ValueError, match=match):
        hub_links.links(hub, repo)


def test_make_hub_link_prints_the_links_and_needs_both_hub_and_repository():
    import subprocess

    def make(*args):
        return subprocess.run(["make", "-s", "hub-link", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)

    done = make("HUB=https://hub.example.edu", "STUDENT_REPO=me/em", "BRANCH=spring")
    assert done.returncode == 0, done.stderr
    urls = [line.strip() for line in done.stdout.splitlines() if line.startswith("  ")]
    assert urls == [url for _, url in hub_links.links("https://hub.example.edu", "me/em", "spring")]
    missing = make("HUB=https://hub.example.edu", "STUDENT_REPO=")
    assert missing.returncode == 2 and "STUDENT_REPO=<owner>/<repo>" in missing.stderr


def test_every_notebook_is_measured_and_the_memory_values_follow_from_the_measurements():
    m = hub_config.load()
    notebooks = {p.name[:2] for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.py")}
    missing = notebooks - set(m["kernel_peak_mib"])
    assert not missing, (f"notebooks {sorted(missing)} have no kernel peak in hub/measurements.json: run "
                         f"`python tools/hub_measure.py {' '.join(sorted(missing))} --write`, then "
                         "`python tools/hub_config.py --write`")
    s = hub_config.sizing(m)
    assert hub_config.config_memory() == (s["guarantee"], s["limit"]), "run `python tools/hub_config.py --write`"
    assert s["guarantee"] >= s["server"] + max(m["kernel_peak_mib"].values())
    assert s["limit"] >= s["server"] + 2 * max(m["kernel_peak_mib"].values())
    assert hub_config.guide_table() == hub_config.table(m), "the guide's sizing table: `python tools/hub_config.py --write`"


def test_sizing_arithmetic():
    m = {"kernel_peak_mib": {"00": 80.0, "05": 300.2}, "loadtest": {"server_peak_mib": 150.0,
                                                                      "cpu_seconds_per_student_median": 8.0}}
    s = hub_config.sizing(m)
    assert (s["notebook"], s["guarantee"], s["limit"]) == ("05", 512, 768)  # 450.2 and 750.4, up to 64 MiB
    assert hub_config.nodes(m)[0] == (4, 16, 29, 7, 58)  # (16 - 1.5) GiB / 512 MiB; 200 / 29; 29 x 8 s / 4 cores
    text = "singleuser:\n  memory:\n    guarantee: 512M\n    limit: 768M\n"
    assert hub_config.config_memory(text) == (512, 768)


def test_the_recipe_and_the_trial_hub_agree():
    values = yaml.safe_load((ROOT / "hub" / "config.yaml").read_text())
    trial = trial_config()
    assert values["hub"]["config"]["JupyterHub"]["implicit_spawn_seconds"] == trial.JupyterHub.implicit_spawn_seconds
    assert values["singleuser"]["defaultUrl"] == trial.Spawner.default_url == "/lab"
    assert values["singleuser"]["startTimeout"] == trial.Spawner.start_timeout
    culler = trial.JupyterHub.services[0]["command"]
    assert values["cull"]["enabled"] and f"--timeout={values['cull']['timeout']}" in culler
    assert f"--cull-every={values['cull']['every']}" in culler


def test_the_recipe_gives_jupyterlab_the_courses_settings():
    from lab_settings import OVERRIDES

    files = yaml.safe_load((ROOT / "hub" / "config.yaml").read_text())["singleuser"]["extraFiles"]
    assert files["lab-settings"]["data"] == OVERRIDES
    assert files["lab-settings"]["mountPath"].endswith("/share/jupyter/lab/settings/overrides.json")


def test_the_trial_hub_listens_on_127_0_0_1_only():
    c = trial_config()
    assert c.JupyterHub.ip == c.JupyterHub.hub_ip == c.Spawner.ip == "127.0.0.1"
    assert c.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
    assert c.JupyterHub.authenticator_class == "dummy" and c.JupyterHub.spawner_class == "simple"
    assert ("--allow-root" in c.Spawner.args) == (os.getuid() == 0)


def test_the_image_has_nbgitpuller_and_the_base_images_jupyterhub():
    from importlib import metadata

    course, dev = read_requirements(ROOT / "requirements.txt"), read_requirements(ROOT / "requirements-dev.txt")
    assert "nbgitpuller" in course  # Binder's image and the hub's, built from binder/, have it
    # jupyterhub-singleuser comes with repo2docker's base environment, at the version Binder's own hub
    # runs: pinned in the course set it would replace that one on Binder too (hub/README.md, Versions)
    assert "jupyterhub" not in course and "jupyterhub-idle-culler" not in course
    assert dev["jupyterhub"] == metadata.version("jupyterhub")  # the trial hub and its servers: one version
    assert "lab_settings.py" in (ROOT / "binder" / "postBuild").read_text()  # the image gets the course's settings


def trial_config():
    from traitlets.config.loader import PyFileConfigLoader

    env = {"GMM_LAB_HUB_DIR": "/tmp/hub", "GMM_LAB_HUB_RUN": "x", "GMM_LAB_HUB_PROXY": "chp",
           "GMM_LAB_HUB_PROXY_TOKEN": "t", "GMM_LAB_HUB_PUBLIC_PORT": "8000", "GMM_LAB_HUB_HUB_PORT": "8081",
           "GMM_LAB_HUB_PROXY_API_PORT": "8001"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return PyFileConfigLoader("jupyterhub_config.py", path=str(ROOT / "hub")).load_config()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_the_leftover_check_finds_a_process_of_the_run_and_only_those():
    import secrets
    import subprocess

    from hub_local import run_processes

    run_id = secrets.token_hex(8)
    ours = subprocess.Popen(["sleep", "60"], env={**os.environ, "GMM_LAB_HUB_RUN": run_id})
    other = subprocess.Popen(["sleep", "60"], env={**os.environ, "GMM_LAB_HUB_RUN": "another run"})
    try:
        assert [p.pid for p in run_processes(run_id)] == [ours.pid]
    finally:
        for p in (ours, other):
            p.kill()
            p.wait()
    assert run_processes(run_id) == []


def test_a_static_picture_is_composed_without_copies_of_the_whole_picture():
    """What every student's kernel pays per live figure (hub/measurements.json): placed with
    Figure.figimage, the picture went through Agg's float copies of it, ~27 times its own bytes."""
    import io
    import tracemalloc

    import numpy as np
    from PIL import Image

    from gmm_lab.course.widgets.pixels import small_multiples

    rng = np.random.default_rng(0)
    panels = [rng.integers(0, 256, size=(543, 399, 3), dtype=np.uint8) for _ in range(3)]
    small_multiples(panels, ["a", "b", "c"], "warm-up", zoom=1.0)  # fonts and caches, once
    tracemalloc.start()
    try:
        png = small_multiples(panels, ["a", "b", "c"], "three panels", zoom=1.0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    width, height = Image.open(io.BytesIO(png)).size
    assert width >= 3 * 399 and height >= 543
    assert peak < 4 * width * height * 4, f"{peak / 2**20:.1f} MiB at the peak for a {width}x{height} picture"


def test_the_readme_states_the_last_load_test_as_measured():
    r = hub_config.load()["loadtest"]
    line = (f"students {r['students']}, errors {r['errors']}, memory per student "
            f"{r['memory_per_student_peak_mib']:.0f} MiB (server + kernel, peak), time to first figure p50 "
            f"{r['first_figure_p50_s']:.1f} s / p95 {r['first_figure_p95_s']:.1f} s, slider p95 {r['slider_p95_ms']} ms")
    readme = (ROOT / "README.md").read_text()
    assert f"`{line}`" in readme and f"({r['date'][:10]})" in readme and f"{r['cores']}-core" in readme
