#!/bin/bash
# ab.sh OUT JAR... : interleaved rounds of ORT (1 thread, python, process CPU) and each jar on the
# Vector API and scalar paths (Bench.java of ../2026-11-30-i15-lstm, thread CPU, -Dkerasj.threads=1).
# PATHS (default "vector scalar"), ROUNDS (default 3), CASES, ORT=0 to skip ORT.
OUT=$1; shift
D=$(cd "$(dirname "$0")" && pwd)
FIX=/work/wt/i15-small/compat-tests/src/test/resources/fixtures
CASES=${CASES:-"lstm:1:100:1 lstm:1:1000:1 lstm:32:100:1"}
JAVA=${JAVA:-java}
for r in $(seq ${ROUNDS:-3}); do
  if [ "${ORT:-1}" = 1 ]; then
    ORT_THREADS=1 /work/scratch/peers-venv/bin/python "$D/../2026-11-30-cpu-time/ort_cpu.py" /tmp/i15s/peers/onnx $(echo $CASES | sed 's/lstm512.keras/lstm512/') 2>&1 | grep "^ort" | sed "s/^/r$r /" >> $OUT
  fi
  for j in "$@"; do for path in ${PATHS:-vector scalar}; do
    if [ $path = vector ]; then VF=--add-modules=jdk.incubator.vector; else VF=; fi
    $JAVA $VF -Dfixtures=$FIX -Dkerasj.threads=${THREADS:-1} -Drounds=3 -cp $j:/tmp/i15s/cls Bench $CASES 2>&1 | grep "us " | sed "s/^/r$r $(basename $j .jar) $path /" >> $OUT
  done; done
done
echo DONE >> $OUT
