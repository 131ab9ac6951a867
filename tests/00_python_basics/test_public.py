"""Public tests for lesson 00 (basics.py): the examples from the lesson text."""
import torch

from grader.checks import (
    check,
    check_equal,
    check_float,
    check_floats,
    check_not_used,
    check_raises,
    check_tensor,
    check_type,
)


def test_sign_examples(student):
    """sign gives 'positive', 'negative' and 'zero' for 3.5, -2.0 and 0.0"""
    check_equal(student.sign(3.5), "positive", "sign(3.5)")
    check_equal(student.sign(-2.0), "negative", "sign(-2.0)")
    check_equal(student.sign(0.0), "zero", "sign(0.0)")


def test_sign_negative_zero_and_tiny(student):
    """sign of -0.0 is 'zero' and of tiny numbers such as ±2.5e-200 their sign, as the README says"""
    check_equal(student.sign(-0.0), "zero", "sign(-0.0)")
    check_equal(student.sign(2.5e-200), "positive", "sign(2.5e-200)")
    check_equal(student.sign(-3e-250), "negative", "sign(-3e-250)")


def test_greet_plain(student):
    """greet('Will') returns 'Hello, Will'"""
    check_equal(student.greet("Will"), "Hello, Will", "greet('Will')")


def test_greet_loud(student):
    """greet('Will', loud=True) returns 'HELLO, WILL!'"""
    check_equal(student.greet("Will", loud=True), "HELLO, WILL!", "greet('Will', loud=True)")


def test_greeter(student):
    """Greeter('Will') stores .name and its greet method returns the same texts as greet"""
    g = student.Greeter("Will")
    check_equal(g.name, "Will", "Greeter('Will').name")
    check_equal(g.greet(), "Hello, Will", "Greeter('Will').greet()")
    check_equal(g.greet(loud=True), "HELLO, WILL!", "Greeter('Will').greet(loud=True)")


def test_greeter_own_names(student):
    """Greeter instances each keep their own name: a second Greeter does not change the first"""
    zoe = student.Greeter("Zoë")
    wang = student.Greeter("王芳")
    check_equal(zoe.name, "Zoë", "Greeter('Zoë').name after creating Greeter('王芳')")
    check_equal(zoe.greet(), "Hello, Zoë", "Greeter('Zoë').greet() after creating Greeter('王芳')")
    check_equal(wang.name, "王芳", "Greeter('王芳').name")


def test_know_meet(student):
    """Know is a subclass of Greeter and Know('Will').meet() returns 'Nice to meet you!'"""
    check(student.probe("is_subclass", student.Know, student.Greeter),
          "Know must be a subclass of Greeter: class Know(Greeter): ...")
    check_equal(student.Know("Will").meet(), "Nice to meet you!", "Know('Will').meet()")


def test_know_name(student):
    """Know('Priya').name is 'Priya' and its inherited greet uses it (Greeter.__init__ runs)"""
    check_equal(student.Know("Priya").name, "Priya", "Know('Priya').name")
    check_equal(student.Know("Priya").greet(), "Hello, Priya", "Know('Priya').greet()")


def test_vector_add_loop(student):
    """vector_add_loop([1.0, 2.0, 3.0], [0.5, -1.0, 4.25]) returns the list [1.5, 1.0, 7.25]"""
    out = student.vector_add_loop([1.0, 2.0, 3.0], [0.5, -1.0, 4.25])
    what = "vector_add_loop([1.0, 2.0, 3.0], [0.5, -1.0, 4.25])"
    check_type(out, list, what)
    check(len(out) == 3, f"{what}: expected 3 items, got {len(out)}")
    for i, (got, want) in enumerate(zip(out, [1.5, 1.0, 7.25])):
        check_float(got, want, f"{what}[{i}]")


def test_vector_add_loop_length_mismatch(student):
    """vector_add_loop raises ValueError for lists of lengths 2 and 3"""
    check_raises(ValueError, student.vector_add_loop, [1.0, 2.0], [1.0, 2.0, 3.0],
                 what="vector_add_loop(list of 2, list of 3)")


