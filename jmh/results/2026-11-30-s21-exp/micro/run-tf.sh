#!/bin/bash
# Interleaved A/B: base = main's jar (ad5025e2), new = s21-exp 97c1eb3a. Thread CPU with -Dkerasj.threads=1.
cd /work/scratch/s21x
J17=java; J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
W=-Dkerasj.bench.work=/work/main/jmh/target/bench-work
run() { # label java extra jar H
  echo "== $1 $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)"
  $2 $W -Dkerasj.threads=1 $3 -cp $5:$4 io.kerasj.jmh.M 8 transformer:1:128 transformer:16:128 2>&1 | grep transformer
}
for round in 1 2 3; do
  run "r$round jdk17 scalar base" $J17 "" base.jar H
  run "r$round jdk17 scalar new" $J17 "" new4.jar Hn
  run "r$round jdk25 scalar base" $J25 "" base.jar H
  run "r$round jdk25 scalar new" $J25 "" new4.jar Hn
done
for round in 1 2; do
  run "r$round jdk17 vector base" $J17 "--add-modules=jdk.incubator.vector" base.jar H
  run "r$round jdk17 vector new" $J17 "--add-modules=jdk.incubator.vector" new4.jar Hn
done
echo done
