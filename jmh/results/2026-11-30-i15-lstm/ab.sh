#!/bin/bash
# ab.sh OUT VF CASES... ; interleaves base and v1 jars (env A, B)
OUT=$1; VF=$2; shift 2
for r in 1 2 3; do for j in $A $B; do
  java $VF -Dkerasj.threads=${THREADS:-1} -Drounds=${ROUNDS:-3} -cp /tmp/kerasj-$j.jar:/tmp/i15/cls Bench "$@" 2>&1 | grep "us " | sed "s/^/$j /" >> $OUT
done; done
