package dev.slabpool.examples.demo;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Warms a metadata service as clients would: walks the tree (without following links) and looks
 * every path up through the service, from several client threads.
 */
final class WarmUp {

  /**
   * What the warm-up did.
   *
   * @param paths paths looked up
   * @param failed lookups that did not answer 200
   * @param firstFailure the first failure's status and body, or {@code null}
   * @param nanos time taken
   */
  record Result(int paths, int failed, String firstFailure, long nanos) {}

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private WarmUp() {}

  /** Looks every path of {@code tree} up at {@code service}'s {@code /meta} endpoint. */
  static Result run(URI service, Path tree, int clients) throws IOException, InterruptedException {
    List<String> keys = paths(tree);
    HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicReference<String> firstFailure = new AtomicReference<>();
    long start = System.nanoTime();
    try {
      List<Future<Boolean>> answers = new ArrayList<>();
      for (String key : keys) {
        answers.add(pool.submit(() -> {
          HttpRequest get = HttpRequest.newBuilder(service.resolve(
                  "meta?path=" + URLEncoder.encode(key, StandardCharsets.UTF_8)))
              .timeout(REQUEST_TIMEOUT).build();
          HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            firstFailure.compareAndSet(null, r.statusCode() + " " + r.body().trim());
          }
          return r.statusCode() == 200;
        }));
      }
      int failed = 0;
      for (Future<Boolean> a : answers) {
        try {
          failed += a.get() ? 0 : 1;
        } catch (java.util.concurrent.ExecutionException e) {
          failed++;
          firstFailure.compareAndSet(null, e.getCause().toString());
        }
      }
      return new Result(keys.size(), failed, firstFailure.get(), System.nanoTime() - start);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Tells the service that the files behind {@code paths} changed ({@code POST /invalidate});
   * returns how many of them it had cached.
   */
  static long invalidate(URI service, List<String> paths) throws IOException,
      InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    HttpRequest post = HttpRequest.newBuilder(service.resolve("invalidate"))
        .timeout(REQUEST_TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", paths))).build();
    HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("POST /invalidate answered " + r.statusCode() + ": " + r.body());
    }
    return JsonParser.parseString(r.body()).getAsJsonObject().get("removed").getAsLong();
  }

  /** Every path of the tree, relative and {@code /}-separated, the tree itself as "". */
  static List<String> paths(Path tree) throws IOException {
    List<String> keys = new ArrayList<>();
    Files.walkFileTree(tree, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        keys.add(key(tree, dir));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        keys.add(key(tree, file));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        keys.add(key(tree, file)); // unreadable: the service will say why
        return FileVisitResult.CONTINUE;
      }
    });
    return keys;
  }

  private static String key(Path tree, Path p) {
    return tree.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
  }
}
