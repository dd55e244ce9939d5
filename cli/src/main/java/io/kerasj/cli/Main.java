package io.kerasj.cli;

import io.kerasj.InvalidInputException;
import io.kerasj.KerasjException;
import io.kerasj.KernelInfo;
import io.kerasj.Model;
import io.kerasj.Tensor;
import io.kerasj.loader.CustomObjects;
import io.kerasj.loader.InputFiles;
import io.kerasj.loader.KerasModels;
import io.kerasj.loader.LoadOptions;
import io.kerasj.loader.NpyReader;
import io.kerasj.loader.Npz;
import io.kerasj.loader.TestVector;
import io.kerasj.loader.VerificationResult;
import io.kerasj.loader.spi.CustomObjectsProvider;
import io.kerasj.loader.spi.PluginException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipException;

/**
 * The {@code kerasj} command: {@code summary} prints a model's layer table and {@code predict} runs
 * a model on a {@code .npy} array.
 *
 * <pre>
 * java -jar kerasj.jar summary MODEL [--weights W.h5] [--plugin JAR]...
 * java -jar kerasj.jar predict MODEL [--weights W.h5] --input X.npy --output Y.npy|Y.npz [--chunk-steps T] ...
 * java -jar kerasj.jar verify MODEL [--weights W.h5] --vectors V.npz [--atol A] [--rtol R]
 * java -jar kerasj.jar demo
 * </pre>
 *
 * <p>Exit status: 0 on success, 1 when a model or array cannot be loaded, run or written, 2 for a
 * usage error. {@code verify}: 0 when every output is within tolerance, 1 when not, 2 for a usage
 * error or a model or test vector that cannot be loaded or does not fit. Errors are one line on stderr, {@code kerasj: <message>}; {@code --debug} adds the
 * stack trace.
 */
public final class Main {
  /** Exit status on success. */
  public static final int OK = 0;
  /** Exit status when a model or array cannot be loaded, run or written. */
  public static final int FAILED = 1;
  /** Exit status for a bad command line. */
  public static final int USAGE = 2;

  private static final String SUMMARY_SYNOPSIS = "kerasj summary MODEL [--weights W.h5]";
  private static final String PREDICT_SYNOPSIS =
      "kerasj predict MODEL [--weights W.h5] --input X.npy --output Y.npy";
  private static final String VERIFY_SYNOPSIS =
      "kerasj verify MODEL [--weights W.h5] --vectors V.npz [--atol A] [--rtol R]";
  /** The one option that may be given several times. */
  private static final String PLUGIN = "--plugin";
  private static final Map<String, Set<String>> OPTIONS = Map.of(
      "summary", Set.of("--weights", PLUGIN),
      "predict", Set.of("--weights", "--input", "--output", "--batch-size", "--threads", "--csv-layout", "--features",
          "--chunk-steps", PLUGIN),
      "verify", Set.of("--weights", "--vectors", "--atol", "--rtol", PLUGIN));

