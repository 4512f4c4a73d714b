package dev.slabpool.agent.weave;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Defines the test application's classes ({@code dev.slabpool.agent.app}) itself, from their
 * class files, so that each test loads them afresh, through the JVM's transformers; everything
 * else (the pool) comes from the test's class path.
 */
final class IsolatedLoader extends ClassLoader {
  private static final String APP = "dev.slabpool.agent.app.";

  IsolatedLoader() {
    super(IsolatedLoader.class.getClassLoader());
  }

  static byte[] classFile(String name) {
    try (InputStream in = IsolatedLoader.class.getClassLoader()
        .getResourceAsStream(name.replace('.', '/') + ".class")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith(APP)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        byte[] bytes = classFile(name);
        c = defineClass(name, bytes, 0, bytes.length);
      }
      return c;
    }
  }
}
