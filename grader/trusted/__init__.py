"""The trusted side: the process that runs pytest, holds expected values and decides
scores.  It never imports student code; it talks to runners through ``client``.

``intake`` (find and stage submissions), ``lesson_files`` (which files of a lesson folder
are graded, and where a misplaced module was found), ``notebooks`` (a lesson handed in as a
notebook, graded as the module its code cells make), ``warm_start`` (start the zygote for a
course), ``session`` (run the lesson tests of one submission), ``plugin`` (the fixtures and
markers tests use), ``client`` and ``remote`` (requests to the student's runner, and the proxies
tests call), ``outcomes`` (how a request can end), ``results`` (the report model), ``mistakes``
(the lesson's catalogue of known mistakes, and a mistake's submission), ``behaviour`` (a
test's calls and what came back, as call logs), ``diagnosis`` (naming the known mistake a
student's failures show), ``known_store`` (the known mistakes' behaviour: the instructors'
cache and the part a student's copy carries), ``unwritten`` (the functions a submission has not
written yet, from its stubs' failures).

Grading a class (``grader grade``): ``grading_run`` (one run, made from its arguments),
``cuda_host`` (whether the CUDA tests run here, decided once by doing it) and ``cuda_slots``
(how many workers use the GPU at once), ``workers`` (the warm parent and the trusted worker
it forks per submission), ``pool`` (workers on this machine) or ``cluster`` and ``service``
(on Dask workers), ``identity`` (student ids and their report folders), ``reuse`` (what a
rerun may keep) and ``known_mistakes`` (what each known mistake does, computed once per course version)."""