def test_vector_add_loop_first_longer(student):
    """vector_add_loop raises ValueError also when a is the longer list (lengths 4 and 1)"""
    check_raises(ValueError, student.vector_add_loop, [0.5, 1.5, 2.5, 3.5], [9.0],
                 what="vector_add_loop(list of 4, list of 1)")


def test_vector_add_loop_keeps_lists(student):
    """vector_add_loop returns a new list and leaves a and b as they were"""
    a, b = [3.0, -0.75], [1.0, 2.5]
    seen = student.observe("vector_add_loop", list(a), list(b))
    check_floats(seen.value, [4.0, 1.75], "vector_add_loop([3.0, -0.75], [1.0, 2.5])")
    check_equal(seen.args_after[0], a, "a after vector_add_loop(a, b) (must not change)")
    check_equal(seen.args_after[1], b, "b after vector_add_loop(a, b) (must not change)")


def test_vector_add_loop_no_torch_numpy(student, student_source):
    """vector_add_loop works with a plain Python loop: no torch and no numpy inside it"""
    check_floats(student.vector_add_loop([1.5, -2.0], [2.25, 0.5]), [3.75, -1.5],
                 "vector_add_loop([1.5, -2.0], [2.25, 0.5])")
    check_not_used(student_source, {"torch.*", "numpy.*"}, "vector_add_loop (a plain Python loop)",
                   function="vector_add_loop")


def test_vector_add(student):
    """vector_add of two float32 tensors of length 3 returns their elementwise sum"""
    a = torch.tensor([1.0, 2.0, 3.0])
    b = torch.tensor([0.5, -1.0, 4.25])
    check_tensor(student.vector_add(a, b), torch.tensor([1.5, 1.0, 7.25]),
                 "vector_add(tensor([1., 2., 3.]), tensor([0.5, -1., 4.25]))")


def test_vector_add_broadcastable_lengths(student):
    """vector_add raises ValueError for lengths 1 and 4, which a + b alone would broadcast"""
    a, b = torch.tensor([2.0]), torch.tensor([1.0, 0.0, -1.0, 3.0])
    check_raises(ValueError, student.vector_add, a, b, what="vector_add(tensor of shape (1,), tensor of shape (4,))")
    check_raises(ValueError, student.vector_add, b, a, what="vector_add(tensor of shape (4,), tensor of shape (1,))")


def test_vector_add_length_mismatch(student):
    """vector_add raises ValueError (not torch's RuntimeError) for lengths 3 and 4"""
    a, b = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 0.0, -1.0, 3.0])
    check_raises(ValueError, student.vector_add, a, b, what="vector_add(tensor of shape (3,), tensor of shape (4,))")


def test_vector_add_keeps_inputs(student):
    """vector_add returns a new tensor and leaves a and b as they were (no a += b)"""
    a, b = torch.tensor([2.0, -1.0]), torch.tensor([0.5, 3.0])
    seen = student.observe("vector_add", a, b)
    check_tensor(seen.value, a + b, "vector_add(tensor([2., -1.]), tensor([0.5, 3.]))")
    check_tensor(seen.args_after[0], a, "a after vector_add(a, b) (must not change)", rtol=0, atol=0)
    check_tensor(seen.args_after[1], b, "b after vector_add(a, b) (must not change)", rtol=0, atol=0)


def test_vector_add_float64(student):
    """vector_add of two float64 tensors returns a float64 sum (the dtype of the inputs)"""
    a = torch.tensor([0.25, -3.0], dtype=torch.float64)
    b = torch.tensor([1.0, 0.5], dtype=torch.float64)
    check_tensor(student.vector_add(a, b), torch.tensor([1.25, -2.5], dtype=torch.float64),
                 "vector_add(float64 tensor([0.25, -3.]), float64 tensor([1., 0.5]))")


def test_vector_add_meta_device(student):
    """vector_add of two (2,) float32 tensors on the meta device gives a (2,) float32 tensor on meta"""
    a, b = (torch.empty(2, dtype=torch.float32, device="meta") for _ in range(2))
    check_tensor(student.vector_add(a, b), torch.empty(2, dtype=torch.float32, device="meta"),
                 "vector_add(a (2,), b (2,) float32 on device 'meta': shapes and dtypes, no data)")
