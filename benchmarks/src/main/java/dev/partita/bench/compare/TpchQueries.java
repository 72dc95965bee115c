package dev.partita.bench.compare;

import static dev.partita.Functions.col;
import static dev.partita.Functions.count;
import static dev.partita.Functions.countDistinct;
import static dev.partita.Functions.lit;
import static dev.partita.Functions.max;
import static dev.partita.Functions.mean;
import static dev.partita.Functions.min;
import static dev.partita.Functions.sum;
import static dev.partita.Functions.when;

import dev.partita.DataFrame;
import dev.partita.Expr;
import java.time.LocalDate;
import java.util.List;

/**
 * The 22 TPC-H queries with the DataFrame API, written as the Polars and dask TPC-H suites write
 * them: each table filtered and narrowed first, joins in the order of the SQL's predicates, a correlated
 * subquery as a join with its aggregate, EXISTS / NOT EXISTS as semi / anti joins, a scalar subquery joined
 * on a constant key. Parameters are the specification's validation values. Money columns are DECIMAL(15,2).
 */
final class TpchQueries {

  private TpchQueries() {}

  /** The tables of one layout of the data, each read afresh by every call. */
  interface Tables {
    DataFrame get(String table);
  }

  private static Expr revenue() {
    return col("l_extendedprice").mul(lit(1).minus(col("l_discount")));
  }

  private static LocalDate date(String iso) {
    return LocalDate.parse(iso);
  }

  /** Pricing summary report. */
  static DataFrame q1(Tables t) {
    return t.get("lineitem")
        .filter(col("l_shipdate").le(date("1998-09-02")))
        .withColumn("disc_price", revenue())
        .withColumn("charge", col("disc_price").mul(lit(1).plus(col("l_tax"))))
        .groupBy("l_returnflag", "l_linestatus")
        .agg(sum("l_quantity").as("sum_qty"), sum("l_extendedprice").as("sum_base_price"),
            sum("disc_price").as("sum_disc_price"), sum("charge").as("sum_charge"), mean("l_quantity").as("avg_qty"),
            mean("l_extendedprice").as("avg_price"), mean("l_discount").as("avg_disc"), count().as("count_order"))
        .orderBy("l_returnflag", "l_linestatus");
  }


  /** Minimum cost supplier: the correlated minimum as a join with the per-part minimum over the region. */
  static DataFrame q2(Tables t) {
    DataFrame europe = t.get("region").filter(col("r_name").eq("EUROPE")).select("r_regionkey")
        .join(t.get("nation").select("n_nationkey", "n_name", "n_regionkey"),
            col("r_regionkey").eq(col("n_regionkey")))
        .join(t.get("supplier"), col("n_nationkey").eq(col("s_nationkey")))
        .join(t.get("partsupp").select("ps_partkey", "ps_suppkey", "ps_supplycost"),
            col("s_suppkey").eq(col("ps_suppkey")));
    DataFrame cheapest = europe.groupBy("ps_partkey").agg(min("ps_supplycost").as("min_cost"));
    return t.get("part").filter(col("p_size").eq(15).and(col("p_type").endsWith("BRASS")))
        .select("p_partkey", "p_mfgr")
        .join(europe, col("p_partkey").eq(col("ps_partkey")))
        .join(cheapest, col("ps_partkey").eq(col("ps_partkey_right")).and(col("ps_supplycost").eq(col("min_cost"))))
        .select("s_acctbal", "s_name", "n_name", "p_partkey", "p_mfgr", "s_address", "s_phone", "s_comment")
        .orderBy(col("s_acctbal").desc(), col("n_name"), col("s_name"), col("p_partkey"))
        .limit(100);
  }

  /** Shipping priority. */
  static DataFrame q3(Tables t) {
    LocalDate day = date("1995-03-15");
    DataFrame customers = t.get("customer").filter(col("c_mktsegment").eq("BUILDING")).select("c_custkey");
    DataFrame orders = t.get("orders").filter(col("o_orderdate").lt(day))
        .select("o_orderkey", "o_custkey", "o_orderdate", "o_shippriority");
    DataFrame lines = t.get("lineitem").filter(col("l_shipdate").gt(day))
        .select("l_orderkey", "l_extendedprice", "l_discount");
    return customers.join(orders, col("c_custkey").eq(col("o_custkey")))
        .join(lines, col("o_orderkey").eq(col("l_orderkey")))
        .withColumn("revenue", revenue())
        .groupBy("l_orderkey", "o_orderdate", "o_shippriority")
        .agg(sum("revenue").as("revenue"))
        .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
        .orderBy(col("revenue").desc(), col("o_orderdate"))
        .limit(10);
  }

