"""Other answers to each exercise question: correct ones that must pass, wrong ones that must fail.

Each module is named after its exercise set (``set_01_accelerated_numpy`` for
``01-accelerated-numpy``) and maps an answer cell's grade id to ``(label, source, passes)``.
"""
