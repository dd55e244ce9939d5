"""Steady-state process CPU time (all threads) and wall per ORT call, default session options."""
import sys, time, os, numpy as np, onnxruntime as ort
cases = [c.split(":") for c in sys.argv[2:]]
for name, b, t, f in cases:
    b, t, f = int(b), int(t), int(f)
    so = ort.SessionOptions()
    if os.environ.get("ORT_THREADS"): so.intra_op_num_threads = int(os.environ["ORT_THREADS"])
    s = ort.InferenceSession(os.path.join(sys.argv[1], name + ".onnx"), so, providers=["CPUExecutionProvider"])
    inp = s.get_inputs()[0].name
    x = np.random.default_rng(7).uniform(-1, 1, (b, t, f)).astype(np.float32)
    c0 = time.process_time()
    while time.process_time() - c0 < 1.5:
        s.run(None, {inp: x})
    cpu, wall = [], []
    for k in range(5):
        cs, ws, n = time.process_time(), time.perf_counter(), 0
        while True:
            s.run(None, {inp: x}); n += 1
            if time.process_time() - cs >= 0.4: break
        cpu.append((time.process_time() - cs) / n * 1e6); wall.append((time.perf_counter() - ws) / n * 1e6)
    cpu.sort(); wall.sort()
    print(f"ort {name}:{b}:{t}:{f} cpu_us median={cpu[2]:.1f} min={cpu[0]:.1f} max={cpu[4]:.1f} wall_us median={wall[2]:.1f} min={wall[0]:.1f} load={open('/proc/loadavg').read().split()[0]}", flush=True)