  /** Order priority checking: EXISTS as a semi join. */
  static DataFrame q4(Tables t) {
    DataFrame late = t.get("lineitem").filter(col("l_commitdate").lt(col("l_receiptdate"))).select("l_orderkey");
    return t.get("orders")
        .filter(col("o_orderdate").ge(date("1993-07-01")).and(col("o_orderdate").lt(date("1993-10-01"))))
        .join(late, col("o_orderkey").eq(col("l_orderkey")), "semi")
        .groupBy("o_orderpriority")
        .agg(count().as("order_count"))
        .orderBy("o_orderpriority");
  }

  /** Local supplier volume. */
  static DataFrame q5(Tables t) {
    DataFrame region = t.get("region").filter(col("r_name").eq("ASIA")).select("r_regionkey");
    DataFrame orders = t.get("orders")
        .filter(col("o_orderdate").ge(date("1994-01-01")).and(col("o_orderdate").lt(date("1995-01-01"))))
        .select("o_orderkey", "o_custkey");
    return region
        .join(t.get("nation").select("n_nationkey", "n_name", "n_regionkey"),
            col("r_regionkey").eq(col("n_regionkey")))
        .join(t.get("customer").select("c_custkey", "c_nationkey"), col("n_nationkey").eq(col("c_nationkey")))
        .join(orders, col("c_custkey").eq(col("o_custkey")))
        .join(t.get("lineitem").select("l_orderkey", "l_suppkey", "l_extendedprice", "l_discount"),
            col("o_orderkey").eq(col("l_orderkey")))
        .join(t.get("supplier").select("s_suppkey", "s_nationkey"),
            col("l_suppkey").eq(col("s_suppkey")).and(col("c_nationkey").eq(col("s_nationkey"))))
        .withColumn("revenue", revenue())
        .groupBy("n_name")
        .agg(sum("revenue").as("revenue"))
        .orderBy(col("revenue").desc());
  }

  /** Forecasting revenue change. */
  static DataFrame q6(Tables t) {
    return t.get("lineitem")
        .filter(col("l_shipdate").ge(date("1994-01-01")).and(col("l_shipdate").lt(date("1995-01-01")))
            .and(col("l_discount").ge(0.05)).and(col("l_discount").le(0.07)).and(col("l_quantity").lt(24)))
        .withColumn("revenue", col("l_extendedprice").mul(col("l_discount")))
        .agg(sum("revenue").as("revenue"));
  }


  /** Volume shipping: both nations' pairs as one disjunction over the joined rows. */
  static DataFrame q7(Tables t) {
    DataFrame pair = t.get("nation").filter(col("n_name").isIn("FRANCE", "GERMANY"));
    DataFrame suppliers = pair.select(col("n_nationkey").as("supp_nationkey"), col("n_name").as("supp_nation"))
        .join(t.get("supplier").select("s_suppkey", "s_nationkey"), col("supp_nationkey").eq(col("s_nationkey")));
    DataFrame customers = pair.select(col("n_nationkey").as("cust_nationkey"), col("n_name").as("cust_nation"))
        .join(t.get("customer").select("c_custkey", "c_nationkey"), col("cust_nationkey").eq(col("c_nationkey")));
    DataFrame lines = t.get("lineitem").filter(col("l_shipdate").between(date("1995-01-01"), date("1996-12-31")))
        .select("l_orderkey", "l_suppkey", "l_shipdate", "l_extendedprice", "l_discount");
    return lines
        .join(suppliers, col("l_suppkey").eq(col("s_suppkey")))
        .join(t.get("orders").select("o_orderkey", "o_custkey"), col("l_orderkey").eq(col("o_orderkey")))
        .join(customers, col("o_custkey").eq(col("c_custkey")))
        .filter(col("supp_nation").ne(col("cust_nation")))
        .withColumn("l_year", col("l_shipdate").year())
        .withColumn("volume", revenue())
        .groupBy("supp_nation", "cust_nation", "l_year")
        .agg(sum("volume").as("revenue"))
        .orderBy("supp_nation", "cust_nation", "l_year");
  }

