package dev.slabpool.examples.pages;

import com.sun.net.httpserver.HttpExchange;
import dev.slabpool.CacheEntry;
import dev.slabpool.ManagedCache;
import dev.slabpool.Payload;
import dev.slabpool.PayloadCache;
import dev.slabpool.ReclaimResult;
import dev.slabpool.SlabCacheFullException;
import dev.slabpool.SlabCacheRegistry;
import dev.slabpool.SlabCacheStats;
import dev.slabpool.ValueCodec;
import dev.slabpool.examples.buffers.ProcessMemory;
import dev.slabpool.examples.cli.Flags;
import dev.slabpool.examples.cli.ServiceMain;
import dev.slabpool.examples.cli.Sizes;
import dev.slabpool.examples.cli.UsageException;
import dev.slabpool.examples.http.HttpError;
import dev.slabpool.examples.http.JsonHttpServer;
import dev.slabpool.examples.http.Query;
import dev.slabpool.jmx.SlabpoolJmx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A page cache service: rendered pages (and pages pushed to it) of many sizes, kept as bytes in a
 * {@link PayloadCache} whose slabs are direct memory blocks, under a memory cap. No heap object
 * holds a page: each lives in a slot of the size class it fits, and every class is a slab cache
 * of its own, listed as an MBean ({@code pages.<slot size>}), so an operator sees each class's
 * memory and reclaims it through JMX; the slabs reclaimed leave the process's direct memory.
 *
 * <pre>
 * GET    /page?path=P   the page at P: from the cache (X-Cache: hit), else rendered and cached
 * PUT    /page?path=P   caches the body as the page at P, replacing what was there
 * DELETE /page?path=P   forgets the page at P (the next GET renders it again)
 * GET    /stats         the cache: pages, hits, misses, and each size class's slabs and bytes
 * GET    /memory        payload held, resident memory (VmRSS) and the JDK's direct buffer pool
 * </pre>
 */
public final class PageService implements AutoCloseable {

  /** Longest path accepted, in characters. */
  public static final int MAX_PATH = 512;

  static final String USAGE = """
      Usage: java -cp examples/target/slabpool-examples.jar \\
               dev.slabpool.examples.pages.PageService [options]

      Serves GET /page?path=P (the page at P, rendered and cached on a miss), PUT and DELETE
      /page?path=P, from a payload cache of direct memory slabs in size classes; GET /stats and
      GET /memory show what it holds.

        --port N           the port on 127.0.0.1 (default 0: a free port, printed)
        --memory-cap SIZE  the cache's memory cap, all size classes together (default 64m)
        --slab-size SIZE   bytes per slab, and the largest page (default 1m)
        --min-page SIZE    the smallest page rendered (default 1k)
        --max-page SIZE    the largest page rendered, at most the slab size (default 256k)
        --threads N        request threads (default 8)
        --cache NAME       the cache's name; its size classes are NAME.<slot size> (default pages)
      """;

  /**
   * How the service runs.
   *
   * @param port the port on loopback, 0 for an ephemeral one
   * @param memoryCapBytes the cache's memory cap across its size classes
   * @param slabSize bytes per slab's payload block, and the largest page
   * @param minPage the smallest page rendered
   * @param maxPage the largest page rendered
   * @param threads request threads
   * @param cacheName the cache's name
   */
  public record Config(int port, long memoryCapBytes, int slabSize, int minPage, int maxPage,
      int threads, String cacheName) {

    /** The defaults. */
    public static Config defaults() {
      return new Config(0, 64L << 20, 1 << 20, 1 << 10, 256 << 10, 8, "pages");
    }

    /** Reads the options of {@link #USAGE}. */
    public static Config from(Flags flags) {
      Config d = defaults();
      int port = flags.integer("port", d.port(), 0, 65535);
      long slab = flags.bytes("slab-size", d.slabSize(), 1024);
      if (slab > 1 << 30) {
        throw new UsageException("option --slab-size must be at most 1.0 GiB: " + slab);
      }
      long cap = flags.bytes("memory-cap", d.memoryCapBytes(), slab);
      long min = flags.bytes("min-page", d.minPage(), 1);
      long max = flags.bytes("max-page", Math.min(d.maxPage(), slab), min);
      if (max > slab) {
        throw new UsageException("option --max-page must be at most the slab size ("
            + Sizes.format(slab) + "): " + Sizes.format(max));
      }
      Config c = new Config(port, cap, (int) slab, (int) min, (int) max,
          flags.integer("threads", d.threads(), 1, 256), flags.cacheName("cache", d.cacheName()));
      flags.checkNoneLeft();
      return c;
    }
  }