  static final String HELP = String.join("\n",
      "Usage:",
      "  " + SUMMARY_SYNOPSIS,
      "  " + PREDICT_SYNOPSIS,
      "        [--chunk-steps T] [--batch-size N] [--threads N] [--csv-layout rows|columns]",
      "        [--features F]",
      "  " + VERIFY_SYNOPSIS,
      "  kerasj demo",
      "  kerasj --help | --version",
      "summary, predict and verify also take [--plugin JAR]... for custom layers.",
      "",
      "MODEL is a Keras model: a full-model .h5 file, a .keras archive, or a",
      "model.to_json() file, which needs --weights (the save_weights file).",
      "",
      "Commands:",
      "  summary   print the model's layer table, like Keras' model.summary()",
      "  predict   run the model on X.npy, a float32 array in C order, e.g.",
      "            (batch, time, features) or images (batch, height, width,",
      "            channels), and write the output to Y.npy (float32).",
      "            The input is streamed in chunks of --batch-size items scored in",
      "            parallel, so it may be larger than memory; a progress bar is drawn",
      "            on stderr when it is a terminal. X may also be an .npz holding one",
      "            array (or one input_* array), or a .csv file (see --csv-layout).",
      "            A model with several inputs reads X.npz (arrays named after its",
      "            Input layers, or input_0, input_1, ...). The output's extension",
      "            decides its format: Y.npy (one output) or Y.npz (output_0,",
      "            output_1, ... in the order of Keras' model.outputs; required for",
      "            several outputs). A model with a fixed batch size (stateful=True,",
      "            Input(batch_shape=...)) takes exactly that many items, never split.",
      "  verify    run the model on a test vector recorded with TensorFlow by",
      "            tools/record_test_vector.py and print, per output, the max abs,",
      "            rel and ulp error and the worst element (batch, time, feature);",
      "            exit 0 within tolerance, 1 not, 2 usage or load error",
      "  demo      load the example models shipped in the jar and print each summary",
      "            and a prediction beside TensorFlow's",
      "",
      "Options:",
      "  --weights W.h5   weights for a .json MODEL",
      "  --input X.npy    input array ('<f4'; '<f8' and '<f2' are converted)",
      "  --output Y.npy   output file, .npy or .npz, replaced if it exists (keeping",
      "                   its permissions; a new file gets them from the umask)",
      "  --chunk-steps T  feed each sequence through one stream in pieces of T time",
      "                   steps, carrying the recurrent states from piece to piece as",
      "                   Keras does for stateful=True; the result equals one call on",
      "                   the whole sequence. For models whose layers all work step by",
      "                   step (RNNs, Dense, ...), not e.g. Bidirectional or pooling",
      "  --batch-size N   items per chunk (default: up to 256, split across threads,",
      "                   and at most 2M input floats, e.g. 13 images of 224x224x3)",
      "  --threads N      worker threads (default: the number of processors); each",
      "                   chunk's products get processors / N threads of their own",
      "                   unless -Dkerasj.threads is set",
      "  --csv-layout L   rows: one sequence per row, time-major (t0f0,t0f1,t1f0,...);",
      "                   columns: one column per feature, one row per time step, the",
      "                   whole file one sequence. Default rows. A first line of",
      "                   non-numeric cells is a header and skipped.",
      "  --features F     features per time step for --csv-layout rows, when the",
      "                   model's input does not fix it",
      "  --plugin JAR     load custom layers and cells from a plugin jar (repeatable):",
      "                   a jar listing io.kerasj.loader.spi.CustomObjectsProvider",
      "                   classes in META-INF/services; see the README",
      "  --vectors V.npz  the test vector (default sidecar name: MODEL.vectors.npz)",
      "  --atol A         absolute tolerance (default 1e-5)",
      "  --rtol R         relative tolerance (default 1e-5): an element passes when",
      "                   |actual - expected| <= A + R * |expected|",
      "  --debug          print the stack trace of an error",
      "  --verbose        say on stderr which compute kernels ran and how long the",
      "                   command took",
      "  -h, --help       print this help",
      "  --version        print the version",
      "",
      "Exit status: 0 success, 1 a model or array could not be loaded, run or",
      "written, 2 usage error (including an option the model cannot honour).",
      "");

  private Main() {}

  /**
   * Runs the command line and exits with its status. Without {@code -Dkerasj.vector}, the kernels
   * are chosen for a short-lived process (see {@link #chooseKernels}).
   */
  public static void main(String[] args) {
    chooseKernels();
    System.exit(run(args, System.out, System.err));
  }

  /**
   * The tool runs once per file, so a cold start is what users see (measured in issue 15 on an
   * LSTM(384), 80 steps, 8 and 512 sequences: the scalar kernels, which HotSpot auto-vectorizes and
   * which need no warm-up, matched or beat the Vector API kernels in a fresh JVM on both sizes; the
   * Vector API's first second runs interpreted vector code). So without {@code
   * jdk.incubator.vector} the scalar kernels are this tool's choice, not a degraded mode: the
   * library's warning about the missing module is not shown. With the module (the user added it),
   * the scalar kernels run until the Vector API kernels are compiled ({@code -Dkerasj.vector=warmup}),
   * which hides the warm-up on small jobs. An explicit {@code -Dkerasj.vector} wins.
   */
  static void chooseKernels() {
    if (System.getProperty("kerasj.vector") == null) {
      boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
      System.setProperty("kerasj.vector", module ? "warmup" : "false");
      kernelsChosenHere = !module;
    }
  }

