# HOSTILE base=solution
"""Attack A11: look for the expected value in the caller's frames, in every thread's
frames and among all objects the garbage collector knows; return it if found."""
import gc
import sys

NAMES = {"expected", "expect", "want", "wanted", "reference", "answer", "target", "truth"}
TRUSTED_TYPES = {"GradingPlugin", "LessonRunner", "TestResult", "TestReport", "Function", "Session",
                 "Config", "CallInfo", "StudentModule"}


def _frames():
    seen = []
    for start in [sys._getframe(1), *sys._current_frames().values()]:
        f, depth = start, 0
        while f is not None and depth < 200:
            seen.append(f)
            f, depth = f.f_back, depth + 1
    return seen


def _hunt(accept):
    found, chain = [], []
    for f in _frames():
        chain.append(f.f_code.co_name)
        for key, value in list(f.f_locals.items()):
            if key in NAMES and accept(value):
                found.append(value)
                print(f"LEAK:frame:{f.f_code.co_name}:{key}")
    trusted = sorted({type(o).__name__ for o in gc.get_objects()
                      if type(o).__name__ in TRUSTED_TYPES
                      and (type(o).__module__ or "").startswith(("_pytest", "grader.trusted"))})
    for name in trusted:
        print(f"LEAK:gc:{name}")
    print("HOSTILE-NOTE frames:", "<".join(chain[:12]))
    return found


def sign(x):
    found = _hunt(lambda v: v in ("positive", "negative", "zero"))
    return found[0] if found else "WRONG"


def greet(name, loud=False):
    found = _hunt(lambda v: isinstance(v, str) and "ello" in v.lower())
    return found[0] if found else "WRONG"


print("HOSTILE-DONE frame_introspection")
