package dev.slabpool.jmx;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanNotificationInfo;
import javax.management.NotificationBroadcasterSupport;

/**
 * The notification emitter of one slabpool MXBean: delivers on the installation's notifier thread
 * (never on the thread that caused the notification) and numbers every notification the MXBean
 * sends, whatever its type, in one increasing sequence.
 */
final class Notifier extends NotificationBroadcasterSupport {
  private final AtomicLong sequence = new AtomicLong();

  /**
   * @param delivery the thread listeners are called on
   * @param info the notifications the owner sends itself ({@link DescribedMBean} adds the
   *     attribute changes it sends)
   */
  Notifier(Executor delivery, MBeanNotificationInfo... info) {
    super(delivery, info);
  }

  /** The sequence number of the next notification. */
  long nextSequence() {
    return sequence.incrementAndGet();
  }
}
