# JupyterHub for a workshop on one machine: local Unix accounts (PAM), one JupyterLab per
# account started as that user (LocalProcessSpawner), configurable-http-proxy in front.
# `workshop/up` writes the accounts and the state folder, then starts `jupyterhub -f` this file.
import os

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

state = os.environ.get("WORKSHOP_STATE", "/srv/jax-course")
instructor = os.environ.get("WORKSHOP_INSTRUCTOR", "instructor")
with open(os.path.join(state, "learners")) as f:
    learners = {line.strip() for line in f if line.strip()}

c.JupyterHub.bind_url = os.environ.get("WORKSHOP_URL", "http://127.0.0.1:8000")
# The hub's own API and the proxy's, on loopback (change them to run two hubs on one machine).
c.JupyterHub.hub_bind_url = os.environ.get("WORKSHOP_HUB_API", "http://127.0.0.1:8081")
c.ConfigurableHTTPProxy.api_url = os.environ.get("WORKSHOP_PROXY_API", "http://127.0.0.1:8001")
c.JupyterHub.db_url = "sqlite:///" + os.path.join(state, "hub", "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(state, "hub", "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(state, "hub", "jupyterhub.pid")
c.ConfigurableHTTPProxy.command = [
    os.path.join(state, "proxy", "node_modules", ".bin", "configurable-http-proxy")
]
c.ConfigurableHTTPProxy.pid_file = os.path.join(state, "hub", "jupyterhub-proxy.pid")

# Local accounts: the passwords are the accounts' own (PAM), set by workshop/up.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = learners | {instructor}
c.Authenticator.admin_users = {instructor}

# Each account's JupyterLab runs from the workshop's own environment (the kit installed without
# its sources, so no account can read solutions/ through it) and opens on the home folder.
venv = os.path.join(state, "venv")
c.Spawner.cmd = [os.path.join(venv, "bin", "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {
    "PATH": os.path.join(venv, "bin") + ":/usr/local/bin:/usr/bin:/bin",
    # read by the workshop's nbgrader_config.py, in every account's server
    "WORKSHOP_COURSE": os.environ.get("WORKSHOP_COURSE", "jax-course"),
    "WORKSHOP_EXCHANGE": os.environ.get("WORKSHOP_EXCHANGE", "/srv/nbgrader/exchange"),
}
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120
