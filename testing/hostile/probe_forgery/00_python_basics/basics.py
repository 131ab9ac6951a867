# HOSTILE base=solution
"""Attack: forge the facts that instructor probes report from inside the student's
process.  Know does not inherit from Greeter and defines its own greet (both forbidden),
and the probes is_subclass/defines, which run in this process, are replaced so that they
say otherwise.  Everything Know returns is correct, so only the probes stand between
this file and the points for inheritance."""
import sys

_probes = sys.modules.get("grader.authoring.probes")
if _probes is not None:
    _probes.PROBES["is_subclass"] = lambda runner, cls, base: True
    _probes.PROBES["defines"] = lambda runner, obj, name: False
    print("HOSTILE-NOTE grader.authoring.probes patched")


class Know:  # not a subclass of Greeter
    def __init__(self, name):
        self.name = name

    def greet(self, loud=False):
        return f"HELLO, {self.name.upper()}!" if loud else f"Hello, {self.name}"

    def meet(self):
        return "Nice to meet you!"


print("HOSTILE-DONE probe_forgery")
