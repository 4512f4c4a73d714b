package dev.slabpool.examples.buffers;

import com.sun.net.httpserver.HttpExchange;
import dev.slabpool.Payload;
import dev.slabpool.ReclaimResult;
import dev.slabpool.SlabCache;
import dev.slabpool.SlabCacheRegistry;
import dev.slabpool.examples.cli.Flags;
import dev.slabpool.examples.cli.ServiceMain;
import dev.slabpool.examples.cli.Sizes;
import dev.slabpool.examples.cli.UsageException;
import dev.slabpool.examples.http.JsonHttpServer;
import dev.slabpool.examples.http.Query;
import dev.slabpool.examples.http.StatsJson;
import dev.slabpool.jmx.SlabpoolJmx;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A buffer-pool service: every request borrows buffers from a {@link SlabCache} whose slabs are
 * direct memory blocks, uses them for its response and frees them. Slabs built for a burst of
 * requests stay held as free slabs until a reclaim (an operator through JMX, or the memory cap)
 * gives them back; the service then shows that the memory really left the process.
 *
 * <pre>
 * POST /echo      answers the body back, with its CRC-32C in X-CRC32C (8 hex digits)
 * GET  /memory    slab memory, resident memory (VmRSS) and the JDK's direct buffer pool
 * GET  /stats     the pool's slab statistics
 * </pre>
 */
public final class BufferService implements AutoCloseable {

  /** Default buffer size. */
  public static final int DEFAULT_BUFFER_SIZE = 64 << 10;
  /** Default buffers per slab: 16 x 64 KiB = a 1 MiB direct block per slab. */
  public static final int DEFAULT_BUFFERS_PER_SLAB = 16;

  static final String USAGE = """
      Usage: java -cp examples/target/slabpool-examples.jar \\
               dev.slabpool.examples.buffers.BufferService [options]

      Serves POST /echo (the body back, CRC-32C in X-CRC32C) with request buffers borrowed from a
      slab cache of direct memory; GET /memory and GET /stats show what the pool holds.

        --port N              the port on 127.0.0.1 (default 0: a free port, printed)
        --buffer-size SIZE    bytes per buffer (default 64k)
        --buffers-per-slab N  buffers per slab (default 16)
        --memory-cap SIZE     the pool's memory cap (default 256m); requests that need more
                              buffers than the cap allows get 503
        --max-body SIZE       largest request body (default 16m); larger ones get 413
        --threads N           request threads (default 8)
        --no-trim             do not trim the C heap after an operator's reclaim
        --cache NAME          the pool's name, as the MBeans show it (default buffers)
      """;

  /**
   * How the service runs.
   *
   * @param port the port on loopback, 0 for an ephemeral one
   * @param bufferSize bytes per buffer
   * @param buffersPerSlab buffers per slab
   * @param memoryCapBytes the pool's memory cap
   * @param maxBody the largest request body
   * @param threads request threads
   * @param trimAfterReclaim whether to trim the C heap after a requested reclaim freed slabs
   * @param cacheName the pool's name
   */
  public record Config(int port, int bufferSize, int buffersPerSlab, long memoryCapBytes,
      long maxBody, int threads, boolean trimAfterReclaim, String cacheName) {

    /** The defaults. */
    public static Config defaults() {
      return new Config(0, DEFAULT_BUFFER_SIZE, DEFAULT_BUFFERS_PER_SLAB, 256L << 20, 16L << 20,
          8, true, "buffers");
    }

    /** Reads the options of {@link #USAGE}. */
    public static Config from(Flags flags) {
      Config d = defaults();
      long size = flags.bytes("buffer-size", d.bufferSize(), 1);
      int perSlab = flags.integer("buffers-per-slab", d.buffersPerSlab(), 1, 65536);
      if (size > (Integer.MAX_VALUE - 8) / perSlab) {
        throw new UsageException("a slab of " + perSlab + " buffers of " + Sizes.format(size)
            + " exceeds 2 GiB");
      }
      Config c = new Config(flags.integer("port", d.port(), 0, 65535), (int) size, perSlab,
          flags.bytes("memory-cap", d.memoryCapBytes(), size * perSlab),
          flags.bytes("max-body", d.maxBody(), 0), flags.integer("threads", d.threads(), 1, 256),
          !flags.isSet("no-trim"), flags.cacheName("cache", d.cacheName()));
      flags.checkNoneLeft();
      return c;
    }
  }

  private final Config config;
  private final SlabCache<RequestBuffer> pool;
  private final JsonHttpServer server;
  private final SlabCacheRegistry.Listener reclaimReport = new SlabCacheRegistry.Listener() {
    @Override
    public void reclaimed(ReclaimResult result) {
      report(result);
    }
  };

  private BufferService(Config config, SlabCache<RequestBuffer> pool, JsonHttpServer server) {
    this.config = config;
    this.pool = pool;
    this.server = server;
  }

