package io.kerasj.ops;

import io.kerasj.InvalidInputException;
import io.kerasj.Tensor;
import io.kerasj.internal.Buffers;
import java.util.Arrays;

/**
 * {@code depth_to_space} / {@code space_to_depth} ({@code ops.nn} and {@code tf.nn}) on 4-D
 * images: TensorFlow's NHWC layout, where channel {@code (i · block + j) · C + c} of input pixel
 * {@code (h, w)} is channel {@code c} of output pixel {@code (h · block + i, w · block + j)};
 * {@code channels_first} as Keras' TensorFlow backend runs it (transposed to NHWC and back).
 */
public final class DepthToSpace extends Op {
  private final int block;
  private final boolean toSpace;
  private final boolean channelsFirst;

  public DepthToSpace(String name, String kerasClass, int block, boolean toSpace, boolean channelsFirst) {
    super(name, kerasClass, 1);
    if (block < 2) {
      throw new IllegalArgumentException("block_size should be at least 2, got " + block);
    }
    this.block = block;
    this.toSpace = toSpace;
    this.channelsFirst = channelsFirst;
  }

  @Override
  protected int[] shape(int[][] in) {
    int[] s = in[0];
    if (s.length != 4) {
      throw new InvalidInputException(who() + ": the input should be of rank 4, got " + Arrays.toString(s));
    }
    int hAt = channelsFirst ? 2 : 1;
    int cAt = channelsFirst ? 1 : 3;
    int[] r = s.clone();
    int bb = block * block;
    if (toSpace) {
      if (s[cAt] >= 0 && s[cAt] % bb != 0) {
        throw new InvalidInputException(who() + ": " + s[cAt] + " channels are not a multiple of " + bb);
      }
      r[cAt] = s[cAt] < 0 ? -1 : s[cAt] / bb;
      r[hAt] = s[hAt] < 0 ? -1 : s[hAt] * block;
      r[hAt + 1] = s[hAt + 1] < 0 ? -1 : s[hAt + 1] * block;
    } else {
      for (int i = hAt; i <= hAt + 1; i++) {
        if (s[i] >= 0 && s[i] % block != 0) {
          throw new InvalidInputException(who() + ": height and width " + Arrays.toString(s)
              + " are not multiples of " + block);
        }
        r[i] = s[i] < 0 ? -1 : s[i] / block;
      }
      r[cAt] = s[cAt] < 0 ? -1 : s[cAt] * bb;
    }
    return r;
  }

  @Override
  protected Tensor compute(Tensor[] inputs) {
    Tensor x = inputs[0];
    int[] s = x.shape();
    int[] o = shape(new int[][] {s});
    // The space side (big h, w; c channels) and the depth side (small h, w; c·block² channels).
    int[] space = toSpace ? o : s;
    int n = space[0];
    int c = channelsFirst ? space[1] : space[3];
    int bh = channelsFirst ? space[2] : space[1];
    int bw = channelsFirst ? space[3] : space[2];
    int sh = bh / block;
    int sw = bw / block;
    int dc = c * block * block;
    float[] in = x.data();
    float[] r = Buffers.floats(x.size());
    for (int b = 0; b < n; b++) {
      for (int h = 0; h < bh; h++) {
        for (int w = 0; w < bw; w++) {
          int dh = h / block;
          int dw = w / block;
          int ch0 = ((h % block) * block + (w % block)) * c;
          for (int ch = 0; ch < c; ch++) {
            int spaceAt = channelsFirst ? ((b * c + ch) * bh + h) * bw + w : ((b * bh + h) * bw + w) * c + ch;
            int depthAt = channelsFirst ? ((b * dc + ch0 + ch) * sh + dh) * sw + dw
                : ((b * sh + dh) * sw + dw) * dc + ch0 + ch;
            if (toSpace) {
              r[spaceAt] = in[depthAt];
            } else {
              r[depthAt] = in[spaceAt];
            }
          }
        }
      }
    }
    return Tensor.of(r, o);
  }
}
