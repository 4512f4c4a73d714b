package dev.slabpool.testkit;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host program of {@link HostTest}: {@code echo <words>} answers {@code ECHO <words>},
 * {@code count} answers {@code COUNT <n>} (one more each time), {@code fail <message>} throws,
 * {@code lines} answers with two lines, which the protocol refuses.
 */
public final class ProtocolHost {
  private ProtocolHost() {}

  public static void main(String[] args) throws Exception {
    AtomicInteger count = new AtomicInteger();
    new Host()
        .command("echo", words -> "ECHO " + String.join(" ", words))
        .command("count", words -> "COUNT " + count.incrementAndGet())
        .command("fail", words -> {
          throw new IllegalStateException(String.join(" ", words));
        })
        .command("lines", words -> "LINE one\nLINE two")
        .serve();
    System.out.println("main returns");
  }
}
