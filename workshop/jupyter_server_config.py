# Every account's JupyterLab on the workshop hub (installed by workshop/up as the workshop
# environment's etc/jupyter/jupyter_server_config.py). Formgrader and the Assignments panel show
# nbgrader's pages in an iframe of the same server; JupyterHub's single-user servers forbid
# framing by default ("refused to connect"), so allow it from the server's own origin only.
c = get_config()  # noqa: F821 - provided by Jupyter Server when it loads this file

c.ServerApp.tornado_settings = {
    "headers": {"Content-Security-Policy": "frame-ancestors 'self'"},
}
