"""Times one db-benchmark groupby question on dask, end-to-end from the CSV, for Partita's Compare harness.

Each run reads the CSV afresh with dd.read_csv (only the columns the question uses, with db-benchmark's
dtypes) and computes the answer with the threaded scheduler. The questions follow db-benchmark's dask
solution; the answers' columns are named as in Compare's SQL so that they compare with DuckDB's.

Prints one line "seconds S" per timed run, then writes the last run's answer (untimed) as CSV and prints
"rows N". A question this dask cannot answer prints "n/a REASON" instead and exits 0; any other failure
leaves a traceback on stderr and exits 1.

    python3 dask_groupby.py --csv G1.csv --question q1 --warmup 1 --runs 3 --threads 2 --answer q1.csv
"""

import argparse
import gc
import time

import dask
import dask.dataframe as dd
import pandas as pd

DTYPES = {
    "id1": "category", "id2": "category", "id3": "category",
    "id4": "int32", "id5": "int32", "id6": "int32",
    "v1": "int32", "v2": "int32", "v3": "float64",
}
# The data has no missing values; the groups of categorical keys are those that occur.
BY = {"observed": True}

QUESTIONS = {}


def question(qid, *columns):
    """Registers a question: its id, the CSV columns it reads, and a function of the frame and compute."""
    def register(ask):
        QUESTIONS[qid] = (list(columns), ask)
        return ask
    return register


@question("q1", "id1", "v1")
def sum_v1_by_id1(x, compute):
    return compute(x.groupby("id1", **BY).agg({"v1": "sum"})).reset_index()


@question("q2", "id1", "id2", "v1")
def sum_v1_by_id1_id2(x, compute):
    return compute(x.groupby(["id1", "id2"], **BY).agg({"v1": "sum"})).reset_index()


@question("q3", "id3", "v1", "v3")
def sum_v1_mean_v3_by_id3(x, compute):
    return compute(x.groupby("id3", **BY).agg({"v1": "sum", "v3": "mean"})).reset_index()


@question("q4", "id4", "v1", "v2", "v3")
def mean_v1_v3_by_id4(x, compute):
    return compute(x.groupby("id4", **BY).agg({"v1": "mean", "v2": "mean", "v3": "mean"})).reset_index()


@question("q5", "id6", "v1", "v2", "v3")
def sum_v1_v3_by_id6(x, compute):
    return compute(x.groupby("id6", **BY).agg({"v1": "sum", "v2": "sum", "v3": "sum"})).reset_index()


@question("q6", "id4", "id5", "v3")
def median_v3_sd_v3_by_id4_id5(x, compute):
    # dask takes a groupby median only through a shuffle of the groups.
    ans = compute(x.groupby(["id4", "id5"], **BY).agg({"v3": ["median", "std"]}, shuffle="tasks"))
    ans.columns = ["median_v3", "sd_v3"]
    return ans.reset_index()


@question("q7", "id3", "v1", "v2")
def max_v1_minus_min_v2_by_id3(x, compute):
    ans = (x.groupby("id3", **BY).agg({"v1": "max", "v2": "min"})
           .assign(range_v1_v2=lambda a: a["v1"] - a["v2"])[["range_v1_v2"]])
    return compute(ans).reset_index()


@question("q8", "id6", "v3")
def largest_two_v3_by_id6(x, compute):
    # Only v3 in each group's frame: pandas 3 leaves the key out of it (pandas 1.5 put it in), so the key is
    # taken from the result's index in both.
    ans = compute(x.groupby("id6", **BY)[["v3"]]
                  .apply(lambda g: g.nlargest(2, columns="v3"), meta={"v3": "float64"}))
    return ans.reset_index(level=0).reset_index(drop=True).rename(columns={"v3": "largest2_v3"})


@question("q9", "id2", "id4", "v1", "v2")
def regression_v1_v2_by_id2_id4(x, compute):
    # Not groupby(...)[["v1", "v2"]]: dask 2022.12 drops observed=True there and adds every unobserved pair.
    ans = (x.groupby(["id2", "id4"], **BY)
           .apply(lambda g: pd.Series({"r2": g["v1"].corr(g["v2"]) ** 2}), meta={"r2": "float64"}))
    return compute(ans).reset_index()


@question("q10", "id1", "id2", "id3", "id4", "id5", "id6", "v1", "v3")
def sum_v3_count_by_id1_id6(x, compute):
    keys = ["id1", "id2", "id3", "id4", "id5", "id6"]
    ans = (x.groupby(keys, sort=False, **BY).agg({"v3": "sum", "v1": "size"}, split_out=x.npartitions)
           .rename(columns={"v1": "count"}))
    return compute(ans).reset_index()


@question("mean", "v3")
def mean_v3(x, compute):
    return pd.DataFrame({"v3": [compute(x["v3"].mean())]})


@question("count", "v1")
def count_rows(x, compute):
    return pd.DataFrame({"count": [compute(x["v1"].size)]})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", required=True, help="the db-benchmark G1 CSV file")
    parser.add_argument("--question", required=True, choices=sorted(QUESTIONS))
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs before the timed ones")
    parser.add_argument("--runs", type=int, default=3, help="timed runs")
    parser.add_argument("--threads", type=int, default=2, help="workers of the threaded scheduler")
    parser.add_argument("--answer", required=True, help="where the last run's answer is written as CSV")
    args = parser.parse_args()

    columns, ask = QUESTIONS[args.question]
    dtypes = {c: DTYPES[c] for c in columns}

    def compute(lazy):
        return lazy.compute(scheduler="threads", num_workers=args.threads)

    # groupby-apply (q8, q9) shuffles the rows by group: in memory, not through partd's files on disk,
    # dask's default without a distributed client.
    with dask.config.set(shuffle="tasks"):
        for run in range(args.warmup + args.runs):
            answer = None
            gc.collect()
            start = time.perf_counter()
            try:
                x = dd.read_csv(args.csv, usecols=columns, dtype=dtypes, na_filter=False)
                answer = ask(x, compute)
            except NotImplementedError as e:
                print(f"n/a dask {dask.__version__} raises NotImplementedError: {e}", flush=True)
                return
            seconds = time.perf_counter() - start
            if run >= args.warmup:
                print(f"seconds {seconds!r}", flush=True)
    # pandas has no null float: NaN stands for both (Compare reads DuckDB's nulls as NaN for dask).
    answer.to_csv(args.answer, index=False, na_rep="NaN")
    print(f"rows {len(answer)}", flush=True)


if __name__ == "__main__":
    main()
