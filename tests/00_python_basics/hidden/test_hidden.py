from grader.checks import check_equal

def test_sign_zero(student):
    check_equal(student.sign(0.0), "zero", "sign(0.0)")
