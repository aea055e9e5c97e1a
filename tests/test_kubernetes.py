"""The recipe for workshops past one machine (workshop/kubernetes/), checked as far as this can be.

Nothing is deployed: the machines that run this suite have no cluster, no Helm and no Docker. What
is checked is what would break a deployment or open it up, with the real classes where there are:
- the Zero to JupyterHub values use keys the chart knows (chart 4.4.0), and every `hub.config`
  setting is a configurable trait of the class the chart's hub runs (JupyterHub 5.5.0, KubeSpawner
  7.0.0, the shared-password authenticator), with a value that trait accepts;
- `hub.extraConfig` runs, and its spawn hook gives the instructors' group the instructor settings
  and everyone else the learner settings;
- those settings, as a real Jupyter Server and JupyterLab compute them, give learners nbgrader's
  student tools only and instructors all of them;
- the image copies no solutions, and the hub, ngshare's chart and nbgrader agree on ngshare.
"""

import ast
import os
import re
import subprocess
import sys
import tomllib
from types import SimpleNamespace

import pytest
import yaml
from traitlets.config import Config

from autograder.grader.release import ROOT

jupyterhub_app = pytest.importorskip("jupyterhub.app", reason="needs the test extra")
kubespawner = pytest.importorskip("kubespawner", reason="needs the test extra")
from jupyterhub.auth import Authenticator  # noqa: E402
from jupyterhub.authenticators.shared import SharedPasswordAuthenticator  # noqa: E402

HERE = ROOT / "workshop" / "kubernetes"
VALUES = yaml.safe_load((HERE / "jupyterhub.yaml").read_text())
NGSHARE = yaml.safe_load((HERE / "ngshare.yaml").read_text())
README = (HERE / "README.md").read_text()
DOCKERFILE = (HERE / "Dockerfile").read_text()
SETTINGS = HERE / "jupyter"

# The keys of Zero to JupyterHub 4.4.0's values schema (jupyterhub/values.schema.yaml) at the
# levels this recipe sets; the chart rejects any other key there (additionalProperties: false).
CHART_KEYS = {
    (): {"cull", "custom", "debug", "enabled", "fullnameOverride", "global", "httpRoute", "hub"}
    | {"imagePullSecret", "imagePullSecrets", "ingress", "nameOverride", "prePuller", "proxy"}
    | {"rbac", "scheduling", "singleuser"},
    ("hub",): {"activeServerLimit", "allowNamedServers", "annotations", "args", "baseUrl"}
    | {"authenticatePrometheus", "command", "concurrentSpawnLimit", "config", "cookieSecret"}
    | {"consecutiveFailureLimit", "containerSecurityContext", "db", "deploymentStrategy"}
    | {"existingSecret", "extraConfig", "extraContainers", "extraEnv", "extraFiles"}
    | {"extraPodSpec", "extraVolumeMounts", "extraVolumes", "fsGid", "image", "initContainers"}
    | {"labels", "lifecycle", "livenessProbe", "loadRoles", "namedServerLimitPerUser"}
    | {"networkPolicy", "nodeSelector", "pdb", "podSecurityContext", "readinessProbe"}
    | {"redirectToServer", "resources", "revisionHistoryLimit", "service", "serviceAccount"}
    | {"services", "shutdownOnLogout", "templatePaths", "templateVars", "tolerations"},
    ("singleuser",): {"allowPrivilegeEscalation", "cloudMetadata", "cmd", "cpu", "defaultUrl"}
    | {"events", "extraAnnotations", "extraContainers", "extraEnv", "extraFiles", "extraLabels"}
    | {"extraNodeAffinity", "extraPodAffinity", "extraPodAntiAffinity", "extraPodConfig"}
    | {"extraResource", "extraTolerations", "fsGid", "image", "initContainers", "lifecycleHooks"}
    | {"memory", "networkPolicy", "networkTools", "nodeSelector", "podNameTemplate"}
    | {"profileList", "serviceAccountName", "startTimeout", "storage", "uid"},
    ("singleuser", "image"): {"name", "pullPolicy", "pullSecrets", "tag"},
    ("singleuser", "cpu"): {"guarantee", "limit"},
    ("singleuser", "memory"): {"guarantee", "limit"},
    ("singleuser", "storage"): {"capacity", "dynamic", "extraLabels", "extraVolumeMounts"}
    | {"extraVolumes", "homeMountPath", "static", "type"},
    ("singleuser", "lifecycleHooks"): {"postStart", "preStop"},
    ("cull",): {"adminUsers", "concurrency", "enabled", "every", "maxAge", "removeNamedServers"}
    | {"timeout", "users"},
}
# The classes behind hub.config's sections in the chart's hub.
CLASSES = {
    "JupyterHub": jupyterhub_app.JupyterHub,
    "Authenticator": Authenticator,
    "SharedPasswordAuthenticator": SharedPasswordAuthenticator,
    "KubeSpawner": kubespawner.KubeSpawner,
}
STUDENT_TOOLS = {"assignment_list", "validate_assignment"}
INSTRUCTOR_TOOLS = {"formgrader", "course_list"}
INSTRUCTOR_LAB = {"formgrader", "create-assignment", "course-list"}


