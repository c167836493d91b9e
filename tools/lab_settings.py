"""JupyterLab defaults for the course: .py twins open as notebooks, widget state saved, no news pop-up.

Writes JupyterLab's ``overrides.json`` inside the running Python environment
(``<sys.prefix>/share/jupyter/lab/settings``), so nothing outside the virtual
environment (or the Binder image) is touched. Used by ``make`` and ``binder/postBuild``.
Existing overrides from other packages are kept.

Why not ``jupytext-config set-default-viewer``: it writes the *user's* settings
(``~/.jupyter/lab/user-settings``), outside the project and the venv, where it would
also outlive them; ``overrides.json`` sets defaults for this environment only, which a
student's own settings can still change, and it also carries the news setting below.
"""

import json
import sys
from pathlib import Path

OVERRIDES = {
    # double-clicking NN-Title.py opens it as a notebook (the jupytext pairing)
    "@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"python": "Jupytext Notebook"}},
    # no "Would you like to get notified about official Jupyter news?" toast on first open
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    # a notebook a student saves keeps its widgets' state: reopened without running it, every
    # figure (a static figure's alt-text view, a live figure's last picture) comes back instead
    # of "Error displaying widget: model not found" (the manager's default is not to save it)
    "@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": True},
}


def main():
    path = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = json.loads(path.read_text()) if path.exists() else {}
    for plugin, values in OVERRIDES.items():
        entry = settings.setdefault(plugin, {})
        for key, value in values.items():
            if isinstance(value, dict):
                entry.setdefault(key, {}).update(value)
            else:
                entry[key] = value
    path.write_text(json.dumps(settings, indent=2) + "\n")
    print(f"JupyterLab settings: .py files open as notebooks, widget state saved, no news pop-up ({path})")


if __name__ == "__main__":
    main()
