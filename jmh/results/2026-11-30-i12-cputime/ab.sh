#!/bin/bash
# usage: i12-ab.sh which(base|new) vec(0|1) warm calls cases...
W=/work/wt/i12-speed
DEPS=$(cat /tmp/i12-deps.txt)
case $1 in
  base) CP=/tmp/i12-base/runtime/target/kerasj-runtime-0.1.0-SNAPSHOT.jar:/tmp/i12-base/loader/target/kerasj-loader-0.1.0-SNAPSHOT.jar:$DEPS;;
  new) CP=${NEWCP:-$W/runtime/target/classes:$W/loader/target/classes}:$DEPS;;
esac
VEC=""; [ "$2" = 1 ] && VEC="--add-modules jdk.incubator.vector"
shift 2
java -Xmx3g -Dkerasj.threads=1 $JOPTS $VEC -cp $CP $W/jmh/src/main/java/io/kerasj/jmh/ImageCpuTime.java "$@" 2>&1 | grep -v WARNING
