"""``grader similarity``: pairs of students ranked by the code they share, for a person to
review (nothing here changes a score; student code is only read as text, never run).

- ``fingerprints``: a module's text as tokens (local names masked, API names kept) and the
  hashes of its k-grams of tokens (copydetect's hashing and winnowing), mapped back to lines.
- ``documents``: the class's lesson modules, found with ``trusted.intake`` (folders, clones,
  zips; notebooks as the module their cells make) and what every student was given.
- ``ranking``: per lesson, an inverted index fingerprint -> students without the given code
  and the fingerprints many students share; pairs scored by their distinctive shared lines,
  each student against the reference solution before that filter; summed over lessons.
- ``pages``: ``pairs.csv``, ``index.html`` and a side-by-side page per top pair.
"""
