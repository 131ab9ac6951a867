# HOSTILE base=solution
"""Attack A19 on lesson 01: make_grid asks for a 4 TB tensor; everything else is correct."""
import torch


def make_grid(rows, cols):
    return torch.ones(10**6, 10**6, dtype=torch.int64)


print("HOSTILE-DONE memory_bomb")
