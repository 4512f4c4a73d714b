package dev.slabpool.examples.pages;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The page service's origin: renders the HTML page of a path, the same bytes every time, of a
 * size fixed by the path, from {@code minBytes} to {@code maxBytes} and spread log-uniformly
 * between them (many small pages, few large ones), so a cache of them fills many size classes.
 * ASCII only: a page's length in bytes is its length in characters.
 */
public final class PageRenderer {
  private static final String[] WORDS = {"slab", "page", "cache", "reclaim", "memory", "direct",
      "payload", "class", "slot", "bytes", "heap", "arena", "operator", "render", "origin",
      "keyed", "hot", "cold", "cap", "compact"};
  private static final String FOOTER = "</body></html>\n";

  private final int minBytes;
  private final int maxBytes;

  /**
   * A renderer of pages from {@code minBytes} to {@code maxBytes}.
   *
   * @throws IllegalArgumentException unless {@code 1 <= minBytes <= maxBytes}
   */
  public PageRenderer(int minBytes, int maxBytes) {
    if (minBytes < 1 || maxBytes < minBytes) {
      throw new IllegalArgumentException("page sizes must be 1 <= min <= max: " + minBytes
          + " to " + maxBytes);
    }
    this.minBytes = minBytes;
    this.maxBytes = maxBytes;
  }

  /** The size of the page at {@code path}, in bytes. */
  public int size(String path) {
    double u = new SplittableRandom(seed(path)).nextDouble();
    long size = Math.round(minBytes * Math.pow((double) maxBytes / minBytes, u));
    return (int) Math.max(minBytes, Math.min(maxBytes, size));
  }

  /** The page at {@code path}: {@link #size} bytes of HTML. */
  public byte[] render(String path) {
    int size = size(path);
    SplittableRandom random = new SplittableRandom(seed(path) ^ 0x5DEECE66DL);
    String title = escape(path);
    StringBuilder html = new StringBuilder(size + 64)
        .append("<!doctype html>\n<html><head><title>").append(title)
        .append("</title></head><body>\n<h1>").append(title).append("</h1>\n");
    int body = size - FOOTER.length();
    while (html.length() < body) {
      html.append("<p>");
      for (int w = 8 + random.nextInt(40); w > 0; w--) {
        html.append(WORDS[random.nextInt(WORDS.length)]).append(w > 1 ? ' ' : '.');
      }
      html.append("</p>\n");
    }
    html.setLength(Math.max(0, body));
    html.append(FOOTER);
    html.setLength(size); // a page smaller than its header and footer is cut short
    return html.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A seed from the path's characters: the same in every JVM. */
  private static long seed(String path) {
    long h = 1125899906842597L;
    for (int i = 0; i < path.length(); i++) {
      h = 31 * h + path.charAt(i);
    }
    return h * 0x9E3779B97F4A7C15L;
  }

  /** The path as HTML text in ASCII: markup characters and anything beyond ASCII as entities. */
  private static String escape(String path) {
    StringBuilder s = new StringBuilder(path.length());
    path.codePoints().forEach(c -> {
      if (c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&' || c == '"') {
        s.append("&#x").append(Integer.toHexString(c)).append(';');
      } else {
        s.append((char) c);
      }
    });
    return s.toString();
  }
}
