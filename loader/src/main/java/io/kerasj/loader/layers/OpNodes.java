package io.kerasj.loader.layers;

import com.google.gson.JsonElement;
import io.kerasj.Messages;
import io.kerasj.ModelFormatException;
import io.kerasj.Tensor;
import io.kerasj.UnsupportedFeatureException;
import io.kerasj.activations.Activation;
import io.kerasj.layers.Layer;
import io.kerasj.loader.LayerConfig;
import io.kerasj.loader.LayerFactory;
import io.kerasj.ops.Binary;
import io.kerasj.ops.BinaryFunction;
import io.kerasj.ops.Concat;
import io.kerasj.ops.Einsum;
import io.kerasj.ops.GetItem;
import io.kerasj.ops.Operand;
import io.kerasj.ops.Reduce;
import io.kerasj.ops.Transpose;
import io.kerasj.ops.Unary;
import io.kerasj.ops.UnaryFunction;
import io.kerasj.ops.Where;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Operations recorded as Functional graph nodes: Keras 3's op nodes ({@code keras/src/ops}:
 * {@code x + y} is {@code keras.src.ops.numpy.Add}) registered by module and class, and
 * tf-keras' {@code TFOpLambda} (a TensorFlow function by its canonical name, e.g. {@code
 * "math.reduce_mean"}) and {@code SlicingOpLambda}. Both are data, a function name and its
 * arguments, and share the factories below, which differ only in the parameter names each API
 * uses. Python {@code Lambda} layers, which store code, stay refused ({@code Safety}).
 */
final class OpNodes {
  private OpNodes() {}

  private static final String NUMPY = "keras.src.ops.numpy";
  private static final String NN = "keras.src.ops.nn";
  private static final String CORE = "keras.src.ops.core";
  private static final String MATH = "keras.src.ops.math";

  static void register(Registry r) {
    keras3(r);
    tensorflow(r);
    r.layer("TFOpLambda", OpNodes::tfOp);
    r.layer("SlicingOpLambda", OpNodes::tfOp);
  }

