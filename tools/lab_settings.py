"""Make JupyterLab open the notebooks' .py twins as notebooks (double click).

Writes JupyterLab's ``overrides.json`` inside the running Python environment
(``<sys.prefix>/share/jupyter/lab/settings``), so nothing outside the virtual
environment (or the Binder image) is touched. Used by ``make`` and ``binder/postBuild``.
Existing overrides from other packages are kept.
"""

import json
import sys
from pathlib import Path

PLUGIN = "@jupyterlab/docmanager-extension:plugin"
VIEWERS = {"python": "Jupytext Notebook"}


def main():
    path = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = json.loads(path.read_text()) if path.exists() else {}
    settings.setdefault(PLUGIN, {}).setdefault("defaultViewers", {}).update(VIEWERS)
    path.write_text(json.dumps(settings, indent=2) + "\n")
    print(f"JupyterLab settings: .py files open as notebooks ({path})")


if __name__ == "__main__":
    main()
