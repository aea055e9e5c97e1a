"""Set 10: for every question, the most likely wrong answers and some other right ones. The first
wrong answer of each question is the one the visible tests must catch with a helpful message."""

PASS, FAIL = True, False

_CHECKED_CALL = (
    "    @jaxtyped(typechecker=beartype)\n"
    '    def __call__(self, x: Float[Array, " width"]) -> Float[Array, " width"]:\n'
    "        for _ in range(self.n_repeats):\n"
    "            x = x + self.gate * jnp.tanh(self.linear(x))\n"
    "        return x\n"
)


def _tied(
    gate="jnp.asarray(gate_init, dtype=jnp.float32)",
    gate_field="gate: jax.Array",
    repeats="n_repeats",
    repeats_field="n_repeats: int = eqx.field(static=True)",
    call=_CHECKED_CALL,
):
    """Q1's TiedResidual with one part changed: the statement's layout, fields and loop."""
    return (
        "class TiedResidual(eqx.Module):\n"
        "    linear: eqx.nn.Linear\n"
        f"    {gate_field}\n"
        f"    {repeats_field}\n\n"
        "    def __init__(self, width, n_repeats, gate_init=0.1, *, key):\n"
        "        self.linear = eqx.nn.Linear(width, width, key=key)\n"
        f"        self.gate = {gate}\n"
        f"        self.n_repeats = {repeats}\n\n" + call
    )


_ACCURACY_OFF = (
    "def test_accuracy(model, x, y):\n"
    "    logits = jax.vmap(eqx.nn.inference_mode(model))(x)\n"
    "    return float(jnp.mean(jnp.argmax(logits, axis=1) == y))\n"
)


def _dropout_step(
    keys="jax.random.split(key, len(x))", update=None, returned="eqx.apply_updates(model, updates)"
):
    """Q4's dropout_step with one part changed, followed by a test_accuracy in inference mode."""
    update = update or "    updates, opt_state = optimizer.update(grads, opt_state)\n"
    return (
        "def dropout_step(model, opt_state, optimizer, x, y, key):\n"
        f"    keys = {keys}\n\n"
        "    def loss_fn(model):\n"
        "        return cross_entropy(jax.vmap(lambda xi, k: model(xi, key=k))(x, keys), y)\n\n"
        "    loss, grads = eqx.filter_value_and_grad(loss_fn)(model)\n"
        + update
        + f"    return {returned}, opt_state, loss\n\n\n"
    )


_ANNEALED_STEP = (  # Q7's compiled step, as the statement's broken loop writes it
    "    @eqx.filter_jit\n"
    "    def step(model, opt_state):\n"
    "        loss, grads = eqx.filter_value_and_grad(tempered_loss)(model, x, y)\n"
    "        updates, opt_state = optimizer.update(grads, opt_state)\n"
    "        return eqx.apply_updates(model, updates), opt_state, loss\n\n"
)


