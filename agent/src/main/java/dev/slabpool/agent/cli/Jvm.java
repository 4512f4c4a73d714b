package dev.slabpool.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * A local JVM as the Attach API lists it (what {@code jps -l} shows): its pid and its display
 * name, the main class or jar followed by the program's arguments.
 *
 * @param pid the process id
 * @param displayName the main class or jar and the arguments; may be empty
 */
record Jvm(long pid, String displayName) {

  /** The main class or jar: the first word of the display name, or "" when it has none. */
  String main() {
    String name = displayName.strip();
    int space = name.indexOf(' ');
    return space < 0 ? name : name.substring(0, space);
  }

  /** The JVMs of this user that the Attach API lists, this one included. */
  static List<Jvm> local() {
    List<Jvm> jvms = new ArrayList<>();
    for (VirtualMachineDescriptor d : VirtualMachine.list()) {
      try {
        jvms.add(new Jvm(Long.parseLong(d.id()), d.displayName() == null ? "" : d.displayName()));
      } catch (NumberFormatException e) {
        // not a process id (another attach provider): not a target
      }
    }
    return jvms;
  }

  /** {@code pid main}, as error messages and {@code list --verbose} name a JVM. */
  @Override
  public String toString() {
    return pid + " " + (main().isEmpty() ? "(no main class)" : main());
  }
}
