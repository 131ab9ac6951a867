"""The trusted side: the process that runs pytest, holds expected values and decides
scores.  It never imports student code; it talks to runners through ``client``.

``intake`` (find and stage submissions), ``lesson_files`` (which files of a lesson folder
are graded, and where a misplaced module was found), ``warm_start`` (start the zygote for a course),
``session`` (run the lesson tests of one submission), ``plugin`` (the fixtures and markers
tests use), ``client`` and ``remote`` (requests to the student's runner, and the proxies
tests call), ``outcomes`` (how a request can end), ``results`` (the results model)."""
