package dev.datamgmt.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's Chromium in headless mode, driven over the Chrome DevTools Protocol (the JDK's WebSocket client and
 * Jackson, nothing else), to check in a test that a page renders: {@link #open(Path)} loads a file and returns a
 * {@link Page} that has collected its console errors, uncaught exceptions, every request that left the file
 * ({@code http:}, {@code https:}, ... anything but {@code file:}, {@code data:} and {@code blob:}) and its images
 * that failed to load, and that takes screenshots and evaluates JavaScript.
 *
 * <pre>{@code
 * try (HeadlessChromium chromium = HeadlessChromium.start()) {
 *   HeadlessChromium.Page page = chromium.open(Path.of("target/report.html"));
 *   assertThat(page.consoleErrors()).isEmpty();
 *   assertThat(page.externalRequests()).isEmpty();
 *   byte[] png = page.screenshot();
 * }
 * }</pre>
 *
 * <p>Each instance runs its own browser with a fresh profile folder; {@link #close()} ends the browser and every
 * process it started and deletes the profile, also when starting failed half-way. Needs {@code /usr/bin/chromium}
 * (Debian's {@code chromium} package): tag tests that use it so that builds without it leave them out.
 */
public final class HeadlessChromium implements AutoCloseable {
  /** Where Debian installs Chromium. */
  public static final Path DEBIAN_CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profile;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Map<String, Page> pages = new ConcurrentHashMap<>();
  private final Thread shutdownHook = new Thread(this::close, "datamgmt-chromium-shutdown");
  private WebSocket socket;

  private HeadlessChromium(Path executable, int width, int height) throws IOException {
    if (!Files.isExecutable(executable)) {
      throw new NotInstalledException(executable);
    }
    profile = Files.createTempDirectory("datamgmt-chromium-");
    try {
      process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
          "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--remote-debugging-port=0", "--no-first-run",
          "--no-default-browser-check", "--disable-extensions", "--disable-background-networking", "--disable-sync",
          "--disable-component-update", "--hide-scrollbars", "--mute-audio", "--window-size=" + width + "," + height,
          "about:blank").redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    } catch (IOException e) {
      deleteTree(profile);
      throw e;
    }
    // a test run killed half-way must not leave browsers behind
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts {@code /usr/bin/chromium} with a 1280x900 window.
   *
   * @return the running browser
   * @throws NotInstalledException if {@code /usr/bin/chromium} is missing
   * @throws ChromiumException if it does not start or answer within 60 s (with its log)
   * @throws IOException if the profile folder cannot be made
   */
  public static HeadlessChromium start() throws IOException {
    return start(DEBIAN_CHROMIUM, 1280, 900);
  }

  /**
   * Starts a Chromium (or Chrome) executable with a window of the given size in CSS pixels.
   *
   * @param executable the browser executable
   * @param width window width
   * @param height window height
   * @return the running browser
   * @throws NotInstalledException if {@code executable} is not an executable file
   * @throws ChromiumException if it does not start or answer within 60 s (with its log)
   * @throws IOException if the profile folder cannot be made
   */
  public static HeadlessChromium start(Path executable, int width, int height) throws IOException {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("window size must be positive: " + width + "x" + height);
    }
    HeadlessChromium c = new HeadlessChromium(executable, width, height);
    try {
      c.connect();
      return c;
    } catch (RuntimeException | IOException e) {
      c.close();
      throw e;
    }
  }

  private void connect() throws IOException {
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<String> lines = List.of();
    while (lines.size() < 2) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new ChromiumException((process.isAlive() ? "no DevToolsActivePort after " + TIMEOUT.toSeconds()
            + " s" : "exited with " + process.exitValue() + " before writing DevToolsActivePort") + log());
      }
      sleep(50);
      lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
    }
    URI uri = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
    socket = get(HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new Listener()), "connect "
        + uri);
  }

  /**
   * Opens a local file in a new tab, waits for its load event and two animation frames, then for the network to
   * be quiet for 200 ms (at most 60 s in all).
   *
   * @param file the HTML file
   * @return the loaded page, still open (closed with the browser or by {@link Page#close()})
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws IOException if the file's path cannot be resolved
   */
  public Page open(Path file) throws IOException {
    return open(file.toRealPath().toUri());
  }

  /**
   * Opens a URL in a new tab, as {@link #open(Path)}.
   *
   * @param url the URL
   * @return the loaded page
   */
  public Page open(URI url) {
    String target = call(null, "Target.createTarget", JSON.createObjectNode().put("url", "about:blank"))
        .path("targetId").asText();
    String session = call(null, "Target.attachToTarget", JSON.createObjectNode().put("targetId", target)
        .put("flatten", true)).path("sessionId").asText();
    Page page = new Page(target, session);
    pages.put(session, page);
    try {
      for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
        call(session, domain + ".enable", JSON.createObjectNode());
      }
      JsonNode nav = call(session, "Page.navigate", JSON.createObjectNode().put("url", url.toString()));
      if (nav.hasNonNull("errorText")) {
        throw new ChromiumException("navigating to " + url + " failed: " + nav.get("errorText").asText());
      }
      get(page.loaded, "load event of " + url);
      page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() - page.lastNetworkEvent < 200_000_000L && System.nanoTime() < deadline) {
        sleep(20);
      }
      return page;
    } catch (RuntimeException e) {
      page.close();
      throw e;
    }
  }

  /** Ends the browser and every process it started, and deletes its profile folder; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook runs close() too, which returns at once
      }
    }
    // Taken first: once the browser has ended, its orphaned helpers are no longer its descendants.
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    try {
      if (socket != null) {
        send(null, "Browser.close", JSON.createObjectNode()).orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null);
        process.waitFor(5, TimeUnit.SECONDS);
        socket.abort();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // the connection is gone already: the browser is ended below all the same
    } finally {
      tree.forEach(ProcessHandle::destroyForcibly);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (tree.stream().anyMatch(HeadlessChromium::running) && System.nanoTime() < deadline) {
        sleep(20);
      }
      pending.values().forEach(f -> f.completeExceptionally(new ChromiumException("browser closed")));
      deleteTree(profile);
    }
  }

  /** The profile folder (tests check it is gone after {@link #close()}). */
  Path profile() {
    return profile;
  }

  /** The browser's targets (tabs, workers, ...) as {@code Target.getTargets} lists them. */
  private JsonNode targets() {
    return call(null, "Target.getTargets", JSON.createObjectNode()).path("targetInfos");
  }

  /** Whether the browser still lists the target {@code targetId}. */
  private boolean listed(String targetId) {
    for (JsonNode t : targets()) {
      if (t.path("targetId").asText().equals(targetId)) {
        return true;
      }
    }
    return false;
  }

  /** How many tabs are open (tests check a failed {@link #open} closes its tab). */
  int tabs() {
    int n = 0;
    for (JsonNode t : targets()) {
      n += t.path("type").asText().equals("page") ? 1 : 0;
    }
    return n;
  }

  /** The browser process (tests check it and its children end with {@link #close()}). */
  ProcessHandle process() {
    return process.toHandle();
  }

  private JsonNode call(String session, String method, ObjectNode params) {
    JsonNode reply = get(send(session, method, params), method);
    if (reply.has("error")) {
      throw new ChromiumException(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  private CompletableFuture<JsonNode> send(String session, String method, ObjectNode params) {
    if (closed.get() && !"Browser.close".equals(method)) {
      throw new IllegalStateException("HeadlessChromium is closed: " + method);
    }
    int id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", params);
    if (session != null) {
      msg.put("sessionId", session);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    synchronized (this) {
      socket.sendText(msg.toString(), true).join();
    }
    return reply;
  }

  private <T> T get(CompletableFuture<T> future, String what) {
    try {
      return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new ChromiumException("no answer from Chromium in " + TIMEOUT.toSeconds() + " s: " + what + log());
    } catch (ExecutionException e) {
      throw new ChromiumException(what + ": " + e.getCause() + log(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChromiumException("interrupted: " + what, e);
    }
  }

  private void onMessage(JsonNode msg) {
    if (msg.has("id")) {
      CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
      if (f != null) {
        f.complete(msg);
      }
      return;
    }
    Page page = pages.get(msg.path("sessionId").asText());
    if (page != null) {
      page.onEvent(msg.path("method").asText(), msg.path("params"));
    }
  }

  private String log() {
    try {
      Path log = profile.resolve("chromium.log");
      String text = Files.exists(log) ? Files.readString(log) : "";
      return text.isBlank() ? "" : "\nChromium's output:\n" + text.substring(Math.max(0, text.length() - 4000));
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Alive and not a zombie: helpers orphaned by the browser's end are killed at once but stay zombies until init
   * reaps them, which some container inits do only now and then.
   */
  static boolean running(ProcessHandle p) {
    if (!p.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return p.isAlive();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChromiumException("interrupted", e);
    }
  }

  private static void deleteTree(Path dir) {
    for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // a file vanished while walking (the browser wrote to its profile while ending): walk again
      }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          onMessage(JSON.readTree(text.toString()));
        } catch (IOException e) {
          throw new UncheckedIOException("unreadable DevTools message", e);
        } finally {
          text.setLength(0);
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      pending.values().forEach(f -> f.completeExceptionally(new ChromiumException(
          "Chromium closed the DevTools connection (" + status + " " + reason + ")" + log())));
      return null;
    }
  }

  /** A tab with a loaded page and what it reported while loading (and since). */
  public final class Page implements AutoCloseable {
    private final String target;
    private final String session;
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private final List<String> exceptions = new CopyOnWriteArrayList<>();
    private final List<String> externalRequests = new CopyOnWriteArrayList<>();
    private volatile long lastNetworkEvent = System.nanoTime();

    private Page(String target, String session) {
      this.target = target;
      this.session = session;
    }

    private void onEvent(String method, JsonNode p) {
      switch (method) {
        case "Page.loadEventFired" -> loaded.complete(null);
        case "Page.javascriptDialogOpening" -> {
          // an alert() would stop the page until answered: answer it, and count it as an error
          consoleErrors.add("dialog (" + p.path("type").asText() + "): " + p.path("message").asText());
          send(session, "Page.handleJavaScriptDialog", JSON.createObjectNode().put("accept", true));
        }
        case "Runtime.consoleAPICalled" -> {
          if (p.path("type").asText().matches("error|assert")) {
            List<String> args = new ArrayList<>();
            p.path("args").forEach(a -> args.add(a.has("value") ? a.get("value").asText()
                : a.path("description").asText(a.path("type").asText())));
            consoleErrors.add("console." + p.path("type").asText() + ": " + String.join(" ", args));
          }
        }
        case "Log.entryAdded" -> {
          JsonNode e = p.path("entry");
          if (e.path("level").asText().equals("error")) {
            consoleErrors.add(e.path("source").asText() + ": " + e.path("text").asText() + " "
                + shorten(e.path("url").asText()));
          }
        }
        case "Runtime.exceptionThrown" -> {
          JsonNode d = p.path("exceptionDetails");
          exceptions.add(d.path("exception").path("description").asText(d.path("text").asText()) + " at "
              + shorten(d.path("url").asText()) + ":" + (d.path("lineNumber").asInt() + 1));
        }
        case "Network.requestWillBeSent" -> {
          lastNetworkEvent = System.nanoTime();
          String url = p.path("request").path("url").asText();
          if (!url.matches("(?i)(file|data|blob):.*")) {
            externalRequests.add(p.path("request").path("method").asText() + " " + url);
          }
        }
        default -> {
          if (method.startsWith("Network.")) {
            lastNetworkEvent = System.nanoTime();
          }
        }
      }
    }

    /**
     * {@code console.error} and {@code console.assert} failures, the browser's own error log entries (e.g.
     * "Failed to load resource") and JavaScript dialogs ({@code alert()} and the like, answered with OK so the page
     * goes on), in order.
     *
     * @return the messages
     */
    public List<String> consoleErrors() {
      return List.copyOf(consoleErrors);
    }

    /**
     * Uncaught exceptions and unhandled promise rejections, with where they were thrown.
     *
     * @return the descriptions
     */
    public List<String> exceptions() {
      return List.copyOf(exceptions);
    }

    /**
     * Every request the page made that is not {@code file:}, {@code data:} or {@code blob:}, as "METHOD url".
     *
     * @return the requests
     */
    public List<String> externalRequests() {
      return List.copyOf(externalRequests);
    }

    /**
     * The {@code src} of every {@code <img>} that did not load ({@code naturalWidth == 0}), {@code data:} URIs
     * cut to 40 characters.
     *
     * @return the sources
     */
    public List<String> brokenImages() {
      List<String> out = new ArrayList<>();
      evaluate("Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
          + ".map(i => i.getAttribute('src') || '(no src)')").forEach(s -> out.add(shorten(s.asText())));
      return out;
    }

    /**
     * Evaluates a JavaScript expression in the page, awaiting it if it is a promise.
     *
     * @param expression the expression
     * @return its value as JSON ({@code null} node for {@code undefined})
     * @throws ChromiumException if it throws, with the exception's description
     */
    public JsonNode evaluate(String expression) {
      JsonNode r = call(session, "Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
          .put("returnByValue", true).put("awaitPromise", true));
      if (r.has("exceptionDetails")) {
        JsonNode d = r.get("exceptionDetails");
        throw new ChromiumException("evaluating " + shorten(expression) + " threw "
            + d.path("exception").path("description").asText(d.path("text").asText()));
      }
      return r.path("result").path("value");
    }

    /**
     * A PNG of the whole page (beyond the window, up to 16384 CSS pixels high).
     *
     * @return the PNG bytes
     */
    public byte[] screenshot() {
      JsonNode size = call(session, "Page.getLayoutMetrics", JSON.createObjectNode()).path("cssContentSize");
      ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
      params.putObject("clip").put("x", 0).put("y", 0).put("scale", 1)
          .put("width", Math.max(1, Math.ceil(size.path("width").asDouble())))
          .put("height", Math.max(1, Math.min(16384, Math.ceil(size.path("height").asDouble()))));
      return Base64.getDecoder().decode(call(session, "Page.captureScreenshot", params).path("data").asText());
    }

    /**
     * Sends any DevTools protocol command to this tab, e.g. {@code Emulation.setEmulatedMedia} with {@code
     * {"media": "print"}}.
     *
     * @param method the command, "Domain.method"
     * @param params its parameters
     * @return the command's result
     * @throws ChromiumException if the browser answers with an error, with it
     */
    public JsonNode command(String method, ObjectNode params) {
      return call(session, method, params);
    }

    /**
     * The page printed as the browser prints it (print media styles, backgrounds on, A4 unless the page's CSS
     * sets a size).
     *
     * @return the PDF bytes
     */
    public byte[] pdf() {
      ObjectNode params = JSON.createObjectNode().put("printBackground", true).put("preferCSSPageSize", true)
          .put("paperWidth", 8.27).put("paperHeight", 11.69);
      return Base64.getDecoder().decode(call(session, "Page.printToPDF", params).path("data").asText());
    }

    /**
     * Closes the tab and waits until the browser no longer lists it (Chrome answers {@code Target.closeTarget}
     * before the target is gone); idempotent.
     */
    @Override
    public void close() {
      if (pages.remove(session) != null && !closed.get()) {
        call(null, "Target.closeTarget", JSON.createObjectNode().put("targetId", target));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (listed(target) && System.nanoTime() < deadline) {
          sleep(10);
        }
      }
    }
  }

  /** {@code data:} URIs cut to 40 characters, anything else to 200. */
  private static String shorten(String s) {
    int max = s.startsWith("data:") ? 40 : 200;
    return s.length() > max ? s.substring(0, max) + "..." : s;
  }

  /** Chromium failed: it did not start, did not answer, or a command or script failed (the message says which). */
  public static class ChromiumException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with a message.
     *
     * @param message what failed
     */
    public ChromiumException(String message) {
      super(message);
    }

    /**
     * An error with a message and its cause.
     *
     * @param message what failed
     * @param cause the cause
     */
    public ChromiumException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** No Chromium executable where one was expected. */
  public static final class NotInstalledException extends ChromiumException {
    private static final long serialVersionUID = 1L;

    /**
     * The error for a missing executable.
     *
     * @param executable where Chromium was expected
     */
    public NotInstalledException(Path executable) {
      super("expected a Chromium executable at " + executable + ", found " + (Files.exists(executable)
          ? "a file that is not executable" : "nothing") + ": install Debian's chromium package (apt-get install "
          + "chromium; .ci/packages.txt lists it for the peers tests)");
    }
  }
}
