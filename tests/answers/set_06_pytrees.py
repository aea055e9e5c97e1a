"""Set 06: for every question, the three most likely wrong answers and some other right ones."""

PASS, FAIL = True, False

ANSWERS = {
    "q1-count-params-answer": [
        (
            "counts the arrays, not the numbers",
            "def count_params(tree):\n    return len(jax.tree.leaves(tree))",
            FAIL,
        ),
        (
            "jax.tree.reduce with jnp.size",
            "def count_params(tree):\n"
            "    return jax.tree.reduce(lambda n, leaf: n + jnp.size(leaf), tree, 0)",
            PASS,
        ),
        (
            "a hand-written walk that counts None as a number",
            "def count_params(tree):\n"
            "    if isinstance(tree, dict):\n"
            "        return sum(count_params(v) for v in tree.values())\n"
            "    if isinstance(tree, (list, tuple)):\n"
            "        return sum(count_params(v) for v in tree)\n"
            "    return int(np.size(tree))",
            FAIL,
        ),
        (
            "tree.map of np.size, then the leaves summed",
            "def count_params(tree):\n    return sum(jax.tree.leaves(jax.tree.map(np.size, tree)))",
            PASS,
        ),
        (
            "the first dimension of each leaf",
            "def count_params(tree):\n"
            "    return sum(leaf.shape[0] if leaf.ndim else 1 for leaf in jax.tree.leaves(tree))",
            FAIL,
        ),
        (
            ".size, which Python numbers lack",
            "def count_params(tree):\n    return sum(leaf.size for leaf in jax.tree.leaves(tree))",
            FAIL,
        ),
    ],
    "q2-stack-layers-answer": [
        (
            "tree.map over the list itself: each leaf stacked with nothing",
            "def stack_trees(trees):\n"
            "    return jax.tree.map(jnp.stack, trees)\n\n\n"
            "def unstack_tree(tree):\n"
            "    n = jax.tree.leaves(tree)[0].shape[0]\n"
            "    return [jax.tree.map(lambda leaf, i=i: leaf[i], tree) for i in range(n)]",
            FAIL,
        ),
        (
            "flatten every tree, stack leaf by leaf, unflatten",
            "def stack_trees(trees):\n"
            "    treedef = jax.tree.structure(trees[0])\n"
            "    columns = zip(*[jax.tree.leaves(t) for t in trees])\n"
            "    return jax.tree.unflatten(treedef, [jnp.stack(c) for c in columns])\n\n\n"
            "def unstack_tree(tree):\n"
            "    n = jax.tree.leaves(tree)[0].shape[0]\n"
            "    return [jax.tree.map(lambda leaf, i=i: leaf[i], tree) for i in range(n)]",
            PASS,
        ),
        (
            "n taken as the number of the tree's entries, not the leaves' length",
            "def stack_trees(trees):\n"
            "    return jax.tree.map(lambda *leaves: jnp.stack(leaves), *trees)\n\n\n"
            "def unstack_tree(tree):\n"
            "    return [jax.tree.map(lambda leaf, i=i: leaf[i], tree) for i in range(len(tree))]",
            FAIL,
        ),
        (
            "jnp.asarray of the tuple of leaves; unstack by slicing with jax.tree.map",
            "def stack_trees(trees):\n"
            "    return jax.tree.map(lambda *leaves: jnp.asarray(leaves), *trees)\n\n\n"
            "def unstack_tree(tree):\n"
            "    n = len(jax.tree.leaves(tree)[0])\n"
            "    return [jax.tree.map(lambda leaf, i=i: leaf[i], tree) for i in range(n)]",
            PASS,
        ),
        (
            "concatenated along the first axis instead of stacked on a new one",
            "def stack_trees(trees):\n"
            "    return jax.tree.map(lambda *leaves: jnp.concatenate(leaves), *trees)\n\n\n"
            "def unstack_tree(tree):\n"
            "    n = jax.tree.leaves(tree)[0].shape[0]\n"
            "    return [jax.tree.map(lambda leaf, i=i: leaf[i], tree) for i in range(n)]",
            FAIL,
        ),
        (
            "stacked on the last axis",
            "def stack_trees(trees):\n"
            "    return jax.tree.map(lambda *leaves: jnp.stack(leaves, axis=-1), *trees)\n\n\n"
            "def unstack_tree(tree):\n"
            "    n = jax.tree.leaves(tree)[0].shape[-1]\n"
            "    return [jax.tree.map(lambda leaf, i=i: leaf[..., i], tree) for i in range(n)]",
            FAIL,
        ),
        (
            "NumPy's stack: fails under jax.jit",
            "def stack_trees(trees):\n"
            "    return jax.tree.map(lambda *leaves: np.stack(leaves), *trees)\n\n\n"
            "def unstack_tree(tree):\n"
            "    n = jax.tree.leaves(tree)[0].shape[0]\n"
            "    return [jax.tree.map(lambda leaf, i=i: leaf[i], tree) for i in range(n)]",
            FAIL,
        ),
        (
            "dicts only: the keys walked by hand",
            "def stack_trees(trees):\n"
            "    return {k: jnp.stack([t[k] for t in trees]) for k in trees[0]}\n\n\n"
            "def unstack_tree(tree):\n"
            "    n = jax.tree.leaves(tree)[0].shape[0]\n"
            "    return [{k: v[i] for k, v in tree.items()} for i in range(n)]",
            FAIL,
        ),
    ],
    "q3-ravel-tree-answer": [
        (
            "a hand-written walk in dict insertion order",
            "def ravel_tree(tree):\n"
            "    def walk(t):\n"
            "        if isinstance(t, dict):\n"
            "            return [leaf for v in t.values() for leaf in walk(v)]\n"
            "        if isinstance(t, (list, tuple)):\n"
            "            return [leaf for v in t for leaf in walk(v)]\n"
            "        return [] if t is None else [t]\n"
            "    leaves, treedef = walk(tree), jax.tree.structure(tree)\n"
            "    shapes = [jnp.shape(leaf) for leaf in leaves]\n"
            "    vector = jnp.concatenate([jnp.ravel(leaf) for leaf in leaves])\n"
            "    def unravel(v):\n"
            "        pieces, start = [], 0\n"
            "        for shape in shapes:\n"
            "            size = int(np.prod(shape))\n"
            "            pieces.append(v[start:start + size].reshape(shape))\n"
            "            start += size\n"
            "        return jax.tree.unflatten(treedef, pieces)\n"
            "    return vector, unravel",
            FAIL,
        ),
        (
            "jax.flatten_util.ravel_pytree, which the statement rules out",
            "from jax.flatten_util import ravel_pytree\n\n"
            "def ravel_tree(tree):\n"
            "    return ravel_pytree(tree)",
            FAIL,
        ),
        (
            "unravel returns the list of pieces",
            "def ravel_tree(tree):\n"
            "    leaves = jax.tree.leaves(tree)\n"
            "    shapes = [leaf.shape for leaf in leaves]\n"
            "    vector = jnp.concatenate([leaf.ravel() for leaf in leaves])\n"
            "    def unravel(v):\n"
            "        pieces, start = [], 0\n"
            "        for shape in shapes:\n"
            "            size = int(np.prod(shape))\n"
            "            pieces.append(v[start:start + size].reshape(shape))\n"
            "            start += size\n"
            "        return pieces\n"
            "    return vector, unravel",
            FAIL,
        ),
        (
            "jnp.split at the cumulative sizes",
            "def ravel_tree(tree):\n"
            "    leaves, treedef = jax.tree.flatten(tree)\n"
            "    shapes = [jnp.shape(leaf) for leaf in leaves]\n"
            "    cuts = np.cumsum([np.prod(s, dtype=int) for s in shapes])[:-1]\n"
            "    vector = jnp.concatenate([jnp.reshape(leaf, -1) for leaf in leaves])\n"
            "    def unravel(v):\n"
            "        parts = jnp.split(v, cuts)\n"
            "        return treedef.unflatten([p.reshape(s) for p, s in zip(parts, shapes)])\n"
            "    return vector, unravel",
            PASS,
        ),
        (
            "unravel ignores its argument",
            "def ravel_tree(tree):\n"
            "    leaves = jax.tree.leaves(tree)\n"
            "    vector = jnp.concatenate([jnp.ravel(leaf) for leaf in leaves])\n"
            "    return vector, lambda v: tree",
            FAIL,
        ),
        (
            "unravel forgets to reshape",
            "def ravel_tree(tree):\n"
            "    leaves, treedef = jax.tree.flatten(tree)\n"
            "    sizes = [int(np.size(leaf)) for leaf in leaves]\n"
            "    vector = jnp.concatenate([jnp.ravel(leaf) for leaf in leaves])\n"
            "    def unravel(v):\n"
            "        pieces, start = [], 0\n"
            "        for size in sizes:\n"
            "            pieces.append(v[start:start + size])\n"
            "            start += size\n"
            "        return jax.tree.unflatten(treedef, pieces)\n"
            "    return vector, unravel",
            FAIL,
        ),
    ],
    "q4-momentum-step-answer": [
        (
            "one tree.map returning pairs: a tree of pairs, not a pair of trees",
            "def momentum_step(params, velocity, grads, lr, beta):\n"
            "    return jax.tree.map(\n"
            "        lambda p, v, g: (p - lr * (beta * v + g), beta * v + g), params, velocity, grads\n"
            "    )",
            FAIL,
        ),
        (
            "a tree of pairs split with jax.tree.transpose",
            "def momentum_step(params, velocity, grads, lr, beta):\n"
            "    def one(p, v, g):\n"
            "        v = beta * v + g\n"
            "        return p - lr * v, v\n\n"
            "    pairs = jax.tree.map(one, params, velocity, grads)\n"
            "    outer, inner = jax.tree.structure(params), jax.tree.structure((0, 0))\n"
            "    return jax.tree.transpose(outer, inner, pairs)",
            PASS,
        ),
        (
            "the old velocity in the parameter step",
            "def momentum_step(params, velocity, grads, lr, beta):\n"
            "    new_params = jax.tree.map(lambda p, v: p - lr * v, params, velocity)\n"
            "    new_velocity = jax.tree.map(lambda v, g: beta * v + g, velocity, grads)\n"
            "    return new_params, new_velocity",
            FAIL,
        ),
        (
            "flatten, a Python loop over the leaves, unflatten",
            "def momentum_step(params, velocity, grads, lr, beta):\n"
            "    p_leaves, treedef = jax.tree.flatten(params)\n"
            "    new_p, new_v = [], []\n"
            "    for p, v, g in zip(p_leaves, jax.tree.leaves(velocity), jax.tree.leaves(grads)):\n"
            "        v = beta * v + g\n"
            "        new_v.append(v)\n"
            "        new_p.append(p - lr * v)\n"
            "    return jax.tree.unflatten(treedef, new_p), jax.tree.unflatten(treedef, new_v)",
            PASS,
        ),
        (
            "an average of the gradients: v = beta v + (1 - beta) g",
            "def momentum_step(params, velocity, grads, lr, beta):\n"
            "    new_velocity = jax.tree.map(lambda v, g: beta * v + (1 - beta) * g, velocity, grads)\n"
            "    new_params = jax.tree.map(lambda p, v: p - lr * v, params, new_velocity)\n"
            "    return new_params, new_velocity",
            FAIL,
        ),
        (
            "the pairs split with is_leaf=tuple, which also stops at the (W, b) pairs",
            "def momentum_step(params, velocity, grads, lr, beta):\n"
            "    def one(p, v, g):\n"
            "        v = beta * v + g\n"
            "        return p - lr * v, v\n\n"
            "    pairs = jax.tree.map(one, params, velocity, grads)\n"
            "    is_pair = lambda t: isinstance(t, tuple)\n"
            "    return (\n"
            "        jax.tree.map(lambda t: t[0], pairs, is_leaf=is_pair),\n"
            "        jax.tree.map(lambda t: t[1], pairs, is_leaf=is_pair),\n"
            "    )",
            FAIL,
        ),
        (
            "dicts only: the keys walked by hand",
            "def momentum_step(params, velocity, grads, lr, beta):\n"
            "    new_velocity = {k: beta * velocity[k] + grads[k] for k in params}\n"
            "    return {k: params[k] - lr * new_velocity[k] for k in params}, new_velocity",
            FAIL,
        ),
    ],
    "q5-clip-by-global-norm-answer": [
        (
            "clips each leaf by its own norm",
            "def clip_by_global_norm(tree, max_norm):\n"
            "    def clip(g):\n"
            "        norm = jnp.linalg.norm(g)\n"
            "        return g * jnp.minimum(1.0, max_norm / norm)\n"
            "    return jax.tree.map(clip, tree)",
            FAIL,
        ),
        (
            "jnp.where on the norm, with a safe divisor",
            "def clip_by_global_norm(tree, max_norm):\n"
            "    leaves = jax.tree.leaves(tree)\n"
            "    norm = jnp.sqrt(sum(jnp.vdot(g, g) for g in leaves))\n"
            "    safe = jnp.where(norm > 0, norm, 1.0)\n"
            "    scale = jnp.where(norm > max_norm, max_norm / safe, 1.0)\n"
            "    return jax.tree.map(lambda g: g * scale, tree)",
            PASS,
        ),
        (
            "always rescales to max_norm",
            "def clip_by_global_norm(tree, max_norm):\n"
            "    norm = jnp.sqrt(sum(jnp.sum(g ** 2) for g in jax.tree.leaves(tree)))\n"
            "    return jax.tree.map(lambda g: g * max_norm / norm, tree)",
            FAIL,
        ),
        (
            "a Python if on the norm",
            "def clip_by_global_norm(tree, max_norm):\n"
            "    norm = jnp.sqrt(sum(jnp.sum(g ** 2) for g in jax.tree.leaves(tree)))\n"
            "    if norm > max_norm:\n"
            "        return jax.tree.map(lambda g: g * max_norm / norm, tree)\n"
            "    return tree",
            FAIL,
        ),
        (
            "ravel_pytree and jnp.linalg.norm, min of the two",
            "from jax.flatten_util import ravel_pytree\n\n"
            "def clip_by_global_norm(tree, max_norm):\n"
            "    norm = jnp.linalg.norm(ravel_pytree(tree)[0])\n"
            "    scale = jnp.minimum(1.0, max_norm / norm)\n"
            "    return jax.tree.map(lambda g: g * scale, tree)",
            PASS,
        ),
        (
            "divides by the norm first: 0 / 0 on zeros",
            "def clip_by_global_norm(tree, max_norm):\n"
            "    norm = jnp.sqrt(sum(jnp.sum(g ** 2) for g in jax.tree.leaves(tree)))\n"
            "    return jax.tree.map(lambda g: g / norm * jnp.minimum(norm, max_norm), tree)",
            FAIL,
        ),
        (
            "the sum of the leaves' norms",
            "def clip_by_global_norm(tree, max_norm):\n"
            "    norm = sum(jnp.linalg.norm(g) for g in jax.tree.leaves(tree))\n"
            "    scale = jnp.minimum(1.0, max_norm / norm)\n"
            "    return jax.tree.map(lambda g: g * scale, tree)",
            FAIL,
        ),
    ],
    "q6-dense-node-answer": [
        (
            "a dataclass that is not registered",
            "@dataclasses.dataclass\n"
            "class Dense:\n"
            "    w: jax.Array\n"
            "    b: jax.Array\n"
            "    activation: str = 'relu'\n\n"
            "    def __call__(self, x):\n"
            "        z = x @ self.w + self.b\n"
            "        if self.activation == 'relu':\n"
            "            return jnp.maximum(z, 0)\n"
            "        return jnp.tanh(z) if self.activation == 'tanh' else z",
            FAIL,
        ),
        (
            "register_pytree_node_class with tree_flatten / tree_unflatten",
            "@jax.tree_util.register_pytree_node_class\n"
            "@dataclasses.dataclass\n"
            "class Dense:\n"
            "    w: jax.Array\n"
            "    b: jax.Array\n"
            "    activation: str = 'relu'\n\n"
            "    def tree_flatten(self):\n"
            "        return (self.w, self.b), self.activation\n\n"
            "    @classmethod\n"
            "    def tree_unflatten(cls, activation, children):\n"
            "        return cls(*children, activation)\n\n"
            "    def __call__(self, x):\n"
            "        z = x @ self.w + self.b\n"
            "        acts = {'relu': lambda z: jnp.maximum(z, 0), 'tanh': jnp.tanh}\n"
            "        return acts.get(self.activation, lambda z: z)(z)",
            PASS,
        ),
        (
            "activation registered as a data field",
            "@functools.partial(jax.tree_util.register_dataclass,\n"
            "                   data_fields=['w', 'b', 'activation'], meta_fields=[])\n"
            "@dataclasses.dataclass\n"
            "class Dense:\n"
            "    w: jax.Array\n"
            "    b: jax.Array\n"
            "    activation: str = 'relu'\n\n"
            "    def __call__(self, x):\n"
            "        z = x @ self.w + self.b\n"
            "        if self.activation == 'relu':\n"
            "            return jnp.maximum(z, 0)\n"
            "        return jnp.tanh(z) if self.activation == 'tanh' else z",
            FAIL,
        ),
        (
            "dataclasses.field(metadata=dict(static=True)), no field lists",
            "@jax.tree_util.register_dataclass\n"
            "@dataclasses.dataclass\n"
            "class Dense:\n"
            "    w: jax.Array\n"
            "    b: jax.Array\n"
            "    activation: str = dataclasses.field(default='relu', metadata=dict(static=True))\n\n"
            "    def __call__(self, x):\n"
            "        z = jnp.dot(x, self.w) + self.b\n"
            "        if self.activation == 'identity':\n"
            "            return z\n"
            "        return jnp.tanh(z) if self.activation == 'tanh' else jax.nn.relu(z)",
            PASS,
        ),
        (
            "register_pytree_node whose unflatten drops the activation",
            "@dataclasses.dataclass\n"
            "class Dense:\n"
            "    w: jax.Array\n"
            "    b: jax.Array\n"
            "    activation: str = 'relu'\n\n"
            "    def __call__(self, x):\n"
            "        z = x @ self.w + self.b\n"
            "        if self.activation == 'relu':\n"
            "            return jnp.maximum(z, 0)\n"
            "        return jnp.tanh(z) if self.activation == 'tanh' else z\n\n\n"
            "jax.tree_util.register_pytree_node(\n"
            "    Dense, lambda d: ((d.w, d.b), None), lambda aux, children: Dense(*children)\n"
            ")",
            FAIL,
        ),
        (
            "an Equinox module with a static field",
            "import equinox as eqx\n\n"
            "class Dense(eqx.Module):\n"
            "    w: jax.Array\n"
            "    b: jax.Array\n"
            "    activation: str = eqx.field(static=True, default='relu')\n\n"
            "    def __call__(self, x):\n"
            "        z = x @ self.w + self.b\n"
            "        if self.activation == 'relu':\n"
            "            return jnp.maximum(z, 0)\n"
            "        return jnp.tanh(z) if self.activation == 'tanh' else z",
            PASS,
        ),
        (
            "tanh for every activation but identity",
            "@functools.partial(jax.tree_util.register_dataclass,\n"
            "                   data_fields=['w', 'b'], meta_fields=['activation'])\n"
            "@dataclasses.dataclass\n"
            "class Dense:\n"
            "    w: jax.Array\n"
            "    b: jax.Array\n"
            "    activation: str = 'relu'\n\n"
            "    def __call__(self, x):\n"
            "        z = x @ self.w + self.b\n"
            "        return z if self.activation == 'identity' else jnp.tanh(z)",
            FAIL,
        ),
    ],
}