def test_values_use_only_keys_the_chart_knows():
    for path, known in CHART_KEYS.items():
        node = VALUES
        for key in path:
            node = node.get(key, {})
        unknown = set(node) - known
        assert not unknown, f"{'.'.join(path) or 'top level'}: the chart has no {sorted(unknown)}"
    assert set(VALUES) <= CHART_KEYS[()]


def check_trait(section, key, value):
    cls = CLASSES[section]
    trait = cls.class_traits(config=True).get(key)
    assert trait is not None, f"{cls.__name__} has no configurable {key!r}"
    return trait._validate(cls.__new__(cls), value)  # what setting it in config runs


def test_hub_config_is_made_of_real_traits_with_valid_values():
    for section, settings in VALUES["hub"]["config"].items():
        assert section in CLASSES, f"hub.config.{section}: not a class the recipe's hub runs"
        for key, value in settings.items():
            check_trait(section, key, value)
    hub = VALUES["hub"]["config"]
    auth = check_trait(
        "JupyterHub", "authenticator_class", hub["JupyterHub"]["authenticator_class"]
    )
    assert issubclass(auth, SharedPasswordAuthenticator)
    # Only the workshop's accounts log in; the instructors are among them.
    allowed = set(hub["Authenticator"]["allowed_users"])
    instructors = set(hub["JupyterHub"]["load_groups"]["instructors"]["users"])
    assert instructors and instructors <= allowed
    assert set(hub["Authenticator"]["admin_users"]) <= instructors
    assert not hub["Authenticator"].get("allow_all", False)


def test_the_readme_sets_secrets_at_install_time_on_real_settings():
    sets = dict(re.findall(r"--set ([\w.]+)=(\S+)", README))
    assert "hub.config.SharedPasswordAuthenticator.user_password" in sets
    assert "hub.services.ngshare.api_token" in sets and "ngshare.hub_api_token" in sets
    # The hub and ngshare are given the same token, and no secret is written in a values file.
    assert sets["hub.services.ngshare.api_token"] == sets["ngshare.hub_api_token"]
    for key in sets:
        if key.startswith("hub.config."):
            section, name = key.split(".")[2:]
            check_trait(section, name, "a-long-enough-password")
    assert "user_password" not in str(VALUES) and "api_token" not in str(VALUES)
    assert "hub_api_token" not in str(NGSHARE)


def spawn_environment(groups):
    """The environment extraConfig's pre_spawn_hook gives a server of a user in `groups`."""
    c = Config()
    for name, code in VALUES["hub"]["extraConfig"].items():
        exec(compile(code, f"hub.extraConfig.{name}", "exec"), {"c": c, "get_config": lambda: c})
    hook = c.KubeSpawner.pre_spawn_hook
    spawner = SimpleNamespace(
        user=SimpleNamespace(groups=[SimpleNamespace(name=g) for g in groups]), environment={}
    )
    hook(spawner)
    check_trait("KubeSpawner", "pre_spawn_hook", hook)
    return spawner.environment


def local(path):
    """The image's /opt/jax-course/jupyter/... folders are this repository's settings folders."""
    return ":".join(
        str(SETTINGS / p.removeprefix("/opt/jax-course/jupyter/")) for p in path.split(":")
    )


