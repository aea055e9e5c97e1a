"""Set 08: for every question, the most likely wrong answers and some other right ones. The first
wrong answer of each question is the one the visible tests must catch with a helpful message."""

PASS, FAIL = True, False

ANSWERS = {
    "q1-ricker-answer": [
        (
            "pi left out",
            "def ricker(t, f0, t0):\n"
            "    a = (f0 * (t - t0)) ** 2\n"
            "    return (1 - 2 * a) * jnp.exp(-a)",
            FAIL,
        ),
        (
            "minus the scaled second derivative of a Gaussian, by jax.grad",
            "def ricker(t, f0, t0):\n"
            "    c = (jnp.pi * f0) ** 2\n\n"
            "    def gaussian(s):\n"
            "        return jnp.exp(-c * (s - t0) ** 2)\n\n"
            "    return -jnp.vectorize(jax.grad(jax.grad(gaussian)))(t) / (2 * c)",
            PASS,
        ),
        (
            "sign flipped",
            "def ricker(t, f0, t0):\n"
            "    a = (jnp.pi * f0 * (t - t0)) ** 2\n"
            "    return (2 * a - 1) * jnp.exp(-a)",
            FAIL,
        ),
        (
            "np.pi, jnp.square",
            "def ricker(t, f0, t0):\n"
            "    a = jnp.square(np.pi * f0 * (t - t0))\n"
            "    return (1.0 - 2.0 * a) / jnp.exp(a)",
            PASS,
        ),
        (
            "t instead of t - t0: the peak at 0",
            "def ricker(t, f0, t0):\n"
            "    a = (jnp.pi * f0 * t) ** 2\n"
            "    return (1 - 2 * a) * jnp.exp(-a)",
            FAIL,
        ),
        (
            "f0 not squared",
            "def ricker(t, f0, t0):\n"
            "    a = jnp.pi**2 * f0 * (t - t0) ** 2\n"
            "    return (1 - 2 * a) * jnp.exp(-a)",
            FAIL,
        ),
        (
            "a float64 NumPy constant: float32 widens in 64-bit mode",
            "def ricker(t, f0, t0):\n"
            "    a = (np.float64(np.pi) * f0 * (t - t0)) ** 2\n"
            "    return (1 - 2 * a) * jnp.exp(-a)",
            FAIL,
        ),
        (
            "cast to float32",
            "def ricker(t, f0, t0):\n"
            "    a = (jnp.pi * f0 * (t - t0)) ** 2\n"
            "    return ((1 - 2 * a) * jnp.exp(-a)).astype(jnp.float32)",
            FAIL,
        ),
        (
            "NumPy functions: fail under jax.jit",
            "def ricker(t, f0, t0):\n"
            "    a = (np.pi * f0 * (np.asarray(t) - t0)) ** 2\n"
            "    return (1 - 2 * a) * np.exp(-a)",
            FAIL,
        ),
    ],
    "q2-max-stable-dt-answer": [
        (
            "the mean velocity",
            "def max_stable_dt(velocity, spacings):\n"
            "    return 1.0 / (jnp.mean(velocity) * jnp.sqrt(sum(1.0 / h**2 for h in spacings)))",
            FAIL,
        ),
        (
            "the norm of v_max / h",
            "def max_stable_dt(velocity, spacings):\n"
            "    return 1.0 / jnp.linalg.norm(jnp.max(velocity) / jnp.asarray(spacings))",
            PASS,
        ),
        (
            "the 1-D formula, min(h) / v_max",
            "def max_stable_dt(velocity, spacings):\n    return min(spacings) / jnp.max(velocity)",
            FAIL,
        ),
        (
            "negative powers",
            "def max_stable_dt(velocity, spacings):\n"
            "    return jnp.max(velocity) ** -1 * sum(h**-2 for h in spacings) ** -0.5",
            PASS,
        ),
        (
            "square root left out",
            "def max_stable_dt(velocity, spacings):\n"
            "    return 1.0 / (jnp.max(velocity) * sum(1.0 / h**2 for h in spacings))",
            FAIL,
        ),
        (
            "the slowest cell",
            "def max_stable_dt(velocity, spacings):\n"
            "    return 1.0 / (jnp.min(velocity) * jnp.sqrt(sum(1.0 / h**2 for h in spacings)))",
            FAIL,
        ),
        (
            "h_min / (v_max sqrt(d)): right on square grids only",
            "def max_stable_dt(velocity, spacings):\n"
            "    return min(spacings) / (jnp.max(velocity) * np.sqrt(len(spacings)))",
            FAIL,
        ),
        (
            "NumPy's max: fails under jax.jit",
            "def max_stable_dt(velocity, spacings):\n"
            "    h = np.asarray(spacings)\n"
            "    return 1.0 / (np.max(np.asarray(velocity)) * np.sqrt(np.sum(1.0 / h**2)))",
            FAIL,
        ),
    ],
    "q3-vd-laplacian-3d-answer": [
        (
            "the density of the cell on the left, not the face's mean",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    total = jnp.zeros_like(p)\n"
            "    for axis, h in enumerate(spacings):\n"
            "        pa, ra = jnp.moveaxis(p, axis, 0), jnp.moveaxis(rho, axis, 0)\n"
            "        flux = (pa[1:] - pa[:-1]) / (h * ra[:-1])\n"
            "        flux = jnp.pad(flux, [(1, 1)] + [(0, 0)] * (p.ndim - 1))\n"
            "        total = total + jnp.moveaxis((flux[1:] - flux[:-1]) / h, 0, axis)\n"
            "    return total",
            FAIL,
        ),
        (
            "ghost cells by edge padding, a centred stencil",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    out = 0.0\n"
            "    for axis, h in enumerate(spacings):\n"
            "        widths = [(0, 0)] * 3\n"
            "        widths[axis] = (1, 1)\n"
            "        pp = jnp.pad(p, widths, mode='edge')\n"
            "        rr = jnp.pad(rho, widths, mode='edge')\n"
            "        n = p.shape[axis]\n"
            "        ahead = lambda a: jax.lax.slice_in_dim(a, 2, n + 2, axis=axis)\n"
            "        behind = lambda a: jax.lax.slice_in_dim(a, 0, n, axis=axis)\n"
            "        forward = (ahead(pp) - p) / (0.5 * (ahead(rr) + rho))\n"
            "        backward = (p - behind(pp)) / (0.5 * (rho + behind(rr)))\n"
            "        out = out + (forward - backward) / h**2\n"
            "    return out",
            PASS,
        ),
        (
            "periodic boundaries with jnp.roll",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    total = jnp.zeros_like(p)\n"
            "    for axis, h in enumerate(spacings):\n"
            "        rho_half = 0.5 * (rho + jnp.roll(rho, -1, axis))\n"
            "        flux = (jnp.roll(p, -1, axis) - p) / (h * rho_half)\n"
            "        total = total + (flux - jnp.roll(flux, 1, axis)) / h\n"
            "    return total",
            FAIL,
        ),
        (
            "three axes written out, zero faces by concatenate",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    hx, hy, hz = spacings\n"
            "    fx = (p[1:] - p[:-1]) / (hx * 0.5 * (rho[1:] + rho[:-1]))\n"
            "    fy = (p[:, 1:] - p[:, :-1]) / (hy * 0.5 * (rho[:, 1:] + rho[:, :-1]))\n"
            "    fz = (p[:, :, 1:] - p[:, :, :-1]) / (hz * 0.5 * (rho[:, :, 1:] + rho[:, :, :-1]))\n"
            "    zx, zy, zz = jnp.zeros_like(p[:1]), jnp.zeros_like(p[:, :1]), jnp.zeros_like(p[:, :, :1])\n"
            "    fx = jnp.concatenate([zx, fx, zx], axis=0)\n"
            "    fy = jnp.concatenate([zy, fy, zy], axis=1)\n"
            "    fz = jnp.concatenate([zz, fz, zz], axis=2)\n"
            "    return (\n"
            "        (fx[1:] - fx[:-1]) / hx + (fy[:, 1:] - fy[:, :-1]) / hy\n"
            "        + (fz[:, :, 1:] - fz[:, :, :-1]) / hz\n"
            "    )",
            PASS,
        ),
        (
            "the spacings of the wrong axes",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    total = jnp.zeros_like(p)\n"
            "    for axis, h in enumerate(spacings[::-1]):\n"
            "        pa, ra = jnp.moveaxis(p, axis, 0), jnp.moveaxis(rho, axis, 0)\n"
            "        flux = (pa[1:] - pa[:-1]) / (h * 0.5 * (ra[1:] + ra[:-1]))\n"
            "        flux = jnp.pad(flux, [(1, 1)] + [(0, 0)] * (p.ndim - 1))\n"
            "        total = total + jnp.moveaxis((flux[1:] - flux[:-1]) / h, 0, axis)\n"
            "    return total",
            FAIL,
        ),
        (
            "the density multiplies",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    total = jnp.zeros_like(p)\n"
            "    for axis, h in enumerate(spacings):\n"
            "        pa, ra = jnp.moveaxis(p, axis, 0), jnp.moveaxis(rho, axis, 0)\n"
            "        flux = (pa[1:] - pa[:-1]) * 0.5 * (ra[1:] + ra[:-1]) / h\n"
            "        flux = jnp.pad(flux, [(1, 1)] + [(0, 0)] * (p.ndim - 1))\n"
            "        total = total + jnp.moveaxis((flux[1:] - flux[:-1]) / h, 0, axis)\n"
            "    return total",
            FAIL,
        ),
        (
            "the harmonic mean of the densities",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    total = jnp.zeros_like(p)\n"
            "    for axis, h in enumerate(spacings):\n"
            "        pa, ra = jnp.moveaxis(p, axis, 0), jnp.moveaxis(rho, axis, 0)\n"
            "        rho_half = 2.0 / (1.0 / ra[1:] + 1.0 / ra[:-1])\n"
            "        flux = (pa[1:] - pa[:-1]) / (h * rho_half)\n"
            "        flux = jnp.pad(flux, [(1, 1)] + [(0, 0)] * (p.ndim - 1))\n"
            "        total = total + jnp.moveaxis((flux[1:] - flux[:-1]) / h, 0, axis)\n"
            "    return total",
            FAIL,
        ),
        (
            "the interior only, boundary cells left at zero",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    total = jnp.zeros_like(p)\n"
            "    for axis, h in enumerate(spacings):\n"
            "        pa, ra = jnp.moveaxis(p, axis, 0), jnp.moveaxis(rho, axis, 0)\n"
            "        flux = (pa[1:] - pa[:-1]) / (h * 0.5 * (ra[1:] + ra[:-1]))\n"
            "        inner = (flux[1:] - flux[:-1]) / h\n"
            "        inner = jnp.pad(inner, [(1, 1)] + [(0, 0)] * (p.ndim - 1))\n"
            "        total = total + jnp.moveaxis(inner, 0, axis)\n"
            "    return total",
            FAIL,
        ),
    ],
    "q4-all-shots-answer": [
        (
            "a Python loop over the shots: one scan per shot",
            "def all_shots(velocity, sources):\n"
            "    return jnp.stack([simulate(velocity, s) for s in sources])",
            FAIL,
        ),
        (
            "vmap of a closure over the velocity",
            "def all_shots(velocity, sources):\n"
            "    return jax.vmap(lambda s: simulate(velocity, s))(sources)",
            PASS,
        ),
        (
            "vmap over the velocity's cells instead of the shots",
            "def all_shots(velocity, sources):\n"
            "    return jax.vmap(simulate, in_axes=(0, None))(velocity, sources)",
            FAIL,
        ),
        (
            "the velocity broadcast to one copy per shot, both vmapped",
            "def all_shots(velocity, sources):\n"
            "    copies = jnp.broadcast_to(velocity, (sources.shape[0], velocity.shape[0]))\n"
            "    return jax.vmap(simulate)(copies, sources)",
            PASS,
        ),
        (
            "the shots stacked along the time axis",
            "def all_shots(velocity, sources):\n"
            "    return jax.vmap(simulate, in_axes=(None, 0), out_axes=1)(velocity, sources)",
            FAIL,
        ),
        (
            "jax.jit of the vmapped simulator",
            "def all_shots(velocity, sources):\n"
            "    return jax.jit(jax.vmap(simulate, in_axes=(None, 0)))(velocity, sources)",
            PASS,
        ),
        (
            "jax.lax.map: a loop over shots around the time loop",
            "def all_shots(velocity, sources):\n"
            "    return jax.lax.map(lambda s: simulate(velocity, s), sources)",
            FAIL,
        ),
    ],
    "q5-misfit-gradient-answer": [
        (
            "not normalised",
            "def misfit_and_gradient(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        return 0.5 * jnp.sum((traces - observed) ** 2)\n\n"
            "    return jax.value_and_grad(misfit)(velocity)",
            FAIL,
        ),
        (
            "vdot of the flattened residuals",
            "def misfit_and_gradient(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        r = (jax.vmap(lambda s: simulate(v, s))(sources) - observed).ravel()\n"
            "        d = observed.ravel()\n"
            "        return 0.5 * jnp.vdot(r, r) / jnp.vdot(d, d)\n\n"
            "    return jax.value_and_grad(misfit)(velocity)",
            PASS,
        ),
        (
            "the half left out",
            "def misfit_and_gradient(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        return jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n\n"
            "    return jax.value_and_grad(misfit)(velocity)",
            FAIL,
        ),
        (
            "means over means (the counts cancel)",
            "def misfit_and_gradient(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        return 0.5 * jnp.mean((traces - observed) ** 2) / jnp.mean(observed**2)\n\n"
            "    return jax.value_and_grad(misfit)(velocity)",
            PASS,
        ),
        (
            "the gradient with respect to the data",
            "def misfit_and_gradient(velocity, sources, observed):\n"
            "    def misfit(v, d_obs):\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        return 0.5 * jnp.sum((traces - d_obs) ** 2) / jnp.sum(d_obs**2)\n\n"
            "    return jax.value_and_grad(misfit, argnums=1)(velocity, observed)",
            FAIL,
        ),
        (
            "a mean in the numerator only",
            "def misfit_and_gradient(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        return 0.5 * jnp.mean((traces - observed) ** 2) / jnp.sum(observed**2)\n\n"
            "    return jax.value_and_grad(misfit)(velocity)",
            FAIL,
        ),
        (
            "the mean of per-shot normalised misfits",
            "def misfit_and_gradient(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        per_shot = jnp.sum((traces - observed) ** 2, axis=(1, 2))\n"
            "        return jnp.mean(0.5 * per_shot / jnp.sum(observed**2, axis=(1, 2)))\n\n"
            "    return jax.value_and_grad(misfit)(velocity)",
            FAIL,
        ),
        (
            "the value and the gradient from two calls: a second forward loop",
            "def misfit_and_gradient(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        return 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n\n"
            "    return misfit(velocity), jax.grad(misfit)(velocity)",
            FAIL,
        ),
        (
            "a Python loop over the shots: a time loop per shot",
            "def misfit_and_gradient(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        traces = jnp.stack([simulate(v, s) for s in sources])\n"
            "        return 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n\n"
            "    return jax.value_and_grad(misfit)(velocity)",
            FAIL,
        ),
    ],
    "q6-segmented-scan-answer": [
        (
            "xs reshaped in the wrong order: steps out of time order",
            "def segmented_scan(f, init, xs, segment):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    by_segment = jax.tree.map(\n"
            "        lambda x: x.reshape(segment, n // segment, *x.shape[1:]).swapaxes(0, 1), xs\n"
            "    )\n"
            "    run = jax.checkpoint(lambda c, x: jax.lax.scan(f, c, x))\n"
            "    carry, ys = jax.lax.scan(run, init, by_segment)\n"
            "    return carry, jax.tree.map(lambda y: y.reshape(n, *y.shape[2:]), ys)",
            FAIL,
        ),
        (
            "jax.remat, reshapes with -1",
            "def segmented_scan(f, init, xs, segment):\n"
            "    split = jax.tree.map(lambda x: x.reshape(-1, segment, *x.shape[1:]), xs)\n\n"
            "    @jax.remat\n"
            "    def run(carry, chunk):\n"
            "        return jax.lax.scan(f, carry, chunk)\n\n"
            "    carry, ys = jax.lax.scan(run, init, split)\n"
            "    return carry, jax.tree.map(lambda y: y.reshape(-1, *y.shape[2:]), ys)",
            PASS,
        ),
        (
            "the plain scan: segment ignored",
            "def segmented_scan(f, init, xs, segment):\n    return jax.lax.scan(f, init, xs)",
            FAIL,
        ),
        (
            "a checkpoint policy that saves nothing, segments as a length argument",
            "def segmented_scan(f, init, xs, segment):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    split = jax.tree.map(lambda x: x.reshape(n // segment, segment, *x.shape[1:]), xs)\n"
            "    policy = jax.checkpoint_policies.nothing_saveable\n"
            "    inner = jax.checkpoint(lambda c, x: jax.lax.scan(f, c, x, length=segment), policy=policy)\n"
            "    carry, ys = jax.lax.scan(inner, init, split, length=n // segment)\n"
            "    return carry, jax.tree.map(lambda y: y.reshape(n, *y.shape[2:]), ys)",
            PASS,
        ),
        (
            "jax.checkpoint around each step",
            "def segmented_scan(f, init, xs, segment):\n"
            "    return jax.lax.scan(jax.checkpoint(f), init, xs)",
            FAIL,
        ),
        (
            "segments without a checkpoint",
            "def segmented_scan(f, init, xs, segment):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    split = jax.tree.map(lambda x: x.reshape(n // segment, segment, *x.shape[1:]), xs)\n"
            "    carry, ys = jax.lax.scan(lambda c, x: jax.lax.scan(f, c, x), init, split)\n"
            "    return carry, jax.tree.map(lambda y: y.reshape(n, *y.shape[2:]), ys)",
            FAIL,
        ),
        (
            "one checkpoint around the whole scan",
            "def segmented_scan(f, init, xs, segment):\n"
            "    return jax.checkpoint(lambda c, x: jax.lax.scan(f, c, x))(init, xs)",
            FAIL,
        ),
        (
            "outputs unstacked in the wrong order",
            "def segmented_scan(f, init, xs, segment):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    split = jax.tree.map(lambda x: x.reshape(n // segment, segment, *x.shape[1:]), xs)\n"
            "    run = jax.checkpoint(lambda c, x: jax.lax.scan(f, c, x))\n"
            "    carry, ys = jax.lax.scan(run, init, split)\n"
            "    return carry, jax.tree.map(lambda y: y.swapaxes(0, 1).reshape(n, *y.shape[2:]), ys)",
            FAIL,
        ),
    ],
    "q7-inversion-step-answer": [
        (
            "updates subtracted: optax's updates already point downhill",
            "def inversion_step(theta, opt_state, optimizer, sources, observed):\n"
            "    def loss(theta):\n"
            "        v = V_MIN + (V_MAX - V_MIN) * jax.nn.sigmoid(theta)\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        return 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n\n"
            "    value, grads = jax.value_and_grad(loss)(theta)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state, theta)\n"
            "    return theta - updates, opt_state, value",
            FAIL,
        ),
        (
            "the chain rule by hand: the velocity's gradient times dv/dtheta",
            "def inversion_step(theta, opt_state, optimizer, sources, observed):\n"
            "    def misfit(v):\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        return 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n\n"
            "    s = jax.nn.sigmoid(theta)\n"
            "    value, g_v = jax.value_and_grad(misfit)(V_MIN + (V_MAX - V_MIN) * s)\n"
            "    grads = g_v * (V_MAX - V_MIN) * s * (1 - s)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state, theta)\n"
            "    return optax.apply_updates(theta, updates), opt_state, value",
            PASS,
        ),
        (
            "the gradient with respect to the velocity",
            "def inversion_step(theta, opt_state, optimizer, sources, observed):\n"
            "    def misfit(v):\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        return 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n\n"
            "    velocity = V_MIN + (V_MAX - V_MIN) * jax.nn.sigmoid(theta)\n"
            "    value, grads = jax.value_and_grad(misfit)(velocity)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state, theta)\n"
            "    return optax.apply_updates(theta, updates), opt_state, value",
            FAIL,
        ),
        (
            "the updates added leaf by leaf",
            "def inversion_step(theta, opt_state, optimizer, sources, observed):\n"
            "    def loss(theta):\n"
            "        v = V_MIN + (V_MAX - V_MIN) / (1 + jnp.exp(-theta))\n"
            "        traces = jax.vmap(lambda s: simulate(v, s))(sources)\n"
            "        return 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n\n"
            "    value, grads = jax.value_and_grad(loss)(theta)\n"
            "    updates, new_state = optimizer.update(grads, opt_state, theta)\n"
            "    return jax.tree.map(jnp.add, theta, updates), new_state, value",
            PASS,
        ),
        (
            "the loss after the step",
            "def inversion_step(theta, opt_state, optimizer, sources, observed):\n"
            "    def loss(theta):\n"
            "        v = V_MIN + (V_MAX - V_MIN) * jax.nn.sigmoid(theta)\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        return 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n\n"
            "    grads = jax.grad(loss)(theta)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state, theta)\n"
            "    new_theta = optax.apply_updates(theta, updates)\n"
            "    return new_theta, opt_state, loss(new_theta)",
            FAIL,
        ),
        (
            "the old optimizer state returned",
            "def inversion_step(theta, opt_state, optimizer, sources, observed):\n"
            "    def loss(theta):\n"
            "        v = V_MIN + (V_MAX - V_MIN) * jax.nn.sigmoid(theta)\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        return 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n\n"
            "    value, grads = jax.value_and_grad(loss)(theta)\n"
            "    updates, _ = optimizer.update(grads, opt_state, theta)\n"
            "    return optax.apply_updates(theta, updates), opt_state, value",
            FAIL,
        ),
        (
            "v = V_MAX sigmoid(theta): the lower bound left out",
            "def inversion_step(theta, opt_state, optimizer, sources, observed):\n"
            "    def loss(theta):\n"
            "        v = V_MAX * jax.nn.sigmoid(theta)\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        return 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n\n"
            "    value, grads = jax.value_and_grad(loss)(theta)\n"
            "    updates, opt_state = optimizer.update(grads, opt_state, theta)\n"
            "    return optax.apply_updates(theta, updates), opt_state, value",
            FAIL,
        ),
    ],
}
