#!/usr/bin/env bash
# Spark vs the CLI on the same data, on this machine: sequences per second scoring N notebook-lstm
# sequences of T steps (default 1,000,000 x 100), REPS times each, interleaved so that both see the
# same load. Spark runs in local[2] from a Parquet file, as spark-submit would run the example
# (target/spark-scoring.jar on Spark's class path, Spark's JVM options); the CLI streams the same
# sequences from a .npy (java -jar cli/target/kerasj.jar predict --threads 2: as many threads as
# local[2] has task slots, batches of 256 as KerasModel's default; by default with the Vector API
# kernels from the start and kerasj.threads=1, as the Spark tasks run: see CLI_OPTS below). Both
# write the same thing, the predictions alone: the CLI as .npy, Spark (spark-parquet) as a Parquet column; spark-noop scores
# without writing; spark-parquet-flat writes the predictions as one array<float> per row (the
# example's LAYOUT flat); spark-parquet-rows writes whole rows (id, seq, prediction), as the example
# does by default. Each run's time is the whole process, JVM and Spark start-up included; Spark also
# prints its job's own wall time and the CPU time its JVM spent during the job.
#
#   examples/spark-scoring/bench/run.sh              # N=1000000 T=100 REPS=3
#   N=100000 REPS=1 examples/spark-scoring/bench/run.sh
#   SCALAR=1 ...                                     # also both without the Vector API module
#   RUNS="cli spark-noop" ...                        # only these runs (default: cli spark-noop spark-parquet)
#   APPEND=1 ...                                     # add to results.tsv instead of starting it anew
#   NO_BUILD=1 JAR=other.jar TAG=-other ...          # another build of the example, its runs named *-other
#   CLI_JAR=... CLI_TAG=...  SPARK_EXTRA="-D..."     # the CLI's jar; JVM options of the Spark runs only
#
# Writes examples/spark-scoring/target/bench/results.tsv and prints a summary (median, min–max).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
N=${N:-1000000}
T=${T:-100}
REPS=${REPS:-3}
WORK=${WORK:-examples/spark-scoring/target/bench}
MODEL=${MODEL:-compat-tests/src/test/resources/fixtures/lstm/k3.keras}
mkdir -p "$WORK"

if [ -z "${NO_BUILD:-}" ] || [ ! -f "$WORK/spark.classpath" ]; then
  echo "== build"
  # The shade plugin re-shades a stale shaded jar (old classes first) if the jar plugin left it in place.
  rm -f examples/spark-scoring/target/*.jar
  mvn -B -q package dependency:build-classpath -Pspark -pl cli,examples/spark-scoring -am -DskipTests \
    -Dmaven.javadoc.skip -Dmaven.source.skip -Dmdep.outputFile="$PWD/$WORK/spark.classpath" -Dmdep.includeScope=provided
fi
TAG=${TAG:-}; CLI_TAG=${CLI_TAG:-}; SPARK_EXTRA=${SPARK_EXTRA:-}
# The CLI as Spark's tasks run kerasj: the Vector API kernels from the start (the CLI's own default,
# -Dkerasj.vector=warmup, runs the scalar kernels until its warm-up thread has timed the vector ones
# faster, which on a loaded machine can take long or never happen) and each predict thread alone
# (kerasj-spark sets kerasj.threads to spark.task.cpus, 1 here). CLI_OPTS="" runs the CLI's defaults.
CLI_OPTS=${CLI_OPTS--Dkerasj.vector=true -Dkerasj.threads=1}
JAR=${JAR:-examples/spark-scoring/target/spark-scoring.jar}
CLI_JAR=${CLI_JAR:-cli/target/kerasj.jar}
CP="$JAR:$(cat "$WORK/spark.classpath")"
# Spark's own JVM options (the parent pom's spark.jvmFlags, which spark-submit passes too).
SPARK_FLAGS=$(sed -n '/<spark.jvmFlags>/,/<\/spark.jvmFlags>/p' pom.xml | sed 's/<[^>]*>//g' | tr -s ' \n' ' ')
# Input splits of 16 MB: at Spark's default (up to 128 MB) the 1,000,000-row file makes 2-3
# partitions for 2 cores and one core idles while the last runs (job wall 94 s instead of 55 s).
LOCAL="-Dspark.sql.files.maxPartitionBytes=16777216 -Dspark.master=local[2] -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 -Dspark.local.dir=$PWD/$WORK/local"
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
  local wall cpu job jobcpu
  wall=$(echo "$out" | sed -n 's/^time \([0-9.]*\) .*/\1/p' | tail -1)
  cpu=$(echo "$out" | sed -n 's/^time [0-9.]* \([0-9.]*\) \([0-9.]*\)$/\1 + \2/p' | tail -1 | bc)
  job=$(echo "$out" | sed -n 's/^job: \([0-9.]*\) s$/\1/p' | tail -1)
  jobcpu=$(echo "$out" | sed -n 's/^job cpu: \([0-9.]*\) s$/\1/p' | tail -1)
  echo -e "$name\t$wall\t$cpu\t${job:--}\t${jobcpu:--}\t$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$WORK/results.tsv"
}