  /** Whether {@link #chooseKernels} picked the scalar kernels (for {@code --verbose}). */
  private static boolean kernelsChosenHere;

  /** The {@code --verbose} words for the kernels in use. */
  static String kernelsUsed() {
    KernelInfo k = KernelInfo.current();
    return kernelsChosenHere && !k.vectorApi()
        ? k.name() + " (auto-vectorized, no warm-up: the tool's choice for a one-shot run without"
            + " --add-modules jdk.incubator.vector)"
        : k.description();
  }

  /**
   * Runs the command line, writing results to {@code out} and errors to {@code err}.
   *
   * @return the exit status: {@link #OK}, {@link #FAILED} or {@link #USAGE}
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> rest = new ArrayList<>();
    boolean debug = false;
    boolean verbose = false;
    boolean endOfOptions = false;
    for (String a : args) {
      // "--debug" and "--verbose" may go anywhere, so they can be appended to a command line.
      if (!endOfOptions && "--debug".equals(a)) {
        debug = true;
      } else if (!endOfOptions && "--verbose".equals(a)) {
        verbose = true;
      } else {
        endOfOptions |= "--".equals(a);
        rest.add(a);
      }
    }
    Command cmd;
    try {
      cmd = parse(rest);
    } catch (UsageException e) {
      err.println("kerasj: " + e.getMessage());
      if (debug) {
        e.printStackTrace(err);
      }
      return USAGE;
    }
    if (cmd == null) {
      return OK;
    }
    if (cmd.name.equals("help")) {
      out.print(HELP);
      out.flush();
      return OK;
    }
    if (cmd.name.equals("version")) {
      out.println("kerasj " + version());
      out.flush();
      return OK;
    }
    // verify reserves 1 for "does not match"; anything that stops it from deciding is 2.
    int status = cmd.name.equals("verify") ? USAGE : FAILED;
    try {
      long start = System.nanoTime();
      int ok = execute(cmd, out, err);
      if (verbose) {
        err.println("kerasj: " + cmd.name + " took " + String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9)
            + " s; kernels: " + kernelsUsed());
        err.flush();
      }
      return ok;
    } catch (UsageException e) {
      return fail(err, debug, e.getMessage(), e, USAGE);
    } catch (KerasjException | IOException | UncheckedIOException e) {
      return fail(err, debug, message(e), e, status);
    } catch (OutOfMemoryError e) {
      return fail(err, debug, "out of memory; give Java a larger heap, e.g. java -Xmx4g -jar kerasj.jar ...", e,
          status);
    } catch (StackOverflowError e) {
      return fail(err, debug, "stack overflow; the model is nested too deeply", e, status);
    } catch (RuntimeException e) {
      // Not one of kerasj's exceptions: a library error the loader did not translate, or a bug.
      // Still one line, but with the type so a bug report can name it.
      return fail(err, debug, e.getClass().getSimpleName() + ": " + message(e)
          + (debug ? "" : " (rerun with --debug for the stack trace)"), e, status);
    }
  }

  private static int fail(PrintStream err, boolean debug, String message, Throwable t, int status) {
    err.println("kerasj: " + oneLine(message));
    if (debug) {
      t.printStackTrace(err);
    }
    err.flush();
    return status;
  }

  /** A parsed command line; {@code name} is summary, predict, demo, help or version. */
  static final class Command {
    final String name;
    final Path model;
    final Path weights;
    final Path input;
    final Path output;
    final Map<String, String> opts;
    /** {@code --plugin} jars, in command-line order. */
    final List<Path> plugins;

    Command(String name, Path model, Path weights, Path input, Path output) {
      this(name, model, weights, input, output, Map.of(), List.of());
    }

