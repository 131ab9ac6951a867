"""Hidden tests for lesson 00 (basics.py): other values, edge cases and common mistakes."""
import pytest
import torch

from grader.checks import check, check_equal, check_float, check_raises, check_tensor, check_type


# ----------------------------------------------------------------------------- helpers
def check_floats(actual, expected: list[float], what: str) -> None:
    """A Python list of numbers close to ``expected``, item by item."""
    check_type(actual, list, what)
    check(len(actual) == len(expected), f"{what}: expected {len(expected)} items, got {len(actual)}")
    for i, (got, want) in enumerate(zip(actual, expected)):
        check_float(got, want, f"{what}[{i}]")


# ----------------------------------------------------------------------------- sign
def test_sign_zero_int_float_negative_zero(student):
    """sign(0), sign(0.0) and sign(-0.0) are all 'zero'"""
    check_equal(student.sign(0), "zero", "sign(0)")
    check_equal(student.sign(0.0), "zero", "sign(0.0)")
    check_equal(student.sign(-0.0), "zero", "sign(-0.0)")


def test_sign_tiny_large_and_ints(student):
    """sign of tiny floats (±1e-300), large values (±1e300, ±inf) and ints (7, -12)"""
    cases = [(1e-300, "positive"), (-1e-300, "negative"), (5e-324, "positive"),
             (1e300, "positive"), (-1e300, "negative"), (float("inf"), "positive"),
             (float("-inf"), "negative"), (7, "positive"), (-12, "negative"),
             (10**30, "positive"), (-0.25, "negative")]
    for x, want in cases:
        check_equal(student.sign(x), want, f"sign({x!r})")


# ----------------------------------------------------------------------------- greet
def test_greet_default_is_not_loud(student):
    """greet keeps the name exactly as given and is not loud by default ('Hello, ' + name)"""
    check_equal(student.greet("ada lovelace"), "Hello, ada lovelace", "greet('ada lovelace')")
    check_equal(student.greet("Li Lei"), "Hello, Li Lei", "greet('Li Lei')")
    check_equal(student.greet("Bob", False), "Hello, Bob", "greet('Bob', False)")
    check_equal(student.greet("Bob", loud=False), "Hello, Bob", "greet('Bob', loud=False)")


def test_greet_loud_uppercases_everything(student):
    """greet(name, loud=True) upper-cases the whole text, name included, and ends with '!'"""
    check_equal(student.greet("ada lovelace", loud=True), "HELLO, ADA LOVELACE!",
                "greet('ada lovelace', loud=True)")
    check_equal(student.greet("bob", True), "HELLO, BOB!", "greet('bob', True)")
    check_equal(student.greet("McKay", loud=True), "HELLO, MCKAY!", "greet('McKay', loud=True)")


# ----------------------------------------------------------------------------- Greeter
def test_greeter_instances(student):
    """Greeter instances each keep their own .name and greet it, plain and loud"""
    first = student.Greeter("ada lovelace")
    second = student.Greeter("Li Lei")
    check_equal(first.name, "ada lovelace", "Greeter('ada lovelace').name (after creating a second Greeter)")
    check_equal(second.name, "Li Lei", "Greeter('Li Lei').name")
    check_equal(first.greet(), "Hello, ada lovelace", "Greeter('ada lovelace').greet()")
    check_equal(first.greet(loud=True), "HELLO, ADA LOVELACE!", "Greeter('ada lovelace').greet(loud=True)")
    check_equal(second.greet(True), "HELLO, LI LEI!", "Greeter('Li Lei').greet(True)")
    check_equal(second.greet(loud=False), "Hello, Li Lei", "Greeter('Li Lei').greet(loud=False)")


# ----------------------------------------------------------------------------- Know
def test_know_subclass_stores_name(student):
    """Know is a subclass of Greeter and Know('x').name is 'x' (Greeter.__init__ runs)"""
    check(student.probe("is_subclass", student.Know, student.Greeter),
          "Know must be a subclass of Greeter: class Know(Greeter): ...")
    check_equal(student.Know("x").name, "x", "Know('x').name")
    check_equal(student.Know("Han Meimei").name, "Han Meimei", "Know('Han Meimei').name")


def test_know_inherits_greet(student):
    """Know('Han Meimei').greet() works through the greet it inherits from Greeter"""
    k = student.Know("Han Meimei")
    check_equal(k.greet(), "Hello, Han Meimei", "Know('Han Meimei').greet()")
    check_equal(k.greet(loud=True), "HELLO, HAN MEIMEI!", "Know('Han Meimei').greet(loud=True)")
    check(student.probe("inherits", student.Know, "greet", student.Greeter),
          "Know must inherit greet from Greeter (class Know(Greeter)), not define its own greet")


def test_know_meet_exact_text(student):
    """Know(name).meet() is exactly 'Nice to meet you!' whatever the name"""
    check_equal(student.Know("x").meet(), "Nice to meet you!", "Know('x').meet()")
    check_equal(student.Know("Li Lei").meet(), "Nice to meet you!", "Know('Li Lei').meet()")


