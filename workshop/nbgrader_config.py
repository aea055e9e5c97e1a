# nbgrader's configuration for every account on the workshop hub (installed by workshop/up as
# the workshop environment's etc/jupyter/nbgrader_config.py): one course, one shared exchange.
import os

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = os.environ.get("WORKSHOP_COURSE", "jax-course")
c.Exchange.root = os.environ.get("WORKSHOP_EXCHANGE", "/srv/nbgrader/exchange")
