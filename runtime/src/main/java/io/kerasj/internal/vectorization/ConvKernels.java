package io.kerasj.internal.vectorization;

/**
 * The convolution loops that are not a matrix product: gathering the patches a convolution reads
 * into the rows of a product ({@link #im2col}), the direct depthwise convolution ({@link
 * #depthwise}), the scatter of a transposed convolution ({@link #scatterAdd}) and the layout
 * changes for {@code channels_first}. All work on one image of a channels-last batch and on a run
 * of its output pixels, so that callers can cut a call into tiles that stay in cache and run them
 * on several threads; the products themselves go through {@link VectorKernels}.
 *
 * <p>The inner loops run along the channels, which are contiguous in every operand: plain loops
 * that C2 vectorizes on both kernel paths.
 */
public final class ConvKernels {
  private ConvKernels() {}

  // Below this many floats a loop beats System.arraycopy's call overhead.
  private static final int COPY_LOOP_MAX = 16;

  private static void copy(float[] src, int s, float[] dst, int d, int n) {
    if (n >= COPY_LOOP_MAX) {
      System.arraycopy(src, s, dst, d, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      dst[d + i] = src[s + i];
    }
  }

  private static void zero(float[] a, int from, int n) {
    for (int i = 0; i < n; i++) {
      a[from + i] = 0f;
    }
  }

  /**
   * Writes the patch of each output pixel {@code r} in {@code [r0, r1)} of the batch (pixels
   * numbered across images, image {@code r / (od·oh·ow)} at {@code x[(r / (od·oh·ow))·d·h·w·c]}) as
   * row {@code r − r0} of {@code col}: for every tap {@code (t, i, j)} in row-major order, channels
   * {@code [c0, c0 + cn)} of the input voxel the tap reads, or zeros where it falls in the padding.
   * Rows are {@code kd·kh·kw·cn} long, the row order of a Keras kernel {@code (kd, kh, kw, cn,
   * filters)} seen as a matrix, so that {@code col · kernel} is the convolution. A 1-D or 2-D
   * geometry has depth 1 (one plane, one tap plane).
   */
  public static void im2col(float[] x, ConvGeometry g, int c0, int cn, int r0, int r1, float[] col, int colOff) {
    final int c = g.c;
    final int tapRow = g.kw * cn;
    final int tapPlane = g.kh * tapRow;
    final int rowLen = g.kd * tapPlane;
    final int plane = g.oh * g.ow;
    final int voxels = g.od * plane;
    final int image = g.d * g.h * g.w * c;
    final int inPlane = g.h * g.w * c;
    final boolean runs = g.dw == 1 && cn == c;
    int xOff = r0 / voxels * image;
    int oz = r0 % voxels / plane;
    int oy = r0 % plane / g.ow;
    int ox = r0 % g.ow;
    for (int p = r0, row = colOff; p < r1; p++, row += rowLen) {
      final int iz0 = oz * g.sd - g.padFront;
      final int iy0 = oy * g.sh - g.padTop;
      final int ix0 = ox * g.sw - g.padLeft;
      final int jLo = Math.min(g.kw, Math.max(0, -ix0));
      final int jHi = Math.max(jLo, Math.min(g.kw, g.w - ix0));
      for (int t = 0, dz = row; t < g.kd; t++, dz += tapPlane) {
        final int iz = iz0 + t * g.dd;
        if (iz < 0 || iz >= g.d) {
          zero(col, dz, tapPlane);
          continue;
        }
        final int xPlane = xOff + iz * inPlane;
        for (int i = 0, dst = dz; i < g.kh; i++, dst += tapRow) {
          final int iy = iy0 + i * g.dh;
          if (iy < 0 || iy >= g.h) {
            zero(col, dst, tapRow);
            continue;
          }
          final int xRow = xPlane + iy * g.w * c;
          if (runs) {
            zero(col, dst, jLo * c);
            copy(x, xRow + (ix0 + jLo) * c, col, dst + jLo * c, (jHi - jLo) * c);
            zero(col, dst + jHi * c, (g.kw - jHi) * c);
            continue;
          }
          for (int j = 0, q = dst; j < g.kw; j++, q += cn) {
            final int ix = ix0 + j * g.dw;
            if (ix < 0 || ix >= g.w) {
              zero(col, q, cn);
            } else {
              copy(x, xRow + ix * c + c0, col, q, cn);
            }
          }
        }
      }
      if (++ox == g.ow) {
        ox = 0;
        if (++oy == g.oh) {
          oy = 0;
          if (++oz == g.od) {
            oz = 0;
            xOff += image;
          }
        }
      }
    }
  }

  /**
   * Depthwise convolution of output pixels {@code [r0, r1)} of the batch (numbered across images,
   * as in {@link #im2col}): row {@code r − r0} of {@code out} (at {@code outOff}, {@code c·mult}
   * floats a row) is {@code bias + Σ_taps x[pixel the tap reads, ch] · w[tap, ch, m]} at channel
   * {@code ch·mult + m}, the channel order of Keras' {@code DepthwiseConv2D}.
   *
   * @param w the Keras kernel {@code (kh, kw, c, mult)}, row-major
   * @param bias {@code (c·mult)}, or null
   */
  public static void depthwise(float[] x, ConvGeometry g, int mult, float[] w, float[] bias,
                               int r0, int r1, float[] out, int outOff) {
    final int c = g.c;
    final int n = c * mult;
    final int pixels = g.oh * g.ow;
    final int image = g.h * g.w * c;
    int xOff = r0 / pixels * image;
    int oy = r0 % pixels / g.ow;
    int ox = r0 % g.ow;
    for (int p = r0, o = outOff; p < r1; p++, o += n) {
      if (bias == null) {
        zero(out, o, n);
      } else {
        copy(bias, 0, out, o, n);
      }
      final int iy0 = oy * g.sh - g.padTop;
      final int ix0 = ox * g.sw - g.padLeft;
      depthwisePixel(x, xOff, g, mult, w, iy0, ix0, out, o);
      if (++ox == g.ow) {
        ox = 0;
        if (++oy == g.oh) {
          oy = 0;
          xOff += image;
        }
      }
    }
  }

  private static final ThreadLocal<float[][]> DEPTHWISE_SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

  /**
   * {@link #depthwise} for a multiplier of 1 with the kernel as one array per tap ({@code taps[i·kw
   * + j][ch]}), in loops that HotSpot's auto-vectorizer compiles: it vectorizes a loop over several
   * {@code float[]} only when every access has the same index expression (it cannot otherwise rule
   * out that two arrays overlap), so each pixel is summed in a scratch row {@code acc[ch]} from a
   * copy of the input row the tap reads, {@code xt[ch]}, and copied out at the end. The sums are
   * the same as {@link #depthwise}'s, in the same order.
   */
  public static void depthwiseByTaps(float[] x, ConvGeometry g, float[][] taps, float[] bias,
                                     int r0, int r1, float[] out, int outOff) {
    final int c = g.c;
    float[][] scratch = DEPTHWISE_SCRATCH.get();
    if (scratch[0].length < c) {
      scratch[0] = new float[c];
      scratch[1] = new float[c];
    }
    final float[] acc = scratch[0];
    final float[] xt = scratch[1];
    final int pixels = g.oh * g.ow;
    final int image = g.h * g.w * c;
    int xOff = r0 / pixels * image;
    int oy = r0 % pixels / g.ow;
    int ox = r0 % g.ow;
    for (int p = r0, o = outOff; p < r1; p++, o += c) {
      if (bias == null) {
        for (int ch = 0; ch < c; ch++) {
          acc[ch] = 0f;
        }
      } else {
        for (int ch = 0; ch < c; ch++) {
          acc[ch] = bias[ch];
        }
      }
      final int iy0 = oy * g.sh - g.padTop;
      final int ix0 = ox * g.sw - g.padLeft;
      for (int i = 0; i < g.kh; i++) {
        final int iy = iy0 + i * g.dh;
        if (iy < 0 || iy >= g.h) {
          continue;
        }
        for (int j = 0; j < g.kw; j++) {
          final int ix = ix0 + j * g.dw;
          if (ix < 0 || ix >= g.w) {
            continue;
          }
          System.arraycopy(x, xOff + (iy * g.w + ix) * c, xt, 0, c);
          final float[] wt = taps[i * g.kw + j];
          for (int ch = 0; ch < c; ch++) {
            acc[ch] += xt[ch] * wt[ch];
          }
        }
      }
      System.arraycopy(acc, 0, out, o, c);
      if (++ox == g.ow) {
        ox = 0;
        if (++oy == g.oh) {
          oy = 0;
          xOff += image;
        }
      }
    }
  }

  // One output pixel tap by tap (a vector product over the channels each), skipping the taps in the
  // padding. (Keeping the sums in registers across the taps, channels outermost, measured no faster.)
  private static void depthwisePixel(float[] x, int xOff, ConvGeometry g, int mult, float[] w, int iy0, int ix0,
                                      float[] out, int o) {
    final int c = g.c;
    final int n = c * mult;
    for (int i = 0; i < g.kh; i++) {
      final int iy = iy0 + i * g.dh;
      if (iy < 0 || iy >= g.h) {
        continue;
      }
      for (int j = 0; j < g.kw; j++) {
        final int ix = ix0 + j * g.dw;
        if (ix < 0 || ix >= g.w) {
          continue;
        }
        final int xr = xOff + (iy * g.w + ix) * c;
        final int wr = (i * g.kw + j) * n;
        if (mult == 1) {
          Kernels.IMPL.multiplyAdd(x, xr, w, wr, out, o, c);
        } else {
          for (int ch = 0; ch < c; ch++) {
            final float xv = x[xr + ch];
            final int oc = o + ch * mult;
            final int wc = wr + ch * mult;
            for (int m = 0; m < mult; m++) {
              out[oc + m] += xv * w[wc + m];
            }
          }
        }
      }
    }
  }

  /**
   * The scatter of a transposed convolution: input pixels {@code [p0, p1)} of one image, whose
   * products with every tap are the rows of {@code col} ({@code kh·kw·f} floats a row, tap-major),
   * are added into the output image at {@code outOff} ({@code oh × ow × f}) where each tap lands,
   * if that is in output rows {@code [oyLo, oyHi)}: threads that own disjoint bands of output rows
   * can scatter the same input pixels without a race. Taps landing outside the output (the part
   * {@code same} padding crops) are dropped.
   */
  public static void scatterAdd(float[] col, int colOff, ConvGeometry g, int f, int p0, int p1,
                                float[] out, int outOff, int oyLo, int oyHi) {
    final int rowLen = g.kh * g.kw * f;
    int y = p0 / g.w;
    int x = p0 % g.w;
    for (int p = p0, row = colOff; p < p1; p++, row += rowLen) {
      final int oy0 = y * g.sh - g.padTop;
      final int ox0 = x * g.sw - g.padLeft;
      for (int i = 0; i < g.kh; i++) {
        final int oy = oy0 + i * g.dh;
        if (oy < oyLo || oy >= oyHi) {
          continue;
        }
        for (int j = 0; j < g.kw; j++) {
          final int ox = ox0 + j * g.dw;
          if (ox < 0 || ox >= g.ow) {
            continue;
          }
          final int d = outOff + (oy * g.ow + ox) * f;
          final int s = row + (i * g.kw + j) * f;
          for (int q = 0; q < f; q++) {
            out[d + q] += col[s + q];
          }
        }
      }
      if (++x == g.w) {
        x = 0;
        y++;
      }
    }
  }

  /**
   * {@link #scatterAdd} of a 3-D transposed convolution: input pixels {@code [p0, p1)} of input
   * plane {@code z} of one volume ({@code kd·kh·kw·f} floats a row of {@code col}, tap-major) are
   * added into the output volume at {@code outOff} ({@code od × oh × ow × f}) where each tap lands,
   * if that is in output planes {@code [ozLo, ozHi)}, so that threads owning disjoint bands of
   * planes can scatter the same input planes.
   */
  public static void scatterAdd3D(float[] col, int colOff, ConvGeometry g, int f, int z, int p0, int p1,
                                  float[] out, int outOff, int ozLo, int ozHi) {
    final int tapsPlane = g.kh * g.kw;
    final int rowLen = g.kd * tapsPlane * f;
    final int oz0 = z * g.sd - g.padFront;
    int y = p0 / g.w;
    int x = p0 % g.w;
    for (int p = p0, row = colOff; p < p1; p++, row += rowLen) {
      final int oy0 = y * g.sh - g.padTop;
      final int ox0 = x * g.sw - g.padLeft;
      for (int t = 0; t < g.kd; t++) {
        final int oz = oz0 + t * g.dd;
        if (oz < ozLo || oz >= ozHi) {
          continue;
        }
        for (int i = 0; i < g.kh; i++) {
          final int oy = oy0 + i * g.dh;
          if (oy < 0 || oy >= g.oh) {
            continue;
          }
          for (int j = 0; j < g.kw; j++) {
            final int ox = ox0 + j * g.dw;
            if (ox < 0 || ox >= g.ow) {
              continue;
            }
            final int d = outOff + ((oz * g.oh + oy) * g.ow + ox) * f;
            final int s = row + ((t * g.kh + i) * g.kw + j) * f;
            for (int q = 0; q < f; q++) {
              out[d + q] += col[s + q];
            }
          }
        }
      }
      if (++x == g.w) {
        x = 0;
        y++;
      }
    }
  }

  /**
   * {@code out = a · w + bias} for {@code rows} contiguous rows, on the calling thread (callers
   * that tile a convolution run their tiles on several threads themselves).
   */
  public static void affine(float[] a, int aOff, int rows, Kernels.AffineWeights w, float[] out, int outOff) {
    if (w.narrowW != null) {
      Kernels.IMPL.affineNarrow(a, aOff, rows, w.k, w.narrowW, w.narrowBias, w.n, out, outOff);
    } else {
      Kernels.fillRows(out, outOff, rows, w.n, w.bias);
      Kernels.IMPL.gemm(a, aOff, w.k, 0, rows, w.packed, out, outOff, w.n);
    }
  }
}
