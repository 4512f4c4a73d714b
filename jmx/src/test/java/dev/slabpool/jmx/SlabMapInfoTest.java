package dev.slabpool.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.Test;

class SlabMapInfoTest {

  @Test
  void aSlabMapFromAServerThatSendsNoHotItemReadsAsNothingHot() throws Exception {
    // the SlabMap composite as servers before the hot item sent it
    CompositeType older = new CompositeType("SlabMapInfo", "slab map",
        new String[] {"objectsPerSlab", "serial", "arena", "active", "pinned"},
        new String[] {"slots", "serial", "arena", "active", "pinned"},
        new OpenType<?>[] {SimpleType.INTEGER, new ArrayType<>(SimpleType.LONG, true),
            new ArrayType<>(SimpleType.INTEGER, true), new ArrayType<>(SimpleType.INTEGER, true),
            new ArrayType<>(SimpleType.INTEGER, true)});
    CompositeDataSupport data = new CompositeDataSupport(older,
        new String[] {"objectsPerSlab", "serial", "arena", "active", "pinned"},
        new Object[] {4, new long[] {1, 2, 3}, new int[] {0, 0, 1}, new int[] {4, 2, 0},
            new int[] {1, 0, 0}});

    SlabMapInfo map = SlabMapInfo.from(data);

    assertThat(map.getActive()).containsExactly(4, 2, 0);
    assertThat(map.getPinned()).containsExactly(1, 0, 0);
    assertThat(map.getHot()).containsExactly(0, 0, 0);
  }
}