VEC=--add-modules=jdk.incubator.vector
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== $(java -version 2>&1 | head -1)"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/load.txt"
RUNS=${RUNS:-cli spark-noop spark-parquet}
if [ -z "${APPEND:-}" ] || [ ! -f "$WORK/results.tsv" ]; then
  echo -e "run\twall_s\tcpu_s\tspark_job_wall_s\tspark_job_cpu_s\tload_after" > "$WORK/results.tsv"
fi
for rep in $(seq 1 "$REPS"); do
  case " $RUNS " in *" cli "*)
    # shellcheck disable=SC2086
    run cli$CLI_TAG java $VEC $CLI_OPTS -jar "$CLI_JAR" predict "$MODEL" --input "$IN_NPY" --output "$WORK/cli_out.npy" \
      --threads 2 ;;
  esac
  case " $RUNS " in *" spark-parquet "*)
    # shellcheck disable=SC2086
    run spark-parquet$TAG java -Xmx4g $SPARK_FLAGS $SPARK_EXTRA $LOCAL -cp "$CP" io.kerasj.examples.spark.ScoreParquet \
      "$MODEL" "$IN_PARQUET" "$WORK/spark_out.parquet" seq prediction 256 prediction ;;
  esac
  case " $RUNS " in *" spark-parquet-flat "*)
    # shellcheck disable=SC2086
    run spark-parquet-flat$TAG java -Xmx4g $SPARK_FLAGS $SPARK_EXTRA $LOCAL -cp "$CP" io.kerasj.examples.spark.ScoreParquet \
      "$MODEL" "$IN_PARQUET" "$WORK/spark_out_flat.parquet" seq prediction 256 prediction flat ;;
  esac
  case " $RUNS " in *" spark-parquet-rows "*)
    # shellcheck disable=SC2086
    run spark-parquet-rows$TAG java -Xmx4g $SPARK_FLAGS $SPARK_EXTRA $LOCAL -cp "$CP" io.kerasj.examples.spark.ScoreParquet \
      "$MODEL" "$IN_PARQUET" "$WORK/spark_out_rows.parquet" ;;
  esac
  case " $RUNS " in *" spark-noop "*)
    # shellcheck disable=SC2086
    run spark-noop$TAG java -Xmx4g $SPARK_FLAGS $SPARK_EXTRA $LOCAL -cp "$CP" io.kerasj.examples.spark.ScoreParquet \
      "$MODEL" "$IN_PARQUET" noop ;;
  esac
  if [ -n "${SCALAR:-}" ]; then
    run cli-scalar java -Dkerasj.threads=1 -jar "$CLI_JAR" predict "$MODEL" --input "$IN_NPY" --output "$WORK/cli_out.npy" \
      --threads 2
    # shellcheck disable=SC2086
    run spark-noop-scalar java -Xmx4g ${SPARK_FLAGS//--add-modules=jdk.incubator.vector/} $LOCAL -cp "$CP" \
      io.kerasj.examples.spark.ScoreParquet "$MODEL" "$IN_PARQUET" noop
  fi
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/load.txt"

echo "== summary: N=$N, T=$T: per run, the median and [min, max] over its repetitions of each process's wall and"
echo "   CPU (user + system) seconds, and of the Spark job's own wall and CPU; sequences/s from the median wall"
awk -F'\t' -v n="$N" '
  function median(a, k,   i, j, t) { for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
  NR > 1 { k[$1]++; W[$1, k[$1]] = $2; C[$1, k[$1]] = $3; J[$1, k[$1]] = $4; P[$1, k[$1]] = $5 }
  END { for (r in k) { m = k[r]
      split("", w); split("", c); split("", j); split("", p)
      for (i = 1; i <= m; i++) { w[i] = W[r, i]; c[i] = C[r, i]; j[i] = J[r, i]; p[i] = P[r, i] }
      mw = median(w, m); mc = median(c, m)
      printf "%-20s x%d  wall %7.1f [%6.1f, %6.1f]  cpu %7.1f [%6.1f, %6.1f]  %7.0f seq/s", r, m, mw, w[1], w[m], mc, c[1], c[m], n / mw
      if (j[1] != "-") { mj = median(j, m); mp = median(p, m)
        printf "  job wall %6.1f [%6.1f, %6.1f] cpu %6.1f [%6.1f, %6.1f]", mj, j[1], j[m], mp, p[1], p[m] }
      printf "\n"; MW[r] = mw; MC[r] = mc; MP[r] = (p[1] != "-" ? mp : 0) }
    for (r in k) if (r != "cli" && ("cli" in k))
      printf "%s / cli (medians): wall %.2f, cpu %.2f%s\n", r, MW[r] / MW["cli"], MC[r] / MC["cli"],
        (MP[r] > 0 ? sprintf(", Spark job cpu / cli cpu %.2f", MP[r] / MC["cli"]) : "") }' "$WORK/results.tsv" | sort