# ----------------------------------------------------------------------------- vector_add_loop
def test_vector_add_loop_values(student, rng):
    """vector_add_loop of two random lists of 7 floats returns the list of elementwise sums"""
    a = (torch.randn(7, generator=rng, dtype=torch.float64) * 10).tolist()
    b = (torch.randn(7, generator=rng, dtype=torch.float64) * 10).tolist()
    check_floats(student.vector_add_loop(a, b), [x + y for x, y in zip(a, b)],
                 "vector_add_loop(list of 7 floats, list of 7 floats)")
    check_floats(student.vector_add_loop([0.1], [0.2]), [0.1 + 0.2], "vector_add_loop([0.1], [0.2])")
    check_floats(student.vector_add_loop([], []), [], "vector_add_loop([], [])")


def test_vector_add_loop_other_length_mismatches(student):
    """vector_add_loop raises ValueError when the lengths differ (1 and 3, 3 and 1, 4 and 2, 0 and 1)"""
    for n, m in [(1, 3), (3, 1), (4, 2), (0, 1)]:
        a = [float(i) + 0.5 for i in range(n)]
        b = [2.0 * i for i in range(m)]
        check_raises(ValueError, student.vector_add_loop, a, b,
                     what=f"vector_add_loop(list of {n}, list of {m})")


def test_vector_add_loop_keeps_inputs(student):
    """vector_add_loop leaves both input lists unchanged"""
    a, b = [1.25, -2.0, 3.5, 0.0], [0.5, 4.0, -1.75, 8.0]
    seen = student.observe("vector_add_loop", list(a), list(b))
    check_floats(seen.value, [x + y for x, y in zip(a, b)], "vector_add_loop(a, b)")
    check_equal(seen.args_after[0], a, "a after vector_add_loop(a, b) (must not change)")
    check_equal(seen.args_after[1], b, "b after vector_add_loop(a, b) (must not change)")


# ----------------------------------------------------------------------------- vector_add
def _vector_add_on(student, rng, device):
    """The device case: float32 and float64 tensors on ``device`` give their sum on ``device``."""
    for n, dtype in [(8, torch.float32), (3, torch.float64)]:
        a = torch.randn(n, generator=rng, dtype=dtype)
        b = torch.randn(n, generator=rng, dtype=dtype)
        check_tensor(student.vector_add(a.to(device), b.to(device)), (a + b).to(device),
                     f"vector_add(length {n} {dtype} on {device}, length {n} {dtype} on {device})")


def test_vector_add_float32_float64(student, rng):
    """vector_add of random float64 (length 5) and float32 (length 11) tensors: sum, same dtype"""
    for n, dtype in [(5, torch.float64), (11, torch.float32), (1, torch.float64)]:
        a = torch.randn(n, generator=rng, dtype=dtype)
        b = torch.randn(n, generator=rng, dtype=dtype)
        check_tensor(student.vector_add(a, b), a + b, f"vector_add(length {n} {dtype}, length {n} {dtype})")
    _vector_add_on(student, rng, "cpu")


def test_vector_add_other_length_mismatches(student):
    """vector_add raises ValueError when lengths differ, also (1,) and (3,) that would broadcast"""
    for n, m in [(1, 3), (3, 1), (2, 5)]:
        a = torch.arange(n, dtype=torch.float32)
        b = torch.ones(m, dtype=torch.float32)
        check_raises(ValueError, student.vector_add, a, b,
                     what=f"vector_add(tensor of shape ({n},), tensor of shape ({m},))")


def test_vector_add_keeps_inputs(student, rng):
    """vector_add returns a new tensor and leaves both inputs unchanged"""
    a = torch.randn(6, generator=rng, dtype=torch.float64)
    b = torch.randn(6, generator=rng, dtype=torch.float64)
    seen = student.observe("vector_add", a.clone(), b.clone())
    check_tensor(seen.value, a + b, "vector_add(a, b)")
    check_tensor(seen.args_after[0], a, "a after vector_add(a, b) (must not change)", rtol=0, atol=0)
    check_tensor(seen.args_after[1], b, "b after vector_add(a, b) (must not change)", rtol=0, atol=0)


def test_vector_add_meta_device(student):
    """vector_add of two (4,) float64 tensors on the meta device gives a (4,) float64 meta tensor"""
    a = torch.empty(4, dtype=torch.float64, device="meta")
    b = torch.empty(4, dtype=torch.float64, device="meta")
    check_tensor(student.vector_add(a, b), torch.empty(4, dtype=torch.float64, device="meta"),
                 "vector_add(a (4,), b (4,) float64 on device 'meta')")


@pytest.mark.cuda
def test_vector_add_cuda(student, rng):
    """vector_add of two CUDA tensors (float32 and float64) returns the sum on the same CUDA device"""
    _vector_add_on(student, rng, "cuda")
