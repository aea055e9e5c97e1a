"""What a compiled program communicates: its collectives, read from XLA's HLO text.

``collectives(compiled)`` returns a ``Counter``: for each collective (``all-reduce``,
``all-gather``, ``reduce-scatter``, ``collective-permute``, ``all-to-all``) how many run, an
instruction inside a loop counting once per trip; under ``"<collective> sent"`` how many numbers
each device sends in them, counted as the ring algorithms send them; under ``"sent"`` the total.
Over a group of ``g`` devices an all-reduce of ``s`` numbers sends ``2 (g - 1) / g * s``, a
reduce-scatter ``(g - 1) / g * s``, an all-gather and an all-to-all ``(g - 1) / g`` of what they
deliver, a collective-permute all that it delivers.

The exercise set on sharding checks learners' answers with it, so it reads the notations of the
pinned JAX and of Colab's older one (0.7.2): ``-start``/``-done`` pairs of asynchronous
collectives, and device groups as ``{{0,1},{2,3}}``, ``[4,2]<=[8]`` or ``mesh[...] {...}``.
"""

from __future__ import annotations

import re
from collections import Counter
from math import prod

COLLECTIVES = ("all-reduce", "all-gather", "reduce-scatter", "collective-permute", "all-to-all")
SHARE = {  # what each device sends, per number delivered, over a group of g devices
    "all-reduce": lambda g: 2 * (g - 1) / g,
    "reduce-scatter": lambda g: g - 1,  # it delivers s / g of the s numbers summed
    "all-gather": lambda g: (g - 1) / g,
    "all-to-all": lambda g: (g - 1) / g,
    "collective-permute": lambda g: 1,
}


def collectives(program) -> Counter:
    """The collectives of a compiled program (or of its HLO text) and the numbers each device
    sends in them; see the module's docstring."""
    text = program if isinstance(program, str) else program.as_text()
    devices = int((re.search(r"num_partitions=(\d+)", text) or [0, 1])[1])
    bodies: dict[str, list[str]] = {}
    name = None  # the instructions of each computation, by its name
    for line in text.splitlines():
        if line.endswith("{") and not line.startswith((" ", "HloModule")):
            name = line.removeprefix("ENTRY ").split()[0].lstrip("%")
            bodies[name] = []
        elif name and line.startswith(" "):
            bodies[name].append(line)
    runs = dict.fromkeys(bodies, 1)  # how often each computation runs: a loop multiplies
    for caller in reversed(list(bodies)):  # a computation is printed before its callers
        for line in bodies[caller]:
            loop = re.search(r"\bwhile\(.*?body=%?([\w.\-]+)", line)
            trips = re.search(r'"known_trip_count":\{"n":"(\d+)"', line)
            if loop and loop[1] in runs:
                runs[loop[1]] = runs[caller] * (int(trips[1]) if trips else 1)
            for callee in re.findall(
                r"(?:calls|to_apply|branch_computations)=\{?%([\w.\-]+)", line
            ):
                runs[callee] = max(runs.get(callee, 1), runs[caller])
    found: Counter = Counter()
    pattern = rf"= (.+?) ({'|'.join(COLLECTIVES)})(-start)?\((.*)"
    for computation, lines in bodies.items():
        for match in filter(None, (re.search(pattern, line) for line in lines)):
            result, op, start, attributes = match.groups()
            sizes = [
                prod(int(n) for n in dims.split(",") if n)
                for dims in re.findall(r"\b[a-z]+\d*\[([\d,]*)\]", result)
            ]
            if start and op != "all-reduce":  # (operands, results, contexts): keep the results
                while sizes and sizes[-1] == 1:
                    sizes.pop()
                sizes = sizes[len(sizes) // 2 :]
            sent = runs[computation] * SHARE[op](group_size(attributes, devices)) * sum(sizes)
            found[op] += runs[computation]
            found[op + " sent"] += sent
            found["sent"] += sent
    return found


def group_size(attributes: str, devices: int) -> int:
    """How many devices take part in each group of a collective, in XLA's notations."""
    groups = re.search(r"replica_groups=(\S+(?: \{[^}]*\})?)", attributes)
    if not groups:
        return devices
    text = groups[1]
    if text.startswith("mesh["):  # mesh['data'=4,'model'=2] {'model'}
        sizes = dict(re.findall(r"'([^']+)'=(\d+)", text.split("]")[0]))
        named = re.findall(r"'([^']+)'", text.split("{", 1)[1]) if "{" in text else []
        return prod(int(sizes[n]) for n in named) if named else devices
    shape = re.match(r"\[([\d,]+)\]", text)  # [4,2]<=[8]: 4 groups of 2
    if shape:
        return int(shape[1].split(",")[-1])
    first = re.match(r"\{\{([\d,]*)\}", text)  # {{0,1},{2,3}}
    return len(first[1].split(",")) if first and first[1] else devices