  /** National market share: the CASE summed and divided by the total per year. */
  static DataFrame q8(Tables t) {
    DataFrame america = t.get("region").filter(col("r_name").eq("AMERICA")).select("r_regionkey")
        .join(t.get("nation").select("n_nationkey", "n_regionkey"), col("r_regionkey").eq(col("n_regionkey")))
        .join(t.get("customer").select("c_custkey", "c_nationkey"), col("n_nationkey").eq(col("c_nationkey")))
        .select("c_custkey");
    DataFrame orders = t.get("orders")
        .filter(col("o_orderdate").between(date("1995-01-01"), date("1996-12-31")))
        .select("o_orderkey", "o_custkey", "o_orderdate")
        .join(america, col("o_custkey").eq(col("c_custkey")));
    DataFrame parts = t.get("part").filter(col("p_type").eq("ECONOMY ANODIZED STEEL")).select("p_partkey");
    DataFrame suppliers = t.get("supplier").select("s_suppkey", "s_nationkey")
        .join(t.get("nation").select("n_nationkey", "n_name"), col("s_nationkey").eq(col("n_nationkey")));
    return t.get("lineitem").select("l_orderkey", "l_partkey", "l_suppkey", "l_extendedprice", "l_discount")
        .join(parts, col("l_partkey").eq(col("p_partkey")))
        .join(orders, col("l_orderkey").eq(col("o_orderkey")))
        .join(suppliers, col("l_suppkey").eq(col("s_suppkey")))
        .withColumn("o_year", col("o_orderdate").year())
        .withColumn("volume", revenue())
        .groupBy("o_year")
        .agg(sum(when(col("n_name").eq("BRAZIL"), col("volume")).otherwise(0)).as("brazil"),
            sum("volume").as("total"))
        .select(col("o_year"), col("brazil").div(col("total")).as("mkt_share"))
        .orderBy("o_year");
  }

  /** Product type profit measure. */
  static DataFrame q9(Tables t) {
    DataFrame parts = t.get("part").filter(col("p_name").contains("green")).select("p_partkey");
    return t.get("lineitem")
        .select("l_orderkey", "l_partkey", "l_suppkey", "l_quantity", "l_extendedprice", "l_discount")
        .join(parts, col("l_partkey").eq(col("p_partkey")))
        .join(t.get("partsupp").select("ps_partkey", "ps_suppkey", "ps_supplycost"),
            col("l_suppkey").eq(col("ps_suppkey")).and(col("l_partkey").eq(col("ps_partkey"))))
        .join(t.get("supplier").select("s_suppkey", "s_nationkey"), col("l_suppkey").eq(col("s_suppkey")))
        .join(t.get("orders").select("o_orderkey", "o_orderdate"), col("l_orderkey").eq(col("o_orderkey")))
        .join(t.get("nation").select("n_nationkey", "n_name"), col("s_nationkey").eq(col("n_nationkey")))
        .withColumn("o_year", col("o_orderdate").year())
        .withColumn("amount", revenue().minus(col("ps_supplycost").mul(col("l_quantity"))))
        .groupBy("n_name", "o_year")
        .agg(sum("amount").as("sum_profit"))
        .select(col("n_name").as("nation"), col("o_year"), col("sum_profit"))
        .orderBy(col("nation"), col("o_year").desc());
  }

  /** Returned item reporting. */
  static DataFrame q10(Tables t) {
    DataFrame orders = t.get("orders")
        .filter(col("o_orderdate").ge(date("1993-10-01")).and(col("o_orderdate").lt(date("1994-01-01"))))
        .select("o_orderkey", "o_custkey");
    DataFrame lines = t.get("lineitem").filter(col("l_returnflag").eq("R"))
        .select("l_orderkey", "l_extendedprice", "l_discount");
    return t.get("customer")
        .join(orders, col("c_custkey").eq(col("o_custkey")))
        .join(lines, col("o_orderkey").eq(col("l_orderkey")))
        .join(t.get("nation").select("n_nationkey", "n_name"), col("c_nationkey").eq(col("n_nationkey")))
        .withColumn("revenue", revenue())
        .groupBy("c_custkey", "c_name", "c_acctbal", "c_phone", "n_name", "c_address", "c_comment")
        .agg(sum("revenue").as("revenue"))
        .select("c_custkey", "c_name", "revenue", "c_acctbal", "n_name", "c_address", "c_phone", "c_comment")
        .orderBy(col("revenue").desc())
        .limit(20);
  }