  /**
   * Builds the pool, installs the slabpool MBeans (if the agent has not) and starts serving.
   *
   * @throws IOException if the port is taken
   * @throws IllegalArgumentException if a live cache has the same name
   */
  public static BufferService start(Config config) throws IOException {
    SlabpoolJmx.install();
    // Buffers are freed after each request, never left cached: the destructor has nothing to
    // unlink, and RECLAIM lets operators give free slabs back through JMX. No buffer slice
    // outlives its request (Body frees them after the response is written, and keeps none), so
    // the pool may take DIRECT_PROMPT: before JDK 22 a reclaimed slab's memory leaves at once,
    // not at the next GC. Code that cannot promise that keeps Payload.DIRECT.
    SlabCache<RequestBuffer> pool = SlabCache.builder(config.cacheName(), RequestBuffer::new)
        .objectsPerSlab(config.buffersPerSlab())
        .objectSize(config.bufferSize())
        .payload(Payload.DIRECT_PROMPT)
        .memoryCapBytes(config.memoryCapBytes())
        .reclaimable((buffer, mode) -> true)
        .build();
    try {
      JsonHttpServer server = JsonHttpServer.bind(config.cacheName(), config.port(),
          config.threads());
      BufferService service = new BufferService(config, pool, server);
      server.route("GET", "/", service::index)
          .route("POST", "/echo", service::echo)
          .route("GET", "/memory", service::memory)
          .route("GET", "/stats", service::stats);
      SlabCacheRegistry.addListener(service.reclaimReport);
      server.start();
      return service;
    } catch (IOException | RuntimeException e) {
      pool.destroy();
      throw e;
    }
  }

  /** Runs the service until Ctrl-C; see {@link #USAGE}. */
  public static void main(String[] args) {
    ServiceMain.run("buffer-service", USAGE, args, Set.of("no-trim"), flags -> {
      BufferService service = start(Config.from(flags));
      service.printBanner(System.out);
      return service;
    });
  }

  /** The base address, such as {@code http://127.0.0.1:40215/}. */
  public URI uri() {
    return server.uri();
  }

  /** The pool. */
  public SlabCache<RequestBuffer> pool() {
    return pool;
  }

  /** Stops the server and destroys the pool, giving its memory back. */
  @Override
  public void close() {
    server.close();
    SlabCacheRegistry.removeListener(reclaimReport);
    pool.destroy();
  }

  private void printBanner(PrintStream out) {
    long slabBytes = (long) config.bufferSize() * config.buffersPerSlab();
    out.printf("buffer-service listening on %s (pid %d)%n", uri(), ProcessHandle.current().pid());
    out.printf("  pool   '%s': %d buffers of %s per %s direct slab, memory cap %s (%d slabs)%n",
        pool.name(), config.buffersPerSlab(), Sizes.format(config.bufferSize()),
        Sizes.format(slabBytes), Sizes.format(pool.memoryCap() * slabBytes), pool.memoryCap());
    out.printf("  memory %s%n", ProcessMemory.payloadAccounting());
  }

  // ---- endpoints -------------------------------------------------------------------------------

  private void index(HttpExchange exchange) throws IOException {
    Query.parse(exchange.getRequestURI().getRawQuery());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service", "buffers");
    body.put("pool", pool.name());
    body.put("endpoints", server.endpoints());
    JsonHttpServer.sendJson(exchange, 200, body);
  }

  private void echo(HttpExchange exchange) throws IOException {
    Query.parse(exchange.getRequestURI().getRawQuery());
    try (Body body = Body.read(pool, exchange.getRequestBody(), config.maxBody())) {
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange.getResponseHeaders().set("X-CRC32C", String.format("%08x", body.crc32c()));
      exchange.getResponseHeaders().set("X-Buffers", Integer.toString(body.buffers()));
      // 0 would mean "chunked" to HttpExchange; -1 is "no body".
      exchange.sendResponseHeaders(200, body.length() == 0 ? -1 : body.length());
      try (OutputStream out = exchange.getResponseBody()) {
        body.writeTo(out);
      }
    }
  }

  private void memory(HttpExchange exchange) throws IOException {
    Query.parse(exchange.getRequestURI().getRawQuery());
    var stats = pool.stats();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("pool", pool.name());
    body.put("slabs", stats.totalSlabs());
    body.put("slabBytes", stats.bytesHeld());
    body.put("buffersInUse", stats.pinnedObjects());
    body.put("residentBytes", ProcessMemory.residentBytes());
    body.put("directPool", ProcessMemory.directPool());
    body.put("payloadMemory", ProcessMemory.payloadAccounting());
    body.put("trimAfterReclaim", config.trimAfterReclaim());
    JsonHttpServer.sendJson(exchange, 200, body);
  }

  private void stats(HttpExchange exchange) throws IOException {
    Query.parse(exchange.getRequestURI().getRawQuery());
    JsonHttpServer.sendJson(exchange, 200, StatsJson.of(pool.stats()));
  }

  // ---- reclaim report --------------------------------------------------------------------------

  /**
   * After a requested reclaim (an operator, memory pressure) that freed slabs of this pool: trims
   * the C heap so the freed blocks reach the OS, and prints what the process holds now. Runs on the
   * reclaiming thread, so a JMX client's {@code reclaim} returns after the memory is back.
   */
  private void report(ReclaimResult result) {
    if (!result.cache().equals(pool.name()) || result.cause() != ReclaimResult.Cause.REQUEST
        || result.slabsFreed() == 0) {
      return;
    }
    long resident = ProcessMemory.residentBytes();
    boolean trimmed = config.trimAfterReclaim() && ProcessMemory.trimNativeHeap();
    long residentAfter = ProcessMemory.residentBytes();
    long slabBytes = (long) config.bufferSize() * config.buffersPerSlab();
    System.out.printf("reclaim freed %d slabs (%s): slab memory now %s, resident %s%s,"
            + " direct pool %s%n", result.slabsFreed(),
        Sizes.format(result.slabsFreed() * slabBytes), Sizes.format(pool.stats().bytesHeld()),
        Sizes.format(residentAfter),
        trimmed ? " (the trim returned " + Sizes.format(resident - residentAfter) + ")" : "",
        Sizes.format(ProcessMemory.directPoolBytes()));
  }
}
