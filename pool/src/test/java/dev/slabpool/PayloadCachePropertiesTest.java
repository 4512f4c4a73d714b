package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences of put, get, remove, compact and reclaim on a capped payload cache, heap or
 * direct, against a model map of the last value put per key. Values may be evicted (the cap,
 * reclaim), so the model checks that a present value is the last one put and an absent one was removed or
 * evicted, never resurrected; after every step {@link PayloadChecks} holds (requested bytes per
 * class = the sum of live lengths, bytes held within the cap, nothing leaked).
 */
class PayloadCachePropertiesTest {
  private static final int SLAB = 1024;
  private static final int KEYS = 12;

  enum Kind { PUT_CODEC, PUT_BUFFER, GET_COPY, GET_DECODE, REMOVE, COMPACT, RECLAIM }

  record Op(Kind kind, int key, int length) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(
            Arbitraries.frequency(
                Tuple.of(5, Kind.PUT_CODEC), Tuple.of(3, Kind.PUT_BUFFER),
                Tuple.of(4, Kind.GET_COPY), Tuple.of(4, Kind.GET_DECODE),
                Tuple.of(2, Kind.REMOVE), Tuple.of(1, Kind.COMPACT),
                Tuple.of(1, Kind.RECLAIM)),
            Arbitraries.integers().between(0, KEYS - 1),
            Arbitraries.integers().between(0, SLAB))
        .as(Op::new).list().ofMaxSize(80);
  }

  @Provide
  Arbitrary<Payload> payloads() {
    return Arbitraries.of(Payload.HEAP, Payload.DIRECT);
  }

  @Property(tries = 200)
  void readsSeeTheLastValuePutOrNothingAndTheInvariantsHold(@ForAll("payloads") Payload payload,
      @ForAll("ops") List<Op> ops) {
    PayloadCache<String, byte[]> c = PayloadCache.<String, byte[]>builder(Names.unique("prop"),
            ValueCodec.bytes())
        .payload(payload).slabSize(SLAB).growthFactor(2).memoryCapBytes(4L * SLAB).arenas(1).registered(false)
        .build();
    Map<String, byte[]> model = new HashMap<>();
    int serial = 0;
    try {
      for (Op op : ops) {
        String key = "k" + op.key();
        switch (op.kind()) {
          case PUT_CODEC, PUT_BUFFER -> {
            byte[] v = new byte[op.length()];
            Arrays.fill(v, (byte) ++serial);
            if (op.kind() == Kind.PUT_CODEC) {
              c.put(key, v);
            } else {
              c.put(key, ByteBuffer.wrap(v));
            }
            model.put(key, v);
            assertThat(c.get(key)).as("just put").isEqualTo(v);
          }
          case GET_COPY -> {
            ByteBuffer dst = ByteBuffer.allocate(SLAB);
            int n = c.get(key, dst);
            check(model, key, n < 0 ? null : Arrays.copyOf(dst.array(), n));
            assertThat(dst.position()).isEqualTo(Math.max(n, 0));
          }
          case GET_DECODE -> check(model, key, c.get(key));
          case REMOVE -> {
            boolean present = c.remove(key);
            if (present) {
              assertThat(model).containsKey(key);
            }
            model.remove(key);
          }
          case COMPACT -> c.compact();
          case RECLAIM -> c.reclaim(1);
        }
        // Evicted keys leave the model: what stays present must be the last value put.
        model.keySet().removeIf(k -> !c.index.containsKey(k));
        for (Map.Entry<String, byte[]> e : model.entrySet()) {
          assertThat(c.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(c.size()).isEqualTo(model.size());
        PayloadChecks.check(c);
        assertThat(c.bytesHeld()).isLessThanOrEqualTo(c.memoryCapBytes());
      }
    } finally {
      c.destroy();
    }
  }

  /** A read found the last value put, or nothing if the key was removed or evicted. */
  private static void check(Map<String, byte[]> model, String key, byte[] read) {
    if (read != null) {
      assertThat(read).as(key).isEqualTo(model.get(key));
    } else {
      model.remove(key); // evicted (or never put): it must stay absent until put again
    }
  }
}
