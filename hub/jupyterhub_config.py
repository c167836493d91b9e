# The trial hub on one machine (`make hub`, `make hub-loadtest`): JupyterHub with its local
# process spawner, the dummy authenticator and configurable-http-proxy from node_modules, all on
# 127.0.0.1. tools/hub_local.py starts it with the environment variables read below; each
# student's home is a folder under GMM_LAB_HUB_DIR, and the single-user servers run the
# course's own environment (the Python that runs this hub). Not for real students: the
# dummy authenticator lets anyone in under any name, and every server runs as the hub's user.
# The production recipe is config.yaml (Zero to JupyterHub), with the same hub settings.
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub's config loader defines it)

run_dir = Path(os.environ["GMM_LAB_HUB_DIR"])
bin_dir = Path(sys.executable).parent
ports = {name: int(os.environ[f"GMM_LAB_HUB_{name.upper()}_PORT"]) for name in ("public", "hub", "proxy_api")}

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = ports["public"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = ports["hub"]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{ports['proxy_api']}"
c.ConfigurableHTTPProxy.command = [os.environ["GMM_LAB_HUB_PROXY"]]
c.ConfigurableHTTPProxy.auth_token = os.environ["GMM_LAB_HUB_PROXY_TOKEN"]
c.JupyterHub.db_url = f"sqlite:///{run_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(run_dir / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(run_dir / "jupyterhub.pid")

c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True

c.JupyterHub.spawner_class = "simple"  # SimpleLocalProcessSpawner: servers run as this user
c.SimpleLocalProcessSpawner.home_dir_template = str(run_dir / "home" / "{username}")
c.Spawner.cmd = [str(bin_dir / "jupyterhub-singleuser")]
args = ["--allow-root"] if os.getuid() == 0 else []  # jupyter_server refuses root without it
if os.environ.get("GMM_LAB_HUB_EXPOSE_APP"):  # the load test's browsers drive JupyterLab through it
    args.append("--LabApp.expose_app_in_browser=True")
c.Spawner.args = args
c.Spawner.ip = "127.0.0.1"
c.Spawner.environment = {"GMM_LAB_HUB_RUN": os.environ["GMM_LAB_HUB_RUN"]}  # how the load test finds its processes
# twenty servers starting at once on two busy cores take longer than the defaults allow
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 600

# the same as config.yaml: the course opens in JupyterLab; a link to a stopped server starts it
c.Spawner.default_url = "/lab"
c.JupyterHub.implicit_spawn_seconds = 1
# the trial only: logging out ends the student's server (the load test's students log out)
c.JupyterHub.shutdown_on_logout = True

# idle culling, as Zero to JupyterHub runs it (its `cull` settings in config.yaml)
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600", "--cull-every=600"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
