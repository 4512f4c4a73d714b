package dev.slabpool.examples.metadata;

import com.sun.net.httpserver.HttpExchange;
import dev.slabpool.CacheEntry;
import dev.slabpool.KeyedCache;
import dev.slabpool.examples.cli.Flags;
import dev.slabpool.examples.cli.ServiceMain;
import dev.slabpool.examples.cli.Sizes;
import dev.slabpool.examples.http.HttpError;
import dev.slabpool.examples.http.JsonHttpServer;
import dev.slabpool.examples.http.Query;
import dev.slabpool.examples.http.StatsJson;
import dev.slabpool.jmx.SlabpoolJmx;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dentry/inode cache analog as a service: the metadata of a directory tree, cached in a
 * {@link KeyedCache} with its default, hot-aware slab policy (no LRU list: when memory must be
 * given back, whole slabs of unused entries go, their hot entries moved to other slabs first),
 * loaded from the file system on a miss, and served as JSON over HTTP on loopback.
 *
 * <pre>
 * GET /meta?path=lib/modules   the metadata of one path
 * GET /list?path=lib           a directory's children, each looked up through the cache
 * GET /stats                   the cache's slab statistics, hits and misses
 * POST /invalidate             drops the cached metadata of the paths in the body, one per line
 * </pre>
 *
 * <p>Every lookup takes a reference on its entry and releases it in a {@code finally}, so an entry
 * is pinned (refcount above 1, never freed) exactly while a request reads it.
 */
public final class MetadataService implements AutoCloseable {

  /** Entries per slab. */
  public static final int ENTRIES_PER_SLAB = 16;
  /**
   * Estimated bytes per entry with its key and metadata: 16 of them make a 4 KiB slab, the
   * kernel's page.
   */
  public static final int ENTRY_SIZE = 256;
  /** The most bytes of paths one {@code POST /invalidate} may list. */
  static final int MAX_INVALIDATE_BYTES = 4 << 20;
  /** Default memory cap: 256 slabs, 4096 entries. */
  public static final long DEFAULT_MEMORY_CAP = 1 << 20;

  static final String USAGE = """
      Usage: java -cp examples/target/slabpool-examples.jar \\
               dev.slabpool.examples.metadata.MetadataService [options]

      Caches the metadata of a directory tree in a slab-reclaimed keyed cache and serves it on
      loopback: GET /meta?path=P, GET /list?path=DIR, GET /stats, POST /invalidate (a path
      per line).

        --tree DIR          the tree to serve (default: this JDK, java.home)
        --port N            the port on 127.0.0.1 (default 0: a free port, printed)
        --memory-cap SIZE   the cache's memory cap, at 256 B per entry (default 1m:
                            4096 entries); at the cap, slab reclaim makes room
        --threads N         request threads (default 8)
        --cache NAME        the cache's name, as the MBeans show it (default metadata)
      """;

  /**
   * What the service serves and how.
   *
   * @param tree the directory tree
   * @param port the port on loopback, 0 for an ephemeral one
   * @param memoryCapBytes the cache's memory cap, at {@link #ENTRY_SIZE} bytes per entry
   * @param threads request threads
   * @param cacheName the cache's name
   */
  public record Config(Path tree, int port, long memoryCapBytes, int threads, String cacheName) {

    /** The defaults: this JDK's installation, an ephemeral port, a 1 MiB cap. */
    public static Config defaults() {
      return new Config(Path.of(System.getProperty("java.home")), 0, DEFAULT_MEMORY_CAP, 8,
          "metadata");
    }

    /** Reads the options of {@link #USAGE}. */
    public static Config from(Flags flags) {
      Config d = defaults();
      Config c = new Config(flags.directory("tree", d.tree()),
          flags.integer("port", d.port(), 0, 65535),
          flags.bytes("memory-cap", d.memoryCapBytes(), (long) ENTRIES_PER_SLAB * ENTRY_SIZE),
          flags.integer("threads", d.threads(), 1, 256), flags.cacheName("cache", d.cacheName()));
      flags.checkNoneLeft();
      return c;
    }
  }

  private final MetadataTree tree;
  private final KeyedCache<String, FileMeta> cache;
  private final JsonHttpServer server;

  private MetadataService(MetadataTree tree, KeyedCache<String, FileMeta> cache,
      JsonHttpServer server) {
    this.tree = tree;
    this.cache = cache;
    this.server = server;
  }

  /**
   * Builds the cache, installs the slabpool MBeans (if the agent has not) and starts serving.
   *
   * @throws IOException if the tree cannot be resolved or the port is taken
   * @throws IllegalArgumentException if a live cache has the same name
   */
  public static MetadataService start(Config config) throws IOException {
    MetadataTree tree = new MetadataTree(config.tree());
    SlabpoolJmx.install();
    KeyedCache<String, FileMeta> cache = KeyedCache.<String, FileMeta>builder(config.cacheName())
        .objectsPerSlab(ENTRIES_PER_SLAB)
        .objectSize(ENTRY_SIZE)
        .memoryCapBytes(config.memoryCapBytes())
        .loader(tree::load)
        .recordStats()
        .build();
    try {
      JsonHttpServer server = JsonHttpServer.bind(config.cacheName(), config.port(),
          config.threads());
      MetadataService service = new MetadataService(tree, cache, server);
      server.route("GET", "/", service::index)
          .route("GET", "/meta", service::meta)
          .route("GET", "/list", service::list)
          .route("GET", "/stats", service::stats)
          .route("POST", "/invalidate", service::invalidate)
          .start();
      return service;
    } catch (IOException | RuntimeException e) {
      cache.destroy();
      throw e;
    }
  }