  /** Important stock identification: the scalar subquery joined on a constant key. */
  static DataFrame q11(Tables t) {
    DataFrame germany = t.get("partsupp")
        .join(t.get("supplier").select("s_suppkey", "s_nationkey"), col("ps_suppkey").eq(col("s_suppkey")))
        .join(t.get("nation").filter(col("n_name").eq("GERMANY")).select("n_nationkey"),
            col("s_nationkey").eq(col("n_nationkey")))
        .withColumn("value", col("ps_supplycost").mul(col("ps_availqty")));
    DataFrame threshold = germany.agg(sum("value").as("total")).withColumn("one", lit(1));
    return germany.groupBy("ps_partkey").agg(sum("value").as("value")).withColumn("one", lit(1))
        .join(threshold, "one")
        .filter(col("value").gt(col("total").mul(0.0001)))
        .select("ps_partkey", "value")
        .orderBy(col("value").desc());
  }


  /** Shipping modes and order priority: the CASEs summed. */
  static DataFrame q12(Tables t) {
    DataFrame lines = t.get("lineitem")
        .filter(col("l_shipmode").isIn("MAIL", "SHIP").and(col("l_commitdate").lt(col("l_receiptdate")))
            .and(col("l_shipdate").lt(col("l_commitdate"))).and(col("l_receiptdate").ge(date("1994-01-01")))
            .and(col("l_receiptdate").lt(date("1995-01-01"))))
        .select("l_orderkey", "l_shipmode");
    Expr high = col("o_orderpriority").isIn("1-URGENT", "2-HIGH");
    return t.get("orders").select("o_orderkey", "o_orderpriority")
        .join(lines, col("o_orderkey").eq(col("l_orderkey")))
        .groupBy("l_shipmode")
        .agg(sum(when(high, 1).otherwise(0)).as("high_line_count"),
            sum(when(high, 0).otherwise(1)).as("low_line_count"))
        .orderBy("l_shipmode");
  }

  /** Customer distribution: the outer join's matches counted per customer, then customers per count. */
  static DataFrame q13(Tables t) {
    DataFrame orders = t.get("orders").filter(col("o_comment").like("%special%requests%").not())
        .select("o_orderkey", "o_custkey");
    return t.get("customer").select("c_custkey")
        .join(orders, col("c_custkey").eq(col("o_custkey")), "left")
        .groupBy("c_custkey")
        .agg(count("o_orderkey").as("c_count"))
        .groupBy("c_count")
        .agg(count().as("custdist"))
        .orderBy(col("custdist").desc(), col("c_count").desc());
  }

  /** Promotion effect: the CASE over the joined part type summed against the total. */
  static DataFrame q14(Tables t) {
    return t.get("lineitem")
        .filter(col("l_shipdate").ge(date("1995-09-01")).and(col("l_shipdate").lt(date("1995-10-01"))))
        .select("l_partkey", "l_extendedprice", "l_discount")
        .join(t.get("part").select("p_partkey", "p_type"), col("l_partkey").eq(col("p_partkey")))
        .withColumn("revenue", revenue())
        .agg(sum(when(col("p_type").startsWith("PROMO"), col("revenue")).otherwise(0)).as("promo"),
            sum("revenue").as("total"))
        .select(lit(100.0).mul(col("promo")).div(col("total")).as("promo_revenue"));
  }

  /** Top supplier: the maximum revenue joined back on equality. */
  static DataFrame q15(Tables t) {
    DataFrame revenue = t.get("lineitem")
        .filter(col("l_shipdate").ge(date("1996-01-01")).and(col("l_shipdate").lt(date("1996-04-01"))))
        .withColumn("revenue", revenue())
        .groupBy("l_suppkey")
        .agg(sum("revenue").as("total_revenue"));
    DataFrame top = revenue.agg(max("total_revenue").as("max_revenue"));
    return t.get("supplier")
        .join(revenue.join(top, col("total_revenue").eq(col("max_revenue"))), col("s_suppkey").eq(col("l_suppkey")))
        .select("s_suppkey", "s_name", "s_address", "s_phone", "total_revenue")
        .orderBy("s_suppkey");
  }


