package dev.slabpool.agent.app;

import dev.slabpool.PooledType;

/** Not annotated, but its bytes name the annotation: it reaches the weaver, which leaves it be. */
public class MentionsPooledType {
  /** A field of the annotation's type, so that its descriptor is in this class file. */
  public static PooledType annotation;
}