  /** Runs the service until Ctrl-C; see {@link #USAGE}. */
  public static void main(String[] args) {
    ServiceMain.run("metadata-service", USAGE, args, Set.of(), flags -> {
      MetadataService service = start(Config.from(flags));
      service.printBanner(System.out);
      return service;
    });
  }

  /** The base address, such as {@code http://127.0.0.1:40215/}. */
  public URI uri() {
    return server.uri();
  }

  /** The cache. */
  public KeyedCache<String, FileMeta> cache() {
    return cache;
  }

  /** The tree served. */
  public MetadataTree tree() {
    return tree;
  }

  /** Stops the server and destroys the cache. */
  @Override
  public void close() {
    server.close();
    cache.destroy();
  }

  private void printBanner(PrintStream out) {
    long slabs = cache.memoryCap();
    out.printf("metadata-service listening on %s (pid %d)%n", uri(), ProcessHandle.current().pid());
    out.printf("  tree   %s%n", tree.root());
    out.printf("  cache  '%s': %s policy, %d entries per %s slab, memory cap %s (%d slabs)%n",
        cache.name(), cache.policy().id(), ENTRIES_PER_SLAB, Sizes.format((long) ENTRIES_PER_SLAB * ENTRY_SIZE),
        Sizes.format(slabs * ENTRIES_PER_SLAB * ENTRY_SIZE), slabs);
  }

  // ---- endpoints -------------------------------------------------------------------------------

  private void index(HttpExchange exchange) throws IOException {
    Query.parse(exchange.getRequestURI().getRawQuery());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service", "metadata");
    body.put("tree", tree.root().toString());
    body.put("cache", cache.name());
    body.put("endpoints", server.endpoints());
    JsonHttpServer.sendJson(exchange, 200, body);
  }

  private void meta(HttpExchange exchange) throws IOException {
    JsonHttpServer.sendJson(exchange, 200, get(pathKey(exchange)).toJson());
  }

  private void list(HttpExchange exchange) throws IOException {
    String key = pathKey(exchange);
    FileMeta dir = get(key);
    if (dir.type() != FileMeta.Type.DIRECTORY) {
      throw HttpError.badRequest("'" + key + "' is not a directory (it is a " + dir.type().id()
          + ")");
    }
    List<Object> children = new ArrayList<>();
    for (String name : tree.children(key)) {
      FileMeta child = find(MetadataTree.child(key, name));
      if (child != null) { // null: removed since the listing
        children.add(child.toJson());
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("path", key);
    body.put("count", children.size());
    body.put("children", children);
    JsonHttpServer.sendJson(exchange, 200, body);
  }

  private void stats(HttpExchange exchange) throws IOException {
    Query.parse(exchange.getRequestURI().getRawQuery());
    Map<String, Object> body = StatsJson.of(cache.stats());
    body.put("entries", cache.size());
    body.put("hits", cache.hitCount());
    body.put("misses", cache.missCount());
    JsonHttpServer.sendJson(exchange, 200, body);
  }

  /**
   * Drops the cached metadata of the paths listed in the body, one per line, as a file system
   * drops the dentries of files that changed: each is loaded again on its next lookup. Answers
   * how many paths were listed and how many were cached.
   */
  private void invalidate(HttpExchange exchange) throws IOException {
    Query.parse(exchange.getRequestURI().getRawQuery());
    byte[] body = exchange.getRequestBody().readNBytes(MAX_INVALIDATE_BYTES + 1);
    if (body.length > MAX_INVALIDATE_BYTES) {
      throw HttpError.badRequest("an invalidation lists at most " + MAX_INVALIDATE_BYTES
          + " bytes of paths");
    }
    List<String> keys = new ArrayList<>();
    for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        keys.add(tree.key(line.strip())); // all checked before any is dropped
      }
    }
    long removed = keys.stream().filter(k -> cache.remove(k) != null).count();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("paths", keys.size());
    answer.put("removed", removed);
    JsonHttpServer.sendJson(exchange, 200, answer);
  }

  // ---- lookups ---------------------------------------------------------------------------------

  private String pathKey(HttpExchange exchange) {
    return tree.key(Query.parse(exchange.getRequestURI().getRawQuery(), "path").required("path"));
  }

  private FileMeta get(String key) {
    FileMeta meta = find(key);
    if (meta == null) {
      throw HttpError.notFound("no such file in the tree: '" + key + "'");
    }
    return meta;
  }

  /**
   * Looks a key up through the cache, loading it on a miss: takes a reference on the entry, reads
   * its (immutable) value and releases the reference, so the entry is pinned only meanwhile.
   *
   * @return the metadata, or {@code null} if there is no such file
   */
  private FileMeta find(String key) {
    CacheEntry<String, FileMeta> entry = cache.lookup(key);
    if (entry == null) {
      return null;
    }
    try {
      return entry.value();
    } finally {
      cache.release(entry);
    }
  }
}
