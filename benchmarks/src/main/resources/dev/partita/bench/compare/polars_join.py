"""Times one db-benchmark join question on Polars, end-to-end from the files, for Partita's Compare harness.

Each run reads x and the right-hand table afresh (CSV with read_csv, Parquet with read_parquet), joins them as
db-benchmark's Polars solution does, holds the joined rows and computes db-benchmark's check: rows, columns,
sum of v1 and of v2. Prints one line "seconds S" per timed run, then writes the last check (untimed) as CSV.

    python3 polars_join.py --x J1_1e7_NA_0_0.csv --y J1_1e7_1e1_0_0.csv --question q1 --answer q1.csv \
        --warmup 1 --runs 3 --threads 2
"""

import argparse
import csv
import gc
import os
import time

# The question, the join key and the kind of join, as in db-benchmark's Polars solution.
QUESTIONS = {"q1": ("id1", "inner"), "q2": ("id2", "inner"), "q3": ("id2", "left"), "q4": ("id5", "inner"),
             "q5": ("id3", "inner")}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--x", required=True)
    parser.add_argument("--y", required=True)
    parser.add_argument("--question", required=True, choices=sorted(QUESTIONS))
    parser.add_argument("--answer", required=True)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    # Polars sizes its thread pool once, when it is imported.
    os.environ["POLARS_MAX_THREADS"] = str(args.threads)
    import polars as pl

    def read(path):
        return pl.read_parquet(path) if path.endswith(".parquet") else pl.read_csv(path)

    key, how = QUESTIONS[args.question]
    check = None
    for run in range(args.warmup + args.runs):
        gc.collect()
        start = time.perf_counter()
        ans = read(args.x).join(read(args.y), on=key, how=how)
        check = (ans.height, ans.width, ans["v1"].sum(), ans["v2"].sum())
        seconds = time.perf_counter() - start
        del ans
        if run >= args.warmup:
            print(f"seconds {seconds!r}", flush=True)
    with open(args.answer, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["rows", "columns", "v1", "v2"])
        out.writerow([check[0], check[1], repr(float(check[2])), repr(float(check[3]))])


if __name__ == "__main__":
    main()
