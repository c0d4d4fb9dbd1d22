#!/usr/bin/python3
"""Checks `inzicht cluster --profiles` against an independent implementation: scipy.

Usage: cluster_scipy_check.py INZICHT_BINARY

Random matrices from a fixed seed (2 to 60 rows; real-valued, sparse, binary and count
data; duplicate rows, zero rows, a column of one value) are written as CSV and clustered
by the binary with every distance and linkage (ward with euclidean only), as JSON or CSV.
Each result is compared with scipy.spatial.distance.pdist and
scipy.cluster.hierarchy.linkage on the same numbers:

- Every run: each merge joins two live clusters at the smallest linkage distance between
  any two, at that height (1e-9), with the right size, where the linkage distance is
  computed from its definition (single: nearest pair, complete: farthest pair, average: mean
  over pairs, ward: sqrt(2 n_u n_v / (n_u + n_v)) times the distance of the centroids), not
  from Lance-Williams updates as inzicht and scipy compute it. Silhouettes equal
  Rousseeuw's formula computed here with numpy.
- Where no two candidate merges tie (a gap of more than 1e-6 at every step), the dendrogram
  equals scipy's linkage matrix row by row (ids, sizes; heights to 1e-9), the clusters
  equal scipy's cut_tree and fcluster (by height) as partitions, and with --auto every k's
  mean silhouette and the chosen k equal those of scipy's cuts.
- Where candidates tie, merge order may legitimately differ from scipy's; then the heights
  are compared with scipy's where ties cannot change them: single linkage (the heights of a
  minimum spanning tree), and matrices whose only ties come from identical rows.

jaccard is scipy's jaccard on the boolean view (value != 0). cosine of a zero row is NaN in
scipy; inzicht defines it (0 between two zero rows, 1 between a zero and a nonzero row), so
matrices with zero rows use that definition, computed here, as the distances to check
against. --value presence and share are checked on a count matrix against the matrix
transformed here. Exits 0 when everything agrees, 1 with the first differences otherwise.
"""

import csv
import io
import itertools
import json
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    from scipy.cluster.hierarchy import cut_tree, fcluster, linkage
    from scipy.spatial.distance import pdist, squareform
except ImportError as error:
    sys.exit(f"cluster_scipy_check: {error}; install python3-scipy (scripts/install-deps)")

TOLERANCE = 1e-9  # heights and silhouettes
TIE_GAP = 1e-6    # a step whose two best candidates are closer than this is a tie
SEED = 20240611

DISTANCES = ["jaccard", "cosine", "euclidean"]
LINKAGES = ["average", "complete", "single", "ward"]


class Matrix:
    def __init__(self, name, values, labels=None, identical_ties_only=False):
        self.name = name
        self.values = np.asarray(values, dtype=float)
        n = len(self.values)
        self.labels = labels or [f"r{i:02d}" for i in range(n)]
        # Ties, if any, come only from identical rows: any tie order gives the same heights.
        self.identical_ties_only = identical_ties_only


def matrices():
    rng = np.random.RandomState(SEED)
    result = []
    # Generic real values: cosine and euclidean do not tie, so the strict comparison applies
    # (jaccard sees only rows without a zero here: every distance 0, every step a tie).
    for n, m in [(2, 3), (3, 2), (5, 4), (8, 1), (13, 6), (21, 5), (34, 8), (60, 10)]:
        result.append(Matrix(f"uniform {n}x{m}", rng.uniform(0, 5, (n, m))))
    for n, m in [(7, 3), (25, 6)]:
        result.append(Matrix(f"normal {n}x{m}", rng.normal(0, 2, (n, m))))
    # Sparse: many zeros, so jaccard sees sets; many features keep its distances apart.
    for n, m in [(9, 120), (30, 200), (60, 400)]:
        density = rng.uniform(0.15, 0.85, (n, 1))
        mask = rng.uniform(0, 1, (n, m)) < density
        result.append(Matrix(f"sparse {n}x{m}", np.where(mask, rng.uniform(0.5, 3, (n, m)), 0)))
    # Ties: binary and small counts, as presence and coding counts are.
    result.append(Matrix("binary 12x6", rng.randint(0, 2, (12, 6))))
    result.append(Matrix("binary 40x15", rng.randint(0, 2, (40, 15))))
    result.append(Matrix("counts 20x7", rng.poisson(1.2, (20, 7))))
    # Duplicate and zero rows in generic data: ties only between identical rows.
    base = rng.uniform(0, 5, (10, 4))
    rows = np.vstack([base, base[[2, 2, 7]], np.zeros((2, 4))])
    order = rng.permutation(len(rows))
    result.append(Matrix("duplicates and zeros 15x4", rows[order], identical_ties_only=True))
    # Zero rows in generic positive data: cosine as inzicht defines it (two zero rows at 0,
    # a zero row at 1 from any other, which positive rows never reach among themselves).
    rows = np.vstack([rng.uniform(0.1, 5, (10, 4)), np.zeros((2, 4))])
    result.append(Matrix("zero rows 12x4", rows[rng.permutation(len(rows))]))
    rows = np.vstack([rng.uniform(0.1, 5, (8, 3)), np.zeros((1, 3))])
    result.append(Matrix("one zero row 9x3", rows[rng.permutation(len(rows))]))
    result.append(Matrix("identical 5x3", np.tile([1.0, 0.0, 2.0], (5, 1)),
                         identical_ties_only=True))
    result.append(Matrix("constant column 6x3",
                         np.column_stack([rng.uniform(0, 1, (6, 2)), np.ones(6)])))
    # Labels that need CSV quoting, and non-ASCII ones.
    labels = ["Jansen, P.", 'de "Vries"', "Öztürk", "École 3", "x", "# not a sheet"]
    result.append(Matrix("quoted labels 6x3", rng.uniform(0, 1, (6, 3)), labels=labels))
    return result


