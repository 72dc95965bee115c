"""Times one TPC-H query on Polars, from the files to the collected answer, for Partita's Tpch harness.

The 22 queries are written as the Polars TPC-H suite writes them (lazy frames, joins in the SQL's order,
the correlated subqueries as joins with aggregates), with the specification's validation parameters. Money
is read as Float64, as in that suite's data. Prints one line "seconds S" per timed run, then writes the last
answer (untimed) as Parquet.

    python3 polars_tpch.py --data tpch-sf1/parquet --format parquet --query 3 --answer q3.parquet \
        --warmup 1 --runs 3 --threads 2
"""

import argparse
import gc
import os
import time
from datetime import date

MONEY = {"l_quantity", "l_extendedprice", "l_discount", "l_tax", "o_totalprice", "c_acctbal", "s_acctbal",
         "p_retailprice", "ps_supplycost"}


def queries(pl, t):
    def revenue():
        return pl.col("l_extendedprice") * (1 - pl.col("l_discount"))

    def q1():
        return (t("lineitem").filter(pl.col("l_shipdate") <= date(1998, 9, 2))
                .group_by("l_returnflag", "l_linestatus")
                .agg(pl.sum("l_quantity").alias("sum_qty"), pl.sum("l_extendedprice").alias("sum_base_price"),
                     revenue().sum().alias("sum_disc_price"),
                     (revenue() * (1 + pl.col("l_tax"))).sum().alias("sum_charge"),
                     pl.mean("l_quantity").alias("avg_qty"), pl.mean("l_extendedprice").alias("avg_price"),
                     pl.mean("l_discount").alias("avg_disc"), pl.len().alias("count_order"))
                .sort("l_returnflag", "l_linestatus"))

    def q2():
        europe = (t("region").filter(pl.col("r_name") == "EUROPE")
                  .join(t("nation"), left_on="r_regionkey", right_on="n_regionkey")
                  .join(t("supplier"), left_on="n_nationkey", right_on="s_nationkey")
                  .join(t("partsupp"), left_on="s_suppkey", right_on="ps_suppkey"))
        candidates = (t("part").filter(pl.col("p_size") == 15, pl.col("p_type").str.ends_with("BRASS"))
                      .join(europe, left_on="p_partkey", right_on="ps_partkey"))
        return (candidates
                .filter(pl.col("ps_supplycost") == pl.col("ps_supplycost").min().over("p_partkey"))
                .select("s_acctbal", "s_name", "n_name", "p_partkey", "p_mfgr", "s_address", "s_phone", "s_comment")
                .sort(["s_acctbal", "n_name", "s_name", "p_partkey"], descending=[True, False, False, False])
                .head(100))

    def q3():
        day = date(1995, 3, 15)
        return (t("customer").filter(pl.col("c_mktsegment") == "BUILDING")
                .join(t("orders").filter(pl.col("o_orderdate") < day), left_on="c_custkey", right_on="o_custkey")
                .join(t("lineitem").filter(pl.col("l_shipdate") > day), left_on="o_orderkey", right_on="l_orderkey")
                .group_by("o_orderkey", "o_orderdate", "o_shippriority")
                .agg(revenue().sum().alias("revenue"))
                .select(pl.col("o_orderkey").alias("l_orderkey"), "revenue", "o_orderdate", "o_shippriority")
                .sort(["revenue", "o_orderdate"], descending=[True, False])
                .head(10))

    def q4():
        late = t("lineitem").filter(pl.col("l_commitdate") < pl.col("l_receiptdate"))
        return (t("orders").filter(pl.col("o_orderdate").is_between(date(1993, 7, 1), date(1993, 10, 1),
                                                                     closed="left"))
                .join(late, left_on="o_orderkey", right_on="l_orderkey", how="semi")
                .group_by("o_orderpriority").agg(pl.len().alias("order_count"))
                .sort("o_orderpriority"))

    def q5():
        return (t("region").filter(pl.col("r_name") == "ASIA")
                .join(t("nation"), left_on="r_regionkey", right_on="n_regionkey")
                .join(t("customer"), left_on="n_nationkey", right_on="c_nationkey")
                .join(t("orders").filter(pl.col("o_orderdate").is_between(date(1994, 1, 1), date(1995, 1, 1),
                                                                           closed="left")),
                      left_on="c_custkey", right_on="o_custkey")
                .join(t("lineitem"), left_on="o_orderkey", right_on="l_orderkey")
                .join(t("supplier"), left_on=["l_suppkey", "n_nationkey"], right_on=["s_suppkey", "s_nationkey"])
                .group_by("n_name").agg(revenue().sum().alias("revenue"))
                .sort("revenue", descending=True))

    def q6():
        return (t("lineitem")
                .filter(pl.col("l_shipdate").is_between(date(1994, 1, 1), date(1995, 1, 1), closed="left"),
                        pl.col("l_discount").is_between(0.05, 0.07), pl.col("l_quantity") < 24)
                .select((pl.col("l_extendedprice") * pl.col("l_discount")).sum().alias("revenue")))

    def q7():
        pair = t("nation").filter(pl.col("n_name").is_in(["FRANCE", "GERMANY"]))
        suppliers = (pair.select(pl.col("n_nationkey"), pl.col("n_name").alias("supp_nation"))
                     .join(t("supplier"), left_on="n_nationkey", right_on="s_nationkey"))
        customers = (pair.select(pl.col("n_nationkey"), pl.col("n_name").alias("cust_nation"))
                     .join(t("customer"), left_on="n_nationkey", right_on="c_nationkey"))
        return (t("lineitem").filter(pl.col("l_shipdate").is_between(date(1995, 1, 1), date(1996, 12, 31)))
                .join(suppliers, left_on="l_suppkey", right_on="s_suppkey")
                .join(t("orders"), left_on="l_orderkey", right_on="o_orderkey")
                .join(customers, left_on="o_custkey", right_on="c_custkey")
                .filter(pl.col("supp_nation") != pl.col("cust_nation"))
                .group_by("supp_nation", "cust_nation", pl.col("l_shipdate").dt.year().alias("l_year"))
                .agg(revenue().sum().alias("revenue"))
                .sort("supp_nation", "cust_nation", "l_year"))

    def q8():
        america = (t("region").filter(pl.col("r_name") == "AMERICA")
                   .join(t("nation"), left_on="r_regionkey", right_on="n_regionkey")
                   .join(t("customer"), left_on="n_nationkey", right_on="c_nationkey"))
        return (t("lineitem")
                .join(t("part").filter(pl.col("p_type") == "ECONOMY ANODIZED STEEL"), left_on="l_partkey",
                      right_on="p_partkey")
                .join(t("orders").filter(pl.col("o_orderdate").is_between(date(1995, 1, 1), date(1996, 12, 31))),
                      left_on="l_orderkey", right_on="o_orderkey")
                .join(america.select("c_custkey"), left_on="o_custkey", right_on="c_custkey")
                .join(t("supplier"), left_on="l_suppkey", right_on="s_suppkey")
                .join(t("nation").select("n_nationkey", "n_name"), left_on="s_nationkey", right_on="n_nationkey")
                .with_columns(revenue().alias("volume"), pl.col("o_orderdate").dt.year().alias("o_year"))
                .group_by("o_year")
                .agg((pl.when(pl.col("n_name") == "BRAZIL").then(pl.col("volume")).otherwise(0).sum()
                      / pl.col("volume").sum()).alias("mkt_share"))
                .sort("o_year"))

    def q9():
        return (t("lineitem")
                .join(t("part").filter(pl.col("p_name").str.contains("green", literal=True)), left_on="l_partkey",
                      right_on="p_partkey")
                .join(t("partsupp"), left_on=["l_suppkey", "l_partkey"], right_on=["ps_suppkey", "ps_partkey"])
                .join(t("supplier"), left_on="l_suppkey", right_on="s_suppkey")
                .join(t("orders"), left_on="l_orderkey", right_on="o_orderkey")
                .join(t("nation"), left_on="s_nationkey", right_on="n_nationkey")
                .group_by(pl.col("n_name").alias("nation"), pl.col("o_orderdate").dt.year().alias("o_year"))
                .agg((revenue() - pl.col("ps_supplycost") * pl.col("l_quantity")).sum().alias("sum_profit"))
                .sort(["nation", "o_year"], descending=[False, True]))

    def q10():
        return (t("customer")
                .join(t("orders").filter(pl.col("o_orderdate").is_between(date(1993, 10, 1), date(1994, 1, 1),
                                                                           closed="left")),
                      left_on="c_custkey", right_on="o_custkey")
                .join(t("lineitem").filter(pl.col("l_returnflag") == "R"), left_on="o_orderkey",
                      right_on="l_orderkey")
                .join(t("nation"), left_on="c_nationkey", right_on="n_nationkey")
                .group_by("c_custkey", "c_name", "c_acctbal", "c_phone", "n_name", "c_address", "c_comment")
                .agg(revenue().sum().alias("revenue"))
                .select("c_custkey", "c_name", "revenue", "c_acctbal", "n_name", "c_address", "c_phone",
                        "c_comment")
                .sort("revenue", descending=True)
                .head(20))

    def q11():
        germany = (t("partsupp").join(t("supplier"), left_on="ps_suppkey", right_on="s_suppkey")
                   .join(t("nation").filter(pl.col("n_name") == "GERMANY"), left_on="s_nationkey",
                         right_on="n_nationkey")
                   .with_columns((pl.col("ps_supplycost") * pl.col("ps_availqty")).alias("value")))
        threshold = germany.select((pl.sum("value") * 0.0001).alias("threshold"))
        return (germany.group_by("ps_partkey").agg(pl.sum("value"))
                .join(threshold, how="cross")
                .filter(pl.col("value") > pl.col("threshold"))
                .select("ps_partkey", "value")
                .sort("value", descending=True))

    def q12():
        high = pl.col("o_orderpriority").is_in(["1-URGENT", "2-HIGH"])
        return (t("orders")
                .join(t("lineitem"), left_on="o_orderkey", right_on="l_orderkey")
                .filter(pl.col("l_shipmode").is_in(["MAIL", "SHIP"]), pl.col("l_commitdate") < pl.col("l_receiptdate"),
                        pl.col("l_shipdate") < pl.col("l_commitdate"),
                        pl.col("l_receiptdate").is_between(date(1994, 1, 1), date(1995, 1, 1), closed="left"))
                .group_by("l_shipmode")
                .agg(pl.when(high).then(1).otherwise(0).sum().alias("high_line_count"),
                     pl.when(high).then(0).otherwise(1).sum().alias("low_line_count"))
                .sort("l_shipmode"))

    def q13():
        orders = t("orders").filter(~pl.col("o_comment").str.contains("special.*requests"))
        return (t("customer").join(orders, left_on="c_custkey", right_on="o_custkey", how="left")
                .group_by("c_custkey").agg(pl.col("o_orderkey").count().alias("c_count"))
                .group_by("c_count").agg(pl.len().alias("custdist"))
                .sort(["custdist", "c_count"], descending=[True, True]))

    def q14():
        return (t("lineitem")
                .filter(pl.col("l_shipdate").is_between(date(1995, 9, 1), date(1995, 10, 1), closed="left"))
                .join(t("part"), left_on="l_partkey", right_on="p_partkey")
                .select((100.0 * pl.when(pl.col("p_type").str.starts_with("PROMO")).then(revenue()).otherwise(0)
                         .sum() / revenue().sum()).alias("promo_revenue")))

    def q15():
        rev = (t("lineitem").filter(pl.col("l_shipdate").is_between(date(1996, 1, 1), date(1996, 4, 1),
                                                                     closed="left"))
               .group_by("l_suppkey").agg(revenue().sum().alias("total_revenue")))
        return (t("supplier").join(rev, left_on="s_suppkey", right_on="l_suppkey")
                .filter(pl.col("total_revenue") == pl.col("total_revenue").max())
                .select("s_suppkey", "s_name", "s_address", "s_phone", "total_revenue")
                .sort("s_suppkey"))

    def q16():
        complaints = t("supplier").filter(pl.col("s_comment").str.contains("Customer.*Complaints"))
        return (t("partsupp").join(complaints, left_on="ps_suppkey", right_on="s_suppkey", how="anti")
                .join(t("part").filter(pl.col("p_brand") != "Brand#45",
                                       ~pl.col("p_type").str.starts_with("MEDIUM POLISHED"),
                                       pl.col("p_size").is_in([49, 14, 23, 45, 19, 3, 36, 9])),
                      left_on="ps_partkey", right_on="p_partkey")
                .group_by("p_brand", "p_type", "p_size")
                .agg(pl.col("ps_suppkey").n_unique().alias("supplier_cnt"))
                .sort(["supplier_cnt", "p_brand", "p_type", "p_size"], descending=[True, False, False, False]))

    def q17():
        parts = t("part").filter(pl.col("p_brand") == "Brand#23", pl.col("p_container") == "MED BOX")
        lines = t("lineitem").join(parts, left_on="l_partkey", right_on="p_partkey")
        average = lines.group_by("l_partkey").agg((0.2 * pl.mean("l_quantity")).alias("avg_quantity"))
        return (lines.join(average, on="l_partkey")
                .filter(pl.col("l_quantity") < pl.col("avg_quantity"))
                # SQL's sum over no rows is null, Polars' is 0 (the case at small scale factors).
                .select(pl.when(pl.len() > 0).then(pl.sum("l_extendedprice") / 7.0).alias("avg_yearly")))

    def q18():
        big = (t("lineitem").group_by("l_orderkey").agg(pl.sum("l_quantity").alias("order_qty"))
               .filter(pl.col("order_qty") > 300))
        return (t("orders").join(big, left_on="o_orderkey", right_on="l_orderkey", how="semi")
                .join(t("customer"), left_on="o_custkey", right_on="c_custkey")
                .join(t("lineitem"), left_on="o_orderkey", right_on="l_orderkey")
                .group_by("c_name", "o_custkey", "o_orderkey", "o_orderdate", "o_totalprice")
                .agg(pl.sum("l_quantity").alias("sum_qty"))
                .select("c_name", pl.col("o_custkey").alias("c_custkey"), "o_orderkey", "o_orderdate",
                        "o_totalprice", "sum_qty")
                .sort(["o_totalprice", "o_orderdate"], descending=[True, False])
                .head(100))

    def q19():
        def brand(name, containers, quantity, size):
            return ((pl.col("p_brand") == name) & pl.col("p_container").is_in(containers)
                    & pl.col("l_quantity").is_between(quantity, quantity + 10)
                    & pl.col("p_size").is_between(1, size))
        return (t("lineitem").join(t("part"), left_on="l_partkey", right_on="p_partkey")
                .filter(pl.col("l_shipmode").is_in(["AIR", "AIR REG"]),
                        pl.col("l_shipinstruct") == "DELIVER IN PERSON")
                .filter(brand("Brand#12", ["SM CASE", "SM BOX", "SM PACK", "SM PKG"], 1, 5)
                        | brand("Brand#23", ["MED BAG", "MED BOX", "MED PKG", "MED PACK"], 10, 10)
                        | brand("Brand#34", ["LG CASE", "LG BOX", "LG PACK", "LG PKG"], 20, 15))
                .select(revenue().sum().alias("revenue")))

    def q20():
        shipped = (t("lineitem")
                   .filter(pl.col("l_shipdate").is_between(date(1994, 1, 1), date(1995, 1, 1), closed="left"))
                   .group_by("l_partkey", "l_suppkey").agg((0.5 * pl.sum("l_quantity")).alias("half_quantity")))
        excess = (t("partsupp")
                  .join(t("part").filter(pl.col("p_name").str.starts_with("forest")), left_on="ps_partkey",
                        right_on="p_partkey", how="semi")
                  .join(shipped, left_on=["ps_partkey", "ps_suppkey"], right_on=["l_partkey", "l_suppkey"])
                  .filter(pl.col("ps_availqty") > pl.col("half_quantity")))
        return (t("supplier")
                .join(t("nation").filter(pl.col("n_name") == "CANADA"), left_on="s_nationkey", right_on="n_nationkey")
                .join(excess, left_on="s_suppkey", right_on="ps_suppkey", how="semi")
                .select("s_name", "s_address")
                .sort("s_name"))

    def q21():
        lineitem = t("lineitem")
        late = lineitem.filter(pl.col("l_receiptdate") > pl.col("l_commitdate"))
        several = (lineitem.group_by("l_orderkey").agg(pl.col("l_suppkey").n_unique().alias("suppliers"))
                   .filter(pl.col("suppliers") > 1)
                   .join(late, on="l_orderkey"))
        return (several.group_by("l_orderkey").agg(pl.col("l_suppkey").n_unique().alias("late_suppliers"))
                .join(several, on="l_orderkey")
                .join(t("supplier"), left_on="l_suppkey", right_on="s_suppkey")
                .join(t("nation"), left_on="s_nationkey", right_on="n_nationkey")
                .join(t("orders"), left_on="l_orderkey", right_on="o_orderkey")
                .filter(pl.col("late_suppliers") == 1, pl.col("n_name") == "SAUDI ARABIA",
                        pl.col("o_orderstatus") == "F")
                .group_by("s_name").agg(pl.len().alias("numwait"))
                .sort(["numwait", "s_name"], descending=[True, False])
                .head(100))

    def q22():
        codes = ["13", "31", "23", "29", "30", "18", "17"]
        customers = (t("customer").with_columns(pl.col("c_phone").str.slice(0, 2).alias("cntrycode"))
                     .filter(pl.col("cntrycode").is_in(codes)))
        average = customers.filter(pl.col("c_acctbal") > 0.0).select(pl.mean("c_acctbal").alias("avg_acctbal"))
        return (customers.join(average, how="cross")
                .filter(pl.col("c_acctbal") > pl.col("avg_acctbal"))
                .join(t("orders"), left_on="c_custkey", right_on="o_custkey", how="anti")
                .group_by("cntrycode")
                .agg(pl.len().alias("numcust"), pl.sum("c_acctbal").alias("totacctbal"))
                .sort("cntrycode"))

    return {1: q1, 2: q2, 3: q3, 4: q4, 5: q5, 6: q6, 7: q7, 8: q8, 9: q9, 10: q10, 11: q11, 12: q12, 13: q13,
            14: q14, 15: q15, 16: q16, 17: q17, 18: q18, 19: q19, 20: q20, 21: q21, 22: q22}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="the layout's directory, one directory per table")
    parser.add_argument("--format", required=True, choices=["csv", "parquet"])
    parser.add_argument("--query", required=True, type=int)
    parser.add_argument("--answer", required=True)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    os.environ["POLARS_MAX_THREADS"] = str(args.threads)
    import polars as pl

    def table(name):
        path = os.path.join(args.data, name)
        frame = (pl.scan_parquet(os.path.join(path, "*.parquet")) if args.format == "parquet"
                 else pl.scan_csv(os.path.join(path, "*.csv"), try_parse_dates=True))
        money = [c for c in frame.collect_schema().names() if c in MONEY]
        return frame.with_columns([pl.col(c).cast(pl.Float64) for c in money])

    query = queries(pl, table).get(args.query)
    if query is None:
        print(f"n/a query {args.query} is not a TPC-H query", flush=True)
        return
    answer = None
    for run in range(args.warmup + args.runs):
        gc.collect()
        start = time.perf_counter()
        answer = query().collect()
        seconds = time.perf_counter() - start
        if run >= args.warmup:
            print(f"seconds {seconds!r}", flush=True)
    answer.write_parquet(args.answer)


if __name__ == "__main__":
    main()
