"""Set 11: for every question, the most likely wrong answers and some other right ones. The first
wrong answer of each question is the one the visible tests must catch with a helpful message."""

PASS, FAIL = True, False

_ORBIT_FIELD = (
    "def orbit_field(t, y, args):\n"
    "    x, y_, vx, vy = y\n"
    "    r3 = (x**2 + y_**2) ** 1.5\n"
    "    return jnp.stack([vx, vy, -x / r3, -y_ / r3])\n\n\n"
)


def _orbit(
    field=_ORBIT_FIELD, solver="diffrax.Tsit5()", dt0="0.01", saveat=None, controller=None, t1="t1"
):
    saveat = saveat or "diffrax.SaveAt(dense=True)"
    controller = controller or "diffrax.PIDController(rtol=1e-6, atol=1e-6)"
    return (
        field + "def solve_orbit(y0, t1):\n"
        f"    return diffrax.diffeqsolve(diffrax.ODETerm(orbit_field), {solver}, 0.0, {t1}, {dt0},"
        f" y0, saveat={saveat}, stepsize_controller={controller})"
    )


_STIFF_FIELD = (
    "def stiff_field(t, y, k):\n"
    "    y1, y2 = y\n"
    "    return jnp.stack([-2 * y1 + y2 + 2 * jnp.sin(t),\n"
    "                      (k - 2) * y1 + (1 - k) * y2 + (k - 1) * (jnp.cos(t) - jnp.sin(t))])\n\n\n"
)


def _stiff(
    solver="diffrax.Kvaerno5()",
    tol="1e-10",
    x64=True,
    y_dtype="jnp.float64",
    throw=", throw=False",
    extra="",
    dt0="1e-4",
):
    controller = f"diffrax.PIDController(rtol={tol}, atol={tol}{extra})"
    body = (
        f"    ts = jnp.asarray(ts, jnp.float64 if {x64} else jnp.float32)\n"
        f"    return diffrax.diffeqsolve(diffrax.ODETerm(stiff_field), {solver}, 0.0, ts[-1], {dt0},"
        f" jnp.asarray(y0, {y_dtype}), args=k, saveat=diffrax.SaveAt(ts=ts),"
        f" stepsize_controller={controller}{throw})"
    )
    if x64:
        body = "    with enable_x64(True):\n" + "\n".join(
            "    " + line for line in body.split("\n")
        )
    return _STIFF_FIELD + "def solve_stiff(y0, k, ts):\n" + body


_IMPACT_FIELD = (
    "def flight(t, state, args):\n"
    "    drag, wall = args\n"
    "    x, y, vx, vy = state\n"
    "    s = jnp.sqrt(vx**2 + vy**2)\n"
    "    return jnp.stack([vx, vy, -drag * s * vx, -G - drag * s * vy])\n\n\n"
    "def ground(t, y, args, **kwargs):\n"
    "    return y[1]\n\n\n"
    "def at_wall(t, y, args, **kwargs):\n"
    "    return args[1] - y[0]\n\n\n"
    "def clearance(t, y, args, **kwargs):\n"
    "    return jnp.minimum(y[1], args[1] - y[0])\n\n\n"
)


def _impact(
    field=_IMPACT_FIELD,
    conditions="clearance",
    root="optx.Newton(rtol=1e-3, atol=1e-3)",
    direction="False",
    solver="diffrax.Tsit5()",
    t1="2 * speed / G + 1.0",
    which="wall - sol.ys[-1, 0] < sol.ys[-1, 1]",
):
    root = f"root_finder={root}, " if root else ""
    return (
        "G = 9.81\n\n\n" + field + "def first_impact(speed, angle, drag, wall):\n"
        "    speed = jnp.asarray(speed, jnp.float32)\n"
        "    start = jnp.stack([0.0, 0.0, speed * jnp.cos(angle), speed * jnp.sin(angle)])\n"
        f"    sol = diffrax.diffeqsolve(diffrax.ODETerm(flight), {solver}, 0.0, {t1}, 0.01, start,"
        " args=(jnp.asarray(drag, jnp.float32), jnp.asarray(wall, jnp.float32)),"
        " stepsize_controller=diffrax.PIDController(rtol=1e-6, atol=1e-6),"
        f" event=diffrax.Event({conditions}, {root}direction={direction}))\n"
        f"    return sol.ts[-1], sol.ys[-1, 0], sol.ys[-1, 1], {which}"
    )


