"""A simulated student on the trial hub (tools/hub_loadtest.py): log in, pull, run, slide, log out.

Two kinds, doing what a student's browser does:

* ``KernelStudent`` speaks HTTP and the kernel protocol, as JupyterHub's own load tester
  (hubtraf) does: the login form, the hub's spawn and its pending page, nbgitpuller's pull API
  (the event stream its page reads), JupyterLab's sessions API, then every code cell as an
  ``execute_request`` over the kernel's websocket (JSON, and jupyter_server's binary frames for
  messages with buffers), and the slider moved through the widget comm protocol (a
  ``comm_msg`` ``update`` of its ``value``, as the widget manager sends), timed until the
  figure's image model sends its new picture.
* ``BrowserStudent`` is a real page in headless Chromium: the nbgitpuller link, the login form,
  JupyterLab's *Run All*, the slider moved with the keyboard and timed until the new image is
  decoded on screen (the timer of ``make bench-sliders``).

Each records the time to its first figure (from clicking the link), the slider times, and the
first error (an exception, a cell's error, anything on stderr).
"""

import json
import re
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import requests
import websocket
from jupyter_server.services.kernels.connection.base import deserialize_binary_message

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))
FIGURE_TYPES = ("image/png", "application/vnd.jupyter.widget-view+json")
SLIDERS = ("IntSliderModel", "FloatSliderModel")
PASSWORD = "any"  # the dummy authenticator takes any


class StudentError(Exception):
    pass


