"""What lesson 09's public and hidden tests share (shipped with the public tests): the
tolerances of a sum of products."""

# Sums of products add terms in an order the student chooses (loops or vectorised).
SUM = {"rtol": 1e-5, "atol": 1e-5}