ANSWERS = {
    "q1-tied-residual-answer": [
        (
            "the gate made with jnp.asarray(gate_init): weakly typed, so Adam's step recompiles",
            _tied(gate="jnp.asarray(gate_init)"),
            FAIL,
        ),
        (
            "jnp.full for the gate, fori_loop, a hand-written shape check",
            "class TiedResidual(eqx.Module):\n"
            "    gate: jax.Array\n"
            "    linear: eqx.nn.Linear\n"
            "    n_repeats: int = eqx.field(static=True)\n"
            "    width: int = eqx.field(static=True)\n\n"
            "    def __init__(self, width, n_repeats, gate_init=0.1, *, key):\n"
            "        self.gate = jnp.full((), gate_init, dtype=jnp.float32)\n"
            "        self.linear = eqx.nn.Linear(width, width, key=key)\n"
            "        self.n_repeats = n_repeats\n"
            "        self.width = width\n\n"
            "    def __call__(self, x):\n"
            "        if x.shape != (self.width,):\n"
            "            raise ValueError(f'expected one example of shape ({self.width},), got {x.shape}')\n"
            "        body = lambda _, x: x + self.gate * jnp.tanh(self.linear(x))\n"
            "        return jax.lax.fori_loop(0, self.n_repeats, body, x)\n",
            PASS,
        ),
        (
            "n_repeats a plain field: a Python int leaf, which plain jax.jit traces",
            _tied(repeats_field="n_repeats: int"),
            FAIL,
        ),
        (
            "a float32 scalar from jnp.float32, other dimension names",
            "class TiedResidual(eqx.Module):\n"
            "    n_repeats: int = eqx.field(static=True)\n"
            '    gate: Float[Array, ""]\n'
            "    linear: eqx.nn.Linear\n\n"
            "    def __init__(self, width, n_repeats, gate_init=0.1, *, key):\n"
            "        self.linear = eqx.nn.Linear(width, width, key=key)\n"
            "        self.gate = jnp.float32(gate_init)\n"
            "        self.n_repeats = n_repeats\n\n"
            "    @jaxtyped(typechecker=beartype)\n"
            '    def __call__(self, x: Float[Array, " n"]) -> Float[Array, " n"]:\n'
            "        for _ in range(self.n_repeats):\n"
            "            x = x + self.gate * jnp.tanh(self.linear(x))\n"
            "        return x\n",
            PASS,
        ),
        (
            "the gate a static Python float: no gradient, not trained",
            _tied(gate="float(gate_init)", gate_field="gate: float = eqx.field(static=True)"),
            FAIL,
        ),
        (
            "no shape check: a (width, width) batch goes through silently",
            _tied(
                call="    def __call__(self, x):\n"
                "        for _ in range(self.n_repeats):\n"
                "            x = x + self.gate * jnp.tanh(self.linear.weight @ x + self.linear.bias)\n"
                "        return x\n"
            ),
            FAIL,
        ),
        (
            "n_repeats kept as an array: an int32 leaf, and range() of a tracer",
            _tied(
                repeats="jnp.asarray(n_repeats)",
                repeats_field="n_repeats: jax.Array",
                call=_CHECKED_CALL.replace("range(self.n_repeats)", "range(int(self.n_repeats))"),
            ),
            FAIL,
        ),
        (
            "the gate applied once, to the sum of the repeats",
            _tied(
                call="    @jaxtyped(typechecker=beartype)\n"
                '    def __call__(self, x: Float[Array, " width"]) -> Float[Array, " width"]:\n'
                "        h = x\n"
                "        for _ in range(self.n_repeats):\n"
                "            h = h + jnp.tanh(self.linear(h))\n"
                "        return x + self.gate * (h - x)\n"
            ),
            FAIL,
        ),
    ],
    "q2-optimizer-from-a-recipe-answer": [
        (
            "Optax's decay_steps given D: it counts the warm-up too",
            "def recipe_optimizer(peak_lr, warmup_steps, decay_steps, weight_decay):\n"
            "    schedule = optax.warmup_cosine_decay_schedule(\n"
            "        0.0, peak_lr, warmup_steps, decay_steps, end_value=peak_lr / 100\n"
            "    )\n"
            "    mask = lambda params: jax.tree.map(lambda p: p.ndim >= 2, params)\n"
            "    return optax.chain(\n"
            "        optax.clip_by_global_norm(1.0),\n"
            "        optax.adamw(schedule, weight_decay=weight_decay, mask=mask),\n"
            "    ), schedule\n",
            FAIL,
        ),
        (
            "join_schedules of a linear and a cosine schedule",
            "def recipe_optimizer(peak_lr, warmup_steps, decay_steps, weight_decay):\n"
            "    schedule = optax.join_schedules(\n"
            "        [\n"
            "            optax.linear_schedule(0.0, peak_lr, warmup_steps),\n"
            "            optax.cosine_decay_schedule(peak_lr, decay_steps, alpha=0.01),\n"
            "        ],\n"
            "        boundaries=[warmup_steps],\n"
            "    )\n"
            "    mask = lambda params: jax.tree.map(lambda p: jnp.ndim(p) > 1, params)\n"
            "    tx = optax.chain(\n"
            "        optax.clip_by_global_norm(1.0),\n"
            "        optax.adamw(learning_rate=schedule, weight_decay=weight_decay, mask=mask),\n"
            "    )\n"
            "    return tx, schedule\n",
            PASS,
        ),
        (
            "clipping after AdamW: it clips the updates, not the gradient",
            "def recipe_optimizer(peak_lr, warmup_steps, decay_steps, weight_decay):\n"
            "    schedule = optax.warmup_cosine_decay_schedule(\n"
            "        0.0, peak_lr, warmup_steps, warmup_steps + decay_steps, end_value=peak_lr / 100\n"
            "    )\n"
            "    mask = lambda params: jax.tree.map(lambda p: p.ndim >= 2, params)\n"
            "    return optax.chain(\n"
            "        optax.adamw(schedule, weight_decay=weight_decay, mask=mask),\n"
            "        optax.clip_by_global_norm(1.0),\n"
            "    ), schedule\n",
            FAIL,
        ),
        (
            "a chain of AdamW's parts and a schedule written with jnp.where",
            "def recipe_optimizer(peak_lr, warmup_steps, decay_steps, weight_decay):\n"
            "    end = peak_lr / 100\n\n"
            "    def schedule(step):\n"
            "        step = jnp.asarray(step, jnp.float32)\n"
            "        progress = jnp.clip((step - warmup_steps) / decay_steps, 0.0, 1.0)\n"
            "        cosine = end + (peak_lr - end) * 0.5 * (1 + jnp.cos(jnp.pi * progress))\n"
            "        return jnp.where(step < warmup_steps, peak_lr * step / warmup_steps, cosine)\n\n"
            "    def matrices(params):\n"
            "        return jax.tree.map(lambda p: len(p.shape) >= 2, params)\n\n"
            "    tx = optax.chain(\n"
            "        optax.clip_by_global_norm(1.0),\n"
            "        optax.scale_by_adam(),\n"
            "        optax.add_decayed_weights(weight_decay, mask=matrices),\n"
            "        optax.scale_by_learning_rate(schedule),\n"
            "    )\n"
            "    return tx, schedule\n",
            PASS,
        ),
        (
            "no mask: the biases decay too",
            "def recipe_optimizer(peak_lr, warmup_steps, decay_steps, weight_decay):\n"
            "    schedule = optax.warmup_cosine_decay_schedule(\n"
            "        0.0, peak_lr, warmup_steps, warmup_steps + decay_steps, end_value=peak_lr / 100\n"
            "    )\n"
            "    return optax.chain(\n"
            "        optax.clip_by_global_norm(1.0), optax.adamw(schedule, weight_decay=weight_decay)\n"
            "    ), schedule\n",
            FAIL,
        ),
        (
            "L2 regularisation before Adam instead of decoupled decay",
            "def recipe_optimizer(peak_lr, warmup_steps, decay_steps, weight_decay):\n"
            "    schedule = optax.warmup_cosine_decay_schedule(\n"
            "        0.0, peak_lr, warmup_steps, warmup_steps + decay_steps, end_value=peak_lr / 100\n"
            "    )\n"
            "    mask = lambda params: jax.tree.map(lambda p: p.ndim >= 2, params)\n"
            "    return optax.chain(\n"
            "        optax.clip_by_global_norm(1.0),\n"
            "        optax.add_decayed_weights(weight_decay, mask=mask),\n"
            "        optax.adam(schedule),\n"
            "    ), schedule\n",
            FAIL,
        ),
        (
            "the schedule returned but AdamW given the constant peak",
            "def recipe_optimizer(peak_lr, warmup_steps, decay_steps, weight_decay):\n"
            "    schedule = optax.warmup_cosine_decay_schedule(\n"
            "        0.0, peak_lr, warmup_steps, warmup_steps + decay_steps, end_value=peak_lr / 100\n"
            "    )\n"
            "    mask = lambda params: jax.tree.map(lambda p: p.ndim >= 2, params)\n"
            "    return optax.chain(\n"
            "        optax.clip_by_global_norm(1.0),\n"
            "        optax.adamw(peak_lr, weight_decay=weight_decay, mask=mask),\n"
            "    ), schedule\n",
            FAIL,
        ),
        (
            "the mask decays exactly 2-D leaves: a 4-D kernel is left out",
            "def recipe_optimizer(peak_lr, warmup_steps, decay_steps, weight_decay):\n"
            "    schedule = optax.warmup_cosine_decay_schedule(\n"
            "        0.0, peak_lr, warmup_steps, warmup_steps + decay_steps, end_value=peak_lr / 100\n"
            "    )\n"
            "    mask = lambda params: jax.tree.map(lambda p: p.ndim == 2, params)\n"
            "    return optax.chain(\n"
            "        optax.clip_by_global_norm(1.0),\n"
            "        optax.adamw(schedule, weight_decay=weight_decay, mask=mask),\n"
            "    ), schedule\n",
            FAIL,
        ),
    ],
    "q3-freeze-the-body-answer": [
        (
            "the body's gradients zeroed, the optimizer on the whole model: AdamW still decays it",
            "def init_head(model, optimizer):\n"
            "    return optimizer.init(eqx.filter(model, eqx.is_array))\n\n\n"
            "def head_step(model, opt_state, optimizer, x, y):\n"
            "    loss_fn = lambda m: cross_entropy(jax.vmap(m)(x), y)\n"
            "    loss, grads = eqx.filter_value_and_grad(loss_fn)(model)\n"
            "    zero_body = jax.tree.map(jnp.zeros_like, grads.body)\n"
            "    grads = eqx.tree_at(lambda g: g.body, grads, zero_body)\n"
            "    params = eqx.filter(model, eqx.is_array)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state, params)\n"
            "    return eqx.apply_updates(model, updates), opt_state, loss\n",
            FAIL,
        ),
        (
            "partition with a filter spec, combine",
            "def head_spec(model):\n"
            "    spec = jax.tree.map(lambda _: False, model)\n"
            "    return eqx.tree_at(lambda m: (m.head.weight, m.head.bias), spec, replace=(True, True))\n\n\n"
            "def init_head(model, optimizer):\n"
            "    head, _ = eqx.partition(model, head_spec(model))\n"
            "    return optimizer.init(head)\n\n\n"
            "def head_step(model, opt_state, optimizer, x, y):\n"
            "    head, rest = eqx.partition(model, head_spec(model))\n"
            "    loss_fn = lambda h: cross_entropy(jax.vmap(eqx.combine(h, rest))(x), y)\n"
            "    loss, grads = eqx.filter_value_and_grad(loss_fn)(head)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state, head)\n"
            "    return eqx.combine(eqx.apply_updates(head, updates), rest), opt_state, loss\n",
            PASS,
        ),
        (
            "optax.masked on the head: the body's raw gradients pass through as updates",
            "def head_mask(model):\n"
            "    params = eqx.filter(model, eqx.is_array)\n"
            "    mask = jax.tree.map(lambda _: False, params)\n"
            "    return eqx.tree_at(lambda m: m.head, mask, replace=jax.tree.map(lambda _: True, params.head))\n\n\n"
            "def init_head(model, optimizer):\n"
            "    return optax.masked(optimizer, head_mask(model)).init(eqx.filter(model, eqx.is_array))\n\n\n"
            "def head_step(model, opt_state, optimizer, x, y):\n"
            "    loss, grads = eqx.filter_value_and_grad(lambda m: cross_entropy(jax.vmap(m)(x), y))(model)\n"
            "    tx = optax.masked(optimizer, head_mask(model))\n"
            "    updates, opt_state = tx.update(grads, opt_state, eqx.filter(model, eqx.is_array))\n"
            "    return eqx.apply_updates(model, updates), opt_state, loss\n",
            FAIL,
        ),
        (
            "optax.multi_transform: the optimizer for the head, set_to_zero for the body",
            "def labels(model):\n"
            "    params = eqx.filter(model, eqx.is_array)\n"
            "    tags = jax.tree.map(lambda _: 'frozen', params)\n"
            "    return eqx.tree_at(lambda m: m.head, tags, replace=jax.tree.map(lambda _: 'train', params.head))\n\n\n"
            "def transform(model, optimizer):\n"
            "    # a callable: a model is callable too, and Optax would call it on the parameters\n"
            "    tags = labels(model)\n"
            "    return optax.multi_transform({'train': optimizer, 'frozen': optax.set_to_zero()}, lambda _: tags)\n\n\n"
            "def init_head(model, optimizer):\n"
            "    return transform(model, optimizer).init(eqx.filter(model, eqx.is_array))\n\n\n"
            "def head_step(model, opt_state, optimizer, x, y):\n"
            "    loss, grads = eqx.filter_value_and_grad(lambda m: cross_entropy(jax.vmap(m)(x), y))(model)\n"
            "    params = eqx.filter(model, eqx.is_array)\n"
            "    updates, opt_state = transform(model, optimizer).update(grads, opt_state, params)\n"
            "    return eqx.apply_updates(model, updates), opt_state, loss\n",
            PASS,
        ),
        (
            "stop_gradient on the body's features, the optimizer on the whole model",
            "def init_head(model, optimizer):\n"
            "    return optimizer.init(eqx.filter(model, eqx.is_array))\n\n\n"
            "def head_step(model, opt_state, optimizer, x, y):\n"
            "    def loss_fn(m):\n"
            "        features = jax.lax.stop_gradient(jax.vmap(m.body)(x))\n"
            "        return cross_entropy(jax.vmap(m.head)(features), y)\n\n"
            "    loss, grads = eqx.filter_value_and_grad(loss_fn)(model)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state, eqx.filter(model, eqx.is_array))\n"
            "    return eqx.apply_updates(model, updates), opt_state, loss\n",
            FAIL,
        ),
        (
            "a new optimizer state at every step: the moments restart",
            "def init_head(model, optimizer):\n"
            "    return optimizer.init(eqx.filter(model.head, eqx.is_array))\n\n\n"
            "def head_step(model, opt_state, optimizer, x, y):\n"
            "    def loss_fn(head):\n"
            "        return cross_entropy(jax.vmap(eqx.tree_at(lambda m: m.head, model, head))(x), y)\n\n"
            "    loss, grads = eqx.filter_value_and_grad(loss_fn)(model.head)\n"
            "    opt_state = optimizer.init(eqx.filter(model.head, eqx.is_array))\n"
            "    updates, opt_state = optimizer.update(grads, opt_state, eqx.filter(model.head, eqx.is_array))\n"
            "    head = eqx.apply_updates(model.head, updates)\n"
            "    return eqx.tree_at(lambda m: m.head, model, head), opt_state, loss\n",
            FAIL,
        ),
        (
            "the loss after the step",
            "def init_head(model, optimizer):\n"
            "    return optimizer.init(eqx.filter(model.head, eqx.is_array))\n\n\n"
            "def head_step(model, opt_state, optimizer, x, y):\n"
            "    def loss_fn(head):\n"
            "        return cross_entropy(jax.vmap(eqx.tree_at(lambda m: m.head, model, head))(x), y)\n\n"
            "    grads = eqx.filter_grad(loss_fn)(model.head)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state, eqx.filter(model.head, eqx.is_array))\n"
            "    head = eqx.apply_updates(model.head, updates)\n"
            "    return eqx.tree_at(lambda m: m.head, model, head), opt_state, loss_fn(head)\n",
            FAIL,
        ),
    ],
    "q4-dropout-answer": [
        (
            "one key for the whole batch: every example gets the same mask",
            "def dropout_step(model, opt_state, optimizer, x, y, key):\n"
            "    def loss_fn(model):\n"
            "        return cross_entropy(jax.vmap(lambda xi: model(xi, key=key))(x), y)\n\n"
            "    loss, grads = eqx.filter_value_and_grad(loss_fn)(model)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state, eqx.filter(model, eqx.is_array))\n"
            "    return eqx.apply_updates(model, updates), opt_state, loss\n\n\n" + _ACCURACY_OFF,
            FAIL,
        ),
        (
            "eqx.filter_vmap and Optax's loss, accuracy by switching the Dropout layer off",
            "def dropout_step(model, opt_state, optimizer, x, y, key):\n"
            "    keys = jax.random.split(key, x.shape[0])\n\n"
            "    def loss_fn(model):\n"
            "        logits = eqx.filter_vmap(lambda xi, k: model(xi, key=k))(x, keys)\n"
            "        return optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()\n\n"
            "    loss, grads = eqx.filter_value_and_grad(loss_fn)(model)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state)\n"
            "    model = eqx.apply_updates(model, updates)\n"
            "    return model, opt_state, loss\n\n\n"
            "def test_accuracy(model, x, y):\n"
            "    quiet = eqx.tree_at(lambda m: m.dropout.inference, model, True)\n"
            "    predicted = np.argmax(np.asarray(jax.vmap(quiet)(x)), axis=1)\n"
            "    return float(np.mean(predicted == np.asarray(y)))\n",
            PASS,
        ),
        (
            "the key ignored: a fixed key inside, the same masks at every step",
            _dropout_step(keys="jax.random.split(jax.random.key(0), len(x))") + _ACCURACY_OFF,
            FAIL,
        ),
        (
            "dropout left on at test time",
            _dropout_step() + "def test_accuracy(model, x, y):\n"
            "    keys = jax.random.split(jax.random.key(0), len(x))\n"
            "    logits = jax.vmap(lambda xi, k: model(xi, key=k))(x, keys)\n"
            "    return float(jnp.mean(jnp.argmax(logits, axis=1) == y))\n",
            FAIL,
        ),
        (
            "the updates computed but never applied",
            _dropout_step(returned="model") + _ACCURACY_OFF,
            FAIL,
        ),
        (
            "a fresh optimizer state at every step",
            _dropout_step(
                update="    opt_state = optimizer.init(eqx.filter(model, eqx.is_array))\n"
                "    updates, opt_state = optimizer.update(grads, opt_state)\n"
            )
            + _ACCURACY_OFF,
            FAIL,
        ),
    ],
    "q5-checkpoint-answer": [
        (
            "the optimizer state not saved: Adam starts afresh on resume",
            "def save_checkpoint(path, model, opt_state, key, step):\n"
            "    eqx.tree_serialise_leaves(path, (model, jax.random.key_data(key), step))\n\n\n"
            "def load_checkpoint(path, model_like, opt_state_like):\n"
            "    like = (model_like, jax.random.key_data(jax.random.key(0)), 0)\n"
            "    model, data, step = eqx.tree_deserialise_leaves(path, like)\n"
            "    return model, opt_state_like, jax.random.wrap_key_data(data), int(step)\n",
            FAIL,
        ),
        (
            "pickle of the NumPy leaves, put back into the likes' structure",
            "import pickle\n\n\n"
            "def save_checkpoint(path, model, opt_state, key, step):\n"
            "    leaves = jax.tree.leaves(eqx.filter((model, opt_state), eqx.is_array))\n"
            "    with open(path, 'wb') as f:\n"
            "        pickle.dump(([np.asarray(a) for a in leaves], np.asarray(jax.random.key_data(key)), step), f)\n\n\n"
            "def load_checkpoint(path, model_like, opt_state_like):\n"
            "    with open(path, 'rb') as f:\n"
            "        leaves, data, step = pickle.load(f)\n"
            "    is_leaf = lambda x: eqx.is_array(x) or isinstance(x, jax.ShapeDtypeStruct)\n"
            "    arrays, rest = eqx.partition((model_like, opt_state_like), is_leaf)\n"
            "    arrays = jax.tree.unflatten(jax.tree.structure(arrays), [jnp.asarray(a) for a in leaves])\n"
            "    model, opt_state = eqx.combine(arrays, rest)\n"
            "    return model, opt_state, jax.random.wrap_key_data(jnp.asarray(data)), step\n",
            PASS,
        ),
        (
            "the typed key written as it is",
            "def save_checkpoint(path, model, opt_state, key, step):\n"
            "    eqx.tree_serialise_leaves(path, (model, opt_state, key, step))\n\n\n"
            "def load_checkpoint(path, model_like, opt_state_like):\n"
            "    like = (model_like, opt_state_like, jax.random.key(0), 0)\n"
            "    return eqx.tree_deserialise_leaves(path, like)\n",
            FAIL,
        ),
        (
            "the key not saved: a new one from seed 0 on resume",
            "def save_checkpoint(path, model, opt_state, key, step):\n"
            "    eqx.tree_serialise_leaves(path, (model, opt_state, step))\n\n\n"
            "def load_checkpoint(path, model_like, opt_state_like):\n"
            "    model, opt_state, step = eqx.tree_deserialise_leaves(path, (model_like, opt_state_like, 0))\n"
            "    return model, opt_state, jax.random.key(0), step\n",
            FAIL,
        ),
        (
            "a dict of named parts, the step stored as an array",
            "def save_checkpoint(path, model, opt_state, key, step):\n"
            "    state = {'model': model, 'opt': opt_state, 'key': jax.random.key_data(key), 'step': jnp.int32(step)}\n"
            "    eqx.tree_serialise_leaves(path, state)\n\n\n"
            "def load_checkpoint(path, model_like, opt_state_like):\n"
            "    like = {'model': model_like, 'opt': opt_state_like, 'key': jnp.zeros(2, jnp.uint32), 'step': jnp.int32(0)}\n"
            "    got = eqx.tree_deserialise_leaves(path, like)\n"
            "    return got['model'], got['opt'], jax.random.wrap_key_data(got['key']), int(got['step'])\n",
            PASS,
        ),
        (
            "the step returned as the array it was saved as",
            "def save_checkpoint(path, model, opt_state, key, step):\n"
            "    eqx.tree_serialise_leaves(path, (model, opt_state, jax.random.key_data(key), jnp.int32(step)))\n\n\n"
            "def load_checkpoint(path, model_like, opt_state_like):\n"
            "    like = (model_like, opt_state_like, jax.random.key_data(jax.random.key(0)), jnp.int32(0))\n"
            "    model, opt_state, data, step = eqx.tree_deserialise_leaves(path, like)\n"
            "    return model, opt_state, jax.random.wrap_key_data(data), step\n",
            FAIL,
        ),
    ],
    "q6-batchnorm-answer": [
        (
            "prediction in training mode: the batch's own statistics",
            "def bn_step(model, state, opt_state, optimizer, x, y):\n"
            "    def loss_fn(model, state):\n"
            "        run = jax.vmap(model, in_axes=(0, None), out_axes=(0, None), axis_name='batch')\n"
            "        logits, state = run(x, state)\n"
            "        return cross_entropy(logits, y), state\n\n"
            "    (loss, state), grads = eqx.filter_value_and_grad(loss_fn, has_aux=True)(model, state)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state)\n"
            "    return eqx.apply_updates(model, updates), state, opt_state, loss\n\n\n"
            "def bn_predict(model, state, x):\n"
            "    run = jax.vmap(model, in_axes=(0, None), out_axes=(0, None), axis_name='batch')\n"
            "    return run(x, state)[0]\n",
            FAIL,
        ),
        (
            "plain jax.vmap, inference switched on in the BatchNorm layer itself",
            "def bn_step(model, state, opt_state, optimizer, x, y):\n"
            "    def loss_fn(model, state):\n"
            "        run = jax.vmap(model, in_axes=(0, None), out_axes=(0, None), axis_name='batch')\n"
            "        logits, state = run(x, state)\n"
            "        return cross_entropy(logits, y), state\n\n"
            "    (loss, state), grads = eqx.filter_value_and_grad(loss_fn, has_aux=True)(model, state)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state, eqx.filter(model, eqx.is_array))\n"
            "    return eqx.apply_updates(model, updates), state, opt_state, loss\n\n\n"
            "def bn_predict(model, state, x):\n"
            "    quiet = eqx.tree_at(lambda m: m.norm.inference, model, True)\n"
            "    return jax.vmap(lambda xi: quiet(xi, state)[0])(x)\n",
            PASS,
        ),
        (
            "the state that went in returned: the running statistics never move",
            "def bn_step(model, state, opt_state, optimizer, x, y):\n"
            "    def loss_fn(model):\n"
            "        run = jax.vmap(model, in_axes=(0, None), out_axes=(0, None), axis_name='batch')\n"
            "        return cross_entropy(run(x, state)[0], y)\n\n"
            "    loss, grads = eqx.filter_value_and_grad(loss_fn)(model)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state)\n"
            "    return eqx.apply_updates(model, updates), state, opt_state, loss\n\n\n"
            "def bn_predict(model, state, x):\n"
            "    inference = eqx.nn.inference_mode(model)\n"
            "    return jax.vmap(inference, in_axes=(0, None), out_axes=(0, None))(x, state)[0]\n",
            FAIL,
        ),
        (
            "the state batched on the way out: out_axes=0",
            "def bn_step(model, state, opt_state, optimizer, x, y):\n"
            "    def loss_fn(model, state):\n"
            "        run = jax.vmap(model, in_axes=(0, None), out_axes=0, axis_name='batch')\n"
            "        logits, states = run(x, state)\n"
            "        return cross_entropy(logits, y), states\n\n"
            "    (loss, state), grads = eqx.filter_value_and_grad(loss_fn, has_aux=True)(model, state)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state)\n"
            "    return eqx.apply_updates(model, updates), state, opt_state, loss\n\n\n"
            "def bn_predict(model, state, x):\n"
            "    inference = eqx.nn.inference_mode(model)\n"
            "    return jax.vmap(inference, in_axes=(0, None), out_axes=(0, None))(x, state)[0]\n",
            FAIL,
        ),
        (
            "trained in inference mode: the running statistics are used and never updated",
            "def bn_step(model, state, opt_state, optimizer, x, y):\n"
            "    def loss_fn(model, state):\n"
            "        run = jax.vmap(eqx.nn.inference_mode(model), in_axes=(0, None), out_axes=(0, None))\n"
            "        logits, state = run(x, state)\n"
            "        return cross_entropy(logits, y), state\n\n"
            "    (loss, state), grads = eqx.filter_value_and_grad(loss_fn, has_aux=True)(model, state)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state)\n"
            "    return eqx.apply_updates(model, updates), state, opt_state, loss\n\n\n"
            "def bn_predict(model, state, x):\n"
            "    inference = eqx.nn.inference_mode(model)\n"
            "    return jax.vmap(inference, in_axes=(0, None), out_axes=(0, None))(x, state)[0]\n",
            FAIL,
        ),
    ],
    "q7-fix-annealing-answer": [
        (
            "the temperature still a Python float: a new compile for every value",
            "def train_annealed(model, x, y, temperatures, learning_rate):\n"
            "    optimizer = optax.adam(learning_rate)\n"
            "    opt_state = optimizer.init(eqx.filter(model, eqx.is_array))\n\n"
            + _ANNEALED_STEP
            + "    losses = []\n"
            "    for t in temperatures:\n"
            "        model = eqx.tree_at(lambda m: m.temperature, model, float(t))\n"
            "        model, opt_state, loss = step(model, opt_state)\n"
            "        losses.append(loss)\n"
            "    return model, jnp.stack(losses)\n",
            FAIL,
        ),
        (
            "one lax.scan over the temperatures, the MLP alone trained",
            "def train_annealed(model, x, y, temperatures, learning_rate):\n"
            "    optimizer = optax.adam(learning_rate)\n"
            "    temps = jnp.asarray(np.asarray(temperatures, dtype=np.float32))\n"
            "    params, static = eqx.partition(model.mlp, eqx.is_array)\n\n"
            "    @eqx.filter_jit\n"
            "    def run(params, temps):\n"
            "        def body(carry, t):\n"
            "            params, opt_state = carry\n"
            "            loss_fn = lambda p: tempered_loss(Tempered(eqx.combine(p, static), t), x, y)\n"
            "            loss, grads = jax.value_and_grad(loss_fn)(params)\n"
            "            updates, opt_state = optimizer.update(grads, opt_state)\n"
            "            return (optax.apply_updates(params, updates), opt_state), loss\n\n"
            "        return jax.lax.scan(body, (params, optimizer.init(params)), temps)\n\n"
            "    (params, _), losses = run(params, temps)\n"
            "    return Tempered(eqx.combine(params, static), temps[-1]), losses\n",
            PASS,
        ),
        (
            "a new optimizer state at every step",
            "def train_annealed(model, x, y, temperatures, learning_rate):\n"
            "    optimizer = optax.adam(learning_rate)\n\n" + _ANNEALED_STEP + "    losses = []\n"
            "    for t in temperatures:\n"
            "        model = eqx.tree_at(lambda m: m.temperature, model, jnp.float32(t))\n"
            "        opt_state = optimizer.init(eqx.filter(model, eqx.is_array))\n"
            "        model, opt_state, loss = step(model, opt_state)\n"
            "        losses.append(loss)\n"
            "    return model, jnp.stack(losses)\n",
            FAIL,
        ),
        (
            "the step compiled inside the loop: a new function, a new compile, each time",
            "def train_annealed(model, x, y, temperatures, learning_rate):\n"
            "    optimizer = optax.adam(learning_rate)\n"
            "    model = eqx.tree_at(lambda m: m.temperature, model, jnp.float32(temperatures[0]))\n"
            "    opt_state = optimizer.init(eqx.filter(model, eqx.is_array))\n"
            "    losses = []\n"
            "    for t in temperatures:\n"
            "        model = eqx.tree_at(lambda m: m.temperature, model, jnp.float32(t))\n\n"
            "        @eqx.filter_jit\n"
            "        def step(model, opt_state):\n"
            "            loss, grads = eqx.filter_value_and_grad(tempered_loss)(model, x, y)\n"
            "            updates, opt_state = optimizer.update(grads, opt_state)\n"
            "            return eqx.apply_updates(model, updates), opt_state, loss\n\n"
            "        model, opt_state, loss = step(model, opt_state)\n"
            "        losses.append(loss)\n"
            "    return model, jnp.stack(losses)\n",
            FAIL,
        ),
        (
            "a step compiled once for the module, the optimizer passed to it",
            "@eqx.filter_jit\n"
            "def annealed_step(model, opt_state, optimizer, t, x, y):\n"
            "    model = eqx.tree_at(lambda m: m.temperature, model, t)\n"
            "    loss, grads = eqx.filter_value_and_grad(tempered_loss)(model, x, y)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state)\n"
            "    return eqx.apply_updates(model, updates), opt_state, loss\n\n\n"
            "def train_annealed(model, x, y, temperatures, learning_rate):\n"
            "    optimizer = optax.adam(learning_rate)\n"
            "    temps = [jnp.float32(t) for t in temperatures]\n"
            "    model = eqx.tree_at(lambda m: m.temperature, model, temps[0])\n"
            "    opt_state = optimizer.init(eqx.filter(model, eqx.is_array))\n"
            "    losses = []\n"
            "    for t in temps:\n"
            "        model, opt_state, loss = annealed_step(model, opt_state, optimizer, t, x, y)\n"
            "        losses.append(loss)\n"
            "    return model, jnp.array(losses)\n",
            PASS,
        ),
        (
            "the temperature set after the step: each step trains at the previous one",
            "def train_annealed(model, x, y, temperatures, learning_rate):\n"
            "    optimizer = optax.adam(learning_rate)\n"
            "    model = eqx.tree_at(lambda m: m.temperature, model, jnp.float32(model.temperature))\n"
            "    opt_state = optimizer.init(eqx.filter(model, eqx.is_array))\n\n"
            + _ANNEALED_STEP
            + "    losses = []\n"
            "    for t in temperatures:\n"
            "        model, opt_state, loss = step(model, opt_state)\n"
            "        model = eqx.tree_at(lambda m: m.temperature, model, jnp.float32(t))\n"
            "        losses.append(loss)\n"
            "    return model, jnp.stack(losses)\n",
            FAIL,
        ),
        (
            "not compiled at all: tempered_loss runs in Python at every step",
            "def train_annealed(model, x, y, temperatures, learning_rate):\n"
            "    optimizer = optax.adam(learning_rate)\n"
            "    model = eqx.tree_at(lambda m: m.temperature, model, jnp.float32(temperatures[0]))\n"
            "    opt_state = optimizer.init(eqx.filter(model, eqx.is_array))\n"
            "    losses = []\n"
            "    for t in temperatures:\n"
            "        model = eqx.tree_at(lambda m: m.temperature, model, jnp.float32(t))\n"
            "        loss, grads = eqx.filter_value_and_grad(tempered_loss)(model, x, y)\n"
            "        updates, opt_state = optimizer.update(grads, opt_state)\n"
            "        model = eqx.apply_updates(model, updates)\n"
            "        losses.append(loss)\n"
            "    return model, jnp.stack(losses)\n",
            FAIL,
        ),
    ],
}
