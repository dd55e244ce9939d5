#!/bin/bash
G=/work/wt/s21-t128/jmh/src/main/java/io/kerasj/jmh/GemmCpuTime.java
S="2048:512:128 2048:128:128 128:512:128 128:128:128 2048:128:512 512:512:128 384:512:128 256:512:128 12544:27:32 3136:576:64 784:1152:128 196:4608:512"
for r in 1 2; do
 for J in /usr/lib/jvm/java-17-openjdk-amd64/bin/java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; do
  for arm in base new; do
   if [ $arm = base ]; then CP=/work/main/runtime/target/kerasj-runtime-0.1.0-SNAPSHOT.jar; else CP=/tmp/s21t/new1-runtime.jar; fi
   echo "## round $r $($J -version 2>&1 | head -1) $arm load $(cut -d' ' -f1 /proc/loadavg)"
   $J -cp $CP $G 5 0.3 $S 2>&1 | grep "^scalar"
  done
 done
done