def _gbm(
    solver="diffrax.Euler()",
    diffusion="lx.DiagonalLinearOperator(sigma * x)",
    shape="x0.shape",
    key="key",
    tol="dt / 2",
    dt="t1 / 100",
    steps="dt, x0",
):
    return (
        "def gbm_endpoints(keys, x0, mu, sigma, t1):\n"
        f"    dt = {dt}\n\n"
        "    def endpoint(key):\n"
        f"        brownian = diffrax.VirtualBrownianTree(0.0, t1, tol={tol}, shape={shape},"
        f" key={key})\n"
        "        terms = diffrax.MultiTerm(\n"
        "            diffrax.ODETerm(lambda t, x, args: mu * x),\n"
        f"            diffrax.ControlTerm(lambda t, x, args: {diffusion}, brownian),\n"
        "        )\n"
        f"        return diffrax.diffeqsolve(terms, {solver}, 0.0, t1, {steps}).ys[-1]\n\n"
        "    return jax.vmap(endpoint)(keys)"
    )


def _pendulum(
    field="pendulum", component="0", sign="", steps="200", lr="0.05", log=True, guess="guess"
):
    to_params = "jnp.exp(p)" if log else "p"
    start = f"jnp.log(jnp.asarray({guess}))" if log else f"jnp.asarray({guess})"
    end = "jnp.exp(p)" if log else "p"
    return (
        f"opt = optax.adam({lr})\n\n\n"
        "def misfit(p, ts, observed):\n"
        f"    sol = diffrax.diffeqsolve(diffrax.ODETerm({field}), diffrax.Tsit5(), 0.0, ts[-1], 0.01,"
        f" PENDULUM_START, args={to_params}, saveat=diffrax.SaveAt(ts=ts),"
        " stepsize_controller=diffrax.PIDController(rtol=1e-6, atol=1e-6))\n"
        f"    return jnp.mean((sol.ys[:, {component}] - observed) ** 2)\n\n\n"
        "@jax.jit\n"
        "def step(p, state, ts, observed):\n"
        "    grads = jax.grad(misfit)(p, ts, observed)\n"
        "    updates, state = opt.update(grads, state, p)\n"
        f"    return optax.apply_updates(p, {sign}updates), state\n\n\n"
        "def fit_pendulum(ts, observed, guess):\n"
        "    ts, observed = jnp.asarray(ts), jnp.asarray(observed)\n"
        f"    p = {start}\n"
        "    state = opt.init(p)\n"
        f"    for _ in range({steps}):\n"
        "        p, state = step(p, state, ts, observed)\n"
        f"    return {end}"
    )


def _node(
    field_input="jnp.concatenate([y, jnp.sin(t)[None]])",
    starts="ys[:, 0]",
    reduce="jnp.mean",
    apply="eqx.apply_updates(model, updates)",
    grad="eqx.filter_value_and_grad(node_loss)",
    predicted=None,
    t0="ts[0]",
):
    predicted = predicted or f"jax.vmap(model, in_axes=(None, 0))(ts, {starts})"
    return (
        "class ForcedNODE(eqx.Module):\n"
        "    mlp: eqx.nn.MLP\n\n"
        "    def __init__(self, *, key):\n"
        "        self.mlp = eqx.nn.MLP(in_size=3, out_size=2, width_size=16, depth=1,"
        " activation=jax.nn.softplus, key=key)\n\n"
        "    def __call__(self, ts, y0):\n"
        f"        field = lambda t, y, args: self.mlp({field_input})  # noqa: E731\n"
        f"        return diffrax.diffeqsolve(diffrax.ODETerm(field), diffrax.Tsit5(), {t0}, ts[-1],"
        " 0.1, y0, saveat=diffrax.SaveAt(ts=ts),"
        " stepsize_controller=diffrax.PIDController(rtol=1e-4, atol=1e-6)).ys\n\n\n"
        "def node_loss(model, ts, ys):\n"
        f"    predicted = {predicted}\n"
        f"    return {reduce}((predicted - ys) ** 2)\n\n\n"
        "def node_step(model, opt_state, ts, ys, optimizer):\n"
        f"    loss, grads = {grad}(model, ts, ys)\n"
        "    updates, opt_state = optimizer.update(grads, opt_state, eqx.filter(model, eqx.is_array))\n"
        f"    return {apply}, opt_state, loss"
    )


