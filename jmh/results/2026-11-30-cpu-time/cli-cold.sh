#!/usr/bin/env bash
DIR=${DIR:-.}  # where lstm384.keras and x8.npy / x512.npy are
# usage: cpu.sh JAR N LABEL java-opts... ; prints wall, user, sys (s) of one cold predict
JAR=$1; N=$2; LABEL=$3; shift 3
/usr/bin/time -f "$LABEL n=$N wall=%e user=%U sys=%S load=LOAD" -o $DIR/t.txt java "$@" -jar $JAR predict $DIR/lstm384.keras --input $DIR/x$N.npy --output $DIR/y-$LABEL-$N.npy --verbose 2>$DIR/err-$LABEL-$N.txt
sed "s/LOAD/$(cut -d' ' -f1 /proc/loadavg)/" $DIR/t.txt
