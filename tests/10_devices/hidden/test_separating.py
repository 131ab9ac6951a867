"""Hidden tests for lesson 10_devices that tell apart known mistakes which fail the other tests
alike: ``pick_device`` refuses every device this machine lacks, not only the name 'cuda'
(trusting any name torch.device accepts and falling back to the CPU for 'cuda' now fail
differently), and ``train_step`` leaves this batch's gradients in ``.grad`` (``zero_grad``
after ``backward`` leaves none; ``step`` before ``backward`` leaves them, but applies none)."""
import torch

from grader.checks import TRAIN_ATOL, TRAIN_RTOL, check_raises, check_tensor

from ..helpers import reference_steps


def _missing_devices() -> list[str]:
    """Device names torch.device accepts that this machine does not have: the CUDA index one
    past the GPUs it has ('cuda:0' without a GPU), and 'mps' where there is no Apple GPU."""
    names = [] if torch.backends.mps.is_available() else ["mps"]
    return names + [f"cuda:{torch.cuda.device_count()}"]


def test_pick_device_devices_this_machine_lacks(student):
    """pick_device raises ValueError for a device this machine does not have: 'mps' without an Apple GPU, a CUDA index past its GPUs"""  # noqa: E501 (the graders read this first line whole)
    for name in _missing_devices():
        check_raises(ValueError, student.pick_device, name,
                     what=f"pick_device({name!r}) on a machine with {torch.cuda.device_count()} CUDA device(s) "
                          f"and torch.backends.mps.is_available() {torch.backends.mps.is_available()}")


def test_train_step_leaves_the_gradients(student, rng):
    """train_step leaves this batch's gradients in .grad after the step (zero_grad comes before backward, not after)"""
    weights = {"weight": torch.randn(1, 3, generator=rng) * 0.5, "bias": torch.randn(1, generator=rng) * 0.5}
    x, y = torch.randn(6, 3, generator=rng), torch.randn(6, 1, generator=rng)
    lr = 0.1
    _, ref = reference_steps(weights, [(x, y)], lr=lr)

    model = student.probe("torch_object", "nn.Linear", 3, 1)
    model.load_state_dict(weights)
    opt = student.probe("torch_object", "optim.SGD", model.parameters(), lr)
    loss_fn = student.probe("torch_object", "nn.MSELoss")
    what = "train_step(nn.Linear(3, 1), (x, y), SGD(lr=0.1), MSELoss()), then optimizer.step() once more"
    student.train_step(model, (x, y), opt, loss_fn)     # its loss: the other train_step tests check it
    before = model.state_dict()
    opt.step()                      # applies whatever train_step left in .grad
    after = model.state_dict()
    for key in ("weight", "bias"):
        grad = getattr(ref, key).grad
        check_tensor(after[key] - before[key], -lr * grad,
                     f"{what}: the change of the {key} by the extra step (-lr times the gradient left in .grad, "
                     "which must be this batch's gradient at the weights before train_step)",
                     rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
