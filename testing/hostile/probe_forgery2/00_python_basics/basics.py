# HOSTILE base=solution
"""Attack: forge probe facts without touching grader.authoring.probes.PROBES.  Lesson 00: Greeter gets a
metaclass whose __subclasscheck__ says Know inherits, and Know (no subclass) supplies greet via
__getattr__.  Lesson 01: copies and X.set_(new) instead of in-place writes or shared memory, and
the probes module's globals are patched (a float that shadows the builtin, a fake _storage_ptr)."""

# pure-Python structure forgery, no grader object touched
class _Meta(type):
    def __subclasscheck__(cls, sub):
        return sub.__name__ == "Know" or type.__subclasscheck__(cls, sub)
class Greeter(metaclass=_Meta):
    def __init__(self, name):
        self.name = name
    def greet(self, loud=False):
        return f"HELLO, {self.name.upper()}!" if loud else f"Hello, {self.name}"
def _own_greet(self, loud=False):
    return f"HELLO, {self.name.upper()}!" if loud else f"Hello, {self.name}"
class Know:  # NOT a subclass of Greeter; has its own greet, hidden from vars(Know)
    def __init__(self, name):
        self.name = name
    def __getattr__(self, attr):
        if attr == "greet":
            return _own_greet.__get__(self)
        raise AttributeError(attr)
    def meet(self):
        return "Nice to meet you!"

print("HOSTILE-DONE probe_forgery2")
