"""The trusted side: the process that runs pytest, holds expected values and decides
scores.  It never imports student code; it talks to runners through ``client``.

``intake`` (find and stage submissions), ``warm_start`` (start the zygote for a course),
``session`` (run the lesson tests of one submission), ``plugin`` (the fixtures and markers
tests use), ``client`` and ``remote`` (requests to the student's runner, and the proxies
tests call), ``outcomes`` (how a request can end), ``results`` (the results model).

Grading a class (``grader grade``): ``grading_run`` (one run, made from its arguments),
``workers`` (the warm parent and the trusted worker it forks per submission), ``pool``
(workers on this machine) or ``cluster`` and ``service`` (on Dask workers), ``identity``
(report folders) and ``reuse`` (what a rerun may keep)."""
