# The repository root is the nbgrader course directory: solutions/ holds the source (instructor)
# versions of each exercise set, exercises/ the released student versions made from them by
# `python -m autograder release`. Submissions, the gradebook and feedback live here too, ignored
# by git (see .gitignore).
c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

import os  # noqa: E402

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
# Absolute, so that the gradebook is this course's whatever folder nbgrader is run from.
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
# Exercise notebooks are released without outputs and with their test cells locked.
c.ClearOutput.enabled = True
c.LockCells.lock_grade_cells = True
c.LockCells.lock_readonly_cells = True

# Formgrader's Autograde button and `nbgrader autograde` would run submissions unsandboxed with
# nbgrader's Execute. Here they stop before running anything and say to grade with
# `python -m autograder grade SET`, which sets its own preprocessors
# (see autograder/grader/bridge.py).
c.Autograde.autograde_preprocessors = ["autograder.grader.bridge.RefuseStockAutograde"]
