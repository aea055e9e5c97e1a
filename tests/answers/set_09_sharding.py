"""Set 09: for every question, the likely wrong answers and some other right ones. The first
wrong answer of each question is the one the visible tests must catch with a helpful message."""

PASS, FAIL = True, False

# Q3's model answer, a ring all-reduce in chunks: the template of its near misses.
RING = (
    "def ring_psum(x, axis_name, axis_size):\n"
    "    n, me = axis_size, lax.axis_index(axis_name)\n"
    "    chunks = x.reshape(n, x.shape[0] // n, *x.shape[1:])\n"
    "    perm = [(k, (k + 1) % n) for k in range(n)]\n"
    "    partial = chunks[me]\n"
    "    for step in range(n - 1):\n"
    "        partial = lax.ppermute(partial, axis_name, perm) + chunks[(me - step - 1) % n]\n"
    "    total = jnp.zeros_like(chunks).at[(me + 1) % n].set(partial)\n"
    "    for step in range(n - 1):\n"
    "        partial = lax.ppermute(partial, axis_name, perm)\n"
    "        total = total.at[(me - step) % n].set(partial)\n"
    "    return total.reshape(x.shape)\n"
)

ANSWERS = {
    "q1-spec-for-block-answer": [
        (
            "asks JAX for the block of every candidate spec",
            "import itertools\n\n\n"
            "def spec_for_block(mesh, shape, block):\n"
            "    names = mesh.axis_names\n"
            "    for owners in itertools.product([None, *range(len(shape))], repeat=len(names)):\n"
            "        groups = [tuple(n for n, o in zip(names, owners) if o == d) for d in range(len(shape))]\n"
            "        spec = P(*[g if g else None for g in groups])\n"
            "        try:  # a spec that does not divide the shape raises\n"
            "            if NamedSharding(mesh, spec).shard_shape(tuple(shape)) == tuple(block):\n"
            "                return spec\n"
            "        except ValueError:\n"
            "            continue\n",
            PASS,
        ),
        (
            "the axes of a tuple in the other order",
            "import itertools\nimport math\n\n\n"
            "def spec_for_block(mesh, shape, block):\n"
            "    names = mesh.axis_names\n"
            "    pieces = [s // b for s, b in zip(shape, block)]\n"
            "    for owners in itertools.product(range(len(shape) + 1), repeat=len(names)):\n"
            "        groups = [[n for n, d in zip(names, owners) if d == dim] for dim in range(len(shape))]\n"
            "        if all(math.prod(mesh.shape[n] for n in g) == k for g, k in zip(groups, pieces)):\n"
            "            return P(*[tuple(reversed(g)) if g else None for g in groups])\n",
            PASS,
        ),
        (
            "array dimension i always on mesh axis i",
            "def spec_for_block(mesh, shape, block):\n"
            "    names = mesh.axis_names\n"
            "    return P(*[names[i] if s != b else None for i, (s, b) in enumerate(zip(shape, block))])\n",
            FAIL,
        ),
        (
            "one axis of the right size per dimension, never a tuple",
            "def spec_for_block(mesh, shape, block):\n"
            "    free = list(mesh.axis_names)\n"
            "    parts = []\n"
            "    for s, b in zip(shape, block):\n"
            "        match = next((n for n in free if mesh.shape[n] == s // b), None) if s != b else None\n"
            "        if match is not None:\n"
            "            free.remove(match)\n"
            "        parts.append(match)\n"
            "    return P(*parts)\n",
            FAIL,
        ),
        (
            "matches the mesh axis size to the block size, not to the number of pieces",
            "def spec_for_block(mesh, shape, block):\n"
            "    free = list(mesh.axis_names)\n"
            "    parts = []\n"
            "    for s, b in zip(shape, block):\n"
            "        match = next((n for n in free if mesh.shape[n] == b), None)\n"
            "        if match is not None:\n"
            "            free.remove(match)\n"
            "        parts.append(match)\n"
            "    return P(*parts)\n",
            FAIL,
        ),
        (
            "greedy: takes axes in order while they divide (right on the 4 x 2 mesh only)",
            "def spec_for_block(mesh, shape, block):\n"
            "    free = list(mesh.axis_names)\n"
            "    parts = []\n"
            "    for s, b in zip(shape, block):\n"
            "        want, got, group = s // b, 1, []\n"
            "        for n in list(free):\n"
            "            if want % (got * mesh.shape[n]) == 0:\n"
            "                group.append(n)\n"
            "                got *= mesh.shape[n]\n"
            "                free.remove(n)\n"
            "        parts.append(tuple(group) if group else None)\n"
            "    return P(*parts)\n",
            FAIL,
        ),
    ],
    "q2-sharded-moments-answer": [
        (
            "in_specs=P() and pmean: right numbers, but every device is handed all of x",
            "def sharded_moments(x, mesh):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(everything):\n"
            "        mean = lax.pmean(jnp.mean(everything, axis=0), axes)\n"
            "        return mean, lax.pmean(jnp.var(everything, axis=0), axes)\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(), out_specs=(P(), P()))(x)\n",
            FAIL,
        ),
        (
            "pmean of equal-sized blocks",
            "def sharded_moments(x, mesh):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(block):\n"
            "        mean = lax.pmean(jnp.mean(block, axis=0), axes)\n"
            "        var = lax.pmean(jnp.mean((block - mean) ** 2, axis=0), axes)\n"
            "        return mean, var\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(axes), out_specs=(P(), P()))(x)\n",
            PASS,
        ),
        (
            "Chan's parallel combination of per-device means and sums of squares",
            "def sharded_moments(x, mesh):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(block):\n"
            "        n_local = block.shape[0]\n"
            "        n = lax.psum(n_local, axes)\n"
            "        local_mean = jnp.mean(block, axis=0)\n"
            "        local_m2 = jnp.sum((block - local_mean) ** 2, axis=0)\n"
            "        mean = lax.psum(n_local * local_mean, axes) / n\n"
            "        m2 = lax.psum(local_m2 + n_local * (local_mean - mean) ** 2, axes)\n"
            "        return mean, m2 / n\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(axes), out_specs=(P(), P()))(x)\n",
            PASS,
        ),
        (
            "every device's rows put in place in a zero (n, d) array and psummed: all of x, "
            "without an all_gather",
            "def sharded_moments(x, mesh):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(block):\n"
            "        start = lax.axis_index(axes) * block.shape[0]\n"
            "        placed = lax.dynamic_update_slice_in_dim(jnp.zeros(x.shape, block.dtype), block, start, 0)\n"
            "        everything = lax.psum(placed, axes)\n"
            "        return jnp.mean(everything, axis=0), jnp.var(everything, axis=0)\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(axes), out_specs=(P(), P()))(x)\n",
            FAIL,
        ),
        (
            "psum of the per-device means",
            "def sharded_moments(x, mesh):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(block):\n"
            "        mean = lax.psum(jnp.mean(block, axis=0), axes)\n"
            "        var = lax.psum(jnp.mean((block - mean) ** 2, axis=0), axes)\n"
            "        return mean, var\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(axes), out_specs=(P(), P()))(x)\n",
            FAIL,
        ),
        (
            "average of the devices' own variances",
            "def sharded_moments(x, mesh):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(block):\n"
            "        return lax.pmean(jnp.mean(block, axis=0), axes), lax.pmean(jnp.var(block, axis=0), axes)\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(axes), out_specs=(P(), P()))(x)\n",
            FAIL,
        ),
        (
            "one pass: E[x^2] - E[x]^2 (right near zero, wrong around 10,000)",
            "def sharded_moments(x, mesh):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(block):\n"
            "        n = lax.psum(block.shape[0], axes)\n"
            "        mean = lax.psum(jnp.sum(block, axis=0), axes) / n\n"
            "        mean_sq = lax.psum(jnp.sum(block**2, axis=0), axes) / n\n"
            "        return mean, mean_sq - mean**2\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(axes), out_specs=(P(), P()))(x)\n",
            FAIL,
        ),
        (
            "all_gather the rows, then jnp.mean and jnp.var",
            "def sharded_moments(x, mesh):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(block):\n"
            "        everything = lax.all_gather(block, axes, tiled=True)\n"
            "        return jnp.mean(everything, axis=0), jnp.var(everything, axis=0)\n\n"
            "    return jax.shard_map(\n"
            "        per_device, mesh=mesh, in_specs=P(axes), out_specs=(P(), P()), check_vma=False\n"
            "    )(x)\n",
            FAIL,
        ),
        (
            "the sample variance (ddof=1)",
            "def sharded_moments(x, mesh):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(block):\n"
            "        n = lax.psum(block.shape[0], axes)\n"
            "        mean = lax.psum(jnp.sum(block, axis=0), axes) / n\n"
            "        var = lax.psum(jnp.sum((block - mean) ** 2, axis=0), axes) / (n - 1)\n"
            "        return mean, var\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(axes), out_specs=(P(), P()))(x)\n",
            FAIL,
        ),
    ],
    "q3-ring-allreduce-answer": [
        (
            "n - 1 whole blocks round the ring: the right sum, 7 blocks sent on 8 devices",
            "def ring_psum(x, axis_name, axis_size):\n"
            "    to_next = [(k, (k + 1) % axis_size) for k in range(axis_size)]\n"
            "    total, passing = x, x\n"
            "    for _ in range(axis_size - 1):\n"
            "        passing = lax.ppermute(passing, axis_name, perm=to_next)\n"
            "        total = total + passing\n"
            "    return total\n",
            FAIL,
        ),
        (
            "the chunked ring the other way round, in two fori_loops",
            "def ring_psum(x, axis_name, axis_size):\n"
            "    n, me = axis_size, lax.axis_index(axis_name)\n"
            "    chunks = x.reshape(n, -1, *x.shape[1:])\n"
            "    to_prev = [(k, (k - 1) % n) for k in range(n)]\n\n"
            "    def reduce(step, partial):\n"
            "        return lax.ppermute(partial, axis_name, to_prev) + chunks[(me + step + 1) % n]\n\n"
            "    done = lax.fori_loop(0, n - 1, reduce, chunks[me])  # chunk me - 1, complete\n\n"
            "    def share(step, carry):\n"
            "        total, passing = carry\n"
            "        passing = lax.ppermute(passing, axis_name, to_prev)\n"
            "        return total.at[(me + step) % n].set(passing), passing\n\n"
            "    start = jnp.zeros_like(chunks).at[(me - 1) % n].set(done)\n"
            "    return lax.fori_loop(0, n - 1, share, (start, done))[0].reshape(x.shape)\n",
            PASS,
        ),
        (
            "chunks by dynamic_slice, the complete ones collected in a list and rolled into place",
            "def ring_psum(x, axis_name, axis_size):\n"
            "    n, me = axis_size, lax.axis_index(axis_name)\n"
            "    size = x.shape[0] // n\n"
            "    to_next = [(k, (k + 1) % n) for k in range(n)]\n\n"
            "    def chunk(c):\n"
            "        return lax.dynamic_slice_in_dim(x, (c % n) * size, size)\n\n"
            "    partial = chunk(me)\n"
            "    for step in range(n - 1):\n"
            "        partial = lax.ppermute(partial, axis_name, to_next) + chunk(me - step - 1)\n"
            "    arrived = [partial]  # chunks me + 1, me, me - 1, ...\n"
            "    for _ in range(n - 1):\n"
            "        arrived.append(lax.ppermute(arrived[-1], axis_name, to_next))\n"
            "    return jnp.roll(jnp.concatenate(arrived[::-1]), (me + 2) * size, axis=0)\n",
            PASS,
        ),
        (
            "the running total travels round the ring: whole blocks again",
            "def ring_psum(x, axis_name, axis_size):\n"
            "    perm = [(k, (k + 1) % axis_size) for k in range(axis_size)]\n"
            "    total = x\n"
            "    for _ in range(axis_size - 1):\n"
            "        total = lax.ppermute(total, axis_name, perm) + x\n"
            "    return total\n",
            FAIL,
        ),
        (
            "whole blocks the other way, in a fori_loop (one ppermute in the program, run 7 times)",
            "def ring_psum(x, axis_name, axis_size):\n"
            "    perm = [(k, (k - 1) % axis_size) for k in range(axis_size)]\n\n"
            "    def step(_, carry):\n"
            "        total, passing = carry\n"
            "        passing = lax.ppermute(passing, axis_name, perm)\n"
            "        return total + passing, passing\n\n"
            "    return lax.fori_loop(0, axis_size - 1, step, (x, x))[0]\n",
            FAIL,
        ),
        (
            "chunked, off by one: adds its own copy of the chunk it just sent",
            RING.replace("chunks[(me - step - 1) % n]", "chunks[(me - step) % n]"),
            FAIL,
        ),
        (
            "chunked, sends to k - 1 but counts chunks as if they came from k - 1",
            RING.replace("(k + 1) % n", "(k - 1) % n"),
            FAIL,
        ),
        (
            "the reduce-scatter by ppermute, then all_gather for the second half",
            RING.split("    total = ")[0]
            + "    return jnp.roll(lax.all_gather(partial, axis_name), 1, axis=0).reshape(x.shape)\n",
            FAIL,
        ),
        (
            "psum after all",
            "def ring_psum(x, axis_name, axis_size):\n    return lax.psum(x, axis_name)\n",
            FAIL,
        ),
        (
            "sends straight to every other device (right sum, not a ring)",
            "def ring_psum(x, axis_name, axis_size):\n"
            "    total = x\n"
            "    for shift in range(1, axis_size):\n"
            "        perm = [(k, (k + shift) % axis_size) for k in range(axis_size)]\n"
            "        total = total + lax.ppermute(x, axis_name, perm)\n"
            "    return total\n",
            FAIL,
        ),
    ],
    "q4-masked-data-parallel-answer": [
        (
            "grad of each device's share: the replicated params sum it",
            "def dp_step(params, x, y, mask, mesh, lr):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(params, x, y, mask):\n"
            "        count = lax.psum(jnp.sum(mask), axes)\n\n"
            "        def share(p):\n"
            "            return jnp.sum(mask * (x @ p['w'] + p['b'] - y) ** 2) / count\n\n"
            "        grads = jax.grad(share)(params)\n"
            "        return jax.tree.map(lambda p, g: p - lr * g, params, grads)\n\n"
            "    specs = (P(), P(axes), P(axes), P(axes))\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=specs, out_specs=P())(params, x, y, mask)\n",
            PASS,
        ),
        (
            "check_vma=False, sums of gradients and counts by hand",
            "def dp_step(params, x, y, mask, mesh, lr):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(params, x, y, mask):\n"
            "        def local_sum(p):\n"
            "            return jnp.sum(mask * (x @ p['w'] + p['b'] - y) ** 2)\n\n"
            "        grads = lax.psum(jax.grad(local_sum)(params), axes)\n"
            "        count = lax.psum(jnp.sum(mask), axes)\n"
            "        return jax.tree.map(lambda p, g: p - lr * g / count, params, grads)\n\n"
            "    specs = (P(), P(axes), P(axes), P(axes))\n"
            "    return jax.shard_map(\n"
            "        per_device, mesh=mesh, in_specs=specs, out_specs=P(), check_vma=False\n"
            "    )(params, x, y, mask)\n",
            PASS,
        ),
        (
            "pmean of the devices' own masked-mean gradients",
            "def dp_step(params, x, y, mask, mesh, lr):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(params, x, y, mask):\n"
            "        grads = lax.pmean(jax.grad(masked_loss)(params, x, y, mask), axes)\n"
            "        return jax.tree.map(lambda p, g: p - lr * g, params, grads)\n\n"
            "    specs = (P(), P(axes), P(axes), P(axes))\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=specs, out_specs=P())(params, x, y, mask)\n",
            FAIL,
        ),
        (
            "a psum on top of the gradient that grad already summed",
            "def dp_step(params, x, y, mask, mesh, lr):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(params, x, y, mask):\n"
            "        count = lax.psum(jnp.sum(mask), axes)\n\n"
            "        def share(p):\n"
            "            return jnp.sum(mask * (x @ p['w'] + p['b'] - y) ** 2) / count\n\n"
            "        grads = lax.psum(jax.grad(share)(params), axes)\n"
            "        return jax.tree.map(lambda p, g: p - lr * g, params, grads)\n\n"
            "    specs = (P(), P(axes), P(axes), P(axes))\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=specs, out_specs=P())(params, x, y, mask)\n",
            FAIL,
        ),
        (
            "forgets the mask: the padding counts as data",
            "def dp_step(params, x, y, mask, mesh, lr):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(params, x, y, mask):\n"
            "        count = lax.psum(x.shape[0], axes)\n\n"
            "        def share(p):\n"
            "            return jnp.sum((x @ p['w'] + p['b'] - y) ** 2) / count\n\n"
            "        grads = jax.grad(share)(params)\n"
            "        return jax.tree.map(lambda p, g: p - lr * g, params, grads)\n\n"
            "    specs = (P(), P(axes), P(axes), P(axes))\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=specs, out_specs=P())(params, x, y, mask)\n",
            FAIL,
        ),
        (
            "check_vma=False and no collective: one device's own step",
            "def dp_step(params, x, y, mask, mesh, lr):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(params, x, y, mask):\n"
            "        grads = jax.grad(lambda p: jnp.sum(mask * (x @ p['w'] + p['b'] - y) ** 2) / jnp.sum(mask))(params)\n"
            "        return jax.tree.map(lambda p, g: p - lr * g, params, grads)\n\n"
            "    specs = (P(), P(axes), P(axes), P(axes))\n"
            "    return jax.shard_map(\n"
            "        per_device, mesh=mesh, in_specs=specs, out_specs=P(), check_vma=False\n"
            "    )(params, x, y, mask)\n",
            FAIL,
        ),
        (
            "all_gather the batch, then the single-device gradient",
            "def dp_step(params, x, y, mask, mesh, lr):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(params, x, y, mask):\n"
            "        full = [lax.all_gather(a, axes, tiled=True) for a in (x, y, mask)]\n"
            "        grads = jax.grad(masked_loss)(params, *full)\n"
            "        return jax.tree.map(lambda p, g: p - lr * g, params, grads)\n\n"
            "    specs = (P(), P(axes), P(axes), P(axes))\n"
            "    return jax.shard_map(\n"
            "        per_device, mesh=mesh, in_specs=specs, out_specs=P(), check_vma=False\n"
            "    )(params, x, y, mask)\n",
            FAIL,
        ),
        (
            "in_specs P() for everything: every device holds the whole batch (an all-gather)",
            "def dp_step(params, x, y, mask, mesh, lr):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(params, x, y, mask):\n"
            "        grads = lax.pmean(jax.grad(masked_loss)(params, x, y, mask), axes)\n"
            "        return jax.tree.map(lambda p, g: p - lr * g, params, grads)\n\n"
            "    specs = (P(), P(), P(), P())\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=specs, out_specs=P())(params, x, y, mask)\n",
            FAIL,
        ),
        (
            "x and y by rows, the mask replicated: each device slices its rows of the whole mask",
            "def dp_step(params, x, y, mask, mesh, lr):\n"
            "    axes = mesh.axis_names\n\n"
            "    def per_device(params, x, y, mask):\n"
            "        rows = x.shape[0]\n"
            "        mine = lax.dynamic_slice_in_dim(mask, lax.axis_index(axes) * rows, rows)\n"
            "        count = jnp.sum(mask)\n\n"
            "        def share(p):\n"
            "            return lax.psum(jnp.sum(mine * (x @ p['w'] + p['b'] - y) ** 2), axes) / count\n\n"
            "        grads = jax.grad(share)(params)\n"
            "        return jax.tree.map(lambda p, g: p - lr * g, params, grads)\n\n"
            "    specs = (P(), P(axes), P(axes), P())\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=specs, out_specs=P())(params, x, y, mask)\n",
            FAIL,
        ),
    ],
    "q5-tensor-parallel-matmul-answer": [
        (
            "psum, then each device slices its columns: the right layout, an all-reduce",
            "def tp_matmul(x, w, mesh):\n"
            "    def per_device(xb, wb):\n"
            "        full = lax.psum(xb @ wb, 'model')\n"
            "        width = full.shape[1] // mesh.shape['model']\n"
            "        return lax.dynamic_slice_in_dim(full, lax.axis_index('model') * width, width, axis=1)\n\n"
            "    specs = (P('data', 'model'), P('model', None))\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=specs, out_specs=P('data', 'model'))(x, w)\n",
            FAIL,
        ),
        (
            "psum_scatter without tiled, over the columns cut into (model, h / model)",
            "def tp_matmul(x, w, mesh):\n"
            "    def per_device(xb, wb):\n"
            "        partial = xb @ wb\n"
            "        pieces = partial.reshape(partial.shape[0], mesh.shape['model'], -1)\n"
            "        return lax.psum_scatter(pieces, 'model', scatter_dimension=1)\n\n"
            "    specs = (P('data', 'model'), P('model', None))\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=specs, out_specs=P('data', 'model'))(x, w)\n",
            PASS,
        ),
        (
            "a reduce-scatter by hand: all_to_all of the column pieces, then a sum",
            "def tp_matmul(x, w, mesh):\n"
            "    def per_device(xb, wb):\n"
            "        partial = xb @ wb\n"
            "        pieces = partial.reshape(partial.shape[0], mesh.shape['model'], -1)\n"
            "        mine = lax.all_to_all(pieces, 'model', split_axis=1, concat_axis=1, tiled=True)\n"
            "        return mine.sum(axis=1)\n\n"
            "    specs = (P('data', 'model'), P('model', None))\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=specs, out_specs=P('data', 'model'))(x, w)\n",
            PASS,
        ),
        (
            "jit with a sharding constraint on the result: the compiler all-reduces, then slices",
            "def tp_matmul(x, w, mesh):\n"
            "    layout = NamedSharding(mesh, P('data', 'model'))\n"
            "    return jax.jit(lambda a, b: lax.with_sharding_constraint(a @ b, layout))(x, w)\n",
            FAIL,
        ),
        (
            "jit with out_shardings: the same all-reduce",
            "def tp_matmul(x, w, mesh):\n"
            "    return jax.jit(jnp.matmul, out_shardings=NamedSharding(mesh, P('data', 'model')))(x, w)\n",
            FAIL,
        ),
        (
            "psum: a full copy of the columns on every device",
            "def tp_matmul(x, w, mesh):\n"
            "    def per_device(xb, wb):\n"
            "        return lax.psum(xb @ wb, 'model')\n\n"
            "    specs = (P('data', 'model'), P('model', None))\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=specs, out_specs=P('data', None))(x, w)\n",
            FAIL,
        ),
        (
            "plain x @ w under jit: the compiler's layout",
            "def tp_matmul(x, w, mesh):\n    return jax.jit(jnp.matmul)(x, w)\n",
            FAIL,
        ),
        (
            "gathers x's columns and w's rows, then slices the product",
            "def tp_matmul(x, w, mesh):\n"
            "    def per_device(xb, wb):\n"
            "        full = lax.all_gather(xb, 'model', axis=1, tiled=True) @ lax.all_gather(wb, 'model', axis=0, tiled=True)\n"
            "        width = full.shape[1] // lax.axis_size('model')\n"
            "        return lax.dynamic_slice_in_dim(full, lax.axis_index('model') * width, width, axis=1)\n\n"
            "    specs = (P('data', 'model'), P('model', None))\n"
            "    return jax.shard_map(\n"
            "        per_device, mesh=mesh, in_specs=specs, out_specs=P('data', 'model'), check_vma=False\n"
            "    )(x, w)\n",
            FAIL,
        ),
        (
            "psum_scatter along the rows",
            "def tp_matmul(x, w, mesh):\n"
            "    def per_device(xb, wb):\n"
            "        return lax.psum_scatter(xb @ wb, 'model', scatter_dimension=0, tiled=True)\n\n"
            "    specs = (P('data', 'model'), P('model', None))\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=specs, out_specs=P('data', 'model'))(x, w)\n",
            FAIL,
        ),
        (
            "no sum at all: the partial products side by side",
            "def tp_matmul(x, w, mesh):\n"
            "    specs = (P('data', 'model'), P('model', None))\n"
            "    return jax.shard_map(jnp.matmul, mesh=mesh, in_specs=specs, out_specs=P('data', 'model'))(x, w)\n",
            FAIL,
        ),
    ],
    "q6-fix-replication-answer": [
        (
            "the largest as minus the smallest of the negatives",
            "def scale_to_unit(x, mesh):\n"
            "    name = mesh.axis_names[0]\n\n"
            "    def per_device(block):\n"
            "        scale = -lax.pmin(-jnp.max(jnp.abs(block)), name)\n"
            "        return block / scale, scale\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(name), out_specs=(P(name), P()))(x)\n",
            PASS,
        ),
        (
            "pmax of every entry, then the max",
            "def scale_to_unit(x, mesh):\n"
            "    name = mesh.axis_names[0]\n\n"
            "    def per_device(block):\n"
            "        scale = jnp.max(lax.pmax(jnp.abs(block), name))\n"
            "        return block / scale, scale\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(name), out_specs=(P(name), P()))(x)\n",
            PASS,
        ),
        (
            "check_vma=False: the error goes, the bug stays",
            "def scale_to_unit(x, mesh):\n"
            "    name = mesh.axis_names[0]\n\n"
            "    def per_device(block):\n"
            "        scale = jnp.max(jnp.abs(block))\n"
            "        return block / scale, scale\n\n"
            "    return jax.shard_map(\n"
            "        per_device, mesh=mesh, in_specs=P(name), out_specs=(P(name), P()), check_vma=False\n"
            "    )(x)\n",
            FAIL,
        ),
        (
            "out_specs P(name) for the scale: one scale per device",
            "def scale_to_unit(x, mesh):\n"
            "    name = mesh.axis_names[0]\n\n"
            "    def per_device(block):\n"
            "        scale = jnp.max(jnp.abs(block))\n"
            "        return block / scale, scale[None]\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(name), out_specs=(P(name), P(name)))(x)\n",
            FAIL,
        ),
        (
            "psum instead of pmax",
            "def scale_to_unit(x, mesh):\n"
            "    name = mesh.axis_names[0]\n\n"
            "    def per_device(block):\n"
            "        scale = lax.psum(jnp.max(jnp.abs(block)), name)\n"
            "        return block / scale, scale\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(name), out_specs=(P(name), P()))(x)\n",
            FAIL,
        ),
        (
            "the global scale returned, the local one used",
            "def scale_to_unit(x, mesh):\n"
            "    name = mesh.axis_names[0]\n\n"
            "    def per_device(block):\n"
            "        local = jnp.max(jnp.abs(block))\n"
            "        return block / local, lax.pmax(local, name)\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(name), out_specs=(P(name), P()))(x)\n",
            FAIL,
        ),
        (
            "pmax of the values, not of their sizes",
            "def scale_to_unit(x, mesh):\n"
            "    name = mesh.axis_names[0]\n\n"
            "    def per_device(block):\n"
            "        scale = lax.pmax(jnp.max(block), name)\n"
            "        return block / scale, scale\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(name), out_specs=(P(name), P()))(x)\n",
            FAIL,
        ),
        (
            "in_specs P(): every device scales all of x, and the result is a full copy",
            "def scale_to_unit(x, mesh):\n"
            "    def per_device(block):\n"
            "        scale = jnp.max(jnp.abs(block))\n"
            "        return block / scale, scale\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(), out_specs=(P(), P()))(x)\n",
            FAIL,
        ),
        (
            "in_specs P(), then each device keeps its own block: the right layout, an all-gather",
            "def scale_to_unit(x, mesh):\n"
            "    name = mesh.axis_names[0]\n\n"
            "    def per_device(full):\n"
            "        scale = jnp.max(jnp.abs(full))\n"
            "        rows = full.shape[0] // mesh.shape[name]\n"
            "        mine = lax.dynamic_slice_in_dim(full, lax.axis_index(name) * rows, rows)\n"
            "        return mine / scale, scale\n\n"
            "    return jax.shard_map(per_device, mesh=mesh, in_specs=P(), out_specs=(P(name), P()))(x)\n",
            FAIL,
        ),
    ],
}