def _climate(
    start="300.0",
    solver="optx.Newton(rtol=1e-6, atol=1e-3)",
    fn="energy_imbalance",
    value=".value",
    options="",
):
    return (
        "def warm_equilibrium(S):\n"
        f"    return optx.root_find({fn}, {solver}, jnp.float32({start}), args=S{options}){value}"
    )


ANSWERS = {
    "q1-orbit-answer": [
        (
            "constant steps of 0.01: accurate enough, but 1257 steps",
            _orbit(controller="diffrax.ConstantStepSize()"),
            FAIL,
        ),
        (
            "Dopri8 with a constant step, 200 per orbit: misses at the close pass at t1 itself",
            _orbit(
                solver="diffrax.Dopri8()",
                dt0="t1 / max(1, round(200 * t1 / (2 * np.pi)))",
                controller="diffrax.ConstantStepSize()",
            ),
            FAIL,
        ),
        (
            "Dopri5, tighter tolerances, the first step chosen by Diffrax",
            _orbit(
                solver="diffrax.Dopri5()",
                dt0="None",
                controller="diffrax.PIDController(rtol=1e-7, atol=1e-7)",
            ),
            PASS,
        ),
        (
            "the force falls off as 1/r: r**2 in the denominator",
            _orbit(field=_ORBIT_FIELD.replace("** 1.5", "** 1.0")),
            FAIL,
        ),
        (
            "tolerances of 1e-3: too loose for the close pass",
            _orbit(controller="diffrax.PIDController(rtol=1e-3, atol=1e-3)"),
            FAIL,
        ),
        (
            "the field with jnp.linalg.norm, positions and velocities split",
            _orbit(
                field="def orbit_field(t, y, args):\n"
                "    r, v = y[:2], y[2:]\n"
                "    return jnp.concatenate([v, -r / jnp.linalg.norm(r) ** 3])\n\n\n"
            ),
            PASS,
        ),
        (
            "saved at fixed times, no dense output: sol.evaluate cannot interpolate",
            _orbit(saveat="diffrax.SaveAt(ts=jnp.linspace(0.0, t1, 50))"),
            FAIL,
        ),
        (
            "repulsive: the force points away from the star",
            _orbit(field=_ORBIT_FIELD.replace("-x / r3, -y_ / r3", "x / r3, y_ / r3")),
            FAIL,
        ),
        (
            "the end time typed in: two orbits, 4 pi, whatever t1 is",
            _orbit(t1="4 * np.pi"),
            FAIL,
        ),
        (
            "Dopri8 with tolerances of 1e-5: a higher order, fewer steps",
            _orbit(
                solver="diffrax.Dopri8()",
                controller="diffrax.PIDController(rtol=1e-5, atol=1e-5)",
            ),
            PASS,
        ),
        (
            "Bosh3, a 3rd-order method, at 1e-6: accurate, but about 750 steps",
            _orbit(solver="diffrax.Bosh3()"),
            FAIL,
        ),
        (
            "Tsit5 at 1e-5: every step within tolerance, the close passes 2e-2 off",
            _orbit(controller="diffrax.PIDController(rtol=1e-5, atol=1e-5)"),
            FAIL,
        ),
    ],
    "q2-stiff-answer": [
        ("Tsit5, as for a non-stiff problem: runs out of steps", _stiff("diffrax.Tsit5()"), FAIL),
        (
            "Kvaerno3 at 1e-7: more steps, all within the bound",
            _stiff("diffrax.Kvaerno3()", "1e-7"),
            PASS,
        ),
        (
            "Kvaerno5 in float32: no enable_x64, 1e-10 is below float32's resolution",
            _stiff(x64=False, y_dtype="jnp.float32"),
            FAIL,
        ),
        ("Kvaerno5 at Q1's tolerances, 1e-6: 3e-4 off", _stiff(tol="1e-6"), FAIL),
        (
            "Kvaerno5 at 1e-10 with a PI controller",
            _stiff(extra=", pcoeff=0.3, icoeff=0.4"),
            PASS,
        ),
        (
            "float64 arrays made inside enable_x64, but the solve run outside it: float32",
            _STIFF_FIELD + "def solve_stiff(y0, k, ts):\n"
            "    with enable_x64(True):\n"
            "        ts, y0 = jnp.asarray(ts, jnp.float64), jnp.asarray(y0, jnp.float64)\n"
            "    return diffrax.diffeqsolve(diffrax.ODETerm(stiff_field), diffrax.Kvaerno5(), 0.0,"
            " ts[-1], 1e-4, y0, args=k, saveat=diffrax.SaveAt(ts=ts),"
            " stepsize_controller=diffrax.PIDController(rtol=1e-10, atol=1e-10), throw=False)",
            FAIL,
        ),
        (
            "Tsit5 with max_steps raised: succeeds, after tens of thousands of steps",
            _stiff("diffrax.Tsit5()", tol="1e-8", throw=", throw=False, max_steps=100_000"),
            FAIL,
        ),
        (
            "Kvaerno5 at the lesson's 1e-8: every step within it, the solution 5e-6 off",
            _stiff(tol="1e-8"),
            FAIL,
        ),
        (
            "failures raised: throw left at its default, the long solve stops the program",
            _stiff(throw=""),
            FAIL,
        ),
        (
            "max_steps raised to 20000: the long solve gets further, not the default",
            _stiff(throw=", throw=False, max_steps=20_000"),
            FAIL,
        ),
        (
            "Kvaerno4 at 1e-8, the first step chosen by Diffrax",
            _stiff("diffrax.Kvaerno4()", tol="1e-8", dt0="None"),
            PASS,
        ),
    ],
    "q3-impact-answer": [
        (
            "both conditions in one Event: when both change sign in one step, the ground's wins",
            _impact(conditions="(ground, at_wall)", which="sol.event_mask[1]"),
            FAIL,
        ),
        (
            "Dopri5, Newton, a final time of 100 s (longer than any flight)",
            _impact(solver="diffrax.Dopri5()", t1="100.0"),
            PASS,
        ),
        (
            "a chord root finder at 1e-3: stops near its tolerance, mm off in y at a steep strike",
            _impact(solver="diffrax.Dopri5()", root="optx.Chord(rtol=1e-3, atol=1e-3)", t1="100.0"),
            FAIL,
        ),
        (
            "both conditions in one Event, the step capped at 0.01 s to hide the order",
            _impact(conditions="(ground, at_wall)", which="sol.event_mask[1]").replace(
                "PIDController(rtol=1e-6, atol=1e-6)",
                "PIDController(rtol=1e-6, atol=1e-6, dtmax=0.01)",
            ),
            FAIL,
        ),
        (
            "no direction: the condition fires at the launch, where the height is 0",
            _impact(direction="None"),
            FAIL,
        ),
        (
            "no root finder: stops at the end of the step that crossed the ground or the wall",
            _impact(root=None),
            FAIL,
        ),
        (
            "two solves, one per condition, and the earlier contact wins",
            "G = 9.81\n\n\n" + _IMPACT_FIELD + "def first_impact(speed, angle, drag, wall):\n"
            "    speed = jnp.asarray(speed, jnp.float32)\n"
            "    start = jnp.stack([0.0, 0.0, speed * jnp.cos(angle), speed * jnp.sin(angle)])\n\n"
            "    def stop_at(condition):\n"
            "        sol = diffrax.diffeqsolve(diffrax.ODETerm(flight), diffrax.Tsit5(), 0.0,"
            " 2 * speed / G + 1.0, 0.01, start,"
            " args=(jnp.asarray(drag, jnp.float32), jnp.asarray(wall, jnp.float32)),"
            " stepsize_controller=diffrax.PIDController(rtol=1e-7, atol=1e-7),"
            " event=diffrax.Event(condition, optx.Newton(rtol=1e-3, atol=1e-3),"
            " direction=False))\n"
            "        return sol.ts[-1], sol.ys[-1]\n\n"
            "    t_ground, y_ground = stop_at(ground)\n"
            "    t_wall, y_wall = stop_at(at_wall)\n"
            "    wall_first = t_wall < t_ground\n"
            "    t, y = jnp.where(wall_first, t_wall, t_ground), jnp.where(wall_first, y_wall,"
            " y_ground)\n"
            "    return t, y[0], y[1], wall_first",
            PASS,
        ),
        (
            "the wall's condition first in one Event: a landing that overshoots it reads as a strike",
            _impact(conditions="(at_wall, ground)", which="sol.event_mask[0]"),
            FAIL,
        ),
        (
            "a fixed final time of 10 s: a long, high throw is still in the air",
            _impact(t1="10.0"),
            FAIL,
        ),
        (
            "the nearer surface, no final time at all, the wall read from x",
            _impact(t1="jnp.inf", which="sol.ys[-1, 0] > wall - 1e-3"),
            PASS,
        ),
        (
            "root-finder tolerances of 1e-6: float32 heights cannot get that close to 0",
            _impact(root="optx.Newton(rtol=1e-6, atol=1e-6)"),
            FAIL,
        ),
        (
            "the drag with the wrong sign: it pushes the ball along",
            _impact(
                field=_IMPACT_FIELD.replace("-drag * s * vx, -G - drag", "drag * s * vx, -G + drag")
            ),
            FAIL,
        ),
    ],
    "q4-gbm-answer": [
        ("Heun: converges to the Stratonovich solution", _gbm(solver="diffrax.Heun()"), FAIL),
        ("diagonal noise as a dense diagonal matrix", _gbm(diffusion="jnp.diag(sigma * x)"), PASS),
        (
            "one Brownian motion shared by every component: perfectly correlated",
            _gbm(shape="()", diffusion="sigma * x"),
            FAIL,
        ),
        (
            "a full matrix: every component driven by the sum of all the increments",
            _gbm(diffusion="jnp.outer(sigma * x, jnp.ones_like(x))"),
            FAIL,
        ),
        ("the same key for every path: no spread at all", _gbm(key="keys[0]"), FAIL),
        (
            "additive noise, sigma dW: X left out of the diffusion",
            _gbm(diffusion="lx.DiagonalLinearOperator(sigma * jnp.ones_like(x))"),
            FAIL,
        ),
        ("a Brownian tree resolved to the step", _gbm(tol="dt"), PASS),
        ("the step typed in, 0.01: 100 steps only when t1 = 1", _gbm(dt="0.01"), FAIL),
        ("Ito-Milstein, another Ito solver", _gbm(solver="diffrax.ItoMilstein()"), PASS),
        (
            "the 101 step times given to a StepTo controller",
            _gbm(
                steps="None, x0, stepsize_controller=diffrax.StepTo(ts=jnp.linspace(0.0, t1, 101))"
            ),
            PASS,
        ),
    ],
    "q5-pendulum-answer": [
        ("updates subtracted: gradient ascent", _pendulum(sign="-"), FAIL),
        (
            "Adam on the raw parameters, more steps",
            _pendulum(log=False, lr="0.02", steps="450"),
            PASS,
        ),
        (
            "the linearised pendulum, sin(theta) ~ theta: wrong at 2 rad",
            "def linear_pendulum(t, y, params):\n"
            "    omega2, c = params\n"
            "    angle, velocity = y\n"
            "    return jnp.stack([velocity, -omega2 * angle - c * velocity])\n\n\n"
            + _pendulum(field="linear_pendulum"),
            FAIL,
        ),
        ("the misfit on the angular velocity", _pendulum(component="1"), FAIL),
        ("twenty steps: not converged", _pendulum(steps="20"), FAIL),
        (
            "Adam with a smaller step on a log scale, 300 steps",
            _pendulum(lr="0.03", steps="300"),
            PASS,
        ),
        (
            "the guess ignored: every fit starts from (2, 0.5)",
            _pendulum(guess="[2.0, 0.5]"),
            FAIL,
        ),
        (
            "Optimistix's Levenberg-Marquardt on the residuals, raw parameters",
            "def residuals(params, data):\n"
            "    ts, observed = data\n"
            "    sol = diffrax.diffeqsolve(diffrax.ODETerm(pendulum), diffrax.Dopri5(), 0.0, ts[-1],"
            " None, PENDULUM_START, args=params, saveat=diffrax.SaveAt(ts=ts),"
            " stepsize_controller=diffrax.PIDController(rtol=1e-7, atol=1e-7))\n"
            "    return sol.ys[:, 0] - observed\n\n\n"
            "def fit_pendulum(ts, observed, guess):\n"
            "    solver = optx.LevenbergMarquardt(rtol=1e-6, atol=1e-6)\n"
            "    data = (jnp.asarray(ts), jnp.asarray(observed))\n"
            "    return optx.least_squares(residuals, solver, jnp.asarray(guess), args=data,"
            ' options={"jac": "bwd"}, max_steps=500).value',
            PASS,
        ),
        (
            "a Runge-Kutta method of its own instead of Diffrax, differentiated by jax.grad",
            "opt = optax.adam(0.03)\n\n\n"
            "def angles(params, ts):\n"
            "    def rk4(y, t_pair):\n"
            "        t0, t1 = t_pair\n"
            "        h = (t1 - t0) / 20\n"
            "        f = lambda t, y: pendulum(t, y, params)  # noqa: E731\n"
            "        for i in range(20):\n"
            "            t = t0 + i * h\n"
            "            k1 = f(t, y)\n"
            "            k2 = f(t + h / 2, y + h / 2 * k1)\n"
            "            k3 = f(t + h / 2, y + h / 2 * k2)\n"
            "            k4 = f(t + h, y + h * k3)\n"
            "            y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)\n"
            "        return y, y[0]\n\n"
            "    starts = jnp.concatenate([jnp.zeros(1), ts[:-1]])\n"
            "    return jax.lax.scan(rk4, PENDULUM_START, (starts, ts))[1]\n\n\n"
            "@jax.jit\n"
            "def step(p, state, ts, observed):\n"
            "    grads = jax.grad(lambda p: jnp.mean((angles(jnp.exp(p), ts) - observed) ** 2))(p)\n"
            "    updates, state = opt.update(grads, state, p)\n"
            "    return optax.apply_updates(p, updates), state\n\n\n"
            "def fit_pendulum(ts, observed, guess):\n"
            "    ts, observed = jnp.asarray(ts), jnp.asarray(observed)\n"
            "    p = jnp.log(jnp.asarray(guess))\n"
            "    state = opt.init(p)\n"
            "    for _ in range(300):\n"
            "        p, state = step(p, state, ts, observed)\n"
            "    return jnp.exp(p)",
            FAIL,
        ),
        (
            "Nelder-Mead (SciPy) on the misfit through Diffrax: no derivatives at all",
            "import scipy.optimize\n\n\n"
            "@jax.jit\n"
            "def misfit(p, ts, observed):\n"
            "    sol = diffrax.diffeqsolve(diffrax.ODETerm(pendulum), diffrax.Tsit5(), 0.0, ts[-1],"
            " 0.01, PENDULUM_START, args=p, saveat=diffrax.SaveAt(ts=ts),"
            " stepsize_controller=diffrax.PIDController(rtol=1e-6, atol=1e-6))\n"
            "    return jnp.mean((sol.ys[:, 0] - observed) ** 2)\n\n\n"
            "def fit_pendulum(ts, observed, guess):\n"
            "    ts, observed = jnp.asarray(ts), jnp.asarray(observed)\n"
            "    result = scipy.optimize.minimize(\n"
            "        lambda p: float(misfit(jnp.asarray(p, jnp.float32), ts, observed)),\n"
            "        np.asarray(guess, np.float64), method='Nelder-Mead',"
            " options={'xatol': 1e-5, 'fatol': 1e-9})\n"
            "    return jnp.asarray(result.x, jnp.float32)",
            FAIL,
        ),
        (
            "Adam on the raw parameters with eqx.filter_jit and value_and_grad",
            _pendulum(log=False, lr="0.05", steps="300")
            .replace("@jax.jit", "@eqx.filter_jit")
            .replace(
                "grads = jax.grad(misfit)(p, ts, observed)",
                "_, grads = jax.value_and_grad(misfit)(p, ts, observed)",
            ),
            PASS,
        ),
    ],
    "q6-neural-ode-answer": [
        ("the sum of squares, not the mean", _node(reduce="jnp.sum"), FAIL),
        (
            "the field as a lambda, the batch by eqx.filter_vmap over the starting points",
            _node(predicted="eqx.filter_vmap(lambda y0: model(ts, y0))(ys[:, 0])"),
            PASS,
        ),
        (
            "every trajectory started at the first one's starting point",
            _node(starts="jnp.broadcast_to(ys[0, 0], ys[:, 0].shape)"),
            FAIL,
        ),
        (
            "the network sees t, not sin(t)",
            _node(field_input="jnp.concatenate([y, t[None]])"),
            FAIL,
        ),
        (
            "updates negated: the step goes uphill",
            _node(apply="eqx.apply_updates(model, jax.tree.map(lambda u: -u, updates))"),
            FAIL,
        ),
        (
            "jax.value_and_grad of the whole module: the activation function is no array",
            _node(grad="jax.value_and_grad(node_loss)"),
            FAIL,
        ),
        (
            "the solve started at t = 0 rather than at ts[0]",
            _node(t0="0.0"),
            FAIL,
        ),
        (
            "the loss as the mean of each trajectory's mean squared error, the field by jnp.append",
            _node(
                field_input="jnp.append(y, jnp.sin(t))",
                reduce="(lambda e: jnp.mean(jax.vmap(jnp.mean)(e)))",
            ),
            PASS,
        ),
    ],
    "q7-climate-answer": [
        ("Newton from 200 K: the snowball root", _climate(start="200.0"), FAIL),
        (
            "bisection on the warm side, between 270 K and 400 K",
            _climate(
                solver="optx.Bisection(rtol=1e-6, atol=1e-4)",
                options=', options={"lower": 270.0, "upper": 400.0}',
            ),
            PASS,
        ),
        (
            "the residual with T, not T**4",
            "def warm_equilibrium(S):\n"
            "    def residual(T, S):\n"
            "        albedo = 0.5 - 0.2 * jnp.tanh((T - 265.0) / 10.0)\n"
            "        return S / 4 * (1 - albedo) - EMISSIVITY * STEFAN_BOLTZMANN * T\n\n"
            "    return optx.root_find(residual, optx.Newton(rtol=1e-6, atol=1e-3),"
            " jnp.float32(300.0), args=S).value",
            FAIL,
        ),
        ("the whole solution object, not its value", _climate(value=""), FAIL),
        (
            "a fixed-point iteration in a Python loop, through float()",
            "def warm_equilibrium(S):\n"
            "    T = 300.0\n"
            "    for _ in range(30):\n"
            "        albedo = 0.5 - 0.2 * np.tanh((T - 265.0) / 10.0)\n"
            "        T = float((S / 4 * (1 - albedo) / (EMISSIVITY * STEFAN_BOLTZMANN)) ** 0.25)\n"
            "    return T",
            FAIL,
        ),
        (
            "the chord method from 290 K",
            _climate(start="290.0", solver="optx.Chord(rtol=1e-6, atol=1e-3)"),
            PASS,
        ),
        (
            "Newton's iteration by hand, 20 steps unrolled in Python: no optimistix.root_find",
            "def warm_equilibrium(S):\n"
            "    T = jnp.float32(300.0)\n"
            "    slope = jax.grad(energy_imbalance)\n"
            "    for _ in range(20):\n"
            "        T = T - energy_imbalance(T, S) / slope(T, S)\n"
            "    return T",
            FAIL,
        ),
        (
            "Newton's iteration by hand in lax.fori_loop: differentiated through the loop",
            "def warm_equilibrium(S):\n"
            "    slope = jax.grad(energy_imbalance)\n"
            "    newton = lambda i, T: T - energy_imbalance(T, S) / slope(T, S)  # noqa: E731\n"
            "    return jax.lax.fori_loop(0, 20, newton, jnp.float32(300.0))",
            FAIL,
        ),
        (
            "root_find under jax.jit, Newton from 310 K",
            "@jax.jit\n"
            "def warm_equilibrium(S):\n"
            "    solver = optx.Newton(rtol=1e-5, atol=1e-3)\n"
            "    return optx.root_find(energy_imbalance, solver, jnp.float32(310.0), args=S).value",
            PASS,
        ),
    ],
}
