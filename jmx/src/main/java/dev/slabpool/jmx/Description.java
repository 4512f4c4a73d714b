package dev.slabpool.jmx;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The text JConsole and other JMX clients show for an attribute, an operation or a parameter of
 * the slabpool MXBeans (read by {@link DescribedMBean}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.PARAMETER})
public @interface Description {
  /** The description. */
  String value();

  /** For a parameter: its name as JMX clients show it (the compiler does not keep it). */
  String name() default "";

  /**
   * For an attribute (on its getter): the unit of its value, such as {@code bytes},
   * {@code objects} or {@code slabs}, published as the {@code units} field of its descriptor;
   * empty for a value without unit.
   */
  String units() default "";
}