  /** Parts/supplier relationship: NOT IN as an anti join, then distinct suppliers counted. */
  static DataFrame q16(Tables t) {
    DataFrame complaints = t.get("supplier").filter(col("s_comment").like("%Customer%Complaints%"))
        .select("s_suppkey");
    DataFrame parts = t.get("part")
        .filter(col("p_brand").ne("Brand#45").and(col("p_type").startsWith("MEDIUM POLISHED").not())
            .and(col("p_size").isIn(49, 14, 23, 45, 19, 3, 36, 9)))
        .select("p_partkey", "p_brand", "p_type", "p_size");
    return t.get("partsupp").select("ps_partkey", "ps_suppkey")
        .join(complaints, col("ps_suppkey").eq(col("s_suppkey")), "anti")
        .join(parts, col("ps_partkey").eq(col("p_partkey")))
        .groupBy("p_brand", "p_type", "p_size")
        .agg(countDistinct("ps_suppkey").as("supplier_cnt"))
        .orderBy(col("supplier_cnt").desc(), col("p_brand"), col("p_type"), col("p_size"));
  }

  /** Small-quantity-order revenue: the correlated average as a join with the per-part average. */
  static DataFrame q17(Tables t) {
    DataFrame parts = t.get("part")
        .filter(col("p_brand").eq("Brand#23").and(col("p_container").eq("MED BOX")))
        .select("p_partkey");
    DataFrame lines = t.get("lineitem").select("l_partkey", "l_quantity", "l_extendedprice")
        .join(parts, col("l_partkey").eq(col("p_partkey")));
    DataFrame average = lines.groupBy("p_partkey").agg(mean("l_quantity").as("avg_quantity"));
    return lines.join(average, "p_partkey")
        .filter(col("l_quantity").lt(col("avg_quantity").mul(0.2)))
        .agg(sum("l_extendedprice").as("sum_price"))
        .select(col("sum_price").div(7.0).as("avg_yearly"));
  }

  /** Large volume customer: IN (subquery) as a semi join. */
  static DataFrame q18(Tables t) {
    DataFrame big = t.get("lineitem").groupBy("l_orderkey").agg(sum("l_quantity").as("order_qty"))
        .filter(col("order_qty").gt(300))
        .select("l_orderkey");
    return t.get("orders").select("o_orderkey", "o_custkey", "o_orderdate", "o_totalprice")
        .join(big, col("o_orderkey").eq(col("l_orderkey")), "semi")
        .join(t.get("customer").select("c_custkey", "c_name"), col("o_custkey").eq(col("c_custkey")))
        .join(t.get("lineitem").select("l_orderkey", "l_quantity"), col("o_orderkey").eq(col("l_orderkey")))
        .groupBy("c_name", "c_custkey", "o_orderkey", "o_orderdate", "o_totalprice")
        .agg(sum("l_quantity").as("sum_qty"))
        .orderBy(col("o_totalprice").desc(), col("o_orderdate"))
        .limit(100);
  }

  /** Discounted revenue: the disjunction evaluated over the joined rows. */
  static DataFrame q19(Tables t) {
    DataFrame lines = t.get("lineitem")
        .filter(col("l_shipmode").isIn("AIR", "AIR REG").and(col("l_shipinstruct").eq("DELIVER IN PERSON")))
        .select("l_partkey", "l_quantity", "l_extendedprice", "l_discount");
    return lines.join(t.get("part").select("p_partkey", "p_brand", "p_container", "p_size"),
            col("l_partkey").eq(col("p_partkey")))
        .filter(brand("Brand#12", List.of("SM CASE", "SM BOX", "SM PACK", "SM PKG"), 1, 5)
            .or(brand("Brand#23", List.of("MED BAG", "MED BOX", "MED PKG", "MED PACK"), 10, 10))
            .or(brand("Brand#34", List.of("LG CASE", "LG BOX", "LG PACK", "LG PKG"), 20, 15)))
        .withColumn("revenue", revenue())
        .agg(sum("revenue").as("revenue"));
  }