    Command(String name, Path model, Path weights, Path input, Path output, Map<String, String> opts,
        List<Path> plugins) {
      this.name = name;
      this.model = model;
      this.weights = weights;
      this.input = input;
      this.output = output;
      this.opts = Map.copyOf(opts);
      this.plugins = List.copyOf(plugins);
    }
  }

  /** A bad command line; the message is the whole one-line diagnostic after {@code kerasj: }. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static Command parse(List<String> args) throws UsageException {
    if (args.isEmpty()) {
      throw new UsageException("missing command (usage: " + SUMMARY_SYNOPSIS + " | " + PREDICT_SYNOPSIS
          + " | " + VERIFY_SYNOPSIS + "; see kerasj --help)");
    }
    String name = args.get(0);
    switch (name) {
      case "-h":
      case "--help":
      case "help":
        return new Command("help", null, null, null, null);
      case "-V":
      case "--version":
      case "version":
        return new Command("version", null, null, null, null);
      case "demo":
        if (args.size() > 1) {
          throw new UsageException("demo takes no arguments, got '" + args.get(1) + "' (usage: kerasj demo)");
        }
        return new Command("demo", null, null, null, null);
      case "summary":
      case "predict":
      case "verify":
        break;
      default:
        throw new UsageException((name.startsWith("-") ? "unknown option '" : "unknown command '") + name
            + "' (commands: summary, predict, verify, demo; see kerasj --help)");
    }
    String synopsis = name.equals("summary") ? SUMMARY_SYNOPSIS
        : name.equals("predict") ? PREDICT_SYNOPSIS : VERIFY_SYNOPSIS;
    Set<String> allowed = OPTIONS.get(name);
    Map<String, String> opts = new HashMap<>();
    List<Path> plugins = new ArrayList<>();
    List<String> positional = new ArrayList<>();
    boolean endOfOptions = false;
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      if (endOfOptions || !a.startsWith("-") || a.equals("-")) {
        positional.add(a);
        continue;
      }
      if (a.equals("--")) {
        endOfOptions = true;
        continue;
      }
      if (a.equals("-h") || a.equals("--help")) {
        return new Command("help", null, null, null, null);
      }
      String key = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        key = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      if (!allowed.contains(key)) {
        throw new UsageException("unknown option '" + key + "' for " + name + " (usage: " + synopsis + ")");
      }
      if (value == null) {
        // A following option is not taken as the value: "--weights --input x" is a mistake.
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          throw new UsageException("option " + key + " needs a value (usage: " + synopsis + ")");
        }
        value = args.get(++i);
      }
      if (value.isEmpty()) {
        throw new UsageException("option " + key + " needs a non-empty value (usage: " + synopsis + ")");
      }
      if (key.equals(PLUGIN)) {
        plugins.add(path(value));
      } else if (opts.put(key, value) != null) {
        throw new UsageException("option " + key + " given twice (usage: " + synopsis + ")");
      }
    }
    if (positional.isEmpty()) {
      throw new UsageException("missing MODEL (usage: " + synopsis + ")");
    }
    if (positional.size() > 1) {
      throw new UsageException("unexpected argument '" + positional.get(1) + "', only one MODEL is allowed (usage: "
          + synopsis + ")");
    }
    if (name.equals("predict")) {
      for (String required : List.of("--input", "--output")) {
        if (!opts.containsKey(required)) {
          throw new UsageException("missing " + required + " (usage: " + synopsis + ")");
        }
      }
    }
    if (name.equals("verify") && !opts.containsKey("--vectors")) {
      throw new UsageException("missing --vectors (usage: " + synopsis + ")");
    }
    if (name.equals("predict") && OutputFiles.isNpz(path(opts.get("--output"))) == null) {
      throw new UsageException("--output must name a .npy or .npz file, got '" + opts.get("--output")
          + "' (the extension decides the format; usage: " + synopsis + ")");
    }
    for (String k : List.of("--batch-size", "--threads", "--features", "--chunk-steps")) {
      if (opts.containsKey(k)) {
        positiveInt(k, opts.get(k), synopsis);
      }
    }
    for (String k : List.of("--atol", "--rtol")) {
      if (opts.containsKey(k)) {
        nonNegative(k, opts.get(k), synopsis);
      }
    }
    if (opts.containsKey("--csv-layout") && !List.of("rows", "columns").contains(opts.get("--csv-layout"))) {
      throw new UsageException("--csv-layout must be rows or columns, got '" + opts.get("--csv-layout") + "' (usage: "
          + synopsis + ")");
    }
    String model = positional.get(0);
    if (model.toLowerCase(Locale.ROOT).endsWith(".json") && !opts.containsKey("--weights")) {
      throw new UsageException("a .json MODEL needs --weights W.h5 (usage: " + synopsis + ")");
    }
    return new Command(name, path(model), pathOrNull(opts.get("--weights")), pathOrNull(opts.get("--input")),
        pathOrNull(opts.get("--output")), opts, plugins);
  }

  static int positiveInt(String key, String v, String synopsis) throws UsageException {
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(key + " must be a positive integer, got '" + v + "' (usage: " + synopsis + ")");
  }

  static double nonNegative(String key, String v, String synopsis) throws UsageException {
    try {
      double d = Double.parseDouble(v);
      if (d >= 0 && !Double.isInfinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(key + " must be a non-negative number, got '" + v + "' (usage: " + synopsis + ")");
  }

  private static Path pathOrNull(String s) throws UsageException {
    return s == null ? null : path(s);
  }

  private static Path path(String s) throws UsageException {
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      throw new UsageException("invalid path '" + s + "': " + e.getReason());
    }
  }

  private static int execute(Command cmd, PrintStream out, PrintStream err) throws IOException, UsageException {
    if (cmd.name.equals("demo")) {
      return Demo.run(out);
    }
    // Checked before the (possibly slow) model load, so a typo fails at once and names the file.
    requireFile("model", cmd.model);
    if (cmd.weights != null) {
      requireFile("weights", cmd.weights);
    }
    for (Path p : cmd.plugins) {
      requirePluginJar(p);
    }
    if (cmd.name.equals("verify")) {
      requireFile("test vector", Path.of(cmd.opts.get("--vectors")));
    }
    if (cmd.name.equals("predict")) {
      requireFile("input", cmd.input);
      Path dir = cmd.output.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        throw new NoSuchFileException(dir.toString(), null, "output directory does not exist");
      }
      if (Files.isDirectory(cmd.output)) {
        throw new FileSystemException(cmd.output.toString(), null, "output is a directory");
      }
      shareCores(threads(cmd), Runtime.getRuntime().availableProcessors());
    }
    // The plugins' classes stay loadable until the command is done: a model may load some lazily.
    try (URLClassLoader plugins = pluginLoader(cmd.plugins)) {
      LoadOptions options = plugins == null ? LoadOptions.defaults()
          : LoadOptions.defaults().withCustomObjects(CustomObjects.defaults().withPlugins(plugins));
      Model model = cmd.weights == null ? KerasModels.load(cmd.model, options)
          : KerasModels.load(cmd.model, cmd.weights, options);
      if (cmd.name.equals("summary")) {
        out.print(model.summary());
        out.flush();
        return OK;
      }
      if (cmd.name.equals("verify")) {
        return verify(cmd, model, out, err);
      }
      return predict(cmd, model, err);
    }
  }

  private static int threads(Command cmd) {
    return cmd.opts.containsKey("--threads") ? Integer.parseInt(cmd.opts.get("--threads"))
        : Runtime.getRuntime().availableProcessors();
  }

  /**
   * The scorer runs {@code threads} chunks at once, and a chunk's products would also fan out to
   * kerasj's own workers (one per processor): more threads than cores. 1,000,000 notebook
   * sequences on 2 cores took 2.2× the CPU with the defaults as with {@code -Dkerasj.threads=1}.
   * So each chunk gets {@code processors / threads} workers, unless {@code kerasj.threads} is set.
   */
  static void shareCores(int threads, int processors) {
    if (System.getProperty("kerasj.threads") == null) {
      System.setProperty("kerasj.threads", Integer.toString(Math.max(1, processors / Math.max(1, threads))));
    }
  }

