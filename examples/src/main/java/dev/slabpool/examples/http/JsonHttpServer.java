package dev.slabpool.examples.http;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import com.google.gson.ReflectionAccessFilter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slabpool.SlabCacheFullException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The JDK's {@link HttpServer} bound to loopback, with exact-path routes and errors answered as
 * JSON: a refused request ({@link HttpError}) gets its 4xx and message, a cache at its memory cap
 * a 503, and anything unexpected a 500 with a one-line message (and one line on standard error),
 * never a stack trace.
 */
public final class JsonHttpServer implements AutoCloseable {

  /** Answers one request; it sends the response itself (see {@link #sendJson}). */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  static {
    // The JDK's server sends a response's headers and body in separate writes; with Nagle's
    // algorithm on, the body then waits for the client's delayed ACK, some 40 ms per request.
    // The property is read once, when the first server is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /**
   * Writes the answers: maps as objects in their iteration order, lists and {@code long[]} as
   * arrays, strings, numbers (as Java prints them), booleans and null fields; NaN and infinities
   * as null. Compact, and {@code <}, {@code >}, {@code &}, {@code =}, {@code '} not escaped. Any
   * other class is refused, rather than written field by field through reflection.
   */
  static final Gson GSON = new GsonBuilder()
      .serializeNulls()
      .disableHtmlEscaping()
      .registerTypeAdapter(Double.class, (JsonSerializer<Double>) (d, type, context) ->
          Double.isFinite(d) ? new JsonPrimitive(d) : JsonNull.INSTANCE)
      .addReflectionAccessFilter(type -> ReflectionAccessFilter.FilterResult.BLOCK_ALL)
      .create();

  /** Seconds {@link #close()} lets requests under way finish at most. */
  private static final int STOP_DELAY_SECONDS = 1;

  private final String name;
  private final HttpServer server;
  private final ExecutorService executor;
  /** Requests being handled, and whether {@link #close()} began; guarded by {@code this}. */
  private int inFlight;
  private boolean closing;
  /** path -> method -> handler; filled before {@link #start()}. */
  private final Map<String, Map<String, Handler>> routes = new TreeMap<>();

  private JsonHttpServer(String name, HttpServer server, ExecutorService executor) {
    this.name = name;
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds a server to the loopback address; nothing is served until {@link #start()}.
   *
   * @param name names the server's threads and its log lines
   * @param port the port, or 0 for an ephemeral one
   * @param threads request threads
   */
  public static JsonHttpServer bind(String name, int port, int threads) throws IOException {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    AtomicInteger ids = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name + "-http-" + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    JsonHttpServer s = new JsonHttpServer(name, server, executor);
    server.createContext("/", s::dispatch);
    return s;
  }

  /** Adds a route: {@code method} (GET, POST) on exactly {@code path}. */
  public JsonHttpServer route(String method, String path, Handler handler) {
    routes.computeIfAbsent(path, p -> new TreeMap<>()).put(method, handler);
    return this;
  }

  /** Starts serving. */
  public void start() {
    server.start();
  }

  /** The base address, such as {@code http://127.0.0.1:40215/}. */
  public URI uri() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/");
  }

  /** The routes as {@code METHOD /path} lines, for an index page. */
  public List<String> endpoints() {
    return routes.entrySet().stream()
        .flatMap(r -> r.getValue().keySet().stream().map(m -> m + " " + r.getKey()))
        .collect(Collectors.toList());
  }

  /**
   * Refuses new requests (503), lets those under way finish (for a second at most), then stops
   * the server and its threads.
   */
  @Override
  public void close() {
    synchronized (this) {
      closing = true;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_DELAY_SECONDS);
      try {
        for (long left; inFlight > 0 && (left = deadline - System.nanoTime()) > 0; ) {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    server.stop(0);
    executor.shutdownNow();
  }

  /** Sends {@code body} as JSON with the given status. */
  public static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = (GSON.toJson(body) + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void dispatch(HttpExchange exchange) {
    boolean refused;
    synchronized (this) {
      refused = closing;
      if (!refused) {
        inFlight++;
      }
    }
    if (refused) {
      fail(exchange, 503, name + " is shutting down");
      exchange.close();
      return;
    }
    try {
      route(exchange).handle(exchange);
    } catch (HttpError e) {
      fail(exchange, e.status(), e.getMessage());
    } catch (SlabCacheFullException e) {
      fail(exchange, 503, e.getMessage());
    } catch (IOException | RuntimeException e) {
      System.err.println(name + ": " + exchange.getRequestMethod() + " "
          + exchange.getRequestURI() + " failed: " + e);
      fail(exchange, 500, "internal error: " + e);
    } finally {
      exchange.close();
      synchronized (this) {
        if (--inFlight == 0) {
          notifyAll();
        }
      }
    }
  }

  private Handler route(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    Map<String, Handler> byMethod = routes.get(path);
    if (byMethod == null) {
      throw HttpError.notFound("no endpoint " + path + " (endpoints: "
          + String.join(", ", endpoints()) + ")");
    }
    Handler h = byMethod.get(exchange.getRequestMethod());
    if (h == null) {
      String allowed = String.join(", ", byMethod.keySet());
      exchange.getResponseHeaders().set("Allow", allowed);
      throw new HttpError(405, "method " + exchange.getRequestMethod() + " not allowed on "
          + path + " (allowed: " + allowed + ")");
    }
    return h;
  }

  private void fail(HttpExchange exchange, int status, String message) {
    if (exchange.getResponseCode() != -1) {
      return; // the response was under way: the client sees it cut short
    }
    try {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", status);
      body.put("error", message);
      sendJson(exchange, status, body);
    } catch (IOException e) {
      // the client went away; nothing left to tell it
    }
  }
}
