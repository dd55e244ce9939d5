#!/bin/bash
# usage: ab.sh ROUNDS THREADS "label|jar|opts" ...
# run from a directory holding base/ and new/ runtime jars, deps.txt (the loader and its dependencies) and img/
R=$1; T=$2; shift 2
JAVA=${JAVA:-java}
for r in $(seq $R); do
  for v in "$@"; do
    IFS='|' read -r label jar opts <<< "$v"
    CP=$jar/kerasj-runtime-0.1.0-SNAPSHOT.jar:base/kerasj-loader-0.1.0-SNAPSHOT.jar:$(cat deps.txt)
    $JAVA -Dkerasj.threads=$T $opts -cp $CP Scale.java ${W:-6} ${N:-11} img ${MODELS:-ResNet50} 2>&1 | grep wall | sed "s/^/$r $label t$T /"
  done
done