class Student:
    kind = "?"

    def __init__(self, hub, name, notebook, moves=5, timeout=900):
        self.hub, self.name, self.notebook, self.moves = hub, name, notebook, moves
        self.link = hub.link(notebook)
        self.deadline = None
        self.timeout = timeout
        self.t0 = None
        self.first_figure = None  # seconds from clicking the link
        self.slider_ms = []
        self.error = None
        self.done = False
        self.screenshot = None  # a browser student's page after the slider moves, if set

    def left(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise StudentError("out of time")
        return left

    def figure_seen(self):
        if self.first_figure is None:
            self.first_figure = time.monotonic() - self.t0

    def run(self):
        self.t0 = time.monotonic()
        self.deadline = self.t0 + self.timeout
        try:
            self.session()
        except Exception as e:  # noqa: BLE001 -- every failure is a student's error, reported
            self.error = self.error or f"{type(e).__name__}: {str(e)[:300]}"
        finally:
            self.done = True


class KernelStudent(Student):
    kind = "kernel"

    def session(self):
        self.http = requests.Session()
        self.user_url = f"{self.hub.url}/user/{self.name}"
        try:
            page = self.login_and_spawn()
            self.pull(page)
            self.open_notebook()
            try:
                self.run_cells()
                self.move_slider()
            finally:
                self.ws.close()
        finally:
            self.http.get(f"{self.hub.url}/hub/logout", timeout=60)

    # ---------------------------------------------------------------- hub and nbgitpuller
    def login_and_spawn(self):
        r = self.http.get(self.link, timeout=self.left())  # not logged in: the login form, with next=
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', r.text)
        if "/hub/login" not in r.url or not xsrf:
            raise StudentError(f"expected the login form, got {r.status_code} {r.url}")
        r = self.http.post(r.url, data={"username": self.name, "password": PASSWORD, "_xsrf": xsrf.group(1)},
                           timeout=self.left())
        while True:  # what the browser does: the pending page follows the spawn, then redirects
            if r.status_code == 424:  # "not running": after implicit_spawn_seconds the page opens the spawn URL
                path = urlsplit(r.url)
                nxt = path.path + (f"?{path.query}" if path.query else "")
                r = self.http.get(f"{self.hub.url}/hub/spawn/{self.name}?next={quote(nxt)}", timeout=self.left())
            elif "/hub/spawn-pending/" in r.url and r.status_code == 200:
                time.sleep(1)
                r = self.http.get(r.url, timeout=self.left())
            else:
                break
        if r.status_code != 200 or f"/user/{self.name}/git-pull" not in r.url:
            raise StudentError(f"expected nbgitpuller's page, got {r.status_code} {r.url}")
        return r

    def server_xsrf(self):
        return next(c.value for c in self.http.cookies if c.name == "_xsrf" and c.path.startswith(f"/user/{self.name}"))

    def pull(self, page):
        query = {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
        self.folder = query["urlpath"].split("/")[2]  # lab/tree/<clone folder>/...
        params = {"repo": query["repo"], "branch": query["branch"], "targetpath": self.folder, "_xsrf": self.server_xsrf()}
        with self.http.get(f"{self.user_url}/git-pull/api?{urlencode(params)}", stream=True, timeout=self.left()) as r:
            for line in r.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    event = json.loads(line[5:])
                    if event.get("phase") == "error":
                        raise StudentError(f"nbgitpuller: {event.get('message')}")
                    if event.get("phase") == "finished":
                        return
        raise StudentError("nbgitpuller's stream ended before it finished")

    def api(self, method, path, **kw):
        r = self.http.request(method, f"{self.user_url}/api/{path}", headers={"X-XSRFToken": self.server_xsrf()},
                              timeout=self.left(), **kw)
        if r.status_code >= 400:
            raise StudentError(f"{method} api/{path}: {r.status_code} {r.text[:200]}")
        return r.json() if r.content else None

    def open_notebook(self):
        path = f"{self.folder}/{self.notebook}"
        self.cells = [c for c in self.api("GET", f"contents/{quote(path)}?content=1")["content"]["cells"]
                      if c["cell_type"] == "code"]
        sess = self.api("POST", "sessions", json={"path": path, "type": "notebook", "name": self.notebook,
                                                   "kernel": {"name": "python3"}})
        self.session_id = uuid.uuid4().hex
        here = f"/user/{self.name}/"  # the cookies the browser would send with the websocket's request
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies
                            if here.startswith(c.path.rstrip("/") + "/"))
        ws_url = (self.user_url.replace("http://", "ws://")
                  + f"/api/kernels/{sess['kernel']['id']}/channels?session_id={self.session_id}")
        self.ws = websocket.create_connection(ws_url, cookie=cookies, timeout=60)
        self.models = {}  # widget models by comm id: their state, as the kernel sent it

    # ---------------------------------------------------------------- the kernel protocol
    def send(self, channel, msg_type, content):
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "username": self.name, "session": self.session_id, "msg_type": msg_type,
                  "version": "5.3", "date": datetime.now(timezone.utc).isoformat()}
        self.ws.send(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content,
                                 "channel": channel, "buffers": []}))
        return msg_id

    def receive(self):
        self.ws.settimeout(min(self.left(), 300))
        opcode, data = self.ws.recv_data()
        msg = deserialize_binary_message(data) if opcode == websocket.ABNF.OPCODE_BINARY else json.loads(data)
        kind, content = msg["msg_type"], msg["content"]
        if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.models[content["comm_id"]] = dict(content["data"]["state"])
        elif kind == "comm_msg" and content["data"].get("method") == "update" and content["comm_id"] in self.models:
            self.models[content["comm_id"]].update(content["data"]["state"])
        elif kind in ("display_data", "execute_result") and any(t in content["data"] for t in FIGURE_TYPES):
            self.figure_seen()
        elif kind == "error":
            self.error = self.error or f"cell error: {content['ename']}: {content['evalue'][:200]}"
        elif kind == "stream" and content["name"] == "stderr":
            self.error = self.error or f"stderr: {content['text'][:200]}"
        return msg

    def until_idle(self, msg_id, watch=None):
        """Read messages until the kernel is idle after `msg_id`; `watch(msg)` sees each one."""
        while True:
            msg = self.receive()
            if watch:
                watch(msg)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "execute_reply" and msg["content"]["status"] != "ok":
                raise StudentError(f"cell failed: {msg['content'].get('ename')}: {msg['content'].get('evalue')}")
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return

    def run_cells(self):
        for cell in self.cells:
            msg_id = self.send("shell", "execute_request", {
                "code": cell["source"], "silent": False, "store_history": True, "user_expressions": {},
                "allow_stdin": False, "stop_on_error": True})
            self.until_idle(msg_id)
            if self.error:
                raise StudentError(self.error)

    def move_slider(self):
        sliders = [cid for cid, s in self.models.items() if s.get("_model_name") in SLIDERS and not s.get("disabled")]
        images = {cid for cid, s in self.models.items() if s.get("_model_name") == "ImageModel"}
        if not sliders:
            raise StudentError("no slider in the notebook")
        cid = sliders[0]
        for k in range(self.moves):
            s = self.models[cid]
            step = s.get("step") or 1
            value = s["value"] + step if s["value"] + step <= s["max"] else s["value"] - step
            value = round(value, 10) if isinstance(step, float) else int(value)
            redrawn = []
            t = time.perf_counter()
            msg_id = self.send("shell", "comm_msg", {"comm_id": cid, "data": {
                "method": "update", "state": {"value": value}, "buffer_paths": []}})

            def watch(msg):
                c = msg["content"]
                if (msg["msg_type"] == "comm_msg" and c.get("comm_id") in images and not redrawn
                        and c["data"].get("method") == "update" and msg.get("buffers")):
                    redrawn.append((time.perf_counter() - t) * 1e3)
            self.until_idle(msg_id, watch)
            if not redrawn:
                raise StudentError(f"slider move {k + 1}: no new picture of the figure")
            self.models[cid]["value"] = value
            self.slider_ms.append(redrawn[0])