SERVER = """
import json, logging
from jupyter_core.paths import jupyter_path
from jupyter_server.serverapp import ServerApp
from jupyterlab_server.config import get_page_config
app = ServerApp()
app.load_config_file()
app.find_server_extensions()
on = [k for k, enabled in app.jpserver_extensions.items() if enabled]
server = [k.rsplit(".", 1)[1] for k in on if k.startswith("nbgrader.")]
page = get_page_config(jupyter_path("labextensions"), logger=logging.getLogger())
off = page["disabledExtensions"]
lab_off = [k.split(":")[1] for k in off if k.startswith("@jupyter/nbgrader:")]
print(json.dumps({"server": server, "lab_off": lab_off}))
"""


def tools(config_path, tmp_path):
    """nbgrader's tools a server would start with, given JUPYTER_CONFIG_PATH (no user settings)."""
    env = dict(os.environ, JUPYTER_CONFIG_PATH=config_path, JUPYTER_CONFIG_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", SERVER], env=env, capture_output=True, text=True, check=True
    )
    out = yaml.safe_load(done.stdout.strip().splitlines()[-1])
    return set(out["server"]), set(out["lab_off"])


@pytest.mark.parametrize("role", ["learner", "instructor"])
def test_each_role_starts_with_its_own_nbgrader_tools(role, tmp_path):
    environment = spawn_environment(["instructors"] if role == "instructor" else ["learners"])
    server, lab_off = tools(local(environment["JUPYTER_CONFIG_PATH"]), tmp_path)
    if role == "learner":
        assert server == STUDENT_TOOLS and lab_off == INSTRUCTOR_LAB
    else:
        assert server == STUDENT_TOOLS | INSTRUCTOR_TOOLS and not lab_off


def test_a_server_started_without_the_hook_is_a_learners(tmp_path):
    image_default = re.search(r"^ENV JUPYTER_CONFIG_PATH=(\S+)$", DOCKERFILE, re.M).group(1)
    assert tools(local(image_default), tmp_path) == (STUDENT_TOOLS, INSTRUCTOR_LAB)


def test_the_image_holds_no_solutions_and_the_pinned_kit():
    copied = re.findall(r"^COPY (?:--from=\S+ )?(.+) \S+$", DOCKERFILE, re.M)
    sources = [src for line in copied for src in line.split()]
    assert sources, "no COPY read from the Dockerfile"
    for src in sources:
        assert src not in {".", "./", "*"} and not src.startswith("solutions"), src
    assert "[pinned]" in DOCKERFILE
    # jupyterhub-singleuser at the version of the chart's hub, which the test extra also pins.
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    hub_pin = next(p for p in extras["test"] if p.startswith("jupyterhub=="))
    assert hub_pin in DOCKERFILE
    assert hub_pin == f"jupyterhub=={sys.modules['jupyterhub'].__version__}"


def test_hub_ngshare_and_nbgrader_agree():
    service = VALUES["hub"]["services"]["ngshare"]
    assert service["url"] == f"http://ngshare:{NGSHARE['deployment']['port']}"
    assert NGSHARE["ngshare"]["hub_api_url"] == "http://hub:8081/hub/api"
    instructors = VALUES["hub"]["config"]["JupyterHub"]["load_groups"]["instructors"]["users"]
    assert set(NGSHARE["ngshare"]["admins"]) == set(instructors)
    # nbgrader reaches ngshare through the hub's proxy, under the service's name.
    tree = ast.parse((HERE / "nbgrader_config.py").read_text())
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    exchange = next(n for n in calls if getattr(n.func, "id", "") == "configureExchange")
    assert ast.literal_eval(exchange.args[1]) == "http://proxy-public/services/ngshare"
    # The same course id as the hub on one machine, so that one course directory serves both.
    (k8s,) = re.findall(r'course_id = "([^"]+)"', ast.unparse(tree).replace("'", '"'))
    one_machine = (ROOT / "workshop" / "nbgrader_config.py").read_text()
    assert f'"WORKSHOP_COURSE", "{k8s}"' in one_machine