  private final Config config;
  private final PayloadCache<String, byte[]> pages;
  private final PageRenderer renderer;
  private final JsonHttpServer server;
  /** Ascending slot sizes of the size classes, and their names. */
  private final int[] slotSizes;
  private final String[] classNames;
  private final LongAdder renders = new LongAdder();
  private final LongAdder stored = new LongAdder();
  private final SlabCacheRegistry.Listener reclaimReport = new SlabCacheRegistry.Listener() {
    @Override
    public void reclaimed(ReclaimResult result) {
      report(result);
    }
  };

  private PageService(Config config, PayloadCache<String, byte[]> pages, JsonHttpServer server) {
    this.config = config;
    this.pages = pages;
    this.server = server;
    this.renderer = new PageRenderer(config.minPage(), config.maxPage());
    List<ManagedCache> classes = pages.sizeClasses();
    this.slotSizes = new int[classes.size()];
    this.classNames = new String[classes.size()];
    for (int i = 0; i < classes.size(); i++) {
      SlabCacheStats s = classes.get(i).stats();
      slotSizes[i] = s.objectSize();
      classNames[i] = s.name();
    }
  }

  /**
   * Builds the cache, installs the slabpool MBeans (if the agent has not) and starts serving.
   *
   * @throws IOException if the port is taken
   * @throws IllegalArgumentException if a live cache has the name of one of the size classes
   * @throws IllegalStateException if the name leaves no room for the size classes' names
   */
  public static PageService start(Config config) throws IOException {
    SlabpoolJmx.install();
    // DIRECT, the safe direct payload: a page read without a reference (get into a buffer) or
    // a view kept past its release can never touch freed memory. Before JDK 22 a reclaimed slab
    // is then freed by the GC (at the next collection), from JDK 22 at once (its arena closed).
    PayloadCache<String, byte[]> pages = PayloadCache.<String, byte[]>builder(config.cacheName(),
            ValueCodec.bytes())
        .payload(Payload.DIRECT)
        .slabSize(config.slabSize())
        .memoryCapBytes(config.memoryCapBytes())
        .recordStats()
        .build();
    try {
      JsonHttpServer server = JsonHttpServer.bind(config.cacheName(), config.port(),
          config.threads());
      PageService service = new PageService(config, pages, server);
      server.route("GET", "/", service::index)
          .route("GET", "/page", service::get)
          .route("PUT", "/page", service::put)
          .route("DELETE", "/page", service::delete)
          .route("GET", "/stats", service::stats)
          .route("GET", "/memory", service::memory);
      SlabCacheRegistry.addListener(service.reclaimReport);
      server.start();
      return service;
    } catch (IOException | RuntimeException e) {
      pages.destroy();
      throw e;
    }
  }

  /** Runs the service until Ctrl-C; see {@link #USAGE}. */
  public static void main(String[] args) {
    ServiceMain.run("page-service", USAGE, args, Set.of(), flags -> {
      PageService service = start(Config.from(flags));
      service.printBanner(System.out);
      return service;
    });
  }

  /** The base address, such as {@code http://127.0.0.1:40215/}. */
  public URI uri() {
    return server.uri();
  }

