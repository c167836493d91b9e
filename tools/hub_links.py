"""nbgitpuller links, one per lecture notebook, for a JupyterHub (hub/README.md).

    python tools/hub_links.py --hub https://hub.example.edu --repo owner/name [--branch main]
        (`make hub-link HUB=https://hub.example.edu STUDENT_REPO=owner/name [BRANCH=main]`)

A link opens the hub (logging the student in first), starts their server if needed, has
nbgitpuller clone the repository into their home (or merge the new commits into the copy
they have, keeping the files they changed) and opens the notebook in JupyterLab. The format
is nbgitpuller's own link generator's (its docs/_static/link_gen/link.js,
``generateRegularUrl`` with the JupyterLab app): ``<hub>/hub/user-redirect/git-pull`` with the
query ``repo``, ``urlpath`` (``lab/tree/<clone folder>/<file>``, the clone folder being the
repository's name, as git names it) and ``branch``. ``--repo`` is the student edition's
repository, ``owner/name`` on GitHub as ``make student STUDENT_REPO=...`` takes it, or any
URL git can clone.
"""

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
OWNER_NAME = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def repo_url(repo):
    """The git URL of `repo`: ``owner/name`` means the GitHub repository; a URL or path is kept."""
    if OWNER_NAME.match(repo):
        return f"https://github.com/{repo}"
    if "://" in repo or repo.startswith(("/", "git@")):
        return repo
    raise ValueError(f"--repo {repo!r}: give owner/name (a GitHub repository) or a URL git can clone")


def clone_folder(url):
    """The folder ``git clone url`` makes (nbgitpuller's default target): the last part, less .git."""
    last = url.rstrip("/").split("/")[-1].split(":")[-1]
    return re.sub(r"\.(git|bundle)$", "", last)


def link(hub, repo, path, branch="main"):
    """The nbgitpuller link that pulls `repo` (a git URL) at `branch` and opens `path` in JupyterLab."""
    parts = urlsplit(hub)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"hub {hub!r}: give the hub's address, e.g. https://hub.example.edu")
    if not branch:
        raise ValueError("branch is empty: give the branch students pull, e.g. main")
    query = {"repo": repo, "urlpath": f"lab/tree/{clone_folder(repo)}/{path}", "branch": branch}
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{urlencode(query)}"


def lecture_notebooks(root=ROOT):
    """notebooks/NN-Title.ipynb of the course, in order (the student edition has the same names)."""
    return [f"notebooks/{p.name}" for p in sorted((Path(root) / "notebooks").glob("[0-9][0-9]-*.ipynb"))]


def links(hub, repo, branch="main", root=ROOT):
    url = repo_url(repo)
    return [(Path(nb).stem, link(hub, url, nb, branch)) for nb in lecture_notebooks(root)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.edu")
    parser.add_argument("--repo", required=True, help="owner/name of the student edition on GitHub, or a git URL")
    parser.add_argument("--branch", default="main", help="the branch students pull (default main)")
    args = parser.parse_args(argv)
    try:
        rows = links(args.hub, args.repo, args.branch)
    except ValueError as e:
        parser.error(str(e))
    for name, url in rows:
        print(f"{name}\n  {url}")


if __name__ == "__main__":
    sys.exit(main())
