"""Tools for the course's maintainers, not used when grading and not shipped to students.

``bench`` (``make bench``: our grading against its ``naive`` baseline, one pytest process
per submission), ``diagnosis_bench`` (``make bench-diagnosis``: how well the grader names
mistakes, on the catalogue and on the blind set that ``blind_set`` builds), ``classbench``
(``make bench-class``: the cost of grading a whole class), ``similarity_bench`` (``make
bench-similarity``: planted copies found, time and memory) with ``similarity_class`` (a generated
class with planted copies), ``examples`` (builds the example class ``make grade`` grades,
with the known mistakes of ``trusted.mistakes``), and ``gpu_check`` (``make gpu-check``: grading on
a GPU host, checked in one command)."""