  private static Expr brand(String brand, List<String> containers, int quantity, int maxSize) {
    return col("p_brand").eq(brand).and(col("p_container").isIn(containers.toArray()))
        .and(col("l_quantity").ge(quantity)).and(col("l_quantity").le(quantity + 10))
        .and(col("p_size").ge(1)).and(col("p_size").le(maxSize));
  }


  /** Potential part promotion: the correlated half-sum as a join with the per part and supplier sums. */
  static DataFrame q20(Tables t) {
    DataFrame shipped = t.get("lineitem")
        .filter(col("l_shipdate").ge(date("1994-01-01")).and(col("l_shipdate").lt(date("1995-01-01"))))
        .groupBy("l_partkey", "l_suppkey")
        .agg(sum("l_quantity").as("sum_quantity"));
    DataFrame forest = t.get("part").filter(col("p_name").startsWith("forest")).select("p_partkey");
    DataFrame excess = t.get("partsupp").select("ps_partkey", "ps_suppkey", "ps_availqty")
        .join(forest, col("ps_partkey").eq(col("p_partkey")), "semi")
        .join(shipped, col("ps_partkey").eq(col("l_partkey")).and(col("ps_suppkey").eq(col("l_suppkey"))))
        .filter(col("ps_availqty").gt(col("sum_quantity").mul(0.5)))
        .select("ps_suppkey");
    return t.get("nation").filter(col("n_name").eq("CANADA")).select("n_nationkey")
        .join(t.get("supplier").select("s_suppkey", "s_name", "s_address", "s_nationkey"),
            col("n_nationkey").eq(col("s_nationkey")))
        .join(excess, col("s_suppkey").eq(col("ps_suppkey")), "semi")
        .select("s_name", "s_address")
        .orderBy("s_name");
  }

  /** Suppliers who kept orders waiting: EXISTS and NOT EXISTS as semi and anti joins with a residual condition. */
  static DataFrame q21(Tables t) {
    DataFrame saudi = t.get("nation").filter(col("n_name").eq("SAUDI ARABIA")).select("n_nationkey")
        .join(t.get("supplier").select("s_suppkey", "s_name", "s_nationkey"),
            col("n_nationkey").eq(col("s_nationkey")));
    DataFrame late = t.get("lineitem").filter(col("l_receiptdate").gt(col("l_commitdate")))
        .select("l_orderkey", "l_suppkey");
    DataFrame all = t.get("lineitem").select("l_orderkey", "l_suppkey");
    Expr otherSupplier = col("l_orderkey").eq(col("l_orderkey_right"))
        .and(col("l_suppkey").ne(col("l_suppkey_right")));
    return late
        .join(saudi, col("l_suppkey").eq(col("s_suppkey")))
        .join(t.get("orders").filter(col("o_orderstatus").eq("F")).select("o_orderkey"),
            col("l_orderkey").eq(col("o_orderkey")))
        .join(all, otherSupplier, "semi")
        .join(late, otherSupplier, "anti")
        .groupBy("s_name")
        .agg(count().as("numwait"))
        .orderBy(col("numwait").desc(), col("s_name"))
        .limit(100);
  }

  /** Global sales opportunity: the scalar average joined on a constant key, NOT EXISTS as an anti join. */
  static DataFrame q22(Tables t) {
    DataFrame customers = t.get("customer")
        .withColumn("cntrycode", col("c_phone").substring(1, 2))
        .filter(col("cntrycode").isIn("13", "31", "23", "29", "30", "18", "17"))
        .select("c_custkey", "cntrycode", "c_acctbal");
    DataFrame average = customers.filter(col("c_acctbal").gt(0.0)).agg(mean("c_acctbal").as("avg_acctbal"))
        .withColumn("one", lit(1));
    return customers.withColumn("one", lit(1))
        .join(average, "one")
        .filter(col("c_acctbal").gt(col("avg_acctbal")))
        .join(t.get("orders").select("o_custkey"), col("c_custkey").eq(col("o_custkey")), "anti")
        .groupBy("cntrycode")
        .agg(count().as("numcust"), sum("c_acctbal").as("totacctbal"))
        .orderBy("cntrycode");
  }
}
