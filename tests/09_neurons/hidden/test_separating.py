"""Hidden tests for lesson 09_neurons that tell apart known mistakes which fail the other tests
alike: the 20-value limit of ``task_type`` counts distinct values, not samples (many samples
of a few whole-number classes are classification), so "fewer than 20 distinct values" and
"20 samples or fewer" no longer fail the same tests."""
import torch

from grader.checks import check_equal


def test_task_type_many_samples_few_classes(student):
    """task_type of many float labels (more than 20 samples) with a few whole values is 'classification'"""
    cases = {
        "120 float32 labels, the whole values 0., 1., 2.": torch.tensor([0.0, 2.0, 1.0]).repeat(40),
        "25 float64 labels, the whole values -1., 1.": torch.tensor([-1.0, 1.0], dtype=torch.float64).repeat(13)[:25],
    }
    for name, labels in cases.items():
        check_equal(student.task_type(labels), "classification", f"task_type({name})")