  private static int predict(Command cmd, Model model, PrintStream err) throws IOException, UsageException {
    if (model.outputCount() > 1 && !OutputFiles.isNpz(cmd.output)) {
      throw new UsageException("model '" + model.name() + "' has " + model.outputCount() + " outputs, which an .npy"
          + " cannot hold; write them to an .npz (--output Y.npz: arrays output_0 ... output_"
          + (model.outputCount() - 1) + ")");
    }
    int threads = threads(cmd);
    int batch = cmd.opts.containsKey("--batch-size") ? Integer.parseInt(cmd.opts.get("--batch-size")) : 0;
    int chunkSteps = cmd.opts.containsKey("--chunk-steps") ? Integer.parseInt(cmd.opts.get("--chunk-steps")) : 0;
    // The bar is drawn only for a person at a terminal; scripts and logs get clean stderr.
    PrintStream bar = isTerminal() ? err : null;
    BatchScorer scorer = new BatchScorer(model, threads, batch, chunkSteps, bar);
    scorer.checkRequest();
    List<BatchSource> inputs = openInputs(cmd, model);
    try {
      scorer.checkInputs(cmd.input.toString(), inputs);
      try (OutputFiles out = new OutputFiles(cmd.output, model.outputCount())) {
        scorer.run(cmd.input.toString(), inputs, out);
        out.commit();
      }
    } finally {
      for (BatchSource src : inputs) {
        src.close();
      }
    }
    return OK;
  }

