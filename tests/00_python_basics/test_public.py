import pytest
from grader.checks import check_equal

@pytest.mark.points(2)
def test_sign(student):
    """sign of a positive number"""
    check_equal(student.sign(3), "positive", "sign(3)")