  /** The cache. */
  public PayloadCache<String, byte[]> pages() {
    return pages;
  }

  /** The origin the service renders pages with on a miss. */
  public PageRenderer renderer() {
    return renderer;
  }

  /** The name of the size class (and its MBean) a page of {@code length} bytes goes to. */
  public String sizeClass(int length) {
    for (int i = 0; i < slotSizes.length; i++) {
      if (slotSizes[i] >= length) {
        return classNames[i];
      }
    }
    throw new IllegalArgumentException(length + " bytes: larger than the largest size class");
  }

  /** Stops the server and destroys the cache, giving its memory back. */
  @Override
  public void close() {
    server.close();
    SlabCacheRegistry.removeListener(reclaimReport);
    pages.destroy();
  }

  private void printBanner(PrintStream out) {
    out.printf("page-service listening on %s (pid %d)%n", uri(), ProcessHandle.current().pid());
    out.printf("  cache  '%s': %d size classes of %s to %s slots in %s direct slabs,"
            + " memory cap %s%n", pages.name(), slotSizes.length, Sizes.format(slotSizes[0]),
        Sizes.format(pages.largestValue()), Sizes.format(config.slabSize()),
        Sizes.format(pages.memoryCapBytes()));
    out.printf("  pages  rendered on a miss, %s to %s%n", Sizes.format(config.minPage()),
        Sizes.format(config.maxPage()));
    out.printf("  MBeans dev.slabpool:type=SlabCache,name=%s.<slot size>, one per size class%n",
        pages.name());
    out.printf("  memory %s%n", ProcessMemory.payloadAccounting());
  }

  // ---- endpoints -------------------------------------------------------------------------------

  private void index(HttpExchange exchange) throws IOException {
    Query.parse(exchange.getRequestURI().getRawQuery());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service", "pages");
    body.put("cache", pages.name());
    body.put("endpoints", server.endpoints());
    JsonHttpServer.sendJson(exchange, 200, body);
  }

  /** The page at a path: a zero-copy view of its slot, written under a reference. */
  private void get(HttpExchange exchange) throws IOException {
    String path = path(exchange);
    CacheEntry<String, ByteBuffer> e = pages.lookup(path);
    if (e == null) {
      byte[] page = renderer.render(path);
      renders.increment();
      String cached = "miss";
      try {
        pages.put(path, page);
      } catch (SlabCacheFullException full) {
        cached = "miss, not cached"; // every slab pinned by readers: answer it all the same
      }
      send(exchange, cached, ByteBuffer.wrap(page));
      return;
    }
    try {
      send(exchange, "hit", e.value());
    } finally {
      pages.release(e);
    }
  }

  private void send(HttpExchange exchange, String cache, ByteBuffer page) throws IOException {
    int length = page.remaining();
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=us-ascii");
    exchange.getResponseHeaders().set("X-Cache", cache);
    exchange.getResponseHeaders().set("X-Size-Class", sizeClass(length));
    // 0 would mean "chunked" to HttpExchange; -1 is "no body".
    exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
    try (OutputStream out = exchange.getResponseBody()) {
      WritableByteChannel channel = Channels.newChannel(out);
      while (page.hasRemaining()) {
        channel.write(page);
      }
    }
  }

