# HOSTILE base=solution
"""Attack A18: Know.meet never returns.  Every other function is correct: the grader must
stop the call from outside, mark those tests 'timeout', and grade the rest normally.
Cost: one default timeout (10 s) per test that calls meet."""


class Know(Greeter):  # noqa: F821 (Greeter comes from the prepended solution)
    def meet(self):
        print("HOSTILE-DONE infinite_loop")
        while True:
            pass
