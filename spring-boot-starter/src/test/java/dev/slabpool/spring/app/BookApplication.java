package dev.slabpool.spring.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/** A Spring Boot application with a cached service and nothing of slabpool but the starter. */
@SpringBootApplication
@EnableCaching
public class BookApplication {

  /** The service. */
  @Bean
  public Books books() {
    return new Books();
  }

  /** Looks titles up slowly, so they are cached; counts its invocations. */
  public static class Books {
    private final AtomicInteger invocations = new AtomicInteger();

    /** How often {@link #title} ran (a method: the caching proxy has fields of its own). */
    public int invocations() {
      return invocations.get();
    }

    /** The title of a book. */
    @Cacheable("books")
    public String title(String isbn) {
      invocations.incrementAndGet();
      return "Title of " + isbn;
    }
  }
}