def write_csv(path, matrix):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["label"] + [f"f{j}" for j in range(matrix.values.shape[1])])
        for label, row in zip(matrix.labels, matrix.values):
            writer.writerow([label] + [repr(float(x)) for x in row])


def valued(values, value):
    if value == "presence":
        return (values != 0).astype(float)
    if value == "share":
        sums = values.sum(axis=1, keepdims=True)
        return np.divide(values, sums, out=np.zeros_like(values), where=sums != 0)
    return values


def condensed_distances(x, distance):
    """scipy's distances; cosine of a zero row as inzicht defines it."""
    if distance == "jaccard":
        return pdist(x != 0, "jaccard")
    if distance == "euclidean":
        return pdist(x, "euclidean")
    zero = ~np.any(x != 0, axis=1)
    if not zero.any():
        return pdist(x, "cosine")
    full = np.ones((len(x), len(x)))
    nonzero = np.flatnonzero(~zero)
    if len(nonzero) > 1:
        full[np.ix_(nonzero, nonzero)] = squareform(pdist(x[nonzero], "cosine"))
    full[np.ix_(zero, zero)] = 0
    np.fill_diagonal(full, 0)
    return squareform(full, checks=False)


def run(binary, arguments):
    completed = subprocess.run([binary] + arguments, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise AssertionError(f"inzicht {' '.join(arguments)}: exit {completed.returncode}: "
                             f"{completed.stderr.strip()}")
    return completed.stdout


def sheets_of(text, output_format):
    """Sheet name -> list of dicts with the columns' values as text or numbers."""
    if output_format == "json":
        return json.loads(text)
    # Each sheet after a line "# name"; a row of data has at least two fields.
    sheets, name, header = {}, None, None
    for row in csv.reader(io.StringIO(text, newline="")):
        if not row:
            continue
        if len(row) == 1 and row[0].startswith("# "):
            name, header = row[0][2:], None
            sheets[name] = []
        elif header is None:
            header = row
        else:
            sheets[name].append(dict(zip(header, row)))
    return sheets


def number(cell):
    return None if cell in (None, "") else float(cell)


class Result:
    """inzicht's output as item indices."""

    def __init__(self, sheets, labels):
        index = {label: i for i, label in enumerate(labels)}
        n = len(labels)

        def node(name):
            return n + int(name[1:]) - 1 if name.startswith("#") and name not in index \
                else index[name]

        self.merges = [(node(r["left"]), node(r["right"]), float(r["height"]), int(r["size"]))
                       for r in sheets["merges"]]
        self.labels = [0] * n
        for r in sheets["clusters"]:
            self.labels[index[r["case"]]] = int(r["cluster"])
        self.silhouettes = [0.0] * n
        self.mean = None
        for r in sheets["silhouettes"]:
            if r["case"] == "(mean)" and number(r["cluster"]) is None:
                self.mean = float(r["silhouette"])
            else:
                self.silhouettes[index[r["case"]]] = float(r["silhouette"])
        self.k = [(int(r["k"]), float(r["silhouette"]), r["chosen"] == "*")
                  for r in sheets.get("k", [])]


def partition(labels):
    groups = {}
    for item, label in enumerate(labels):
        groups.setdefault(label, set()).add(item)
    return frozenset(frozenset(g) for g in groups.values())


def silhouettes(square, labels):
    """Rousseeuw's silhouettes and their mean (None for one cluster or n singletons)."""
    labels = np.asarray(labels)
    n = len(labels)
    clusters = np.unique(labels)
    values = np.zeros(n)
    if len(clusters) < 2:
        return values, None
    for i in range(n):
        own = labels == labels[i]
        if own.sum() == 1:
            continue
        a = square[i, own].sum() / (own.sum() - 1)
        b = min(square[i, labels == c].mean() for c in clusters if c != labels[i])
        scale = max(a, b)
        values[i] = (b - a) / scale if scale > 0 else 0.0
    return values, (values.mean() if len(clusters) < n else None)


def linkage_distance(method, square, x, u, v):
    block = square[np.ix_(u, v)]
    if method == "single":
        return block.min()
    if method == "complete":
        return block.max()
    if method == "average":
        return block.mean()
    nu, nv = len(u), len(v)
    centroids = x[u].mean(axis=0) - x[v].mean(axis=0)
    return np.sqrt(2.0 * nu * nv / (nu + nv)) * np.sqrt(centroids @ centroids)


def replay(merges, method, square, x):
    """Checks each merge against the definition; returns the smallest gap between the best
    and the second-best candidate over all steps (inf when there is one candidate)."""
    n = len(square)
    members = {i: [i] for i in range(n)}
    between = {}
    for a, b in itertools.combinations(range(n), 2):
        between[(a, b)] = square[a, b]
    smallest_gap = float("inf")
    if len(merges) != n - 1:
        raise AssertionError(f"{len(merges)} merges for {n} items")
    for step, (left, right, height, size) in enumerate(merges):
        if left not in members or right not in members or left >= right:
            raise AssertionError(f"merge {step + 1} joins {left} and {right}, not two live "
                                 "clusters in order")
        ranked = sorted(between.values())
        best = ranked[0]
        if len(ranked) > 1:
            smallest_gap = min(smallest_gap, ranked[1] - best)
        chosen = between[(left, right)]
        scale = max(1.0, abs(best))
        if chosen - best > TOLERANCE * scale:
            raise AssertionError(f"merge {step + 1} joins {left} and {right} at {chosen}, but "
                                 f"the nearest clusters are at {best}")
        if abs(height - chosen) > TOLERANCE * scale:
            raise AssertionError(f"merge {step + 1} is at height {height}, the clusters are "
                                 f"at {chosen}")
        if size != len(members[left]) + len(members[right]):
            raise AssertionError(f"merge {step + 1} has size {size}")
        union = members.pop(left) + members.pop(right)
        between = {key: d for key, d in between.items()
                   if left not in key and right not in key}
        new = n + step
        for other, items in members.items():
            between[(other, new)] = linkage_distance(method, square, x, items, union)
        members[new] = union
    return smallest_gap


class Checker:
    def __init__(self, binary, directory):
        self.binary = binary
        self.directory = directory
        self.failures = []
        self.counts = {"runs": 0, "strict": 0, "ties": 0, "tie heights vs scipy": 0}

    def fail(self, where, message):
        self.failures.append(f"{where}: {message}")

    def check(self, matrix, distance, method, value, k, output_format, path):
        where = (f"{matrix.name} --distance {distance} --linkage {method} --value {value} "
                 f"--k {k} --format {output_format}")
        x = valued(matrix.values, value)
        n = len(x)
        condensed = condensed_distances(x, distance)
        square = squareform(condensed)
        arguments = ["cluster", "--profiles", path, "--distance", distance, "--linkage", method,
                     "--value", value, "--format", output_format]
        try:
            result = Result(sheets_of(run(self.binary, arguments + ["--k", str(k)]),
                                      output_format), matrix.labels)
            self.counts["runs"] += 1
            gap = replay(result.merges, method, square, x)
            k_used = min(k, n)
            if len(set(result.labels)) != k_used:
                self.fail(where, f"{len(set(result.labels))} clusters, not {k_used}")
            expected, mean = silhouettes(square, result.labels)
            self.compare_silhouettes(where, result, expected, mean)

            z = linkage(condensed, method)
            heights = np.array([m[2] for m in result.merges])
            strict = gap > TIE_GAP * max(1.0, float(np.max(condensed, initial=0)))
            if strict:
                self.counts["strict"] += 1
                self.compare_strict(where, result, z, heights, square, k_used)
                self.compare_auto(where, arguments, matrix, z, square)
            else:
                self.counts["ties"] += 1
                if method == "single" or matrix.identical_ties_only:
                    self.counts["tie heights vs scipy"] += 1
                    if not np.allclose(heights, z[:, 2], rtol=0, atol=TOLERANCE):
                        self.fail(where, f"heights {heights} differ from scipy's {z[:, 2]}")
        except AssertionError as error:
            self.fail(where, str(error))

    def compare_silhouettes(self, where, result, expected, mean):
        if not np.allclose(result.silhouettes, expected, rtol=0, atol=TOLERANCE):
            self.fail(where, f"silhouettes {result.silhouettes} differ from {list(expected)}")
        if (mean is None) != (result.mean is None) or \
                (mean is not None and abs(mean - result.mean) > TOLERANCE):
            self.fail(where, f"mean silhouette {result.mean}, expected {mean}")

    def compare_strict(self, where, result, z, heights, square, k_used):
        n = len(square)
        ids = [(int(a), int(b), int(size)) for a, b, _, size in z]
        ours = [(a, b, size) for a, b, _, size in result.merges]
        if ids != ours:
            self.fail(where, f"merges {ours} differ from scipy's {ids}")
        if not np.allclose(heights, z[:, 2], rtol=0, atol=TOLERANCE):
            self.fail(where, f"heights {heights} differ from scipy's {z[:, 2]}")
        scipy_cut = cut_tree(z, n_clusters=k_used)[:, 0]
        if partition(result.labels) != partition(scipy_cut):
            self.fail(where, f"clusters {result.labels} differ from scipy's cut_tree "
                      f"{list(scipy_cut)}")
        # fcluster at a height between the last merge kept and the first one undone. Not
        # criterion="maxclust": scipy before 1.15 can return fewer clusters than asked for
        # (scipy issue 12651, fixed by pull request 21121), and Debian 12 has 1.10.1.
        kept = z[n - k_used - 1, 2] if k_used < n else 0.0
        undone = z[n - k_used, 2] if k_used > 1 else kept + 1.0
        if kept < undone:
            flat = fcluster(z, (kept + undone) / 2, criterion="distance")
            if partition(result.labels) != partition(flat):
                self.fail(where, f"clusters {result.labels} differ from scipy's fcluster "
                          f"{list(flat)}")

    def compare_auto(self, where, arguments, matrix, z, square):
        n = len(square)
        output_format = arguments[arguments.index("--format") + 1]
        result = Result(sheets_of(run(self.binary, arguments + ["--auto"]), output_format),
                        matrix.labels)
        self.counts["runs"] += 1
        cuts = cut_tree(z)
        expected = [(k, silhouettes(square, cuts[:, n - k])[1]) for k in range(2, n)]
        got = [(k, s) for k, s, _ in result.k]
        if [k for k, _ in got] != [k for k, _ in expected] or not np.allclose(
                [s for _, s in got], [s for _, s in expected], rtol=0, atol=TOLERANCE):
            self.fail(where + " --auto", f"k sheet {got} differs from {expected}")
            return
        if expected:
            best = max(s for _, s in expected)
            # Scores within rounding of the best may win either way (ties go to the smaller k).
            candidates = [k for k, s in expected if s >= best - TOLERANCE]
            chosen = [k for k, _, star in result.k if star]
            if len(chosen) != 1 or chosen[0] not in candidates:
                self.fail(where + " --auto", f"chose k {chosen}, expected {candidates[0]}")
            elif partition(result.labels) != partition(cuts[:, n - chosen[0]]):
                self.fail(where + " --auto", "clusters differ from scipy's cut")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="inzicht-scipy-") as directory:
        checker = Checker(binary, directory)
        run_index = 0
        for number_, matrix in enumerate(matrices()):
            path = os.path.join(directory, f"matrix{number_}.csv")
            write_csv(path, matrix)
            n = len(matrix.values)
            values = ["raw"] + (["presence", "share"] if matrix.name.startswith("counts") else [])
            for value, distance, method in itertools.product(values, DISTANCES, LINKAGES):
                if method == "ward" and distance != "euclidean":
                    continue
                k = [2, 3, n, 1, n + 5, 5][run_index % 6]
                output_format = ["json", "csv"][run_index % 2]
                run_index += 1
                checker.check(matrix, distance, method, value, k, output_format, path)
        counts = ", ".join(f"{key} {count}" for key, count in checker.counts.items())
        if checker.failures:
            print(f"{len(checker.failures)} difference(s) from scipy ({counts}):")
            for failure in checker.failures[:20]:
                print("  " + failure)
            return 1
        if checker.counts["strict"] < 40:
            print(f"too few strict comparisons ({counts}): the random matrices tie too often")
            return 1
        print(f"inzicht agrees with scipy: {counts}")
        return 0


if __name__ == "__main__":
    sys.exit(main())
