"""Set 04: for every question, the three most likely wrong answers and some other right ones."""

PASS, FAIL = True, False

ANSWERS = {
    "q1-batch-a-function-answer": [
        (
            "vmap of a closure over w",
            "def score_batch(w, xs):\n    return jax.vmap(lambda x: score(w, x))(xs)",
            PASS,
        ),
        (
            "batched by hand, statistics per row",
            "def score_batch(w, xs):\n"
            "    mean = jnp.mean(xs, axis=1, keepdims=True)\n"
            "    std = jnp.std(xs, axis=1, keepdims=True)\n"
            "    return ((xs - mean) / std) @ w",
            PASS,
        ),
        (
            "calls score on the whole batch",
            "def score_batch(w, xs):\n    return score(w, xs)",
            FAIL,
        ),
        (
            "vmap without in_axes also maps over w",
            "def score_batch(w, xs):\n    return jax.vmap(score)(w, xs)",
            FAIL,
        ),
        (
            "standardises each feature over the batch",
            "def score_batch(w, xs):\n"
            "    return ((xs - jnp.mean(xs, axis=0)) / jnp.std(xs, axis=0)) @ w",
            FAIL,
        ),
        (
            "per-row statistics without keepdims",
            "def score_batch(w, xs):\n"
            "    return ((xs - jnp.mean(xs, axis=1)) / jnp.std(xs, axis=1)) @ w",
            FAIL,
        ),
    ],
    "q2-in-axes-out-axes-answer": [
        (
            "normalised by hand along axis 0",
            "def unit_columns(V):\n    return V / jnp.linalg.norm(V, axis=0, keepdims=True)",
            PASS,
        ),
        (
            "transpose, vmap over rows, transpose back",
            "def unit_columns(V):\n    return jax.vmap(unit)(V.T).T",
            PASS,
        ),
        (
            "positional in_axes and out_axes",
            "def unit_columns(V):\n    return jax.vmap(unit, 1, 1)(V)",
            PASS,
        ),
        (
            "forgets out_axes: the result comes out transposed",
            "def unit_columns(V):\n    return jax.vmap(unit, in_axes=1)(V)",
            FAIL,
        ),
        (
            "default in_axes normalises the rows",
            "def unit_columns(V):\n    return jax.vmap(unit)(V)",
            FAIL,
        ),
        (
            "one norm for the whole matrix",
            "def unit_columns(V):\n    return unit(V)",
            FAIL,
        ),
        (
            "normalised by hand along the wrong axis",
            "def unit_columns(V):\n    return V / jnp.linalg.norm(V, axis=1, keepdims=True)",
            FAIL,
        ),
    ],
    "q3-per-example-grad-norms-answer": [
        (
            "vmap of grad, then the norm over the leaves",
            "def per_example_grad_norms(params, xs, ys):\n"
            "    grads = jax.vmap(jax.grad(loss), in_axes=(None, 0, 0))(params, xs, ys)\n"
            "    sq = [jnp.sum(g.reshape(g.shape[0], -1) ** 2, axis=1)"
            " for g in jax.tree.leaves(grads)]\n"
            "    return jnp.sqrt(sum(sq))",
            PASS,
        ),
        (
            "closed form of the logistic gradient",
            "def per_example_grad_norms(params, xs, ys):\n"
            "    r = jax.nn.sigmoid(xs @ params['w'] + params['b']) - ys\n"
            "    return jnp.abs(r) * jnp.sqrt(jnp.sum(xs**2, axis=1) + 1.0)",
            PASS,
        ),
        (
            "ravel_pytree inside a per-example function",
            "from jax.flatten_util import ravel_pytree\n\n\n"
            "def per_example_grad_norms(params, xs, ys):\n"
            "    def one(x, y):\n"
            "        flat, _ = ravel_pytree(jax.grad(loss)(params, x, y))\n"
            "        return jnp.linalg.norm(flat)\n"
            "    return jax.vmap(one)(xs, ys)",
            PASS,
        ),
        (
            "forgets the gradient of b",
            "def per_example_grad_norms(params, xs, ys):\n"
            "    grads = jax.vmap(jax.grad(loss), in_axes=(None, 0, 0))(params, xs, ys)\n"
            "    return jnp.linalg.norm(grads['w'], axis=1)",
            FAIL,
        ),
        (
            "norm of the gradient of the mean loss",
            "def per_example_grad_norms(params, xs, ys):\n"
            "    def mean_loss(p):\n"
            "        return jnp.mean(jax.vmap(loss, in_axes=(None, 0, 0))(p, xs, ys))\n"
            "    g = jax.grad(mean_loss)(params)\n"
            "    return jnp.sqrt(jnp.sum(g['w'] ** 2) + g['b'] ** 2)",
            FAIL,
        ),
        (
            "adds the norms of w and b",
            "def per_example_grad_norms(params, xs, ys):\n"
            "    grads = jax.vmap(jax.grad(loss), in_axes=(None, 0, 0))(params, xs, ys)\n"
            "    return jnp.linalg.norm(grads['w'], axis=1) + jnp.abs(grads['b'])",
            FAIL,
        ),
        (
            "squared norms",
            "def per_example_grad_norms(params, xs, ys):\n"
            "    grads = jax.vmap(jax.grad(loss), in_axes=(None, 0, 0))(params, xs, ys)\n"
            "    return jnp.sum(grads['w'] ** 2, axis=1) + grads['b'] ** 2",
            FAIL,
        ),
        (
            "vmap without in_axes also maps over params",
            "def per_example_grad_norms(params, xs, ys):\n"
            "    grads = jax.vmap(jax.grad(loss))(params, xs, ys)\n"
            "    return jnp.sqrt(jnp.sum(grads['w'] ** 2, axis=1) + grads['b'] ** 2)",
            FAIL,
        ),
    ],
    "q4-clip-per-example-answer": [
        (
            "clip factor with jnp.where",
            "def clipped_mean_grad(params, xs, ys, max_norm):\n"
            "    grads = jax.vmap(jax.grad(loss), in_axes=(None, 0, 0))(params, xs, ys)\n"
            "    norms = jnp.sqrt(jnp.sum(grads['w'] ** 2, axis=1) + grads['b'] ** 2)\n"
            "    scale = jnp.where(norms > max_norm, max_norm / norms, 1.0)\n"
            "    return {'w': jnp.mean(scale[:, None] * grads['w'], axis=0),\n"
            "            'b': jnp.mean(scale * grads['b'])}",
            PASS,
        ),
        (
            "closed form, divide by max(1, norm / max_norm)",
            "def clipped_mean_grad(params, xs, ys, max_norm):\n"
            "    r = jax.nn.sigmoid(xs @ params['w'] + params['b']) - ys\n"
            "    norms = jnp.abs(r) * jnp.sqrt(jnp.sum(xs**2, axis=1) + 1.0)\n"
            "    r = r / jnp.maximum(1.0, norms / max_norm)\n"
            "    return {'w': jnp.mean(r[:, None] * xs, axis=0), 'b': jnp.mean(r)}",
            PASS,
        ),
        (
            "clips the mean gradient instead of each example's",
            "def clipped_mean_grad(params, xs, ys, max_norm):\n"
            "    grads = jax.vmap(jax.grad(loss), in_axes=(None, 0, 0))(params, xs, ys)\n"
            "    mean = jax.tree.map(lambda g: jnp.mean(g, axis=0), grads)\n"
            "    norm = jnp.sqrt(sum(jnp.sum(g**2) for g in jax.tree.leaves(mean)))\n"
            "    return jax.tree.map(lambda g: g * jnp.minimum(1.0, max_norm / norm), mean)",
            FAIL,
        ),
        (
            "scaled by min(norm, max_norm) / norm: 0 / 0 for a zero gradient",
            "def clipped_mean_grad(params, xs, ys, max_norm):\n"
            "    def one(x, y):\n"
            "        g = jax.grad(loss)(params, x, y)\n"
            "        norm = jnp.sqrt(sum(jnp.sum(leaf**2) for leaf in jax.tree.leaves(g)))\n"
            "        return jax.tree.map(lambda leaf: leaf * jnp.minimum(norm, max_norm) / norm, g)\n\n"
            "    return jax.tree.map(lambda leaf: leaf.mean(axis=0), jax.vmap(one)(xs, ys))",
            FAIL,
        ),
        (
            "clips w and b each by its own norm",
            "def clipped_mean_grad(params, xs, ys, max_norm):\n"
            "    def one(x, y):\n"
            "        g = jax.grad(loss)(params, x, y)\n"
            "        return jax.tree.map(\n"
            "            lambda a: a * jnp.minimum(1.0, max_norm / jnp.linalg.norm(a)), g)\n"
            "    clipped = jax.vmap(one)(xs, ys)\n"
            "    return jax.tree.map(lambda g: jnp.mean(g, axis=0), clipped)",
            FAIL,
        ),
        (
            "rescales every gradient to norm max_norm",
            "def clipped_mean_grad(params, xs, ys, max_norm):\n"
            "    def one(x, y):\n"
            "        g = jax.grad(loss)(params, x, y)\n"
            "        norm = jnp.sqrt(sum(jnp.sum(a**2) for a in jax.tree.leaves(g)))\n"
            "        return jax.tree.map(lambda a: a * max_norm / norm, g)\n"
            "    clipped = jax.vmap(one)(xs, ys)\n"
            "    return jax.tree.map(lambda g: jnp.mean(g, axis=0), clipped)",
            FAIL,
        ),
        (
            "sums the clipped gradients instead of averaging",
            "def clipped_mean_grad(params, xs, ys, max_norm):\n"
            "    def one(x, y):\n"
            "        g = jax.grad(loss)(params, x, y)\n"
            "        norm = jnp.sqrt(sum(jnp.sum(a**2) for a in jax.tree.leaves(g)))\n"
            "        return jax.tree.map(lambda a: a * jnp.minimum(1.0, max_norm / norm), g)\n"
            "    clipped = jax.vmap(one)(xs, ys)\n"
            "    return jax.tree.map(lambda g: jnp.sum(g, axis=0), clipped)",
            FAIL,
        ),
        (
            "a Python if on the norm",
            "def clipped_mean_grad(params, xs, ys, max_norm):\n"
            "    def one(x, y):\n"
            "        g = jax.grad(loss)(params, x, y)\n"
            "        norm = jnp.sqrt(sum(jnp.sum(a**2) for a in jax.tree.leaves(g)))\n"
            "        if norm > max_norm:\n"
            "            return jax.tree.map(lambda a: a * max_norm / norm, g)\n"
            "        return g\n"
            "    clipped = jax.vmap(one)(xs, ys)\n"
            "    return jax.tree.map(lambda g: jnp.mean(g, axis=0), clipped)",
            FAIL,
        ),
    ],
    "q5-kernel-matrix-answer": [
        (
            "nested vmap of lambdas",
            "def kernel_matrix(kernel, xs, ys):\n"
            "    return jax.vmap(lambda x: jax.vmap(lambda y: kernel(x, y))(ys))(xs)",
            PASS,
        ),
        (
            "nesting the other way round, then transposed",
            "def kernel_matrix(kernel, xs, ys):\n"
            "    inner = jax.vmap(kernel, in_axes=(0, None))\n"
            "    return jax.vmap(inner, in_axes=(None, 0))(xs, ys).T",
            PASS,
        ),
        (
            "nesting the other way round: the matrix comes out transposed",
            "def kernel_matrix(kernel, xs, ys):\n"
            "    inner = jax.vmap(kernel, in_axes=(0, None))\n"
            "    return jax.vmap(inner, in_axes=(None, 0))(xs, ys)",
            FAIL,
        ),
        (
            "a Python double loop, which the statement rules out",
            "def kernel_matrix(kernel, xs, ys):\n"
            "    return jnp.array([[kernel(x, y) for y in ys] for x in xs])",
            FAIL,
        ),
        (
            "one vmap pairs rows up instead of taking all pairs",
            "def kernel_matrix(kernel, xs, ys):\n    return jax.vmap(kernel)(xs, ys)",
            FAIL,
        ),
        (
            "broadcasts by hand, then calls the kernel once",
            "def kernel_matrix(kernel, xs, ys):\n    return kernel(xs[:, None, :], ys[None, :, :])",
            FAIL,
        ),
        (
            "hard-codes the RBF formula and ignores the kernel",
            "def kernel_matrix(kernel, xs, ys):\n"
            "    d2 = jnp.sum((xs[:, None, :] - ys[None, :, :]) ** 2, axis=-1)\n"
            "    return jnp.exp(-0.5 * d2)",
            FAIL,
        ),
    ],
}