class BrowserStudent(Student):
    kind = "browser"

    def session(self):
        from playwright.sync_api import sync_playwright

        from bench_sliders import TIMER_JS
        from labdriver import CHROMIUM, CHROMIUM_FLAGS, RUN_ALL_DONE, LabSession, cell_count

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
            page = None
            try:
                page = browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()
                page.set_default_timeout(self.left() * 1000)
                page.goto(self.link)
                page.fill("input[name=username]", self.name)
                page.fill("input[name=password]", PASSWORD)
                page.click("#login_submit")
                page.wait_for_url(re.compile(rf"/user/{self.name}/lab"), timeout=self.left() * 1000)
                lab = LabSession(playwright=pw)
                lab.page = page
                lab.wait_for_cells(cell_count(ROOT / self.notebook), timeout=self.left())
                page.wait_for_function("() => { const k = window.jupyterapp.shell.currentWidget?.sessionContext"
                                       "?.session?.kernel; return k && k.status === 'idle'; }")
                page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
                page.wait_for_function("""() => Array.from(document.querySelectorAll(
                    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img'))
                    .some(i => i.complete && i.naturalWidth > 0)""", polling=100)
                self.figure_seen()
                page.wait_for_function(RUN_ALL_DONE, polling=250)
                errors = lab.error_outputs()
                if errors:
                    raise StudentError(f"in the page: {errors[0][:200]}")
                lab.wait_for_images(timeout=self.left())
                self.slide(lab, TIMER_JS)
                if self.screenshot:
                    Path(self.screenshot).parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(self.screenshot))
            finally:
                try:
                    if page is not None:
                        page.goto(f"{self.hub.url}/hub/logout", timeout=60_000)
                finally:
                    browser.close()

    def slide(self, lab, timer_js):
        fig = lab.figures().first
        fig.scroll_into_view_if_needed()
        fig.locator("> .widget-image").evaluate(timer_js)
        fig.locator(".widget-slider .noUi-handle").first.focus()
        for k in range(self.moves):
            lab.page.evaluate("() => { window.__gmm.t0 = null; window.__gmm.t1 = null; }")
            lab.page.keyboard.press("ArrowRight" if (k // 2) % 2 == 0 else "ArrowLeft")
            lab.page.wait_for_function("() => window.__gmm.t1 !== null", timeout=60_000, polling="raf")
            self.slider_ms.append(lab.page.evaluate("() => window.__gmm.t1 - window.__gmm.t0"))
