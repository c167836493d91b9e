"""Local copies of the browser libraries the decks and the book load, from the npm packages.

`package.json` / `package-lock.json` pin them; `npm ci` (run by the Makefile) installs them
into node_modules/. Only the files a page can load are copied (MathJax 2 ships 70 MB, most of
it unpacked sources and fonts for other output modes).
"""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"

# package -> files and folders (relative to the package) that pages load
ASSETS = {
    "reveal.js": ["dist/reveal.js", "dist/reveal.css", "dist/reset.css", "dist/theme/white.css",
                  "dist/theme/fonts/source-sans-pro", "plugin/notes/notes.js", "LICENSE"],
    # MathJax 2 with the CommonHTML output, its TeX woff fonts and the TeX input
    "mathjax": ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/TeX-AMS_CHTML.js", "config/Safe.js",
                "extensions", "jax/input/TeX", "jax/element", "jax/output/CommonHTML",
                "fonts/HTML-CSS/TeX/woff", "LICENSE"],
    "requirejs": ["require.js"],
    "jquery": ["dist/jquery.min.js", "LICENSE.txt"],
}


def require_node_modules():
    missing = [name for name in ASSETS if not (NODE_MODULES / name / "package.json").exists()]
    if missing:
        raise SystemExit(f"node_modules lacks {missing}: run `npm ci` in {ROOT} (make does it)")


def copy_assets(dest, packages=tuple(ASSETS)):
    """Copy the listed files of each package to dest/<package>/..., replacing what was there."""
    require_node_modules()
    for name in packages:
        target = Path(dest) / name
        if target.exists():
            shutil.rmtree(target)
        for rel in ASSETS[name]:
            src = NODE_MODULES / name / rel
            out = target / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, out)
            else:
                shutil.copy2(src, out)
