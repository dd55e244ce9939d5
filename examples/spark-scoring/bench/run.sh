#!/usr/bin/env bash
# Spark vs the CLI on the same data, on this machine: sequences per second scoring N notebook-lstm
# sequences of T steps (default 1,000,000 x 100), REPS times each, interleaved so that both see the
# same load. Spark runs in local[2] from a Parquet file, as spark-submit would run the example
# (target/spark-scoring.jar on Spark's class path, Spark's JVM options); the CLI streams the same
# sequences from a .npy (java -jar cli/target/kerasj.jar predict). Each run's time is the whole
# process, JVM and Spark start-up included; Spark also prints its job's own time.
#
#   examples/spark-scoring/bench/run.sh              # N=1000000 T=100 REPS=3
#   N=100000 REPS=1 examples/spark-scoring/bench/run.sh
#   SCALAR=1 ...                                     # also both without the Vector API module
#   RUNS="cli spark-noop" ...                        # only these runs (default: all three)
#   APPEND=1 ...                                     # add to results.tsv instead of starting it anew
#
# Writes examples/spark-scoring/target/bench/results.tsv and prints a summary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
N=${N:-1000000}
T=${T:-100}
REPS=${REPS:-3}
WORK=${WORK:-examples/spark-scoring/target/bench}
MODEL=${MODEL:-compat-tests/src/test/resources/fixtures/lstm/k3.keras}
mkdir -p "$WORK"

echo "== build"
mvn -B -q package dependency:build-classpath -Pspark -pl cli,examples/spark-scoring -am -DskipTests \
  -Dmaven.javadoc.skip -Dmaven.source.skip -Dmdep.outputFile="$PWD/$WORK/spark.classpath" -Dmdep.includeScope=provided
CP="examples/spark-scoring/target/spark-scoring.jar:$(cat "$WORK/spark.classpath")"
# Spark's own JVM options (the parent pom's spark.jvmFlags, which spark-submit passes too).
SPARK_FLAGS=$(sed -n '/<spark.jvmFlags>/,/<\/spark.jvmFlags>/p' pom.xml | sed 's/<[^>]*>//g' | tr -s ' \n' ' ')
LOCAL="-Dspark.master=local[2] -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 -Dspark.local.dir=$PWD/$WORK/local"
export SPARK_LOCAL_IP=127.0.0.1

IN_PARQUET="$WORK/seq_${N}x${T}.parquet"
IN_NPY="$WORK/seq_${N}x${T}.npy"
if [ ! -f "$IN_PARQUET/_SUCCESS" ] || [ ! -f "$IN_NPY" ]; then
  echo "== writing $N sequences of $T steps"
  # shellcheck disable=SC2086
  java -Xmx4g $SPARK_FLAGS $LOCAL -cp "$CP" io.kerasj.examples.spark.WriteSequences "$N" "$T" "$IN_PARQUET" "$IN_NPY"
fi

run() { # name, command...: records the command's wall and CPU (user + system) seconds
  local name=$1; shift
  local out
  out=$(/usr/bin/time -f "time %e %U %S" "$@" 2>&1) || { echo "$out" >&2; echo "FAILED: $name" >&2; exit 1; }
  local wall cpu job
  wall=$(echo "$out" | sed -n 's/^time \([0-9.]*\) .*/\1/p' | tail -1)
  cpu=$(echo "$out" | sed -n 's/^time [0-9.]* \([0-9.]*\) \([0-9.]*\)$/\1 + \2/p' | tail -1 | bc)
  job=$(echo "$out" | sed -n 's/^job: \([0-9.]*\) s$/\1/p' | tail -1)
  echo -e "$name\t$wall\t$cpu\t${job:--}" | tee -a "$WORK/results.tsv"
}

VEC=--add-modules=jdk.incubator.vector
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== $(java -version 2>&1 | head -1)"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/load.txt"
RUNS=${RUNS:-cli spark-parquet spark-noop}
if [ -z "${APPEND:-}" ] || [ ! -f "$WORK/results.tsv" ]; then
  echo -e "run\twall_s\tcpu_s\tspark_job_wall_s" > "$WORK/results.tsv"
fi
for rep in $(seq 1 "$REPS"); do
  case " $RUNS " in *" cli "*)
    run cli java $VEC -jar cli/target/kerasj.jar predict "$MODEL" --input "$IN_NPY" --output "$WORK/cli_out.npy" ;;
  esac
  case " $RUNS " in *" spark-parquet "*)
    # shellcheck disable=SC2086
    run spark-parquet java -Xmx4g $SPARK_FLAGS $LOCAL -cp "$CP" io.kerasj.examples.spark.ScoreParquet \
      "$MODEL" "$IN_PARQUET" "$WORK/spark_out.parquet" ;;
  esac
  case " $RUNS " in *" spark-noop "*)
    # shellcheck disable=SC2086
    run spark-noop java -Xmx4g $SPARK_FLAGS $LOCAL -cp "$CP" io.kerasj.examples.spark.ScoreParquet \
      "$MODEL" "$IN_PARQUET" noop ;;
  esac
  if [ -n "${SCALAR:-}" ]; then
    run cli-scalar java -jar cli/target/kerasj.jar predict "$MODEL" --input "$IN_NPY" --output "$WORK/cli_out.npy"
    # shellcheck disable=SC2086
    run spark-noop-scalar java -Xmx4g ${SPARK_FLAGS//--add-modules=jdk.incubator.vector/} $LOCAL -cp "$CP" \
      io.kerasj.examples.spark.ScoreParquet "$MODEL" "$IN_PARQUET" noop
  fi
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/load.txt"

echo "== summary: N=$N, T=$T, $REPS repetitions: mean ± sd of each process's wall and CPU time; sequences/s from the mean wall time"
awk -F'\t' -v n="$N" 'NR > 1 { w[$1] += $2; ww[$1] += $2 * $2; c[$1] += $3; cc[$1] += $3 * $3; k[$1]++; if ($4 != "-") j[$1] += $4 }
  END { for (r in w) { m = w[r] / k[r]; mc = c[r] / k[r];
        printf "%-18s wall %7.1f ± %5.1f s  cpu %7.1f ± %5.1f s  %9.0f seq/s", r, m, sqrt(ww[r] / k[r] - m * m),
          mc, sqrt(cc[r] / k[r] - mc * mc), n / m;
        if (j[r] > 0) printf "  (Spark job alone: %.1f s wall)", j[r] / k[r];
        printf "\n" } }' "$WORK/results.tsv" | sort
awk -F'\t' 'NR > 1 { w[$1] += $2; c[$1] += $3; k[$1]++ }
  END { for (r in w) if (r != "cli" && k["cli"])
    printf "%s / cli: wall %.2f, cpu %.2f\n", r, (w[r] / k[r]) / (w["cli"] / k["cli"]), (c[r] / k[r]) / (c["cli"] / k["cli"]) }' "$WORK/results.tsv" | sort
