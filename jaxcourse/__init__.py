"""Helpers shared by the lessons in ``course/``.

What several lessons need lives here once: timing done right (:mod:`jaxcourse.timing`), the
optional GPU cells (:mod:`jaxcourse.gpu`) and the tooling that keeps every notebook's title
badges and Colab setup cell in step with one repository setting (:mod:`jaxcourse.notebooks`).
"""

from jaxcourse.gpu import compare_table, copy_bandwidth, gpu_devices, gpu_matmul_table
from jaxcourse.timing import Timing, time_call, time_jitted

__all__ = [
    "Timing",
    "compare_table",
    "copy_bandwidth",
    "gpu_devices",
    "gpu_matmul_table",
    "time_call",
    "time_jitted",
]
