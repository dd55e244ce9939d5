#!/bin/bash
D=/work/wt/i12-speed/jmh/target/bench-work2/images
ORT=~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.22.0/onnxruntime-1.22.0.jar
CASES="${CASES:-MobileNetV2:1:300774272 ResNet50:1:3857973248}"
for r in $(seq 1 ${ROUNDS:-3}); do
  echo "## round $r $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  for v in 0 1; do
    for w in base new; do
      NEWCP=/tmp/i12-new7/runtime:/tmp/i12-new7/loader /tmp/i12-ab.sh $w $v ${WARM:-4} ${CALLS:-12} $D $CASES | grep -v "Kernels choose\|^INFO\|^WARN" | sed "s/^/$w vec=$v\t/"
    done
  done
  (cd /tmp/i12-ort && java -cp $ORT:. OrtCpu $D 4 ${CALLS:-12} $(for c in $CASES; do echo ${c%:*}; done)) 2>&1 | grep ORT
  (cd /tmp && /work/scratch/peers-venv/bin/python /tmp/i12-tf.py $D 3 ${CALLS:-12} $(for c in $CASES; do echo ${c%:*}; done)) 2>&1 | grep "^TF"
done
