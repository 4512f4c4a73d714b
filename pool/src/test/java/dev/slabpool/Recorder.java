package dev.slabpool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A destructor that records its calls and frees (or declines) as told; it also checks the
 * contract it is called under: FREE only on a claimed object (refcount 0).
 */
public final class Recorder implements Destructor<TestObject> {
  public final List<TestObject> freed = new CopyOnWriteArrayList<>();
  public final List<TestObject> destroyed = new CopyOnWriteArrayList<>();
  public final List<TestObject> declined = new CopyOnWriteArrayList<>();
  public final List<String> violations = new CopyOnWriteArrayList<>();
  private volatile Predicate<TestObject> decline = o -> false;

  /** From now on declines FREE for the objects {@code decline} accepts. */
  public Recorder decline(Predicate<TestObject> decline) {
    this.decline = decline;
    return this;
  }

  @Override
  public boolean destruct(TestObject o, DestructorMode mode) {
    if (mode == DestructorMode.DESTROY) {
      destroyed.add(o);
      return true;
    }
    if (o.slabpoolRefcount() != 0) {
      violations.add("FREE on " + o + " with refcount " + o.slabpoolRefcount());
    }
    if (decline.test(o)) {
      declined.add(o);
      return false;
    }
    freed.add(o);
    return true;
  }
}
