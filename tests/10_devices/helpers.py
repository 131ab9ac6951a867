"""What lesson 10's public and hidden tests share (shipped with the public tests): the check
of a returned device, and train_step's reference (the same steps with plain PyTorch)."""
import torch

from grader.checks import check, check_type


def check_device(out, device_type, what):
    """A torch.device (not a string) of type ``device_type``."""
    check_type(out, torch.device, what)
    check(out.type == device_type, f"{what}: expected a torch.device of type '{device_type}', got {out!r}")


def reference_steps(weights, batches, optimizer="SGD", lr=0.1, loss="MSELoss"):
    """A plain ``nn.Linear`` holding ``weights``, one step of ``torch.optim.<optimizer>`` under
    ``torch.nn.<loss>`` per batch: (each step's loss before its update, the trained Linear)."""
    n_out, n_in = weights["weight"].shape
    ref = torch.nn.Linear(n_in, n_out, dtype=weights["weight"].dtype)
    ref.load_state_dict(weights)
    ref_opt = getattr(torch.optim, optimizer)(ref.parameters(), lr)
    ref_loss = getattr(torch.nn, loss)()
    losses = []
    for x, y in batches:
        ref_opt.zero_grad()
        value = ref_loss(ref(x), y)
        value.backward()
        ref_opt.step()
        losses.append(value.item())
    return losses, ref