  private static void keras3(Registry r) {
    String[][] binary = {
        {"Add", "ADD"}, {"Subtract", "SUBTRACT"}, {"Multiply", "MULTIPLY"}, {"Divide", "DIVIDE"},
        {"TrueDivide", "DIVIDE"}, {"DivideNoNan", "DIVIDE_NO_NAN"}, {"FloorDivide", "FLOOR_DIVIDE"},
        {"Mod", "FLOOR_MOD"}, {"Power", "POWER"}, {"Maximum", "MAXIMUM"}, {"Minimum", "MINIMUM"},
        {"Equal", "EQUAL"}, {"NotEqual", "NOT_EQUAL"}, {"Greater", "GREATER"}, {"GreaterEqual", "GREATER_EQUAL"},
        {"Less", "LESS"}, {"LessEqual", "LESS_EQUAL"}, {"LogicalAnd", "LOGICAL_AND"}, {"LogicalOr", "LOGICAL_OR"},
        {"LogicalXor", "LOGICAL_XOR"}};
    for (String[] b : binary) {
      r.op(NUMPY, b[0], binary(BinaryFunction.valueOf(b[1]), "x1", "x2"));
    }
    String[][] math = {
        {"Abs", "ABS"}, {"Absolute", "ABS"}, {"Negative", "NEGATIVE"}, {"Square", "SQUARE"}, {"Sqrt", "SQRT"},
        {"Exp", "EXP"}, {"Expm1", "EXPM1"}, {"Log", "LOG"}, {"Log1p", "LOG1P"}, {"Log2", "LOG2"}, {"Log10", "LOG10"},
        {"Sin", "SIN"}, {"Cos", "COS"}, {"Tan", "TAN"}, {"Sign", "SIGN"}, {"Floor", "FLOOR"}, {"Ceil", "CEIL"},
        {"Trunc", "TRUNC"}, {"Reciprocal", "RECIPROCAL"}, {"LogicalNot", "LOGICAL_NOT"}, {"Isnan", "IS_NAN"},
        {"Isinf", "IS_INF"}, {"Isfinite", "IS_FINITE"}, {"Copy", "IDENTITY"}};
    for (String[] m : math) {
      r.op(NUMPY, m[0], function(UnaryFunction.valueOf(m[1]), "x"));
    }
    r.op(NUMPY, "Round", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x");
      a.expect("decimals", 0);
      return unary(c, a, "x", UnaryFunction.ROUND, 0f, 0f);
    });
    r.op(NUMPY, "Tanh", activation(Activation.TANH, "x"));
    r.op(NUMPY, "Clip", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x");
      return unary(c, a, "x", UnaryFunction.CLIP, a.number("x_min", Float.NEGATIVE_INFINITY),
          a.number("x_max", Float.POSITIVE_INFINITY));
    });
    r.op(MATH, "Erf", function(UnaryFunction.ERF, "x"));
    r.op(MATH, "Rsqrt", function(UnaryFunction.RSQRT, "x"));
    r.op(CORE, "StopGradient", function(UnaryFunction.IDENTITY, "variable"));
    r.op(CORE, "Cast", cast("x"));
    r.op(CORE, "ConvertToTensor", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x", "dtype", "sparse", "ragged");
      a.expect("dtype", "float32");
      a.expect("sparse", false);
      a.expect("ragged", false);
      return unary(c, a, "x", UnaryFunction.IDENTITY, 0f, 0f);
    });
    r.op(NUMPY, "OnesLike", fill(1f, "x", null, "dtype"));
    r.op(NUMPY, "ZerosLike", fill(0f, "x", null, "dtype"));
    r.op(NUMPY, "FullLike", fill(Float.NaN, "x", "fill_value", "dtype"));
    r.op(NUMPY, "Flip", flip("x", "axis"));
    r.op(NUMPY, "Take", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x", "indices", "axis");
      a.tensor("x");
      if (!a.has("axis")) {
        throw new UnsupportedFeatureException(a.where() + ": take over the flattened tensor (axis=None) is not supported");
      }
      int at = axis(a, a.ints("axis"), s.length);
      Tensor idx = constantTensor(a, "indices");
      a.finish();
      return build(c, () -> new io.kerasj.ops.Gather(c.name(), c.className(), integers(a, "indices", idx), idx.shape(), at,
          true));
    });
    r.op(NUMPY, "Pad", pad("x", "pad_width", "constant_values", "mode", "x", "constant_values"));
    r.op(NUMPY, "Tile", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x", "repeats");
      a.tensor("x");
      int[] reps = constantInts(a, "repeats");
      a.finish();
      return build(c, () -> io.kerasj.ops.Tile.tile(c.name(), c.className(), reps));
    });
    r.op(NUMPY, "Repeat", repeat("x", "repeats", "axis"));
    r.op(NUMPY, "Cumsum", cumulative(false, "x"));
    r.op(NUMPY, "Cumprod", cumulative(true, "x"));
    r.op(NUMPY, "Triu", (c, w, s, ctx) -> band(c, OpArgs.of(c, "x", "k"), "x", "k", true));
    r.op(NUMPY, "Tril", (c, w, s, ctx) -> band(c, OpArgs.of(c, "x", "k"), "x", "k", false));
    r.op(NN, "OneHot", oneHot("x", "num_classes", "axis"));
    r.op(NN, "Normalize", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x", "axis", "order", "epsilon");
      a.expect("order", 2);
      int[] axes = a.has("axis") ? a.ints("axis") : null;
      // Keras 3: x * minimum(rsqrt(sum(x²)), 1 / epsilon), epsilon defaulting to backend.epsilon().
      double eps = a.number("epsilon", 1e-7f);
      a.tensor("x");
      a.finish();
      return new io.kerasj.ops.Normalize(c.name(), c.className(), axes, (float) (1.0 / eps));
    });
    r.op(CORE, "Slice", slice("inputs", "start_indices", "shape"));
    String[][] reductions = {
        {"Mean", "MEAN"}, {"Sum", "SUM"}, {"Max", "MAX"}, {"Min", "MIN"}, {"Amax", "MAX"}, {"Amin", "MIN"},
        {"Prod", "PROD"}, {"Any", "ANY"}, {"All", "ALL"}, {"Var", "VAR"}, {"Std", "STD"}};
    for (String[] k : reductions) {
      r.op(NUMPY, k[0], reduce(Reduce.Kind.valueOf(k[1]), "x"));
    }
    r.op(MATH, "Logsumexp", reduce(Reduce.Kind.LOGSUMEXP, "x"));
    r.op(NUMPY, "Average", reduce(Reduce.Kind.MEAN, "x")); // weights other than None are refused
    r.op(NUMPY, "Argmax", reduce(Reduce.Kind.ARGMAX, "x"));
    r.op(NUMPY, "Argmin", reduce(Reduce.Kind.ARGMIN, "x"));
    r.op(NUMPY, "Reshape", reshape(io.kerasj.ops.Reshape.Kind.RESHAPE, "x", "newshape"));
    r.op(NUMPY, "ExpandDims", reshape(io.kerasj.ops.Reshape.Kind.EXPAND_DIMS, "x", "axis"));
    r.op(NUMPY, "Squeeze", reshape(io.kerasj.ops.Reshape.Kind.SQUEEZE, "x", "axis"));
    r.op(NUMPY, "Transpose", transpose("x", "axes"));
    r.op(NUMPY, "Swapaxes", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x");
      int x = a.tensor("x");
      int[] i = a.ints("axis1");
      int[] j = a.ints("axis2");
      a.finish();
      int[] perm = new int[s.length];
      for (int k = 0; k < perm.length; k++) {
        perm[k] = k;
      }
      int p = axis(a, i, s.length);
      int q = axis(a, j, s.length);
      perm[p] = q;
      perm[q] = p;
      return build(c, () -> new Transpose(c.name(), c.className(), perm));
    });
    r.op(NUMPY, "GetItem", getItem("x", "key"));
    r.op(NUMPY, "Concatenate", join("xs", "axis", false));
    r.op(NUMPY, "Stack", join("x", "axis", true));
    r.op(NUMPY, "Matmul", matmul("x1", "x2"));
    r.op(NUMPY, "Einsum", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "*operands");
      int[] in = a.tensors("operands");
      String eq = a.string("subscripts", null);
      a.finish();
      return build(c, () -> new Einsum(c.name(), c.className(), eq));
    });
    r.op(NUMPY, "Where", where("condition", "x1", "x2"));
    Object[][] activations = {
        {"Relu", Activation.RELU}, {"Relu6", Activation.RELU6}, {"Sigmoid", Activation.SIGMOID},
        {"SparseSigmoid", Activation.SPARSE_SIGMOID}, {"Softplus", Activation.SOFTPLUS},
        {"Softsign", Activation.SOFTSIGN}, {"Silu", Activation.SILU}, {"LogSigmoid", Activation.LOG_SIGMOID},
        {"HardSigmoid", Activation.HARD_SIGMOID}, {"HardSilu", Activation.HARD_SILU}, {"Selu", Activation.SELU},
        {"HardTanh", Activation.HARD_TANH}, {"SparsePlus", Activation.SPARSE_PLUS},
        {"TanhShrink", Activation.TANH_SHRINK}};
    for (Object[] x : activations) {
      r.op(NN, (String) x[0], activation((Activation) x[1], "x"));
    }
    r.op(NN, "LeakyRelu", parametric(UnaryFunction.LEAKY_RELU, "x", "negative_slope", 0.2f, null, 0f));
    r.op(NN, "Elu", parametric(UnaryFunction.ELU, "x", "alpha", 1f, null, 0f));
    r.op(NN, "Celu", parametric(UnaryFunction.CELU, "x", "alpha", 1f, null, 0f));
    r.op(NN, "SoftShrink", parametric(UnaryFunction.SOFT_SHRINK, "x", "threshold", 0.5f, null, 0f));
    r.op(NN, "HardShrink", parametric(UnaryFunction.HARD_SHRINK, "x", "threshold", 0.5f, null, 0f));
    r.op(NN, "Squareplus", parametric(UnaryFunction.SQUAREPLUS, "x", "b", 4f, null, 0f));
    r.op(NN, "Threshold", parametric(UnaryFunction.THRESHOLD, "x", "threshold", Float.NaN, "default_value", Float.NaN));
    r.op(NN, "Gelu", gelu("x", "approximate", true));
    r.op(NN, "Softmax", softmax(Activation.SOFTMAX, "x", "axis", -1));
    r.op(NN, "LogSoftmax", softmax(Activation.LOG_SOFTMAX, "x", "axis", -1));
    r.op(NN, "Sparsemax", softmax(Activation.SPARSEMAX, "x", "axis", -1));
    r.op(NN, "Glu", softmax(Activation.GLU, "x", "axis", -1));
    r.op(NUMPY, "Split", numpySplit(null, false));
    r.op(NUMPY, "ArraySplit", numpySplit(null, true));
    r.op(NUMPY, "Hsplit", numpySplit(1, false)); // axis 0 for rank 1 inputs
    r.op(NUMPY, "Vsplit", numpySplit(0, false));
    r.op(NUMPY, "Dsplit", numpySplit(2, false));
    r.op(CORE, "Unstack", unstack("x"));
    r.op(NN, "Moments", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x");
      a.tensor("x");
      if (!a.has("axes")) {
        throw new ModelFormatException(a.where() + ": argument 'axes' is missing");
      }
      int[] axes = a.ints("axes");
      boolean keep = a.bool("keepdims", false);
      // synchronized=True all-reduces across replicas, a training-time concern refused by name.
      a.expect("synchronized", false);
      a.finish();
      return build(c, () -> new io.kerasj.ops.Moments(c.name(), c.className(), axes, keep));
    });
    r.op(MATH, "TopK", topK("x"));
    String[][] trig = {
        {"Arccos", "ARCCOS"}, {"Arccosh", "ARCCOSH"}, {"Arcsin", "ARCSIN"}, {"Arcsinh", "ARCSINH"},
        {"Arctan", "ARCTAN"}, {"Arctanh", "ARCTANH"}, {"Cosh", "COSH"}, {"Sinh", "SINH"}, {"Exp2", "EXP2"},
        {"Cbrt", "CBRT"}, {"Deg2rad", "DEG2RAD"}, {"Rad2deg", "RAD2DEG"}, {"Signbit", "SIGNBIT"}, {"Sinc", "SINC"}};
    for (String[] m : trig) {
      r.op(NUMPY, m[0], function(UnaryFunction.valueOf(m[1]), "x"));
    }
    String[][] binary2 = {
        {"Arctan2", "ARCTAN2"}, {"Hypot", "HYPOT"}, {"Logaddexp", "LOGADDEXP"}, {"Heaviside", "HEAVISIDE"},
        {"Fmod", "FMOD"}};
    for (String[] b : binary2) {
      r.op(NUMPY, b[0], binary(BinaryFunction.valueOf(b[1]), "x1", "x2"));
    }
    r.op(NUMPY, "BroadcastTo", broadcastTo("x"));
    r.op(NUMPY, "Diagonal", diagonal(false));
    r.op(NUMPY, "Trace", diagonal(true));
    r.op(NUMPY, "Outer", (c, w, s, ctx) -> flatProduct(c, OpArgs.of(c, "x1", "x2"), true));
    r.op(NUMPY, "Vdot", (c, w, s, ctx) -> flatProduct(c, OpArgs.of(c, "x1", "x2"), false));
    r.op(NUMPY, "Isclose", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x1", "x2", "rtol", "atol");
      io.kerasj.ops.Operand x = a.operand("x1");
      io.kerasj.ops.Operand y = a.operand("x2");
      float rtol = a.number("rtol", 1e-5f);
      float atol = a.number("atol", 1e-8f);
      boolean nan = a.bool("equal_nan", false);
      a.finish();
      return build(c, () -> new io.kerasj.ops.Isclose(c.name(), c.className(), x, y, rtol, atol, nan));
    });
    r.op(NUMPY, "TakeAlongAxis", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x", "indices");
      io.kerasj.ops.Operand x = a.operand("x");
      io.kerasj.ops.Operand idx = a.operand("indices");
      if (!a.has("axis")) {
        throw new UnsupportedFeatureException(a.where() + ": take_along_axis with axis=None (the flattened tensor, "
            + "batch axis included) is not supported");
      }
      int at = one(a, "axis", a.ints("axis"));
      a.finish();
      return build(c, () -> new io.kerasj.ops.TakeAlongAxis(c.name(), c.className(), x, idx, at));
    });
    r.op(NUMPY, "Sort", sort(false, "x"));
    r.op(NUMPY, "Argsort", sort(true, "x"));
    r.op(NUMPY, "Roll", roll("x"));
    r.op(NUMPY, "Moveaxis", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x");
      a.tensor("x");
      int[] src = a.ints("source");
      int[] dst = a.ints("destination");
      a.finish();
      if (src == null || dst == null || src.length != dst.length) {
        throw new ModelFormatException(a.where() + ": source " + java.util.Arrays.toString(src) + " and destination "
            + java.util.Arrays.toString(dst) + " should name as many axes");
      }
      // NumPy: the other axes keep their order and fill the places the destinations leave.
      int[] perm = new int[s.length];
      java.util.Arrays.fill(perm, -1);
      boolean[] moved = new boolean[s.length];
      for (int i = 0; i < src.length; i++) {
        int from = axis(a, new int[] {src[i]}, s.length);
        int to = axis(a, new int[] {dst[i]}, s.length);
        if (moved[from] || perm[to] >= 0) {
          throw new ModelFormatException(a.where() + ": an axis is named twice");
        }
        moved[from] = true;
        perm[to] = from;
      }
      for (int i = 0, k = 0; i < s.length; i++) {
        if (perm[i] < 0) {
          while (moved[k]) {
            k++;
          }
          perm[i] = k++;
        }
      }
      return build(c, () -> new Transpose(c.name(), c.className(), perm));
    });
    r.op(NUMPY, "Ravel", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x");
      a.tensor("x");
      a.finish();
      return build(c, () -> new io.kerasj.ops.Reshape(c.name(), c.className(), io.kerasj.ops.Reshape.Kind.RESHAPE,
          new int[] {-1}));
    });
    r.op(NUMPY, "Hstack", stackOf(1));
    r.op(NUMPY, "Vstack", stackOf(0));
    r.op(NUMPY, "Dstack", stackOf(2));
    r.op(NUMPY, "Append", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x1", "x2");
      if (a.tensor("x1") != 0 || a.tensor("x2") != 1) {
        throw new UnsupportedFeatureException(a.where() + ": x1 and x2 are not the call's inputs in order");
      }
      if (!a.has("axis")) {
        throw new UnsupportedFeatureException(a.where() + ": append with axis=None (both tensors flattened, batch "
            + "axis included) is not supported");
      }
      int at = one(a, "axis", a.ints("axis"));
      a.finish();
      return new Concat(c.name(), c.className(), 2, at, false);
    });
    r.op(NUMPY, "Diff", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "a");
      a.tensor("a");
      int n = a.has("n") ? one(a, "n", a.ints("n")) : 1;
      int at = a.has("axis") ? one(a, "axis", a.ints("axis")) : -1;
      a.finish();
      return build(c, () -> new io.kerasj.ops.Diff(c.name(), c.className(), n, at));
    });
    r.op(NUMPY, "CountNonzero", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x");
      a.tensor("x");
      int[] axes = a.ints("axis");
      a.finish();
      return new Reduce(c.name(), c.className(), Reduce.Kind.COUNT_NONZERO, axes, false);
    });
    r.op(NUMPY, "Dot", (c, w, s, ctx) -> contraction(c, OpArgs.of(c, "x1", "x2"), "dot"));
    r.op(NUMPY, "Inner", (c, w, s, ctx) -> contraction(c, OpArgs.of(c, "x1", "x2"), "inner"));
    r.op(NUMPY, "Tensordot", (c, w, s, ctx) -> contraction(c, OpArgs.of(c, "x1", "x2"), "tensordot"));
    r.op(NUMPY, "NanToNum", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x");
      a.tensor("x");
      float nan = a.number("nan", 0f);
      float pos = a.number("posinf", Float.MAX_VALUE);
      float neg = a.number("neginf", -Float.MAX_VALUE);
      a.finish();
      return new io.kerasj.ops.NanToNum(c.name(), c.className(), nan, pos, neg);
    });
    r.op(NN, "DotProductAttention", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "query", "key", "value", "bias", "mask", "scale");
      if (a.tensor("query") != 0 || a.tensor("key") != 1 || a.tensor("value") != 2) {
        throw new UnsupportedFeatureException(a.where() + ": query, key and value are not the call's first inputs "
            + "in order");
      }
      io.kerasj.ops.Operand bias = a.has("bias") ? a.operand("bias") : null;
      io.kerasj.ops.Operand mask = a.has("mask") ? a.operand("mask") : null;
      a.raw("bias");
      a.raw("mask");
      float scale = a.number("scale", Float.NaN);
      boolean causal = a.bool("is_causal", false);
      // TensorFlow's backend raises on flash attention, and its soft cap is backend-dependent: both refused by name.
      a.expect("flash_attention", false);
      a.expect("attn_logits_soft_cap", "None");
      a.finish();
      return build(c, () -> new io.kerasj.ops.DotProductAttention(c.name(), c.className(), bias, mask, scale, causal));
    });
    r.op(NN, "LayerNorm", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x", "gamma", "beta");
      boolean rms = a.bool("rms_scaling", false);
      return norm(c, a, rms ? io.kerasj.ops.LayerNorm.Kind.RMS_SCALING : io.kerasj.ops.LayerNorm.Kind.LAYER, "gamma",
          "beta", s);
    });
    r.op(NN, "RMSNorm", (c, w, s, ctx) -> norm(c, OpArgs.of(c, "x", "scale"), io.kerasj.ops.LayerNorm.Kind.RMS,
        "scale", null, s));
    r.op(NN, "DepthToSpace", depthToSpace(true, "x"));
    r.op(NN, "SpaceToDepth", depthToSpace(false, "x"));
    r.op(NN, "MultiHot", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "inputs");
      a.tensor("inputs");
      int[] d = a.ints("num_classes");
      if (d == null || d.length != 1 || d[0] < 0) {
        throw new ModelFormatException(a.where() + ": argument 'num_classes' should be one count, got "
            + java.util.Arrays.toString(d));
      }
      int[] ax = a.has("axis") ? a.ints("axis") : new int[] {-1};
      int at = one(a, "axis", ax);
      String dtype = a.string("dtype", null);
      UnaryFunction conv = dtype == null ? UnaryFunction.IDENTITY : castTo(a, dtype);
      float on = conv.apply(1f, 0f, 0f);
      a.expect("sparse", false);
      a.finish();
      return build(c, () -> new io.kerasj.ops.MultiHot(c.name(), c.className(), d[0], at, on, 0f));
    });
  }

  /** Keras 3's {@code layer_normalization} / {@code rms_normalization} ops: weights as tensors or constants. */
  private static Layer norm(LayerConfig c, OpArgs a, io.kerasj.ops.LayerNorm.Kind kind, String gamma, String beta,
      int[] s) {
    if (a.tensor("x") != 0) {
      throw new UnsupportedFeatureException(a.where() + ": x is not the call's first input");
    }
    io.kerasj.ops.Operand g = a.has(gamma) ? a.operand(gamma) : null;
    a.raw(gamma);
    io.kerasj.ops.Operand b = beta != null && a.has(beta) ? a.operand(beta) : null;
    if (beta != null) {
      a.raw(beta);
    }
    int[] axes = a.has("axis") ? a.ints("axis") : new int[] {-1};
    float eps = a.number("epsilon", 1e-7f); // None: backend.epsilon()
    a.finish();
    return build(c, () -> new io.kerasj.ops.LayerNorm(c.name(), c.className(), kind, axes, eps, g, b));
  }

  /** {@code depth_to_space} / {@code space_to_depth}: Keras 3's (data_format) and TensorFlow's (NHWC only on CPU). */
  private static LayerFactory depthToSpace(boolean toSpace, String x) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x, "block_size", "data_format");
      a.tensor(x);
      int block = one(a, "block_size", constantInts(a, "block_size"));
      String format = a.string("data_format", OpArgs.isTf(c) ? "NHWC" : "channels_last");
      a.finish();
      boolean first;
      switch (format) {
        case "channels_last":
        case "NHWC":
          first = false;
          break;
        case "channels_first":
          first = true;
          break;
        default:
          throw new UnsupportedFeatureException(a.where() + ": data_format " + Messages.quote(format)
              + " is not supported (TensorFlow runs NHWC on CPU)");
      }
      return build(c, () -> new io.kerasj.ops.DepthToSpace(c.name(), c.className(), block, toSpace, first));
    };
  }

  private static void tensorflow(Registry r) {
    String[][] binary = {
        {"__operators__.add", "ADD"}, {"math.add", "ADD"}, {"math.subtract", "SUBTRACT"},
        {"math.multiply", "MULTIPLY"}, {"math.truediv", "DIVIDE"}, {"math.divide", "DIVIDE"},
        {"math.divide_no_nan", "DIVIDE_NO_NAN"}, {"math.multiply_no_nan", "MULTIPLY_NO_NAN"}, {"math.floordiv", "FLOOR_DIVIDE"},
        {"compat.v1.floor_div", "FLOOR_DIVIDE"}, {"math.floormod", "FLOOR_MOD"}, {"math.pow", "POWER"},
        {"math.maximum", "MAXIMUM"}, {"math.minimum", "MINIMUM"}, {"math.squared_difference", "SQUARED_DIFFERENCE"},
        {"math.equal", "EQUAL"}, {"math.not_equal", "NOT_EQUAL"}, {"math.greater", "GREATER"},
        {"math.greater_equal", "GREATER_EQUAL"}, {"math.less", "LESS"}, {"math.less_equal", "LESS_EQUAL"},
        {"math.logical_and", "LOGICAL_AND"}, {"math.logical_or", "LOGICAL_OR"}, {"math.logical_xor", "LOGICAL_XOR"}};
    for (String[] b : binary) {
      r.tfFunction(b[0], binary(BinaryFunction.valueOf(b[1]), "x", "y"));
    }
    String[][] math = {
        {"math.negative", "NEGATIVE"}, {"math.abs", "ABS"}, {"math.sqrt", "SQRT"}, {"math.rsqrt", "RSQRT"},
        {"math.square", "SQUARE"}, {"math.exp", "EXP"}, {"math.expm1", "EXPM1"}, {"math.log", "LOG"},
        {"math.log1p", "LOG1P"}, {"math.sin", "SIN"}, {"math.cos", "COS"}, {"math.tan", "TAN"},
        {"math.sign", "SIGN"}, {"math.floor", "FLOOR"}, {"math.ceil", "CEIL"}, {"math.round", "ROUND"},
        {"math.reciprocal", "RECIPROCAL"}, {"math.erf", "ERF"}, {"math.logical_not", "LOGICAL_NOT"},
        {"math.is_nan", "IS_NAN"}, {"math.is_inf", "IS_INF"}, {"math.is_finite", "IS_FINITE"}};
    for (String[] m : math) {
      r.tfFunction(m[0], function(UnaryFunction.valueOf(m[1]), "x"));
    }
    r.tfFunction("identity", function(UnaryFunction.IDENTITY, "input"));
    r.tfFunction("stop_gradient", function(UnaryFunction.IDENTITY, "input"));
    r.tfFunction("ones_like", fill(1f, "input", null, "dtype"));
    r.tfFunction("zeros_like", fill(0f, "input", null, "dtype"));
    r.tfFunction("reverse", flip("tensor", "axis"));
    r.tfFunction("slice", slice("input_", "begin", "size"));
    r.tfFunction("compat.v1.gather", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "params", "indices", "validate_indices", "axis", "batch_dims");
      a.tensor("params");
      a.raw("validate_indices"); // deprecated and ignored by TensorFlow
      a.expect("batch_dims", 0);
      int at = a.has("axis") ? axis(a, constantInts(a, "axis"), s.length) : 0;
      Tensor idx = constantTensor(a, "indices");
      a.finish();
      return build(c, () -> new io.kerasj.ops.Gather(c.name(), c.className(), integers(a, "indices", idx), idx.shape(), at,
          false));
    });
    r.tfFunction("compat.v1.pad", pad("tensor", "paddings", "constant_values", "mode", "tensor", "paddings", "mode",
        "name", "constant_values"));
    r.tfFunction("tile", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "input", "multiples");
      a.tensor("input");
      int[] reps = constantInts(a, "multiples");
      a.finish();
      if (reps.length != s.length) {
        throw new ModelFormatException(a.where() + ": multiples " + java.util.Arrays.toString(reps)
            + " should hold one count per axis of the input, rank " + s.length);
      }
      return build(c, () -> io.kerasj.ops.Tile.tile(c.name(), c.className(), reps));
    });
    r.tfFunction("repeat", repeat("input", "repeats", "axis"));
    r.tfFunction("math.cumsum", cumulative(false, "x"));
    r.tfFunction("math.cumprod", cumulative(true, "x"));
    r.tfFunction("linalg.band_part", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "input", "num_lower", "num_upper");
      a.tensor("input");
      long lower = (long) a.number("num_lower", Float.NaN);
      long upper = (long) a.number("num_upper", Float.NaN);
      if (!a.has("num_lower") || !a.has("num_upper")) {
        throw new ModelFormatException(a.where() + ": num_lower and num_upper are required");
      }
      a.finish();
      return new io.kerasj.ops.Band(c.name(), c.className(), lower < 0 ? Long.MIN_VALUE : -lower,
          upper < 0 ? Long.MAX_VALUE : upper);
    });
    r.tfFunction("one_hot", oneHot("indices", "depth", "axis"));
    r.tfFunction("math.l2_normalize", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x", "axis", "epsilon", "name", "dim");
      int[] axes = a.has("axis") ? a.ints("axis") : a.has("dim") ? a.ints("dim") : null;
      a.raw("dim");
      // tf: x * rsqrt(maximum(sum(x²), epsilon)) in float32, i.e. a factor of at most rsqrt(epsilon).
      float eps = a.number("epsilon", 1e-12f);
      a.tensor("x");
      a.finish();
      return new io.kerasj.ops.Normalize(c.name(), c.className(), axes, (float) (1.0 / Math.sqrt(eps)));
    });
    r.tfFunction("math.sigmoid", activation(Activation.SIGMOID, "x"));
    r.tfFunction("math.tanh", activation(Activation.TANH, "x"));
    r.tfFunction("math.log_sigmoid", activation(Activation.LOG_SIGMOID, "x"));
    r.tfFunction("math.softplus", activation(Activation.SOFTPLUS, "features"));
    r.tfFunction("nn.softsign", activation(Activation.SOFTSIGN, "features"));
    r.tfFunction("nn.relu", activation(Activation.RELU, "features"));
    r.tfFunction("nn.relu6", activation(Activation.RELU6, "features"));
    r.tfFunction("nn.elu", activation(Activation.ELU, "features"));
    r.tfFunction("nn.selu", activation(Activation.SELU, "features"));
    r.tfFunction("nn.silu", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "features", "beta");
      a.expect("beta", 1.0);
      return unary(c, a, "features", Activation.SILU);
    });
    r.tfFunction("nn.gelu", gelu("features", "approximate", false));
    r.tfFunction("nn.leaky_relu", parametric(UnaryFunction.LEAKY_RELU, "features", "alpha", 0.2f, null, 0f));
    r.tfFunction("nn.softmax", softmax(Activation.SOFTMAX, "logits", "axis", -1));
    r.tfFunction("nn.log_softmax", softmax(Activation.LOG_SOFTMAX, "logits", "axis", -1));
    r.tfFunction("clip_by_value", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "t", "clip_value_min", "clip_value_max");
      return unary(c, a, "t", UnaryFunction.CLIP, a.number("clip_value_min", Float.NaN),
          a.number("clip_value_max", Float.NaN));
    });
    r.tfFunction("cast", cast("x"));
    String[][] reductions = {
        {"math.reduce_mean", "MEAN"}, {"math.reduce_sum", "SUM"}, {"math.reduce_max", "MAX"},
        {"math.reduce_min", "MIN"}, {"math.reduce_prod", "PROD"}, {"math.reduce_any", "ANY"},
        {"math.reduce_all", "ALL"}, {"math.reduce_std", "STD"}, {"math.reduce_variance", "VAR"},
        {"math.reduce_logsumexp", "LOGSUMEXP"}};
    for (String[] k : reductions) {
      r.tfFunction(k[0], reduce(Reduce.Kind.valueOf(k[1]), "input_tensor"));
    }
    r.tfFunction("math.argmax", argmax(Reduce.Kind.ARGMAX));
    r.tfFunction("math.argmin", argmax(Reduce.Kind.ARGMIN));
    r.tfFunction("reshape", reshape(io.kerasj.ops.Reshape.Kind.RESHAPE, "tensor", "shape"));
    r.tfFunction("expand_dims", reshape(io.kerasj.ops.Reshape.Kind.EXPAND_DIMS, "input", "axis"));
    r.tfFunction("squeeze", reshape(io.kerasj.ops.Reshape.Kind.SQUEEZE, "input", "axis"));
    r.tfFunction("compat.v1.squeeze", reshape(io.kerasj.ops.Reshape.Kind.SQUEEZE, "input", "axis"));
    r.tfFunction("transpose", transpose("a", "perm"));
    r.tfFunction("compat.v1.transpose", transpose("a", "perm"));
    r.tfFunction("concat", join("values", "axis", false));
    r.tfFunction("stack", join("values", "axis", true));
    r.tfFunction("linalg.matmul", matmul("a", "b"));
    r.tfFunction("where", where("condition", "x", "y"));
    r.tfFunction("nn.bias_add", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "value", "bias", "data_format");
      String format = a.string("data_format", null);
      if (format != null && !(format.startsWith("N") && format.endsWith("C"))) {
        throw new UnsupportedFeatureException(a.where() + ": data_format " + Messages.quote(format)
            + " is not supported (channels last only)");
      }
      return binary(c, a, BinaryFunction.ADD, "value", "bias");
    });
    r.tfFunction("__operators__.getitem", getItem("tensor", "slice_spec"));
    r.tfFunction("split", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "value", "num_or_size_splits", "axis", "num");
      a.tensor("value");
      int at = a.has("axis") ? axis(a, constantInts(a, "axis"), s.length) : 0;
      JsonElement e = constantArgument(a, "num_or_size_splits");
      int[] v = a.ints("num_or_size_splits");
      int[] num = a.ints("num");
      a.finish();
      boolean list = e.isJsonArray();
      if (num != null && (num.length != 1 || num[0] != (list ? v.length : v[0]))) {
        throw new ModelFormatException(a.where() + ": num " + java.util.Arrays.toString(num)
            + " does not match num_or_size_splits " + Messages.snippet(e));
      }
      return build(c, () -> list ? io.kerasj.ops.Split.sizes(c.name(), c.className(), at, v)
          : io.kerasj.ops.Split.sections(c.name(), c.className(), at, one(a, "num_or_size_splits", v), false));
    });
    r.tfFunction("unstack", unstack("value"));
    r.tfFunction("math.top_k", topK("input"));
    String[][] trig = {
        {"math.acos", "ARCCOS"}, {"math.acosh", "ARCCOSH"}, {"math.asin", "ARCSIN"}, {"math.asinh", "ARCSINH"},
        {"math.atan", "ARCTAN"}, {"math.atanh", "ARCTANH"}, {"math.cosh", "COSH"}, {"math.sinh", "SINH"}};
    for (String[] m : trig) {
      r.tfFunction(m[0], function(UnaryFunction.valueOf(m[1]), "x"));
    }
    r.tfFunction("math.atan2", binary(BinaryFunction.ARCTAN2, "y", "x"));
    r.tfFunction("sort", sort(false, "values"));
    r.tfFunction("argsort", sort(true, "values"));
    r.tfFunction("roll", roll("input"));
    r.tfFunction("tensordot", (c, w, s, ctx) -> contraction(c, OpArgs.of(c, "a", "b", "axes"), "tensordot"));
    r.tfFunction("broadcast_to", broadcastTo("input"));
    r.tfFunction("math.count_nonzero", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "input", "axis", "keepdims", "dtype");
      a.tensor("input");
      int[] axes = a.ints("axis");
      boolean keep = a.bool("keepdims", false);
      a.raw("dtype"); // an integer or float type: the same counts
      a.finish();
      return new Reduce(c.name(), c.className(), Reduce.Kind.COUNT_NONZERO, axes, keep);
    });
    r.tfFunction("linalg.trace", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x");
      a.tensor("x");
      a.finish();
      return build(c, () -> new io.kerasj.ops.Diagonal(c.name(), c.className(), 0, -2, -1, true));
    });
    r.tfFunction("linalg.diag_part", (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "input", "k", "padding_value", "align");
      a.tensor("input");
      int k = a.has("k") ? one(a, "k", constantInts(a, "k")) : 0; // a band (k a pair) is refused
      a.expect("padding_value", 0); // unused with one diagonal
      a.raw("align"); // only aligns bands of several diagonals
      a.finish();
      return build(c, () -> new io.kerasj.ops.Diagonal(c.name(), c.className(), k, -2, -1, false));
    });
    r.tfFunction("truncatemod", binary(BinaryFunction.FMOD, "x", "y"));
    r.tfFunction("nn.depth_to_space", depthToSpace(true, "input"));
    r.tfFunction("nn.space_to_depth", depthToSpace(false, "input"));
  }

  /** Keras 3's {@code sort} / {@code argsort(x, axis)} and {@code tf.sort} / {@code tf.argsort(values, axis, direction)}. */
  private static LayerFactory sort(boolean indices, String x) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x, "axis", "direction", "stable");
      a.tensor(x);
      boolean tf = OpArgs.isTf(c);
      if (!a.has("axis") && !tf && c.keys().contains("axis")) {
        throw new UnsupportedFeatureException(a.where() + ": sorting the flattened tensor (axis=None, batch axis "
            + "included) is not supported");
      }
      int at = axis(a, a.has("axis") ? a.ints("axis") : new int[] {-1}, s.length);
      String direction = a.string("direction", "ASCENDING");
      a.raw("stable"); // TensorFlow's sort keeps equal values in order either way
      a.finish();
      if (!direction.equals("ASCENDING") && !direction.equals("DESCENDING")) {
        throw new ModelFormatException(a.where() + ": direction " + Messages.quote(direction)
            + " is neither ASCENDING nor DESCENDING");
      }
      return new io.kerasj.ops.Sort(c.name(), c.className(), at, indices, direction.equals("DESCENDING"));
    };
  }

  /** Keras 3's {@code roll(x, shift, axis)} and {@code tf.roll(input, shift, axis)}. */
  private static LayerFactory roll(String x) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x, "shift", "axis");
      a.tensor(x);
      int[] shift = constantInts(a, "shift");
      int[] axes = a.has("axis") ? constantInts(a, "axis") : null;
      a.finish();
      if (axes == null && OpArgs.isTf(c)) {
        throw new ModelFormatException(a.where() + ": argument 'axis' is missing");
      }
      if (axes != null) {
        for (int v : axes) {
          axis(a, new int[] {v}, s.length);
        }
      }
      return build(c, () -> new io.kerasj.ops.Roll(c.name(), c.className(), shift, axes));
    };
  }

  /** Keras 3's {@code hstack} (axis 1, 0 for rank 1), {@code vstack} (0) and {@code dstack} (2; rank 2 inputs gain it). */
  private static LayerFactory stackOf(int axis) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "xs");
      int[] in = a.tensors("xs");
      for (int i = 0; i < in.length; i++) {
        if (in[i] != i) {
          throw new UnsupportedFeatureException(a.where() + ": the tensors to join are not the call's inputs in order");
        }
      }
      a.finish();
      if (axis == 2 && s.length < 2) {
        throw new UnsupportedFeatureException(a.where() + ": dstack of tensors of rank " + s.length
            + " is not supported");
      }
      int at = axis == 1 && s.length == 1 ? 0 : axis;
      return new Concat(c.name(), c.className(), in.length, at, axis == 2 && s.length == 2);
    };
  }

  /** The rank of the call's input {@code i}, from the graph's shapes. */
  private static int rankOf(LayerConfig c, OpArgs a, int i) {
    int[][] shapes = c.callInputShapes();
    if (shapes == null || i >= shapes.length) {
      throw new UnsupportedFeatureException(a.where() + ": the operands' shapes are unknown outside a Functional graph");
    }
    return shapes[i].length;
  }

  /**
   * Keras 3's {@code dot}, {@code inner} and {@code tensordot(x1, x2, axes)} and {@code
   * tf.tensordot(a, b, axes)} on two tensors of the graph, as the einsum of TensorFlow's {@code
   * tensordot}: x1's free axes, then x2's.
   */
  private static Layer contraction(LayerConfig c, OpArgs a, String kind) {
    boolean tf = OpArgs.isTf(c);
    String x1 = tf ? "a" : "x1";
    String x2 = tf ? "b" : "x2";
    if (a.tensor(x1) != 0 || a.tensor(x2) != 1) {
      throw new UnsupportedFeatureException(a.where() + ": " + x1 + " and " + x2 + " are not two tensors of the graph, "
          + "the call's inputs in order (constants and a tensor with itself are not supported)");
    }
    int r1 = rankOf(c, a, 0);
    int r2 = rankOf(c, a, 1);
    int[] ax1;
    int[] ax2;
    if (kind.equals("tensordot")) {
      JsonElement e = a.raw("axes");
      if (e == null || e.isJsonPrimitive()) {
        int n = e == null ? 2 : one(a, "axes", a.ints("axes"));
        ax1 = new int[n];
        ax2 = new int[n];
        for (int i = 0; i < n; i++) {
          ax1[i] = r1 - n + i;
          ax2[i] = i;
        }
      } else if (e.isJsonArray() && e.getAsJsonArray().size() == 2) {
        ax1 = OpArgs.intsOf(a.where() + ": axes[0]", e.getAsJsonArray().get(0));
        ax2 = OpArgs.intsOf(a.where() + ": axes[1]", e.getAsJsonArray().get(1));
      } else {
        throw new ModelFormatException(a.where() + ": axes " + Messages.snippet(e) + " should be an int or two lists");
      }
    } else {
      ax1 = new int[] {-1};
      ax2 = new int[] {kind.equals("dot") && r2 > 1 ? -2 : -1};
    }
    a.finish();
    if (ax1.length != ax2.length) {
      throw new ModelFormatException(a.where() + ": axes " + java.util.Arrays.toString(ax1) + " and "
          + java.util.Arrays.toString(ax2) + " should be as many");
    }
    if (r1 + r2 > 26) {
      throw new UnsupportedFeatureException(a.where() + ": operands of ranks " + r1 + " and " + r2 + " are not supported");
    }
    char[] l1 = new char[r1];
    char[] l2 = new char[r2];
    char next = 'a';
    for (int i = 0; i < r1; i++) {
      l1[i] = next++;
    }
    boolean[] c1 = new boolean[r1];
    boolean[] c2 = new boolean[r2];
    for (int i = 0; i < ax1.length; i++) {
      int p = axis(a, new int[] {ax1[i]}, r1);
      int q = axis(a, new int[] {ax2[i]}, r2);
      if (c1[p] || c2[q]) {
        throw new ModelFormatException(a.where() + ": an axis is contracted twice");
      }
      c1[p] = true;
      c2[q] = true;
      l2[q] = l1[p];
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < r1; i++) {
      if (!c1[i]) {
        out.append(l1[i]);
      }
    }
    for (int i = 0; i < r2; i++) {
      if (!c2[i]) {
        l2[i] = next++;
        out.append(l2[i]);
      }
    }
    String eq = new String(l1) + "," + new String(l2) + "->" + out;
    return build(c, () -> new Einsum(c.name(), c.className(), eq));
  }

  /** Keras 3's {@code diagonal} / {@code trace(x, offset, axis1, axis2)}. */
  private static LayerFactory diagonal(boolean trace) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x");
      a.tensor("x");
      int offset = a.has("offset") ? one(a, "offset", a.ints("offset")) : 0;
      int a1 = axis(a, a.has("axis1") ? a.ints("axis1") : new int[] {0}, s.length);
      int a2 = axis(a, a.has("axis2") ? a.ints("axis2") : new int[] {1}, s.length);
      a.finish();
      if (a1 == a2) {
        throw new ModelFormatException(a.where() + ": axis1 and axis2 are the same axis " + a1);
      }
      return build(c, () -> new io.kerasj.ops.Diagonal(c.name(), c.className(), offset, a1, a2, trace));
    };
  }

  private static Layer flatProduct(LayerConfig c, OpArgs a, boolean outer) {
    io.kerasj.ops.Operand x = a.operand("x1");
    io.kerasj.ops.Operand y = a.operand("x2");
    a.finish();
    if (x.isConstant() && y.isConstant()) {
      throw new UnsupportedFeatureException(a.where() + ": both operands are constants");
    }
    return build(c, () -> new io.kerasj.ops.FlatProduct(c.name(), c.className(), x, y, outer));
  }

  /** Keras 3's {@code broadcast_to(x, shape)} and {@code tf.broadcast_to(input, shape)}: a constant shape. */
  private static LayerFactory broadcastTo(String x) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x, "shape");
      a.tensor(x);
      int[] shape = constantInts(a, "shape");
      a.finish();
      if (shape == null || shape.length < s.length) {
        throw new ModelFormatException(a.where() + ": shape " + java.util.Arrays.toString(shape)
            + " has fewer axes than the input, rank " + s.length);
      }
      long n = 1;
      for (int i = 0; i < shape.length; i++) {
        int d = i - (shape.length - s.length);
        if (shape[i] < 0 || d >= 0 && s[d] >= 0 && s[d] != 1 && s[d] != shape[i]) {
          throw new ModelFormatException(a.where() + ": the input " + java.util.Arrays.toString(s)
              + " does not broadcast to " + java.util.Arrays.toString(shape));
        }
        n *= shape[i];
      }
      if (n > 1 << 26) {
        throw new UnsupportedFeatureException(a.where() + ": broadcast_to a shape of " + n + " elements");
      }
      // max(x, −∞) is x exactly (NaN and −0.0 included), so the broadcast maximum is broadcast_to.
      float[] fill = new float[(int) n];
      java.util.Arrays.fill(fill, Float.NEGATIVE_INFINITY);
      Tensor target = Tensor.of(fill, shape);
      return build(c, () -> new Binary(c.name(), c.className(), BinaryFunction.MAXIMUM, io.kerasj.ops.Operand.input(0),
          io.kerasj.ops.Operand.constant(target)));
    };
  }

  /** One integer argument. */
  private static int one(OpArgs a, String p, int[] v) {
    if (v == null || v.length != 1) {
      throw new ModelFormatException(a.where() + ": argument " + Messages.quote(p) + " should be one integer, got "
          + java.util.Arrays.toString(v));
    }
    return v[0];
  }

  /**
   * Keras 3's {@code split(x, indices_or_sections, axis)} and {@code array_split} ({@code uneven}),
   * and {@code hsplit} / {@code vsplit} / {@code dsplit} ({@code fixedAxis}), as the TensorFlow
   * backend runs them: equal sections (an error when the axis does not divide), or NumPy's cut
   * indices.
   */
  private static LayerFactory numpySplit(Integer fixedAxis, boolean uneven) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "x");
      a.tensor("x");
      int at = fixedAxis == null ? axis(a, a.has("axis") ? a.ints("axis") : new int[] {0}, s.length)
          : s.length == 1 && fixedAxis == 1 ? 0 : axis(a, new int[] {fixedAxis}, s.length);
      JsonElement e = constantArgument(a, "indices_or_sections");
      int[] v = a.ints("indices_or_sections");
      a.finish();
      if (e.isJsonArray()) {
        if (uneven) {
          throw new UnsupportedFeatureException(a.where() + ": array_split at indices " + Messages.snippet(e)
              + " is not supported (Keras' TensorFlow backend takes a number of sections)");
        }
        if (v.length == 0) {
          throw new UnsupportedFeatureException(a.where() + ": split at no indices is not supported");
        }
        return build(c, () -> io.kerasj.ops.Split.at(c.name(), c.className(), at, v));
      }
      int n = one(a, "indices_or_sections", v);
      return build(c, () -> io.kerasj.ops.Split.sections(c.name(), c.className(), at, n, uneven));
    };
  }

  /** Keras 3's {@code unstack(x, num, axis)} and {@code tf.unstack(value, num, axis)}. */
  private static LayerFactory unstack(String x) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x, "num", "axis");
      a.tensor(x);
      int at = axis(a, a.has("axis") ? a.ints("axis") : new int[] {0}, s.length);
      int[] num = a.ints("num");
      a.finish();
      int n = num != null ? one(a, "num", num) : s[at];
      if (n < 0) {
        throw new UnsupportedFeatureException(a.where() + ": unstacking axis " + at + ", of unknown length, without "
            + "num is not supported");
      }
      if (num != null && s[at] >= 0 && s[at] != n) {
        throw new ModelFormatException(a.where() + ": num " + n + " does not match axis " + at + " of length " + s[at]);
      }
      return build(c, () -> io.kerasj.ops.Split.unstack(c.name(), c.className(), at, n));
    };
  }

  /** Keras 3's {@code top_k(x, k, sorted)} and {@code tf.math.top_k(input, k=1, sorted, index_type)}. */
  private static LayerFactory topK(String x) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x, "k", "sorted", "index_type");
      a.tensor(x);
      int k = a.has("k") ? one(a, "k", constantInts(a, "k")) : 1;
      // sorted=False leaves the order to TensorFlow's kernel (unspecified): refused by name.
      a.expect("sorted", true);
      a.raw("index_type"); // int32 or int64 indices have the same values
      a.finish();
      return build(c, () -> new io.kerasj.ops.TopK(c.name(), c.className(), k));
    };
  }

  /**
   * Why kerasj cannot build {@code c}, a tf-keras op layer of a TensorFlow function it does not
   * run, or null.
   */
  static String unsupported(LayerConfig c) {
    if (!OpArgs.isTf(c)) {
      return null;
    }
    String f = c.getString("function", null);
    if (f == null) {
      return c.where() + ": the op layer names no TensorFlow function";
    }
    if (Builtins.tfFunction(f) == null) {
      return c.where() + ": TensorFlow function " + Messages.quote("tf." + f) + " is not supported (kerasj runs the "
          + "functions listed in its README)";
    }
    return null;
  }

  private static Layer tfOp(LayerConfig c, io.kerasj.loader.LayerWeights w, int[] s, io.kerasj.loader.LoadContext ctx) {
    String why = unsupported(c);
    if (why != null) {
      throw new UnsupportedFeatureException(why);
    }
    String f = c.getString("function", null);
    if (c.className().equals("SlicingOpLambda") != f.equals("__operators__.getitem")) {
      throw new UnsupportedFeatureException(c.where() + ": " + c.className() + " of " + Messages.quote("tf." + f)
          + " is not supported");
    }
    return Builtins.tfFunction(f).create(c, w, s, ctx);
  }

  // --------------------------------------------------------------------------------------------
  // Factories shared by both APIs; the parameter names are each API's own.

  /** Builds the op, turning a constructor's refusal into one naming the layer. */
  private static Layer build(LayerConfig c, Supplier<Layer> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(c.where() + ": " + e.getMessage());
    }
  }

  private static LayerFactory binary(BinaryFunction f, String x, String y) {
    return (c, w, s, ctx) -> binary(c, OpArgs.of(c, x, y), f, x, y);
  }

  private static Layer binary(LayerConfig c, OpArgs a, BinaryFunction f, String x, String y) {
    Operand left = a.operand(x);
    Operand right = a.operand(y);
    a.finish();
    return build(c, () -> new Binary(c.name(), c.className(), f, left, right));
  }

  private static LayerFactory function(UnaryFunction f, String x) {
    return (c, w, s, ctx) -> unary(c, OpArgs.of(c, x), x, f, 0f, 0f);
  }

  private static Layer unary(LayerConfig c, OpArgs a, String x, UnaryFunction f, float p0, float p1) {
    a.tensor(x);
    a.finish();
    return new Unary(c.name(), c.className(), f, p0, p1);
  }

  private static LayerFactory activation(Activation act, String x) {
    return (c, w, s, ctx) -> unary(c, OpArgs.of(c, x), x, act);
  }

  private static Layer unary(LayerConfig c, OpArgs a, String x, Activation act) {
    a.tensor(x);
    a.finish();
    return new Unary(c.name(), c.className(), act);
  }

  /** An activation with a parameter ({@code p0}, and {@code p1} if named); NaN defaults are required. */
  private static LayerFactory parametric(UnaryFunction f, String x, String p0, float d0, String p1, float d1) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x);
      float v0 = a.number(p0, d0);
      float v1 = p1 == null ? 0f : a.number(p1, d1);
      if (Float.isNaN(v0) && !a.has(p0) || p1 != null && Float.isNaN(v1) && !a.has(p1)) {
        throw new ModelFormatException(a.where() + ": a required argument is missing");
      }
      return unary(c, a, x, f, v0, v1);
    };
  }

  private static LayerFactory gelu(String x, String approximate, boolean def) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x);
      return a.bool(approximate, def) ? unary(c, a, x, UnaryFunction.GELU_TANH, 0f, 0f)
          : unary(c, a, x, Activation.GELU);
    };
  }

  private static LayerFactory cast(String x) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x);
      String dtype = a.string("dtype", null);
      if (dtype == null) {
        throw new ModelFormatException(a.where() + ": the cast names no dtype");
      }
      return unary(c, a, x, castTo(a, dtype), 0f, 0f);
    };
  }

  /** The element-wise function that gives float32 values of {@code dtype}. */
  private static UnaryFunction castTo(OpArgs a, String dtype) {
    switch (dtype) {
      case "float32":
        return UnaryFunction.IDENTITY;
      case "bool":
        return UnaryFunction.CAST_BOOL;
      case "int8":
      case "int16":
      case "int32":
      case "int64":
      case "uint8":
      case "uint16":
      case "uint32":
      case "uint64":
        // Values stay exact integers in float32 up to 2^24, the range of token ids and indices.
        return UnaryFunction.CAST_INT;
      default:
        throw new UnsupportedFeatureException(a.where() + ": dtype " + Messages.quote(dtype)
            + " is not supported (kerasj computes in float32)");
    }
  }

  /**
   * {@code ones_like}, {@code zeros_like} ({@code value}) and {@code full_like} ({@code valueArg}):
   * a tensor of the input's shape filled with one value, converted to the dtype asked for.
   */
  private static LayerFactory fill(float value, String x, String valueArg, String dtype) {
    return (c, w, s, ctx) -> {
      OpArgs a = valueArg == null ? OpArgs.of(c, x, dtype) : OpArgs.of(c, x, valueArg, dtype);
      float v = valueArg == null ? value : a.number(valueArg, Float.NaN);
      if (valueArg != null && !a.has(valueArg)) {
        throw new ModelFormatException(a.where() + ": argument " + Messages.quote(valueArg) + " is missing");
      }
      String d = a.string(dtype, null);
      float filled = d == null ? v : castTo(a, d).apply(v, 0f, 0f);
      return unary(c, a, x, UnaryFunction.FILL, filled, 0f);
    };
  }

  /** NumPy's {@code flip} and {@code tf.reverse}: the axes given (every axis when None) read backwards. */
  private static LayerFactory flip(String x, String axis) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x, axis);
      a.tensor(x);
      int[] axes = a.has(axis) ? constantInts(a, axis) : null;
      a.finish();
      if (axes == null && OpArgs.isTf(c)) {
        throw new ModelFormatException(a.where() + ": argument " + Messages.quote(axis) + " is missing");
      }
      boolean[] flipped = new boolean[s.length];
      if (axes == null) {
        java.util.Arrays.fill(flipped, true);
      } else {
        for (int v : axes) {
          int at = axis(a, new int[] {v}, s.length);
          if (flipped[at]) {
            throw new ModelFormatException(a.where() + ": axis " + v + " is given twice");
          }
          flipped[at] = true;
        }
      }
      java.util.List<GetItem.Index> key = new java.util.ArrayList<>();
      for (boolean f : flipped) {
        key.add(GetItem.Index.slice(null, null, f ? -1 : null));
      }
      return build(c, () -> new GetItem(c.name(), c.className(), key));
    };
  }

  /** {@code tf.slice} and Keras 3's {@code ops.slice}: {@code size} elements from {@code begin} on each axis. */
  private static LayerFactory slice(String x, String begin, String length) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x, begin, length);
      a.tensor(x);
      int[] start = constantInts(a, begin);
      int[] size = constantInts(a, length);
      a.finish();
      if (start.length != s.length || size.length != s.length) {
        throw new ModelFormatException(a.where() + ": begin " + java.util.Arrays.toString(start) + " and size "
            + java.util.Arrays.toString(size) + " should each hold one entry per axis of the input, rank " + s.length);
      }
      java.util.List<GetItem.Index> key = new java.util.ArrayList<>();
      for (int i = 0; i < s.length; i++) {
        // tf.slice: a size of -1 takes the rest of the axis; a slice beyond the axis is an error.
        if (start[i] < 0 || size[i] < -1 || s[i] >= 0 && (start[i] > s[i] || size[i] >= 0 && start[i] + size[i] > s[i])) {
          throw new ModelFormatException(a.where() + ": slice of size " + size[i] + " at " + start[i]
              + " does not fit axis " + i + " of size " + s[i]);
        }
        key.add(GetItem.Index.slice(start[i], size[i] < 0 ? null : start[i] + size[i], null));
      }
      return build(c, () -> new GetItem(c.name(), c.className(), key));
    };
  }

  /** {@code repeat(x, repeats, axis)}: one count for every element (per-element counts are refused). */
  private static LayerFactory repeat(String x, String repeats, String axis) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x, repeats, axis);
      a.tensor(x);
      int[] r = constantInts(a, repeats);
      if (r.length != 1) {
        throw new UnsupportedFeatureException(a.where() + ": a repeat count per element, " + java.util.Arrays.toString(r)
            + ", is not supported (one count is)");
      }
      Integer at = a.has(axis) ? Integer.valueOf(axis(a, a.ints(axis), s.length)) : null;
      a.finish();
      return build(c, () -> io.kerasj.ops.Tile.repeat(c.name(), c.className(), r[0], at));
    };
  }

  /** Keras 3's {@code cumsum}/{@code cumprod(x, axis, dtype)} and TensorFlow's (with {@code exclusive}, {@code reverse}). */
  private static LayerFactory cumulative(boolean product, String x) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x, "axis", "exclusive", "reverse");
      a.tensor(x);
      boolean tf = OpArgs.isTf(c);
      Integer at = a.has("axis") ? Integer.valueOf(axis(a, a.ints("axis"), s.length)) : tf ? Integer.valueOf(0) : null;
      boolean exclusive = a.bool("exclusive", false);
      boolean reverse = a.bool("reverse", false);
      a.expect("dtype", "float32");
      a.finish();
      return new io.kerasj.ops.Cumulative(c.name(), c.className(), product, at, exclusive, reverse);
    };
  }

  /** Keras 3's {@code triu(x, k)} ({@code upper}) and {@code tril(x, k)}. */
  private static Layer band(LayerConfig c, OpArgs a, String x, String k, boolean upper) {
    a.tensor(x);
    int[] kk = a.has(k) ? constantInts(a, k) : new int[] {0};
    a.finish();
    if (kk.length != 1) {
      throw new ModelFormatException(a.where() + ": argument " + Messages.quote(k) + " should be one integer");
    }
    return new io.kerasj.ops.Band(c.name(), c.className(), upper ? kk[0] : Long.MIN_VALUE, upper ? Long.MAX_VALUE : kk[0]);
  }

  /** Keras 3's {@code one_hot(x, num_classes, axis, dtype, sparse)} and {@code tf.one_hot(indices, depth, …)}. */
  private static LayerFactory oneHot(String x, String depth, String axis) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x, depth, "on_value", "off_value", axis, "dtype");
      a.tensor(x);
      int[] d = constantInts(a, depth);
      if (d.length != 1 || d[0] < 0) {
        throw new ModelFormatException(a.where() + ": argument " + Messages.quote(depth) + " should be one count, got "
            + java.util.Arrays.toString(d));
      }
      int[] ax = a.has(axis) ? a.ints(axis) : new int[] {-1};
      if (ax.length != 1) {
        throw new ModelFormatException(a.where() + ": argument " + Messages.quote(axis) + " should be one axis");
      }
      String dtype = a.string("dtype", null);
      UnaryFunction conv = dtype == null ? UnaryFunction.IDENTITY : castTo(a, dtype);
      float on = conv.apply(a.number("on_value", 1f), 0f, 0f);
      float off = conv.apply(a.number("off_value", 0f), 0f, 0f);
      a.expect("sparse", false);
      a.finish();
      return build(c, () -> new io.kerasj.ops.OneHot(c.name(), c.className(), d[0], ax[0], on, off));
    };
  }

  /**
   * Constant padding ({@code mode} "constant" in either case): a width pair per axis, batch axis
   * included; {@code params} are the function's positional parameters.
   */
  private static LayerFactory pad(String x, String widths, String value, String mode, String... params) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, params);
      a.tensor(x);
      String m = a.string(mode, "constant");
      if (!m.equalsIgnoreCase("constant")) {
        throw new UnsupportedFeatureException(a.where() + ": padding mode " + Messages.quote(m)
            + " is not supported (constant is)");
      }
      Tensor t = constantTensor(a, widths);
      int[] v = integers(a, widths, t);
      if (t.rank() != 2 || t.shape()[0] != s.length || t.shape()[1] != 2) {
        throw new ModelFormatException(a.where() + ": argument " + Messages.quote(widths) + " should hold a (before, "
            + "after) pair for each of the input's " + s.length + " axes, got shape " + java.util.Arrays.toString(t.shape()));
      }
      float fill = a.number(value, 0f);
      a.finish();
      int[] before = new int[s.length];
      int[] after = new int[s.length];
      for (int i = 0; i < s.length; i++) {
        before[i] = v[2 * i];
        after[i] = v[2 * i + 1];
      }
      return build(c, () -> new io.kerasj.ops.Pad(c.name(), c.className(), before, after, fill));
    };
  }

  /** A constant argument (a number, a nested list, a NumPy array) that must not be a tensor of the graph. */
  private static Tensor constantTensor(OpArgs a, String p) {
    return a.constant(p, constantArgument(a, p));
  }

  /** The values of a constant that must all be integers (indices, widths). */
  private static int[] integers(OpArgs a, String p, Tensor t) {
    float[] d = t.data();
    int[] r = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      if (d[i] != Math.rint(d[i]) || Math.abs(d[i]) > 1 << 24) {
        throw new ModelFormatException(a.where() + ": argument " + Messages.quote(p) + " holds " + d[i]
            + ", not an integer");
      }
      r[i] = (int) d[i];
    }
    return r;
  }

  /** An int or ints that must be constants of the file, not tensors computed by the graph. */
  private static int[] constantInts(OpArgs a, String p) {
    constantArgument(a, p);
    return a.ints(p);
  }

  /** A required argument that is a constant of the file, not a tensor computed by the graph. */
  private static JsonElement constantArgument(OpArgs a, String p) {
    JsonElement e = a.raw(p);
    if (e == null) {
      throw new ModelFormatException(a.where() + ": argument " + Messages.quote(p) + " is missing");
    }
    if (a.isTensor(e)) {
      throw new UnsupportedFeatureException(a.where() + ": argument " + Messages.quote(p)
          + " given by a tensor is not supported (only constants)");
    }
    return e;
  }

  private static LayerFactory reduce(Reduce.Kind kind, String x) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x);
      int[] axes = a.ints("axis");
      boolean keep = a.bool("keepdims", false);
      a.expect("initial", "None"); // Keras 3's max/min: only None reaches here (a number is refused)
      a.expect("dtype", "None"); // Keras 3's prod
      if ((kind == Reduce.Kind.ARGMAX || kind == Reduce.Kind.ARGMIN) && (axes == null || axes.length != 1)) {
        throw new UnsupportedFeatureException(a.where() + ": " + kind.name().toLowerCase(Locale.ROOT)
            + " over " + (axes == null ? "the flattened tensor (axis=None)" : "several axes") + " is not supported");
      }
      a.tensor(x);
      a.finish();
      return new Reduce(c.name(), c.className(), kind, axes, keep);
    };
  }

  /** TensorFlow's argmax/argmin: one axis, 0 when None; the index type does not change the values. */
  private static LayerFactory argmax(Reduce.Kind kind) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, "input", "axis", "output_type");
      int[] axes = a.ints("axis");
      a.raw("output_type");
      if (axes != null && axes.length != 1) {
        throw new UnsupportedFeatureException(a.where() + ": argmax over several axes is not supported");
      }
      a.tensor("input");
      a.finish();
      return new Reduce(c.name(), c.className(), kind, axes == null ? new int[] {0} : axes, false);
    };
  }

  private static LayerFactory reshape(io.kerasj.ops.Reshape.Kind kind, String x, String dims) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x, dims);
      int in = a.tensor(x);
      if (a.has(dims) && a.isTensor(a.raw(dims))) {
        throw new UnsupportedFeatureException(a.where() + ": a shape or axis given by a tensor is not supported");
      }
      int[] d = a.ints(dims);
      if (kind == io.kerasj.ops.Reshape.Kind.SQUEEZE && a.has("squeeze_dims")) {
        if (d != null) {
          throw new ModelFormatException(a.where() + ": both axis and squeeze_dims are given");
        }
        d = a.ints("squeeze_dims"); // tf.compat.v1.squeeze's old name for axis
      }
      a.raw("squeeze_dims");
      if (d == null && kind != io.kerasj.ops.Reshape.Kind.SQUEEZE) {
        throw new ModelFormatException(a.where() + ": argument " + Messages.quote(dims) + " is missing");
      }
      a.finish();
      int[] dd = d;
      return build(c, () -> new io.kerasj.ops.Reshape(c.name(), c.className(), kind, dd));
    };
  }

  private static LayerFactory transpose(String x, String perm) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x, perm);
      a.tensor(x);
      int[] p = a.ints(perm);
      a.expect("conjugate", false);
      a.finish();
      return new Transpose(c.name(), c.className(), p);
    };
  }

  private static LayerFactory getItem(String x, String key) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x, key);
      a.tensor(x);
      java.util.List<GetItem.Index> k = a.sliceKey(key);
      a.finish();
      return build(c, () -> new GetItem(c.name(), c.className(), k));
    };
  }

  private static LayerFactory join(String xs, String axis, boolean stack) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, xs, axis);
      int[] in = a.tensors(xs);
      for (int i = 0; i < in.length; i++) {
        if (in[i] != i) {
          throw new UnsupportedFeatureException(a.where() + ": the tensors to join are not the call's inputs in order");
        }
      }
      int[] ax = a.ints(axis);
      if (ax == null && !stack) {
        ax = OpArgs.isTf(c) ? null : new int[] {0}; // Keras 3's concatenate defaults to axis 0
      }
      if (ax == null ? !stack : ax.length != 1) {
        throw new ModelFormatException(a.where() + ": argument " + Messages.quote(axis) + " should be one axis");
      }
      a.finish();
      int at = ax == null ? 0 : ax[0];
      return new Concat(c.name(), c.className(), in.length, at, stack);
    };
  }

  private static LayerFactory matmul(String x, String y) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x, y);
      int i = a.tensor(x);
      int j = a.tensor(y);
      boolean ta = a.bool("transpose_a", false) ^ a.bool("adjoint_a", false);
      boolean tb = a.bool("transpose_b", false) ^ a.bool("adjoint_b", false);
      a.expect("a_is_sparse", false);
      a.expect("b_is_sparse", false);
      a.expect("grad_a", false);
      a.expect("grad_b", false);
      a.raw("output_type"); // float inputs give float outputs whatever it says
      if (i != 0 || j != 1) {
        throw new UnsupportedFeatureException(a.where() + ": the operands are not the call's inputs in order");
      }
      a.finish();
      return Einsum.matmul(c.name(), c.className(), ta, tb);
    };
  }

  private static LayerFactory where(String condition, String x, String y) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, condition, x, y);
      if (!a.has(x) || !a.has(y)) {
        throw new UnsupportedFeatureException(a.where() + ": where(condition) without x and y (the indices of "
            + "non-zero elements, a data-dependent shape) is not supported");
      }
      Operand k = a.operand(condition);
      Operand p = a.operand(x);
      Operand q = a.operand(y);
      a.finish();
      return new Where(c.name(), c.className(), k, p, q);
    };
  }

  private static LayerFactory softmax(Activation act, String x, String axis, int def) {
    return (c, w, s, ctx) -> {
      OpArgs a = OpArgs.of(c, x);
      boolean given = a.has(axis);
      int[] ax = a.ints(axis);
      if (ax != null && ax.length != 1) {
        throw new UnsupportedFeatureException(a.where() + ": " + act.kerasName() + " over several axes is not supported");
      }
      // Keras 3's axis=None means every element; TensorFlow's means the last axis.
      Integer at = ax != null ? Integer.valueOf(ax[0]) : !given && (OpArgs.isTf(c) || !c.keys().contains(axis))
          ? Integer.valueOf(def) : null;
      a.tensor(x);
      a.finish();
      return new io.kerasj.ops.Softmax(c.name(), c.className(), act, at);
    };
  }

  /** An axis argument given as one int, resolved against {@code rank}. */
  private static int axis(OpArgs a, int[] v, int rank) {
    if (v == null || v.length != 1 || v[0] < -rank || v[0] >= rank) {
      throw new ModelFormatException(a.where() + ": bad axis " + java.util.Arrays.toString(v) + " for rank " + rank);
    }
    return v[0] < 0 ? v[0] + rank : v[0];
  }
}
