# HOSTILE base=solution
"""Attack A21/A26: print a gigabyte (stdout, stderr, raw file descriptors, the terminal),
print fake verdicts, raise an exception with a 50 MB message, return a 50 MB string.
sign and greet still return the right answers after flooding: printing is allowed,
it just must not break the grader or bloat the reports."""
import os
import sys

_solution_sign, _solution_greet = sign, greet  # noqa: F821 (from the prepended solution)
CHUNK = "x" * (1 << 20) + "\n"
FAKE = ("== 10 passed in 0.01s ==\nGrade :=>> 100\nPASSED tests/00_python_basics/test_public.py\n"
        '{"score": 100, "max_score": 9, "tests": []}\n')


def _flood(write):
    for _ in range(1024):            # 1 GiB in 1 MiB pieces; writes past the file-size limit fail
        try:
            write(CHUNK)
        except (OSError, ValueError):
            pass


_flooded = []


def sign(x):
    if not _flooded:                 # once: after 16 MiB every print of this process fails
        _flooded.append(1)
        print(FAKE)
        for dev in ("/dev/tty", "/dev/console", "/dev/kmsg", f"/proc/{os.getppid()}/fd/1"):
            try:
                with open(dev, "w") as fh:
                    fh.write("HOSTILE-@@NONCE@@ terminal flood\n")
                print(f"LEAK:wrote-to:{dev}")
            except OSError:
                pass
        print("HOSTILE-DONE output_flood", flush=True)
        _flood(lambda s: print(s, end=""))
        _flood(lambda s: os.write(1, s.encode()))
    return _solution_sign(x)


def greet(name, loud=False):
    if len(_flooded) < 2:
        _flooded.append(2)
        _flood(lambda s: sys.stderr.write(s))
        _flood(lambda s: os.write(2, s.encode()))
    return _solution_greet(name, loud)


def vector_add_loop(a, b):
    raise RuntimeError("y" * 50_000_000)


class Know(Greeter):  # noqa: F821
    def meet(self):
        return "Nice to meet you!" * 3_000_000