  private void put(HttpExchange exchange) throws IOException {
    String path = path(exchange);
    int max = pages.largestValue();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(max + 1);
    }
    if (body.length > max) {
      throw new HttpError(413, "page over the largest size class of " + Sizes.format(max));
    }
    pages.put(path, body); // SlabCacheFullException (every slab pinned): 503
    stored.increment();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("path", path);
    answer.put("bytes", body.length);
    answer.put("sizeClass", sizeClass(body.length));
    JsonHttpServer.sendJson(exchange, 200, answer);
  }

  private void delete(HttpExchange exchange) throws IOException {
    String path = path(exchange);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("path", path);
    answer.put("removed", pages.remove(path));
    JsonHttpServer.sendJson(exchange, 200, answer);
  }

  private void stats(HttpExchange exchange) throws IOException {
    Query.parse(exchange.getRequestURI().getRawQuery());
    JsonHttpServer.sendJson(exchange, 200, stats());
  }

  /** What {@code GET /stats} answers. */
  Map<String, Object> stats() {
    List<Map<String, Object>> classes = new ArrayList<>();
    long slabs = 0;
    long requested = 0;
    for (SlabCacheStats s : pages.classStats()) {
      slabs += s.totalSlabs();
      requested += s.requestedBytes();
      if (s.totalSlabs() == 0 && s.slabsReclaimed() == 0) {
        continue; // a class never used: listed by its MBean only
      }
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("name", s.name());
      c.put("slotSize", s.objectSize());
      c.put("slotsPerSlab", s.objectsPerSlab());
      c.put("pages", s.activeObjects());
      c.put("slabs", s.totalSlabs());
      c.put("bytesHeld", s.bytesHeld());
      c.put("requestedBytes", s.requestedBytes());
      c.put("slabsReclaimed", s.slabsReclaimed());
      classes.add(c);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cache", pages.name());
    m.put("pages", pages.size());
    m.put("hits", pages.hitCount());
    m.put("misses", pages.missCount());
    m.put("rendered", renders.sum());
    m.put("stored", stored.sum());
    m.put("slabs", slabs);
    m.put("bytesHeld", pages.bytesHeld());
    m.put("requestedBytes", requested);
    m.put("memoryCapBytes", pages.memoryCapBytes());
    m.put("slabSize", config.slabSize());
    m.put("largestPage", pages.largestValue());
    m.put("rebalances", pages.rebalances());
    m.put("sizeClasses", slotSizes.length);
    m.put("classes", classes);
    return m;
  }

  private void memory(HttpExchange exchange) throws IOException {
    Query.parse(exchange.getRequestURI().getRawQuery());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cache", pages.name());
    body.put("bytesHeld", pages.bytesHeld());
    body.put("residentBytes", ProcessMemory.residentBytes());
    body.put("directPool", ProcessMemory.directPool());
    body.put("payloadMemory", ProcessMemory.payloadAccounting());
    JsonHttpServer.sendJson(exchange, 200, body);
  }

  /**
   * The {@code path} parameter, the only one accepted.
   *
   * @throws HttpError 400 when it is missing, does not start with {@code /}, or is too long
   */
  private static String path(HttpExchange exchange) {
    String path = Query.parse(exchange.getRequestURI().getRawQuery(), "path").required("path");
    if (!path.startsWith("/")) {
      throw HttpError.badRequest("path must start with '/': '" + path + "'");
    }
    if (path.length() > MAX_PATH) {
      throw HttpError.badRequest("path of " + path.length() + " characters: at most " + MAX_PATH);
    }
    return path;
  }

  // ---- reclaim report --------------------------------------------------------------------------

  /**
   * After a requested reclaim (an operator, memory pressure) that freed slabs of one of the size
   * classes: prints what it freed and what the cache holds now.
   */
  private void report(ReclaimResult result) {
    if (result.cause() != ReclaimResult.Cause.REQUEST || result.slabsFreed() == 0
        || !result.cache().startsWith(pages.name() + ".")) {
      return;
    }
    int i = List.of(classNames).indexOf(result.cache());
    if (i < 0) {
      return; // another cache whose name starts like ours
    }
    long slabBytes = (long) (config.slabSize() / slotSizes[i]) * slotSizes[i];
    System.out.printf("reclaim of %s freed %d slabs (%s), %d pages: payload held now %s%n",
        result.cache(), result.slabsFreed(), Sizes.format(result.slabsFreed() * slabBytes),
        result.objectsFreed(), Sizes.format(pages.bytesHeld()));
  }
}
