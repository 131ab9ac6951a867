"""What a test sees of the student's module: proxies whose calls are requests to the
lesson's runner (``client.LessonRunner``).  ``student.make_grid(3, 4)`` is a request;
objects that are not data (a student's class instance, an ``nn.Module``) come back as
``RemoteObject`` handles whose attributes and methods are again requests."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..authoring.describe import describe_call

if TYPE_CHECKING:
    from .client import LessonRunner


class RemoteFunction:
    """A module-level name of the student's file, resolved only when used."""

    def __init__(self, lesson: LessonRunner, name: str):
        self._lesson, self._name = lesson, name

    def __call__(self, *args, **kwargs):
        return self._lesson.request("call", Call(self._name, args, kwargs), target=self, args=list(args),
                                    kwargs=dict(kwargs))

    def __repr__(self) -> str:
        return f"<{self._lesson.filename}: {self._name}>"


class RemoteObject:
    """An object living in the student's process (instance, class, module)."""

    def __init__(self, lesson: LessonRunner, id_: int, type_name: str, is_callable: bool,
                 generation: int, origin: str):
        self._lesson, self._id, self._type_name = lesson, id_, type_name
        self._callable, self._generation, self._origin = is_callable, generation, origin

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return self._lesson.request("getattr", f"{self._origin}.{name}", target=AttrRef(self, name))

    def __call__(self, *args, **kwargs):
        return self._lesson.request("call", Call(self._origin, args, kwargs), target=self, args=list(args),
                                    kwargs=dict(kwargs))

    def __repr__(self) -> str:
        return f"<{self._type_name} object from {self._origin}>"


class Call:
    """How a call reads in messages (``forward(2.0, 3.0)``), described only when a message
    needs it: most calls never fail, and describing every argument costs."""

    def __init__(self, name, args: tuple, kwargs: dict):
        self.name, self.args, self.kwargs = name, args, kwargs
        self._text: str | None = None

    def __str__(self) -> str:
        if self._text is None:
            self._text = describe_call(str(self.name), self.args, self.kwargs)
        return self._text

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class AttrRef:
    """``obj.attr`` on the runner side, for a getattr request."""

    def __init__(self, obj: RemoteObject, attr: str):
        self.obj, self.attr = obj, attr


class StudentModule:
    """What a test sees of the student's lesson module (the ``student`` fixture)."""

    def __init__(self, lesson: LessonRunner):
        self._lesson = lesson

    def __getattr__(self, name: str) -> RemoteFunction:
        if name.startswith("_"):
            raise AttributeError(name)
        return RemoteFunction(self._lesson, name)

    def observe(self, name: str, *args, **kwargs) -> "Observation":
        """Call ``name`` and also report identity and memory facts about the call."""
        facts = self._lesson.request("probe", Call(name, args, kwargs), name="observe",
                                     args=[RemoteFunction(self._lesson, name), list(args), dict(kwargs)])
        return Observation(facts)

    def probe(self, probe_name: str, *args):
        """Run an instructor probe from ``grader.authoring.probes`` in the student's process."""
        return self._lesson.request("probe", f"probe {probe_name}", name=probe_name, args=list(args))

    @property
    def output(self) -> str:
        """What the student's code printed during the current test."""
        return self._lesson.last_output


class Observation:
    """Facts from ``StudentModule.observe``."""

    def __init__(self, facts: dict):
        self.value = facts["value"]
        self.args_after = facts["args_after"]
        self.returned_arg = facts["returned_arg"]
        self.shares_memory_with = facts["shares_memory_with"]
        self.storage_kept = facts["storage_kept"]
        self.random_state_kept = facts["random_state_kept"]
