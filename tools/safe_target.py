"""Write a build into its folder without losing anything the tool did not write (issue 21 §6).

Each course tool (the student edition, the decks, the book, the PDFs) builds into a
temporary folder, then ``publish`` moves that build into its target. The target keeps a
manifest, its marker (``.<tool>.manifest.json``: the tool's name and the SHA-256 of every
file it wrote), and ``publish`` refuses, with a message that says what it found and how to
proceed (``TargetRefused``, a SystemExit: the tool exits non-zero and writes nothing), when

* the target is a file, or a non-empty folder without this tool's marker (someone else's
  folder, or another tool's build: a typo away from a semester of graded work);
* a file the tool wrote before has been changed since (a student who worked inside
  ``build/student/`` and rebuilds it);
* the new build would overwrite a file the tool did not write.

Otherwise it deletes only the files its manifest lists (and folders left empty by that),
copies the new build in, and writes the new manifest. Files of the user's own inside the
target are left where they are.
"""

import hashlib
import json
import shutil
from pathlib import Path


class TargetRefused(SystemExit):
    """The target holds something the tool did not write; nothing was changed."""


def marker_name(tool):
    return f".{tool}.manifest.json"


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def _some(names, n=5):
    shown = ", ".join(names[:n])
    return shown + (f" and {len(names) - n} more" if len(names) > n else "")


def previous_manifest(out, tool):
    """{relative path: sha256} of what `tool` wrote into `out` last time; raise TargetRefused if `out` is not its own."""
    out = Path(out)
    if not out.exists():
        return {}
    if not out.is_dir():
        raise TargetRefused(f"{tool}: {out} is a file, not a folder; choose another target folder.")
    marker = out / marker_name(tool)
    found = sorted(p.name for p in out.iterdir())
    if not marker.is_file():
        if not found:
            return {}
        others = [n for n in found if n.endswith(".manifest.json")]
        whose = f" (it holds {others[0]}: another tool's build)" if others else ""
        raise TargetRefused(
            f"{tool}: {out} is not empty and was not written by {tool}{whose}: it holds {_some(found)}. "
            f"Nothing was changed. Choose a new or empty folder, or, if this is an old build you do not "
            f"need, delete it yourself (rm -r {out}) and run again.")
    manifest = json.loads(marker.read_text())
    if manifest.get("tool") != tool:
        raise TargetRefused(f"{tool}: {marker} names another tool ({manifest.get('tool')!r}); choose another folder.")
    files = manifest["files"]
    changed = [rel for rel, sha in files.items() if (out / rel).is_file() and _sha(out / rel) != sha]
    if changed:
        raise TargetRefused(
            f"{tool}: {len(changed)} file(s) in {out} changed since {tool} wrote them: {_some(changed)}. "
            f"Nothing was changed. Copy your work out of {out} (or build into another folder), then delete "
            f"or restore those files and run again.")
    return files


def publish(build, out, tool):
    """Move the finished build (folder `build`) into `out`, replacing only what `tool` wrote there before."""
    build, out = Path(build), Path(out)
    old = previous_manifest(out, tool)
    new = _files(build)
    clash = [rel for rel in new if rel not in old and (out / rel).exists()]
    if clash:
        raise TargetRefused(
            f"{tool}: {out} holds file(s) that {tool} did not write and would overwrite: {_some(clash)}. "
            f"Nothing was changed. Move them elsewhere, or build into another folder.")
    for rel in old:
        path = out / rel
        if path.is_file() or path.is_symlink():
            path.unlink()
        for parent in path.parents:  # folders the tool's files leave empty
            if parent == out or not parent.is_relative_to(out) or any(parent.iterdir()):
                break
            parent.rmdir()
    out.mkdir(parents=True, exist_ok=True)
    mode = out.stat().st_mode  # the umask's (or the folder's own): copytree would give it the private
    shutil.copytree(build, out, dirs_exist_ok=True, symlinks=True)  # temporary folder's 0700
    out.chmod(mode)
    manifest = {"tool": tool, "note": f"written by {tool}; it replaces only the files listed here",
                "files": {rel: _sha(out / rel) for rel in new}}
    (out / marker_name(tool)).write_text(json.dumps(manifest, indent=0, sort_keys=True) + "\n")
    return out
