"""autograder.grader.execute: the kernels that validate and the exercise tests start."""

import nbformat
import psutil

from autograder.grader.execute import execute


def test_kernels_talk_over_unix_sockets_so_concurrent_starts_cannot_race_for_ports(tmp_path):
    # With TCP, a kernel picks free ports and binds them later; two kernels started at once by
    # test workers can pick the same port ("Address already in use", seen in a CI run).
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "from ipykernel.kernelapp import IPKernelApp\n"
                "print(IPKernelApp.instance().transport)"
            )
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    ran = execute(nb, "self-check", tmp_path)
    assert ran.cells[0].outputs[0]["text"].strip() == "ipc"


def test_every_run_shuts_its_kernel_down(tmp_path):
    # A kernel left running after each run (JAX loaded, hundreds of MB) adds up over a grading
    # run or the test suite: in a CI run they piled up and every later kernel hung.
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import os\nprint(os.getpid())")]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    pid = int(execute(nb, "self-check", tmp_path).cells[0].outputs[0]["text"])
    assert _gone(pid), f"kernel {pid} still running after execute()"


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True
