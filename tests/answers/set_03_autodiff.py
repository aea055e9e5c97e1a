"""Set 03: for every question, the three most likely wrong answers and some other right ones."""

PASS, FAIL = True, False


def clip_vjp(bwd_body: str) -> str:
    """A custom_vjp clip_gradient: identity forwards, threshold kept, bwd(t, g) as given."""
    return (
        "@jax.custom_vjp\n"
        "def clip_gradient(x, threshold):\n"
        "    return x\n\n\n"
        "def fwd(x, threshold):\n"
        "    return x, threshold\n\n\n"
        "def bwd(t, g):\n" + bwd_body + "\n\nclip_gradient.defvjp(fwd, bwd)"
    )


def checkpointed_blocks(n_blocks, per_block: int) -> str:
    """deep_loss as n_blocks checkpointed blocks of per_block layers each."""
    return (
        "def deep_loss(x):\n"
        "    def block(x):\n"
        f"        for _ in range({per_block}):\n"
        "            x = layer(x)\n"
        "        return x\n\n"
        f"    for _ in range({n_blocks}):\n"
        "        x = jax.checkpoint(block)(x)\n"
        "    return jnp.sum(x)"
    )


ANSWERS = {
    "q1-train-step-answer": [
        (
            "grad with has_aux, the loss from a second call",
            "def train_step(loss_fn, params, batch, lr):\n"
            "    grads, aux = jax.grad(loss_fn, has_aux=True)(params, batch)\n"
            "    loss, _ = loss_fn(params, batch)\n"
            "    return jax.tree.map(lambda p, g: p - lr * g, params, grads), loss, aux",
            PASS,
        ),
        (
            "flattened with ravel_pytree",
            "from jax.flatten_util import ravel_pytree\n\n\n"
            "def train_step(loss_fn, params, batch, lr):\n"
            "    flat, unravel = ravel_pytree(params)\n"
            "    value_and_grad = jax.value_and_grad(lambda w: loss_fn(unravel(w), batch), has_aux=True)\n"
            "    (loss, aux), g = value_and_grad(flat)\n"
            "    return unravel(flat - lr * g), loss, aux",
            PASS,
        ),
        (
            "gradient ascent",
            "def train_step(loss_fn, params, batch, lr):\n"
            "    (loss, aux), grads = jax.value_and_grad(loss_fn, has_aux=True)(params, batch)\n"
            "    return jax.tree.map(lambda p, g: p + lr * g, params, grads), loss, aux",
            FAIL,
        ),
        (
            "loss and aux recomputed after the update",
            "def train_step(loss_fn, params, batch, lr):\n"
            "    grads, _ = jax.grad(loss_fn, has_aux=True)(params, batch)\n"
            "    new_params = jax.tree.map(lambda p, g: p - lr * g, params, grads)\n"
            "    loss, aux = loss_fn(new_params, batch)\n"
            "    return new_params, loss, aux",
            FAIL,
        ),
        (
            "forgets the learning rate",
            "def train_step(loss_fn, params, batch, lr):\n"
            "    (loss, aux), grads = jax.value_and_grad(loss_fn, has_aux=True)(params, batch)\n"
            "    return jax.tree.map(lambda p, g: p - g, params, grads), loss, aux",
            FAIL,
        ),
        (
            "returns the leaves as a flat list",
            "def train_step(loss_fn, params, batch, lr):\n"
            "    (loss, aux), grads = jax.value_and_grad(loss_fn, has_aux=True)(params, batch)\n"
            "    leaves = zip(jax.tree.leaves(params), jax.tree.leaves(grads))\n"
            "    return [p - lr * g for p, g in leaves], loss, aux",
            FAIL,
        ),
    ],
    "q2-newton-answer": [
        (
            "inverse of the Hessian",
            "def newton_minimize(f, x0, n_steps):\n"
            "    x = x0\n"
            "    for _ in range(n_steps):\n"
            "        x = x - jnp.linalg.inv(jax.hessian(f)(x)) @ jax.grad(f)(x)\n"
            "    return x",
            PASS,
        ),
        (
            "lax.fori_loop and jacfwd(jacrev)",
            "def newton_minimize(f, x0, n_steps):\n"
            "    hess = jax.jacfwd(jax.jacrev(f))\n\n"
            "    def body(i, x):\n"
            "        return x - jnp.linalg.solve(hess(x), jax.grad(f)(x))\n\n"
            "    return jax.lax.fori_loop(0, n_steps, body, x0)",
            PASS,
        ),
        (
            "steps uphill",
            "def newton_minimize(f, x0, n_steps):\n"
            "    x = x0\n"
            "    for _ in range(n_steps):\n"
            "        x = x + jnp.linalg.solve(jax.hessian(f)(x), jax.grad(f)(x))\n"
            "    return x",
            FAIL,
        ),
        (
            "gradient descent, no Hessian",
            "def newton_minimize(f, x0, n_steps):\n"
            "    x = x0\n"
            "    for _ in range(n_steps):\n"
            "        x = x - jax.grad(f)(x)\n"
            "    return x",
            FAIL,
        ),
        (
            "the diagonal of the Hessian only",
            "def newton_minimize(f, x0, n_steps):\n"
            "    x = x0\n"
            "    for _ in range(n_steps):\n"
            "        x = x - jax.grad(f)(x) / jnp.diag(jax.hessian(f)(x))\n"
            "    return x",
            FAIL,
        ),
        (
            "multiplies by the Hessian instead of solving",
            "def newton_minimize(f, x0, n_steps):\n"
            "    x = x0\n"
            "    for _ in range(n_steps):\n"
            "        x = x - jax.hessian(f)(x) @ jax.grad(f)(x)\n"
            "    return x",
            FAIL,
        ),
        (
            "one step too many",
            "def newton_minimize(f, x0, n_steps):\n"
            "    x = x0\n"
            "    for _ in range(n_steps + 1):\n"
            "        x = x - jnp.linalg.solve(jax.hessian(f)(x), jax.grad(f)(x))\n"
            "    return x",
            FAIL,
        ),
    ],
    "q3-jacobian-columns-rows-answer": [
        (
            "the library's jacfwd and jacrev, which the statement rules out",
            "def jacobian_by_columns(f, x):\n    return jax.jacfwd(f)(x)\n\n\n"
            "def jacobian_by_rows(f, x):\n    return jax.jacrev(f)(x)",
            FAIL,
        ),
        (
            "Python loops and jnp.stack",
            "def jacobian_by_columns(f, x):\n"
            "    cols = [jax.jvp(f, (x,), (e,))[1] for e in jnp.eye(x.shape[0])]\n"
            "    return jnp.stack(cols, axis=1)\n\n\n"
            "def jacobian_by_rows(f, x):\n"
            "    y, pullback = jax.vjp(f, x)\n"
            "    return jnp.stack([pullback(e)[0] for e in jnp.eye(y.shape[0])])",
            PASS,
        ),
        (
            "columns stacked as rows",
            "def jacobian_by_columns(f, x):\n"
            "    return jax.vmap(lambda e: jax.jvp(f, (x,), (e,))[1])(jnp.eye(x.shape[0]))\n\n\n"
            "def jacobian_by_rows(f, x):\n"
            "    y, pullback = jax.vjp(f, x)\n"
            "    return jax.vmap(lambda e: pullback(e)[0])(jnp.eye(y.shape[0]))",
            FAIL,
        ),
        (
            "rows transposed",
            "def jacobian_by_columns(f, x):\n"
            "    push = lambda e: jax.jvp(f, (x,), (e,))[1]\n"
            "    return jax.vmap(push, out_axes=1)(jnp.eye(x.shape[0]))\n\n\n"
            "def jacobian_by_rows(f, x):\n"
            "    y, pullback = jax.vjp(f, x)\n"
            "    return jax.vmap(lambda e: pullback(e)[0])(jnp.eye(y.shape[0])).T",
            FAIL,
        ),
        (
            "the tuple from vjp not unpacked",
            "def jacobian_by_columns(f, x):\n"
            "    push = lambda e: jax.jvp(f, (x,), (e,))[1]\n"
            "    return jax.vmap(push, out_axes=1)(jnp.eye(x.shape[0]))\n\n\n"
            "def jacobian_by_rows(f, x):\n"
            "    y, pullback = jax.vjp(f, x)\n"
            "    return jax.vmap(pullback)(jnp.eye(y.shape[0]))",
            FAIL,
        ),
        (
            "the primal output of jvp instead of the tangent",
            "def jacobian_by_columns(f, x):\n"
            "    push = lambda e: jax.jvp(f, (x,), (e,))[0]\n"
            "    return jax.vmap(push, out_axes=1)(jnp.eye(x.shape[0]))\n\n\n"
            "def jacobian_by_rows(f, x):\n"
            "    y, pullback = jax.vjp(f, x)\n"
            "    return jax.vmap(lambda e: pullback(e)[0])(jnp.eye(y.shape[0]))",
            FAIL,
        ),
    ],
    "q4-hvp-answer": [
        (
            "reverse-over-reverse, as in the lesson",
            "def hvp(f, x, v):\n    return jax.grad(lambda x: jnp.vdot(jax.grad(f)(x), v))(x)",
            PASS,
        ),
        (
            "linearize the gradient",
            "def hvp(f, x, v):\n    return jax.linearize(jax.grad(f), x)[1](v)",
            PASS,
        ),
        (
            "vjp of the gradient (the Hessian is symmetric)",
            "def hvp(f, x, v):\n    return jax.vjp(jax.grad(f), x)[1](v)[0]",
            PASS,
        ),
        (
            "forms the Hessian",
            "def hvp(f, x, v):\n    return jax.hessian(f)(x) @ v",
            FAIL,
        ),
        (
            "gradient times v, element-wise",
            "def hvp(f, x, v):\n    return jax.grad(f)(x) * v",
            FAIL,
        ),
        (
            "directional derivative of f, not of its gradient",
            "def hvp(f, x, v):\n    return jax.jvp(f, (x,), (v,))[1]",
            FAIL,
        ),
        (
            "the primal output of jvp: the gradient itself",
            "def hvp(f, x, v):\n    return jax.jvp(jax.grad(f), (x,), (v,))[0]",
            FAIL,
        ),
    ],
    "q5-safe-norm-answer": [
        (
            "a tiny epsilon under the square root: 1e-15 at zero, wrong for tiny vectors",
            "def safe_norm(x):\n    return jnp.sqrt(jnp.sum(x**2) + 1e-30)",
            FAIL,
        ),
        (
            "the smallest float32 as epsilon: not exactly zero at zero",
            "def safe_norm(x):\n    return jnp.sqrt(jnp.sum(x**2) + jnp.finfo(x.dtype).tiny)",
            FAIL,
        ),
        (
            "a custom_vjp with a guarded backward pass",
            "@jax.custom_vjp\n"
            "def safe_norm(x):\n"
            "    return jnp.sqrt(jnp.sum(x**2))\n\n\n"
            "def _fwd(x):\n"
            "    n = jnp.sqrt(jnp.sum(x**2))\n"
            "    return n, (x, n)\n\n\n"
            "def _bwd(res, g):\n"
            "    x, n = res\n"
            "    return (g * jnp.where(n > 0, x / jnp.where(n > 0, n, 1.0), 0.0),)\n\n\n"
            "safe_norm.defvjp(_fwd, _bwd)",
            PASS,
        ),
        (
            "a custom_jvp",
            "@jax.custom_jvp\n"
            "def safe_norm(x):\n"
            "    return jnp.sqrt(jnp.sum(x**2))\n\n\n"
            "@safe_norm.defjvp\n"
            "def _jvp(primals, tangents):\n"
            "    (x,), (t,) = primals, tangents\n"
            "    n = safe_norm(x)\n"
            "    return n, jnp.where(n > 0, x @ t / jnp.where(n > 0, n, 1.0), 0.0)",
            PASS,
        ),
        (
            "double where on the vector, library norm",
            "def safe_norm(x):\n"
            "    nonzero = jnp.any(x != 0)\n"
            "    safe_x = jnp.where(nonzero, x, jnp.ones_like(x))\n"
            "    return jnp.where(nonzero, jnp.linalg.norm(safe_x), 0.0)",
            PASS,
        ),
        (
            "double where, safe value 4",
            "def safe_norm(x):\n"
            "    sq = x @ x\n"
            "    return jnp.where(sq == 0, 0.0, jnp.sqrt(jnp.where(sq == 0, 4.0, sq)))",
            PASS,
        ),
        (
            "double where with 0 as the safe value: the inner where still drops the NaN",
            "def safe_norm(x):\n"
            "    sq = jnp.sum(x**2)\n"
            "    safe_sq = jnp.where(sq > 0, sq, 0.0)\n"
            "    return jnp.where(sq > 0, jnp.sqrt(safe_sq), 0.0)",
            PASS,
        ),
        (
            "the library norm",
            "def safe_norm(x):\n    return jnp.linalg.norm(x)",
            FAIL,
        ),
        (
            "a where on the output only",
            "def safe_norm(x):\n"
            "    sq = jnp.sum(x**2)\n"
            "    return jnp.where(sq > 0, jnp.sqrt(sq), 0.0)",
            FAIL,
        ),
        (
            "an epsilon under the square root",
            "def safe_norm(x):\n    return jnp.sqrt(jnp.sum(x**2) + 1e-12)",
            FAIL,
        ),
        (
            "clamped with jnp.maximum",
            "def safe_norm(x):\n    return jnp.sqrt(jnp.maximum(jnp.sum(x**2), 1e-12))",
            FAIL,
        ),
    ],
    "q6-fd-gradient-answer": [
        (
            "a Python loop with .at",
            "def fd_gradient(f, x, eps=1e-2):\n"
            "    parts = [\n"
            "        (f(x.at[i].add(eps)) - f(x.at[i].add(-eps))) / (2 * eps) for i in range(x.shape[0])\n"
            "    ]\n"
            "    return jnp.stack(parts)",
            PASS,
        ),
        (
            "a one-sided (forward) difference",
            "def fd_gradient(f, x, eps=1e-2):\n"
            "    return jax.vmap(lambda e: (f(x + eps * e) - f(x)) / eps)(jnp.eye(x.shape[0]))",
            FAIL,
        ),
        (
            "divides by eps instead of 2 eps",
            "def fd_gradient(f, x, eps=1e-2):\n"
            "    return jax.vmap(lambda e: (f(x + eps * e) - f(x - eps * e)) / eps)(jnp.eye(x.shape[0]))",
            FAIL,
        ),
        (
            "every coordinate moved at once",
            "def fd_gradient(f, x, eps=1e-2):\n    return (f(x + eps) - f(x - eps)) / (2 * eps)",
            FAIL,
        ),
    ],
    "q8-clip-gradient-answer": [
        (
            "jnp.clip on the value: the forward pass changes, the gradient dies where it clips",
            "def clip_gradient(x, threshold):\n    return jnp.clip(x, -threshold, threshold)",
            FAIL,
        ),
        (
            "None as the threshold's cotangent, a residual tuple",
            "@jax.custom_vjp\n"
            "def clip_gradient(x, threshold):\n"
            "    return x\n"
            "\n"
            "\n"
            "def fwd(x, threshold):\n"
            "    return x, (threshold,)\n"
            "\n"
            "\n"
            "def bwd(res, g):\n"
            "    (t,) = res\n"
            "    return jnp.maximum(jnp.minimum(g, t), -t), None\n"
            "\n"
            "\n"
            "clip_gradient.defvjp(fwd, bwd)",
            PASS,
        ),
        (
            "threshold as a nondiff_argnum: a tracer there fails under jit",
            "def identity(x, threshold):\n"
            "    return x\n"
            "\n"
            "\n"
            "clip_gradient = jax.custom_vjp(identity, nondiff_argnums=(1,))\n"
            "\n"
            "\n"
            "def fwd(x, threshold):\n"
            "    return x, None\n"
            "\n"
            "\n"
            "def bwd(threshold, res, g):\n"
            "    return (jnp.clip(g, -threshold, threshold),)\n"
            "\n"
            "\n"
            "clip_gradient.defvjp(fwd, bwd)",
            FAIL,
        ),
        (
            "jnp.where on the cotangent's magnitude",
            "@jax.custom_vjp\n"
            "def clip_gradient(x, threshold):\n"
            "    return x\n"
            "\n"
            "\n"
            "clip_gradient.defvjp(\n"
            "    lambda x, t: (x, t),\n"
            "    lambda t, g: (jnp.where(jnp.abs(g) > t, jnp.sign(g) * t, g), jnp.zeros_like(t)),\n"
            ")",
            PASS,
        ),
        (
            "custom_jvp clipping the tangent: not linear, so reverse mode cannot transpose it",
            "@jax.custom_jvp\n"
            "def clip_gradient(x, threshold):\n"
            "    return x\n"
            "\n"
            "\n"
            "@clip_gradient.defjvp\n"
            "def clip_gradient_jvp(primals, tangents):\n"
            "    x, t = primals\n"
            "    x_dot, _ = tangents\n"
            "    return x, jnp.clip(x_dot, -t, t)",
            FAIL,
        ),
        (
            "clipped by the cotangent's norm, not entry by entry",
            clip_vjp(
                "    scale = jnp.minimum(1.0, t / jnp.maximum(jnp.linalg.norm(g), 1e-12))\n"
                "    return g * scale, jnp.zeros_like(t)\n"
            ),
            FAIL,
        ),
        (
            "only the upper bound",
            clip_vjp("    return jnp.minimum(g, t), jnp.zeros_like(t)\n"),
            FAIL,
        ),
        (
            "one cotangent for two inputs",
            clip_vjp("    return (jnp.clip(g, -t, t),)\n"),
            FAIL,
        ),
    ],
    "q9-checkpoint-blocks-answer": [
        (
            "one checkpoint around the whole chain: all 36 rebuilt at once, nothing saved",
            "def deep_loss(x):\n    return jax.checkpoint(plain_loss)(x)",
            FAIL,
        ),
        (
            "4 blocks of 9",
            checkpointed_blocks(4, 9),
            PASS,
        ),
        (
            "every layer checkpointed on its own: its 36 inputs are kept anyway",
            "def deep_loss(x):\n"
            "    checkpointed = jax.checkpoint(layer)\n"
            "    for _ in range(N_LAYERS):\n"
            "        x = checkpointed(x)\n"
            "    return jnp.sum(x)",
            FAIL,
        ),
        (
            "lax.scan over 6 checkpointed blocks of 6",
            "def deep_loss(x):\n"
            "    def block(x, _):\n"
            "        for _ in range(6):\n"
            "            x = layer(x)\n"
            "        return x, None\n"
            "\n"
            "    x, _ = jax.lax.scan(jax.checkpoint(block), x, None, length=6)\n"
            "    return jnp.sum(x)",
            PASS,
        ),
        (
            "two blocks of 18: half the memory, not enough",
            checkpointed_blocks(2, 18),
            FAIL,
        ),
        (
            "9 blocks of 4, with jax.remat",
            "def deep_loss(x):\n"
            "    @jax.remat\n"
            "    def block(x):\n"
            "        for _ in range(4):\n"
            "            x = layer(x)\n"
            "        return x\n"
            "\n"
            "    for _ in range(9):\n"
            "        x = block(x)\n"
            "    return jnp.sum(x)",
            PASS,
        ),
        (
            "blocks of 5: 35 layers, not 36",
            checkpointed_blocks("N_LAYERS // 5", 5),
            FAIL,
        ),
        (
            "the checkpointed block made, then the plain one called",
            "def deep_loss(x):\n"
            "    def block(x):\n"
            "        for _ in range(6):\n"
            "            x = layer(x)\n"
            "        return x\n"
            "\n"
            "    jax.checkpoint(block)\n"
            "    for _ in range(6):\n"
            "        x = block(x)\n"
            "    return jnp.sum(x)",
            FAIL,
        ),
    ],
}
