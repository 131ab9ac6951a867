"""The trusted side: the process that runs pytest, holds expected values and decides
scores.  It never imports student code; it talks to runners through ``client``.

``intake`` (find and stage submissions), ``lesson_files`` (which files of a lesson folder
are graded, and where a misplaced module was found), ``notebooks`` (a lesson handed in as a notebook,
graded as the module its code cells make), ``identity`` (student ids and their report
folders), ``warm_start`` (start the zygote for a course), ``session`` (run the lesson tests
of one submission), ``plugin`` (the fixtures and markers tests use), ``client`` and
``remote`` (requests to the student's runner, and the proxies tests call), ``outcomes``
(how a request can end), ``results`` (the results model), ``reuse`` (what lets a rerun
reuse earlier results), ``service`` (a warm grading service) and ``cluster`` (grading on
a Dask cluster, one service per worker)."""