  /** A plugin must be a jar that publishes the plugin interface; anything else would be ignored silently. */
  private static void requirePluginJar(Path p) throws IOException {
    requireFile("plugin", p);
    String service = "META-INF/services/" + CustomObjectsProvider.class.getName();
    try (JarFile jar = new JarFile(p.toFile())) {
      if (jar.getEntry(service) == null) {
        throw new PluginException(p + ": not a kerasj plugin: the jar has no " + service);
      }
    } catch (ZipException e) {
      throw new PluginException(p + ": not a kerasj plugin: not a jar file (" + e.getMessage() + ")", e);
    }
  }

  private static URLClassLoader pluginLoader(List<Path> jars) throws IOException {
    if (jars.isEmpty()) {
      return null;
    }
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      urls[i] = jars.get(i).toAbsolutePath().toUri().toURL();
    }
    return new URLClassLoader("kerasj-plugins", urls, Main.class.getClassLoader());
  }

  /**
   * Whether a person is watching: a console that is a terminal. Since JDK 22 {@code System.console()}
   * is non-null even when the streams are redirected, and {@code Console.isTerminal()} (JDK 22+,
   * called reflectively as the bytecode targets 17) tells the two apart.
   */
  static boolean isTerminal() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true; // JDK 17-21: a console exists only on a terminal
    }
  }

  /**
   * The predict inputs. A model with one input reads a streamed {@code .npy}, an {@code .npz}
   * array or a CSV file; a model with several inputs reads an {@code .npz}. An {@code .npz} array
   * is found by the model's {@code Input} layer name, {@code input_<i>} or {@code input_<name>} (as
   * a test vector names it); for one input, also the archive's only array or only
   * {@code input_*} array.
   */
  private static List<BatchSource> openInputs(Command cmd, Model model) throws IOException {
    Path in = cmd.input;
    List<String> names = model.inputNames();
    String lower = in.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean csv = cmd.opts.containsKey("--csv-layout") || lower.endsWith(".csv");
    boolean zip = !csv && isZip(in);
    if (names.size() > 1 && !zip) {
      throw new InvalidInputException(in + ": model '" + model.name() + "' has " + names.size() + " inputs " + names
          + "; give them as the arrays of an .npz (named after the inputs, or input_0, input_1, ...)");
    }
    if (csv) {
      if ("columns".equals(cmd.opts.get("--csv-layout"))) {
        return List.of(BatchSource.of(CsvInput.readColumns(in)));
      }
      int[] s = model.inputShape();
      int features = cmd.opts.containsKey("--features") ? Integer.parseInt(cmd.opts.get("--features"))
          : s[s.length - 1];
      return List.of(CsvInput.rows(in, features));
    }
    if (!zip) {
      return List.of(BatchSource.of(NpyReader.open(in)));
    }
    Map<String, Tensor> arrays = Npz.read(in).arrays();
    List<BatchSource> srcs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String key = null;
      for (String k : List.of(names.get(i), TestVector.INPUT_PREFIX + i, TestVector.INPUT_PREFIX + names.get(i))) {
        if (key == null && arrays.containsKey(k)) {
          key = k;
        }
      }
      if (key == null && names.size() == 1) {
        List<String> prefixed = arrays.keySet().stream().filter(k -> k.startsWith(TestVector.INPUT_PREFIX)).toList();
        key = arrays.size() == 1 ? arrays.keySet().iterator().next() : prefixed.size() == 1 ? prefixed.get(0) : null;
        if (key == null) {
          throw new InvalidInputException(in + ": the .npz has arrays " + arrays.keySet()
              + "; expected one array, or one 'input_*' array");
        }
      }
      if (key == null) {
        throw new InvalidInputException(in + ": no array named '" + names.get(i) + "' or '" + TestVector.INPUT_PREFIX
            + i + "' for input " + i + "; the model's inputs are " + names + ", the file has " + arrays.keySet());
      }
      srcs.add(BatchSource.of(arrays.get(key)));
    }
    if (names.size() > 1 && arrays.size() != names.size()) {
      throw new InvalidInputException(in + ": the file has " + arrays.size() + " arrays " + arrays.keySet()
          + ", the model takes " + names.size() + " inputs " + names);
    }
    return srcs;
  }

  private static boolean isZip(Path p) throws IOException {
    byte[] magic = new byte[2];
    try (InputStream is = Files.newInputStream(p)) {
      is.readNBytes(magic, 0, 2);
    }
    return magic[0] == 'P' && magic[1] == 'K';
  }

  private static int verify(Command cmd, Model model, PrintStream out, PrintStream err) throws IOException {
    Path vectors = Path.of(cmd.opts.get("--vectors"));
    double atol = cmd.opts.containsKey("--atol") ? Double.parseDouble(cmd.opts.get("--atol")) : TestVector.DEFAULT_ATOL;
    double rtol = cmd.opts.containsKey("--rtol") ? Double.parseDouble(cmd.opts.get("--rtol")) : TestVector.DEFAULT_RTOL;
    TestVector v = TestVector.read(vectors);
    VerificationResult r = v.verify(model, atol, rtol);
    out.println("model:   " + cmd.model + (cmd.weights == null ? "" : " + " + cmd.weights));
    out.println("vectors: " + vectors + " (recorded with " + v.versions() + ")");
    out.println("inputs:  " + v.inputsDrawn());
    out.println();
    out.print(r.table());
    out.flush();
    if (r.passed()) {
      return OK;
    }
    long bad = r.outputs().stream().mapToLong(VerificationResult.OutputError::outOfTolerance).sum();
    long all = r.outputs().stream().mapToLong(VerificationResult.OutputError::elements).sum();
    err.println("kerasj: model does not match " + vectors + ": " + bad + " of " + all + " elements out of tolerance");
    err.flush();
    return FAILED;
  }

  private static void requireFile(String what, Path p) throws IOException {
    // The loader's check: a regular file after links (a FIFO would block, /dev/zero never end).
    InputFiles.requireRegularFile(p, what);
  }

  /** A message for the user: the exception's own, or a phrase for the JDK's terse file errors. */
  static String message(Throwable e) {
    if (e instanceof UncheckedIOException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof FileSystemException) {
      FileSystemException f = (FileSystemException) e;
      String reason = f.getReason();
      if (reason == null) {
        reason = e instanceof NoSuchFileException ? "no such file"
            : e instanceof AccessDeniedException ? "permission denied" : "file system error";
      }
      return reason + ": " + f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** Library messages sometimes span lines (jhdf's do); the contract is one line on stderr. */
  static String oneLine(String s) {
    return s.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  static String version() {
    try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.startsWith("${")) {
          return v;
        }
      }
    } catch (IOException e) {
      // Fall through: the version is informational only.
    }
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "(unknown version)" : v;
  }
}
